// A customer erased on the server (right to erasure) leaves this store too: their rows in every
// table, their words in the search indexes, their unsent changes and queued card views. The store
// runs with secure_delete (db/open.ts) and its FTS5 indexes with secure-delete (migration 0010), so
// the erased bytes are overwritten, not merely unlinked; the caller checkpoints the WAL afterwards.
// The server's decision, not a local change: no outbox entry. A customer that left this user's scope
// goes the same way, minus what the desktop still owes the server (removeCustomerOutOfScope).
import type { DbHandle } from '../db/db-handle.js';

const CHILD_TABLES = ['contact_point', '"case"', 'attachment', 'task'] as const;

/** Returns how many rows went; runs inside the caller's transaction. */
export function eraseCustomerLocally(db: DbHandle, customerId: string): number {
  return removeCustomer(db, customerId, true);
}

/**
 * A customer that left this user's scope (reassigned to someone they may not see) leaves this store
 * too, with everything of theirs: personal data stays only where its user may see it. Unlike an
 * erasure, what this desktop still owes the server stays: unsent changes go up and are refused with
 * their reason (shown to the operator), refusals already shown stay, and queued card views are still
 * audited.
 */
export function removeCustomerOutOfScope(db: DbHandle, customerId: string): number {
  return removeCustomer(db, customerId, false);
}

function removeCustomer(db: DbHandle, customerId: string, erase: boolean): number {
  const sqlite = db.sqlite;
  const ids = [customerId];
  for (const table of [...CHILD_TABLES, 'interaction']) {
    ids.push(...(sqlite.prepare(`SELECT id FROM ${table} WHERE customer_id = ?`).pluck().all(customerId) as string[]));
  }
  // Interactions are append-only (a trigger refuses deletes): tombstoned first, so their search
  // entries and the tally go through the usual triggers, then deleted with the trigger lifted.
  sqlite.prepare('UPDATE interaction SET deleted = 1 WHERE customer_id = ? AND deleted = 0').run(customerId);
  const guard = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'interaction_no_delete'").pluck().get() as string | undefined;
  if (guard) sqlite.exec('DROP TRIGGER interaction_no_delete');
  let rows = 0;
  try {
    for (const table of CHILD_TABLES) rows += sqlite.prepare(`DELETE FROM ${table} WHERE customer_id = ?`).run(customerId).changes;
    rows += sqlite.prepare('DELETE FROM interaction WHERE customer_id = ?').run(customerId).changes;
  } finally {
    if (guard) sqlite.exec(guard);
  }
  rows += sqlite.prepare('DELETE FROM customer WHERE id = ?').run(customerId).changes;
  sqlite.prepare('DELETE FROM interaction_tally WHERE customer_id = ?').run(customerId);
  if (!erase) return rows;
  const list = JSON.stringify(ids);
  sqlite.prepare('DELETE FROM outbox WHERE row_id IN (SELECT value FROM json_each(?))').run(list);
  sqlite.prepare('DELETE FROM sync_rejection WHERE row_id IN (SELECT value FROM json_each(?))').run(list);
  sqlite.prepare('DELETE FROM audit_queue WHERE customer_id = ?').run(customerId);
  return rows;
}
