// The outbox: one entry per local write, appended in the write's own transaction, read in seq order
// by the sync client's push and removed once the server has answered for it. This module is the only
// one that touches the table.
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import { newId } from '../../../src-shared/index.js';
import type { DbHandle } from '../db/db-handle.js';
import { attachmentContent } from './attachment-parts.js';
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

/**
 * What an outbox entry holds in place of a large value of an append-only row (an attachment's bytes,
 * a long email body or note): it is read from the row when the entry is pushed
 * (outboxMutationPayload). Copying a 25 MB attachment (as base64) and an 8 MB body into the outbox
 * cost the engine's thread most of a second at every import; append-only rows never change, so the
 * row's value is the entry's value.
 */
export const BYTES_IN_ROW = { bytesInRow: true } as const;
/** Text longer than this stays in its (append-only) row rather than being copied into the outbox. */
const IN_ROW_TEXT_CHARS = 64 * 1024;

function isBytesInRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { bytesInRow?: unknown }).bytesInRow === true;
}

/**
 * An entry's payload as pushed: values left in the row are read from it (binary as base64). A row
 * that has left this store (a customer gone out of scope) sends nothing for them, and the server
 * refuses it.
 */
export function outboxMutationPayload(db: DbHandle, entry: Pick<OutboxRow, 'entity' | 'row_id' | 'payload'>): Record<string, unknown> {
  const payload = JSON.parse(entry.payload) as Record<string, unknown>;
  const def = SYNC_ENTITIES[entry.entity as SyncedTable] as { table: string } | undefined;
  for (const [column, value] of Object.entries(payload)) {
    if (!def || !isBytesInRow(value)) continue;
    let stored = db.prepare(`SELECT "${column}" AS v FROM "${def.table}" WHERE id = ?`).pluck().get(entry.row_id) as Buffer | string | null | undefined;
    if (def.table === 'attachment' && column === 'content' && Buffer.isBuffer(stored)) {
      const size = db.prepare('SELECT size FROM attachment WHERE id = ?').pluck().get(entry.row_id) as number;
      stored = attachmentContent(db, entry.row_id, stored, size);
    }
    payload[column] = Buffer.isBuffer(stored) ? stored.toString('base64') : (stored ?? '');
  }
  return payload;
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
  const inRow = (v: unknown) => Buffer.isBuffer(v) || (typeof v === 'string' && v.length > IN_ROW_TEXT_CHARS);
  const source = op === 'insert' && SYNC_ENTITIES[entity].appendOnly
    ? (Object.fromEntries(Object.entries(row as unknown as Record<string, unknown>).map(([k, v]) => [k, inRow(v) ? BYTES_IN_ROW : v])) as unknown as SyncedRows[T])
    : row;
  let payload = rowPayload(entity, source);
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
