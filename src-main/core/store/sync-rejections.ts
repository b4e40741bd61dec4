// Changes the server refused (sync_rejection): kept with their content and the server's reason, so
// the operator sees what did not reach the server instead of losing it silently.
import type { SyncRejection } from '../../../src-shared/sync/status.js';
import type { OutboxRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';

/** How many the sync panel lists at most; older ones stay stored. */
const LISTED = 200;

export function recordRejection(db: DbHandle, entry: OutboxRow, reason: string, message: string, at: number): void {
  db.prepare('INSERT INTO sync_rejection (entity, row_id, op, payload, reason, message, at, dismissed) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
    .run(entry.entity, entry.row_id, entry.op, entry.payload, reason, message, at);
}

/** The refusals the operator has not dismissed yet (the badge on the sync indicator). */
export function openRejectionCount(db: DbHandle): number {
  return (db.prepare('SELECT count(*) AS n FROM sync_rejection WHERE dismissed = 0').get() as { n: number }).n;
}

export function listOpenRejections(db: DbHandle): SyncRejection[] {
  const rows = db.prepare('SELECT id, entity, row_id, op, reason, message, at FROM sync_rejection WHERE dismissed = 0 ORDER BY id DESC LIMIT ?').all(LISTED) as {
    id: number; entity: string; row_id: string; op: string; reason: string; message: string; at: number;
  }[];
  return rows.map((r) => ({ id: r.id, entity: r.entity, rowId: r.row_id, op: r.op, reason: r.reason, message: r.message, at: r.at }));
}

export function dismissRejection(db: DbHandle, id: number): void {
  db.prepare('UPDATE sync_rejection SET dismissed = 1 WHERE id = ?').run(id);
}
