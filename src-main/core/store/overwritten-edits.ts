// The operator's own edits that a colleague's concurrent write overwrote (issue 16), as the server
// reported them: listed in the sync dialog with the value that won, until applied again or dismissed.
import { SYNC_ENTITIES, isSyncEntity } from '../../../src-shared/sync/entities.js';
import type { OverwrittenEdit } from '../../../src-shared/sync/protocol.js';
import type { DbHandle } from '../db/db-handle.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';

export interface OverwrittenRow {
  id: number;
  entity: string;
  row_id: string;
  field: string;
  my_value: string;
  kept_value: string;
  customer_id: string | null;
  at: number;
  state: 'open' | 'reapplied' | 'dismissed';
}

/** Fields an operator edits and may set again: not ids, flags of the sync, or append-only entries. */
export function mayReapply(entity: string, field: string): boolean {
  if (!isSyncEntity(entity)) return false;
  const def = SYNC_ENTITIES[entity];
  if (def.appendOnly || def.serverOnly) return false;
  return (def.columns as readonly string[]).includes(field) && field !== 'merged_into' && field !== 'customer_id';
}

export function overwrittenAfter(db: DbHandle): number {
  return Number(readMeta(db.sqlite, MetaKey.overwrittenAfter) ?? 0);
}

/** Stores what the server reported, newest cursor included, in one transaction; rows this store lacks are skipped. */
export function storeOverwritten(db: DbHandle, edits: OverwrittenEdit[]): number {
  const insert = db.prepare('INSERT OR IGNORE INTO overwritten_edit (id, entity, row_id, field, my_value, kept_value, customer_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let added = 0;
  db.sqlite.transaction(() => {
    for (const e of edits) {
      if (!mayReapply(e.entity, e.field)) continue;
      const table = SYNC_ENTITIES[e.entity as keyof typeof SYNC_ENTITIES].table;
      const row = db.prepare(`SELECT "${e.field}" AS v FROM "${table}" WHERE id = ? AND deleted = 0`).get(e.rowId) as { v: unknown } | undefined;
      if (!row) continue;
      added += insert.run(e.id, e.entity, e.rowId, e.field, JSON.stringify(e.myValue ?? null), JSON.stringify(e.keptValue ?? null), e.customerId, e.at).changes;
    }
    const newest = edits.reduce((m, e) => Math.max(m, e.id), overwrittenAfter(db));
    writeMeta(db.sqlite, MetaKey.overwrittenAfter, String(newest));
  })();
  return added;
}

export function openOverwrittenCount(db: DbHandle): number {
  return db.prepare("SELECT count(*) FROM overwritten_edit WHERE state = 'open'").pluck().get() as number;
}

export function listOpenOverwritten(db: DbHandle): OverwrittenRow[] {
  return db.prepare("SELECT * FROM overwritten_edit WHERE state = 'open' ORDER BY id DESC LIMIT 200").all() as OverwrittenRow[];
}

export function getOverwritten(db: DbHandle, id: number): OverwrittenRow | undefined {
  return db.prepare('SELECT * FROM overwritten_edit WHERE id = ?').get(id) as OverwrittenRow | undefined;
}

export function settleOverwritten(db: DbHandle, id: number, state: 'reapplied' | 'dismissed'): void {
  db.prepare("UPDATE overwritten_edit SET state = ? WHERE id = ? AND state = 'open'").run(state, id);
}
