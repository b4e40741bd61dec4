// The one path by which a change reaches a synced row on the server, whoever makes it (a desktop's
// push or the server itself, e.g. a supervisor's reassignment): per-field merge by HLC, losing
// values of concurrent writes kept in sync_conflict, the row and its field stamps written, and the
// row moved to the head of the change log so that every desktop in scope pulls it.
import type { Transaction } from 'kysely';
import { SCOPE_EXIT_ENTITY, type SyncEntityDef } from '../../src-shared/sync/entities.js';
import { mergeFields, maxHlc, sameValue, type FieldHlc } from '../../src-shared/sync/merge.js';
import type { ServerDb } from '../db/schema.js';
import { bumpCustomerRows, bumpRowVersion } from './change-log.js';
import { authorOfStamp } from './conflict-authors.js';
import { dbToWire, parseFieldHlc, wireToDb } from './row-codec.js';
import { compactStamps, expandStamps, stampedFields } from '../../src-shared/sync/field-stamps.js';
import { serverStamp } from './server-clock.js';

export interface MergeWrite {
  entity: string;
  def: SyncEntityDef;
  rowId: string;
  /** The stored row (read FOR UPDATE by the caller), or undefined for an insert. */
  existing: Record<string, unknown> | undefined;
  /** Changed columns in the wire form. */
  payload: Record<string, unknown>;
  /** The stamp of this write: every field of the payload carries it, unless `stamps` says otherwise. */
  hlc: string;
  /** Fields stamped by the server's decision instead (an accepted owner claim: push.ts). */
  stamps?: Record<string, string>;
  /** The stamps the writer had seen: a differing current stamp means concurrent writes. */
  base?: FieldHlc;
  customerId: string | null;
  /** Who makes this write: recorded as the loser of a conflict this write loses. */
  writerId: string | null;
  now: number;
}

/** The stamp of a server decision on a stored row: above the row's stamp and each of its field stamps. */
export function stampAboveRow(def: SyncEntityDef, existing: Record<string, unknown>, now: number): string {
  const stamps = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc));
  return serverStamp(now, [String(existing.hlc ?? ''), ...Object.values(stamps)]);
}

/** Returns the fields whose value or stamp changed (none: nothing was written). */
export async function mergeAndWrite(trx: Transaction<ServerDb>, w: MergeWrite): Promise<string[]> {
  const table = w.def.table as 'customer';
  const current = w.existing ? dbToWire(w.def, w.existing) : null;
  const fields = stampedFields(w.def);
  const currentHlc = w.existing ? expandStamps(fields, parseFieldHlc(w.existing.field_hlc)) : {};
  const stamps = Object.fromEntries(Object.keys(w.payload).map((k) => [k, w.stamps?.[k] ?? w.hlc]));
  const merged = mergeFields(current, currentHlc, w.payload, stamps, w.base);

  for (const c of merged.conflicts) {
    const writeLost = c.lostHlc === stamps[c.field];
    await trx.insertInto('sync_conflict').values({
      entity: w.entity, row_id: w.rowId, field: c.field,
      kept_value: JSON.stringify(c.keptValue ?? null), lost_value: JSON.stringify(c.lostValue ?? null),
      kept_hlc: c.keptHlc, lost_hlc: c.lostHlc, lost_by_user_id: writeLost ? w.writerId : await authorOfStamp(trx, c.lostHlc), customer_id: w.customerId, at: w.now,
    }).execute();
  }
  if (merged.changed.length === 0) return [];

  const values: Record<string, unknown> = {};
  for (const field of merged.changed) values[field] = merged.row[field];
  const row = wireToDb(w.def, values);
  const hlc = maxHlc(merged.fieldHlc);
  // Stored compact (src-shared/sync/field-stamps.ts): pulls send the map as stored.
  const fieldHlc = JSON.stringify(compactStamps(fields, merged.fieldHlc));
  if (w.existing) {
    await trx.updateTable(table).set({ ...row, hlc, field_hlc: fieldHlc }).where('id', '=', w.rowId).execute();
  } else {
    await trx.insertInto(table).values({ deleted: 0, ...row, id: w.rowId, hlc, field_hlc: fieldHlc } as never).execute();
  }
  await bumpRowVersion(trx, w.entity, w.rowId, w.customerId);
  // A new owner can bring the customer into other desktops' scope: re-announce all its rows. It can
  // also take it out of some: the customer's scope-exit entry (one per customer, moved with its
  // rows) reaches exactly the desktops that may no longer see it, and they drop it (pull.ts).
  // Only a new owner counts, not a new stamp on the same one (a claim repeated, a retried insert).
  if (w.entity === 'customer' && merged.changed.includes('owner_id') && !sameValue(current?.owner_id ?? null, merged.row.owner_id ?? null)) {
    // A new customer has been in no one's scope yet: nobody has a copy to drop.
    if (w.existing) await bumpRowVersion(trx, SCOPE_EXIT_ENTITY, w.rowId, w.rowId);
    await bumpCustomerRows(trx, w.rowId);
  }
  return merged.changed;
}
