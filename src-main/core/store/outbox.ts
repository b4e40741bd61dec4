// The outbox: one entry per local write, appended in the write's own transaction, read in seq order
// by the sync client's push and removed once the server has answered for it. This module is the only
// one that touches the table.
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import { newId } from '../../../src-shared/index.js';
import type { DbHandle } from '../db/db-handle.js';
import type { OutboxOp, OutboxRow, SyncedRows, SyncedTable } from '../db/schema.js';

/**
 * The row as the sync protocol carries it: JSON columns as arrays, binary columns as base64, so the
 * payload is the same object the server stores.
 */
export function rowPayload<T extends SyncedTable>(entity: T, row: SyncedRows[T]): Record<string, unknown> {
  const def = SYNC_ENTITIES[entity];
  const out: Record<string, unknown> = {};
  const source = row as unknown as Record<string, unknown>;
  const json = new Set<string>('jsonColumns' in def ? def.jsonColumns : []);
  const binary = new Set<string>('binaryColumns' in def ? def.binaryColumns : []);
  for (const [key, value] of Object.entries(source)) {
    if (json.has(key) && typeof value === 'string') out[key] = JSON.parse(value) as unknown;
    else if (binary.has(key) && Buffer.isBuffer(value)) out[key] = value.toString('base64');
    else out[key] = value;
  }
  return out;
}

const INSERT = `INSERT INTO outbox (mutation_id, entity, row_id, op, payload, hlc, created_at, base) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Appends the outbox entry of a write. An insert carries the whole row; an update or tombstone only
 * the fields it changed, so that the server's per-field merge does not let this write overwrite a
 * concurrent change to another field of the same row.
 */
export function appendOutbox<T extends SyncedTable>(
  db: DbHandle,
  entity: T,
  op: OutboxOp,
  row: SyncedRows[T],
  now: number,
  fields?: readonly string[],
  base?: Record<string, string>,
): void {
  let payload = rowPayload(entity, row);
  if (fields) payload = Object.fromEntries(fields.map((f) => [f, payload[f] ?? null]));
  db.prepare(INSERT).run(newId(), entity, row.id, op, JSON.stringify(payload), row.hlc, now, base ? JSON.stringify(base) : null);
}

/** The entries not yet answered by the server: what the sync indicator calls pending uploads. */
export function outboxCount(db: DbHandle): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

/** The oldest `limit` entries, in the order they were written (the push's batch). */
export function oldestOutboxEntries(db: DbHandle, limit: number): OutboxRow[] {
  return db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(limit) as OutboxRow[];
}

/** Removes an entry the server has answered (accepted, or refused and recorded as a rejection). */
export function removeOutboxEntry(db: DbHandle, seq: number): void {
  db.prepare('DELETE FROM outbox WHERE seq = ?').run(seq);
}
