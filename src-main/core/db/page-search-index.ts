// Search indexing for large pages of pulled rows (an initial sync). The per-row insert triggers of
// the search indexes re-aggregate a customer's whole index row for every contact point inserted, and
// cost about as much as the insert itself; a page of thousands of new rows is indexed faster set by
// set. Everything happens inside the page's own transaction: the triggers are dropped, the rows go
// in, the new rows are indexed (interactions) or noted for indexing (customers, see below), the
// triggers are created again from the very SQL they had, and only then does the page commit. A crash
// at any point rolls all of it back, triggers included, so every committed state of the store has its
// triggers (a resumed sync continues from the last committed page). Updates of existing rows keep
// going through their triggers.
//
// Customers are noted in search_pending_customer instead of indexed here: an initial sync touches a
// customer once for its row and again for each contact point, often pages apart, and rebuilding its
// FTS5 row at each touch was the largest cost of a page. db/pending-search.ts rebuilds each noted
// customer once when the sync has caught up.
//
// The card's contact tally (interaction_tally, migrations/local/0007) is kept the same way: its
// insert trigger is lifted with the search triggers, and the page's new interactions are added to it
// in one grouped upsert, about one row per customer instead of one upsert per interaction.
//
// The indexing SQL computes exactly what the insert triggers of migrations/local/0002 compute (and
// src-main/core/domains/search/search.ts rebuildSearchIndex): ё folded to е, a customer's contact points aggregated
// into its row. tests/sync/initial-sync-search-index.test.ts holds the two to the same result.
import type { SqliteDb } from './open.js';

/** The triggers that index one inserted row each; updates and deletes keep their own triggers. */
export const SEARCH_INSERT_TRIGGERS = ['customer_fts_insert', 'contact_point_fts_insert', 'interaction_fts_insert'] as const;
/** Lifted per page besides the search triggers: the tally's own insert trigger. */
const PAGE_LIFTED_TRIGGERS = [...SEARCH_INSERT_TRIGGERS, 'interaction_tally_insert'] as const;

/** The SQL twin of foldYo (ё → е), as the index triggers apply it. */
export const fold = (column: string): string => `replace(replace(${column}, 'ё', 'е'), 'Ё', 'Е')`;

/**
 * The customer index rows for the customers `where` selects (alias c): name, organisation and every
 * live contact point of each, folded as the triggers fold them.
 */
export function indexCustomersSql(where: string): string {
  return `
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, ${fold('c.name')}, ${fold("coalesce(c.organisation, '')")},
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE ${where}`;
}

const NOTE_CUSTOMERS = `INSERT OR IGNORE INTO search_pending_customer (customer_id) SELECT value FROM json_each(?)`;
// In rowid order: FTS5 buffers a transaction's inserts in memory only while rowids increase.
const INDEX_INTERACTIONS = `
  INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
  SELECT rowid, ${fold('notes')}, ${fold('email_subject')}, ${fold('email_body')}
  FROM interaction WHERE rowid IN (SELECT value FROM json_each(?)) AND deleted = 0 ORDER BY rowid`;
// What interaction_tally_insert adds, grouped: one upsert per (customer, direction, channel, reason).
const TALLY_INTERACTIONS = `
  INSERT INTO interaction_tally (customer_id, direction, channel, reason, n)
  SELECT customer_id, direction, channel, reason, count(*)
  FROM interaction WHERE rowid IN (SELECT value FROM json_each(?)) AND deleted = 0
  GROUP BY customer_id, direction, channel, reason
  ON CONFLICT (customer_id, direction, channel, reason) DO UPDATE SET n = n + excluded.n`;

/**
 * One page's deferred search indexing. lift() and restore() must run inside the same write
 * transaction (the page's); between them, inserted rows are noted instead of indexed by triggers.
 */
export class PageSearchIndex {
  private lifted: string[] = [];
  private readonly customers = new Set<string>();
  private interactions: number[] = [];

  constructor(private readonly sqlite: SqliteDb) {}

  get active(): boolean {
    return this.lifted.length > 0;
  }

  lift(): void {
    if (!this.sqlite.inTransaction) throw new Error('PageSearchIndex.lift outside a transaction');
    const rows = this.sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${PAGE_LIFTED_TRIGGERS.map(() => '?').join(', ')})`)
      .all(...PAGE_LIFTED_TRIGGERS) as { name: string; sql: string }[];
    for (const r of rows) this.sqlite.exec(`DROP TRIGGER "${r.name.replace(/"/g, '""')}"`);
    this.lifted = rows.map((r) => r.sql);
  }

  /** A customer row was inserted, or a contact point of this customer was. */
  customerChanged(customerId: string): void {
    this.customers.add(customerId);
  }

  interactionInserted(rowid: number | bigint): void {
    this.interactions.push(Number(rowid));
  }

  /** Indexes (or notes) the rows seen so far (before a row of them is written again, and at the end). */
  flush(): void {
    if (this.customers.size > 0) {
      this.sqlite.prepare(NOTE_CUSTOMERS).run(JSON.stringify([...this.customers]));
      this.customers.clear();
    }
    if (this.interactions.length > 0) {
      const rowids = JSON.stringify(this.interactions);
      this.sqlite.prepare(INDEX_INTERACTIONS).run(rowids);
      this.sqlite.prepare(TALLY_INTERACTIONS).run(rowids);
      this.interactions = [];
    }
  }

  /** Indexes what is left and creates the triggers again; the page may then commit. */
  restore(): void {
    this.flush();
    for (const sql of this.lifted) this.sqlite.exec(sql);
    this.lifted = [];
  }
}
