// Rebuilds the search-index rows of the customers noted in search_pending_customer (migration 0006)
// by large pages of an initial sync (db/page-search-index.ts): each customer once, however many of
// its rows arrived, in chunks of one transaction each, so that the event loop (the operator's calls)
// runs between chunks and a crash loses no note (a chunk's notes go in the transaction that indexes
// them).
//
// Set-wise: the index rows of a chunk are written by one INSERT ... SELECT in rowid order. FTS5
// writes the terms a statement buffered as a new segment when the statement ends, so one INSERT per
// customer cost about 8x more (6.5 s against 0.8 s for 40,000 customers on the bench machine).
// Customers that already have an index row (a contact point added to a customer indexed before) have
// it deleted first, one by one: `rowid IN (...)` on an FTS5 table scans the whole index.
import type { SqliteDb } from './open.js';
import { indexCustomersSql } from './page-search-index.js';

const PENDING = `SELECT customer_id FROM search_pending_customer LIMIT ?`;
const ROWIDS = `SELECT c.rowid FROM customer c WHERE c.id IN (SELECT value FROM json_each(?))`;
// customer_fts keeps its own content (not external): its content table says which rows are indexed.
const INDEXED = `SELECT id FROM customer_fts_content WHERE id IN (SELECT value FROM json_each(?))`;
const DELETE_ROW = `DELETE FROM customer_fts WHERE rowid = ?`;
const INDEX_ROWS = indexCustomersSql('c.rowid IN (SELECT value FROM json_each(?)) AND c.deleted = 0 ORDER BY c.rowid');
const FORGET = `DELETE FROM search_pending_customer WHERE customer_id IN (SELECT value FROM json_each(?))`;

/** Customers per transaction: about 100 ms of work on the bench machine. */
export const PENDING_SEARCH_CHUNK = 5_000;

/**
 * Indexes up to `limit` noted customers in one transaction; returns how many notes it handled.
 * A note for a customer the store does not hold (its row has not arrived) is dropped: the row's own
 * arrival notes it again.
 */
export function indexPendingCustomers(sqlite: SqliteDb, limit = PENDING_SEARCH_CHUNK): number {
  // Every sync run ends here: when nothing is noted, no write transaction is opened.
  if (sqlite.prepare('SELECT 1 FROM search_pending_customer LIMIT 1').get() === undefined) return 0;
  return sqlite
    .transaction(() => {
      const ids = sqlite.prepare(PENDING).pluck().all(limit) as string[];
      if (ids.length === 0) return 0;
      const json = JSON.stringify(ids);
      const rowids = JSON.stringify(sqlite.prepare(ROWIDS).pluck().all(json));
      const remove = sqlite.prepare(DELETE_ROW);
      for (const rowid of sqlite.prepare(INDEXED).pluck().all(rowids) as number[]) remove.run(rowid);
      sqlite.prepare(INDEX_ROWS).run(rowids);
      sqlite.prepare(FORGET).run(json);
      return ids.length;
    })
    .immediate();
}

/**
 * Indexes every noted customer, a chunk per event-loop turn; stops early when `stop()` says so (the
 * store is closing). Returns the number of notes handled.
 */
export async function indexAllPendingCustomers(sqlite: SqliteDb, stop: () => boolean = () => false): Promise<number> {
  let total = 0;
  while (!stop()) {
    const n = indexPendingCustomers(sqlite);
    total += n;
    if (n === 0) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}
