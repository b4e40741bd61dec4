// The user's own edits that a colleague's concurrent write overwrote (issue 16): listed with the
// value that won, and applied again with one key as a new edit of the same field (so it syncs and
// may be refused like any edit), or dismissed.
import { ApiError, type SyncHandlers } from '../../../src-shared/index.js';
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import type { OverwrittenEntry } from '../../../src-shared/sync/status.js';
import type { DbHandle } from '../db/db-handle.js';
import type { SyncedRows, SyncedTable } from '../db/schema.js';
import { getOverwritten, listOpenOverwritten, mayReapply, openOverwrittenCount, settleOverwritten, type OverwrittenRow } from '../store/overwritten-edits.js';
import type { Store } from '../store/write-path.js';
import type { SyncClient } from './client/sync-client.js';

type OverwrittenHandlers = Pick<SyncHandlers, 'sync.overwritten' | 'sync.reapplyOverwritten' | 'sync.dismissOverwritten'>;

/** What the row is called where the operator would recognise it. */
const LABEL_SQL: Record<string, string> = {
  customer: 'SELECT name FROM customer WHERE id = ?',
  contact_point: 'SELECT raw FROM contact_point WHERE id = ?',
  case: 'SELECT subject FROM "case" WHERE id = ?',
  task: 'SELECT title FROM task WHERE id = ?',
};

function toEntry(db: DbHandle, r: OverwrittenRow): OverwrittenEntry {
  const own = LABEL_SQL[r.entity] ? (db.prepare(LABEL_SQL[r.entity] as string).pluck().get(r.row_id) as string | undefined) : undefined;
  const customer = r.customer_id ? (db.prepare('SELECT name FROM customer WHERE id = ?').pluck().get(r.customer_id) as string | undefined) : undefined;
  const label = r.entity === 'customer' ? (own ?? null) : [customer, own].filter(Boolean).join(' · ') || null;
  return {
    id: r.id, entity: r.entity, rowId: r.row_id, field: r.field, myValue: JSON.parse(r.my_value) as unknown, keptValue: JSON.parse(r.kept_value) as unknown,
    customerId: r.customer_id, label, at: r.at,
  };
}

/** A wire value as SQLite stores it (flags as 0/1). */
function toSqlite(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export function createOverwrittenHandlers(store: Store, client: Pick<SyncClient, 'update'>): OverwrittenHandlers {
  const { db } = store;
  const recount = () => client.update({ overwritten: openOverwrittenCount(db) });
  return {
    'sync.overwritten': () => listOpenOverwritten(db).map((r) => toEntry(db, r)),
    'sync.reapplyOverwritten': ({ id }) => {
      const edit = getOverwritten(db, id);
      if (!edit || edit.state !== 'open') throw new ApiError('not_found', `no open overwritten edit ${id}`);
      if (!mayReapply(edit.entity, edit.field)) throw new ApiError('validation', `${edit.entity}.${edit.field} cannot be set again from here`);
      const table = SYNC_ENTITIES[edit.entity as keyof typeof SYNC_ENTITIES].table as SyncedTable;
      store.write((w) => {
        const current = db.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted = 0`).get(edit.row_id) as SyncedRows[SyncedTable] | undefined;
        if (!current) throw new ApiError('not_found', `the ${edit.entity} is no longer in this store`);
        w.update(table, current, { [edit.field]: toSqlite(JSON.parse(edit.my_value)) } as never);
        settleOverwritten(db, id, 'reapplied');
      });
      recount();
      return { ok: true as const };
    },
    'sync.dismissOverwritten': ({ id }) => {
      settleOverwritten(db, id, 'dismissed');
      recount();
      return { ok: true as const };
    },
  };
}
