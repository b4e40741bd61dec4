// A refused change's row in this store: which customer it belongs to, hiding a row the server never
// accepted, and clearing its stamps before the server's version is applied. The server's decisions,
// not local changes: no outbox entries, and the write path is bypassed.
import { SYNC_ENTITIES, isSyncEntity } from '../../../src-shared/sync/entities.js';
import type { DbHandle } from '../db/db-handle.js';

function tableOf(entity: string): string {
  if (!isSyncEntity(entity)) throw new Error(`not a synced table: ${entity}`);
  return `"${entity}"`;
}

/** The customer a local row (or its outbox entry) belongs to; null when neither says. */
export function customerOfRow(db: DbHandle, entry: { entity: string; row_id: string; payload: string }): string | null {
  if (!isSyncEntity(entry.entity)) return null;
  const column = SYNC_ENTITIES[entry.entity].customerColumn;
  if (column === null) return null;
  if (column === 'id') return entry.row_id;
  const local = db.prepare(`SELECT "${column}" AS c FROM ${tableOf(entry.entity)} WHERE id = ?`).get(entry.row_id) as { c: unknown } | undefined;
  if (typeof local?.c === 'string') return local.c;
  try {
    const value = (JSON.parse(entry.payload) as Record<string, unknown>)[column];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * A row the server refused and never accepted: kept out of the store's live data (tombstoned) rather
 * than deleted, since the rejection record holds its content.
 */
export function hideRowNeverAccepted(db: DbHandle, entity: string, rowId: string): void {
  db.prepare(`UPDATE ${tableOf(entity)} SET deleted = 1, field_hlc = json_set(field_hlc, '$.deleted', hlc) WHERE id = ?`).run(rowId);
}

/**
 * Before the server's version of a refused row is applied: stamps of '' lose to any stamp, so every
 * field then takes the server's value.
 */
export function resetFieldStamps(db: DbHandle, entity: string, rowId: string): void {
  db.prepare(`UPDATE ${tableOf(entity)} SET field_hlc = '{"_":""}' WHERE id = ?`).run(rowId);
}
