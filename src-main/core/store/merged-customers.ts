// A customer merged into another on the server (issue 16) stays here as a tombstone naming its
// survivor: the card of its old id, an entry logged to it from a screen that still shows it, and
// its rows that arrive later all resolve to the one customer that remains. The server's decision,
// not a local change: no outbox entry, and the stamps stay (the server's moved rows arrive with
// higher ones and agree).
import { MAX_MERGE_CHAIN } from '../../../src-shared/sync/customer-merge.js';
import type { DbHandle } from '../db/db-handle.js';
import { removeCustomerOutOfScope } from './erasure.js';

const MERGED_INTO_SQL = 'SELECT merged_into FROM customer WHERE id = ? AND deleted = 1';
const MOVABLE_TABLES = ['contact_point', '"case"', 'interaction', 'attachment', 'task'] as const;

/** The customer `id` now is: itself, or the end of its chain of merges. */
export function survivorId(db: DbHandle, id: string): string {
  let current = id;
  for (let hop = 0; hop < MAX_MERGE_CHAIN; hop++) {
    const next = db.prepare(MERGED_INTO_SQL).pluck().get(current) as string | null | undefined;
    if (!next || next === id) break;
    current = next;
  }
  return current;
}

/**
 * A merged-away customer arrived: whatever of theirs is still here moves to the survivor (rows the
 * server moved that this store has not pulled yet, and entries logged here not yet pushed). When the
 * survivor is outside this user's scope, the merged-away customer leaves this store instead.
 * Returns the customers whose cards changed. Runs inside the caller's transaction.
 */
export function settleMergedAway(db: DbHandle, fromId: string, intoId: string): string[] {
  const survivor = survivorId(db, intoId);
  const alive = db.prepare('SELECT 1 FROM customer WHERE id = ? AND deleted = 0').get(survivor) !== undefined;
  if (!alive) {
    removeCustomerOutOfScope(db, fromId);
    return [fromId];
  }
  for (const table of MOVABLE_TABLES) db.prepare(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`).run(survivor, fromId);
  return [fromId, survivor];
}
