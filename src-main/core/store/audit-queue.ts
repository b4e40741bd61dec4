// Card views recorded on this desktop for the server's audit log (src-shared/sync/audit.ts), kept
// until the server has them. Local only, and written outside the store's write path on purpose: a
// view is not a change to sync (no outbox entry, no HLC stamp), and opening a card must not wait for
// an fsync.
import { newId } from '../../../src-shared/index.js';
import type { ClientAuditEvent } from '../../../src-shared/sync/audit.js';
import type { DbHandle } from '../db/db-handle.js';

const INSERT = "INSERT INTO audit_queue (id, kind, customer_id, at) VALUES (?, 'card_view', ?, ?)";

/** One view per customer whose card was shown. */
export function recordCardViews(db: DbHandle, customerIds: readonly string[], at: number): void {
  for (const customerId of new Set(customerIds)) db.prepare(INSERT).run(newId(), customerId, at);
}

export function oldestAuditEvents(db: DbHandle, limit: number): ClientAuditEvent[] {
  const rows = db.prepare('SELECT id, customer_id, at FROM audit_queue ORDER BY at, id LIMIT ?').all(limit) as { id: string; customer_id: string; at: number }[];
  return rows.map((r) => ({ id: r.id, kind: 'card_view', customerId: r.customer_id, at: r.at }));
}

/** The server has these (it answered for them): they leave the queue. */
export function removeAuditEvents(db: DbHandle, ids: readonly string[]): void {
  db.prepare('DELETE FROM audit_queue WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

export function auditQueueCount(db: DbHandle): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_queue').get() as { n: number }).n;
}
