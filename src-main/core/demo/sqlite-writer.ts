// Demo batches written into a migrated desktop store.
//
// Seeded rows are written straight into the tables, WITHOUT outbox entries: they are not local writes
// to be synced but a stand-in for data that would have come from the server, so they bypass the
// store's write path on purpose.
import { wrapKysely, type SqliteDb } from '../db/open.js';
import { DbHandle } from '../db/db-handle.js';
import { rebuildSearchIndex } from '../domains/search/search.js';
import { DEMO_TABLES, demoBatches, DEMO_COLUMNS, type DemoOptions, type DemoSummary, type DemoTable, type DemoValue, type DemoRows, type DemoBatch } from './generate.js';
const quoteIdent = (name: string): string => `"${name}"`;

/**
 * Writes demo batches into a migrated desktop store: one prepared INSERT per table, one transaction
 * per batch. `seconds` adds up the time spent in each table's inserts (triggers and indexes included).
 */
export class SqliteDemoWriter {
  readonly seconds: Record<DemoTable, number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0 };
  readonly rows: Record<DemoTable, number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0 };
  /** Time of the one-off search-index build when generateDemo deferred it. */
  searchIndexSeconds = 0;
  private readonly insert: Record<DemoTable, { run: (...values: DemoValue[]) => unknown }>;
  private readonly writeBatch: (rows: DemoRows) => void;

  constructor(sqlite: SqliteDb) {
    const prepare = (table: DemoTable) => {
      const cols = DEMO_COLUMNS[table];
      return sqlite.prepare(`INSERT INTO ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}, deleted) VALUES (${cols.map(() => '?').join(', ')}, 0)`);
    };
    this.insert = {
      app_user: prepare('app_user'), customer: prepare('customer'), contact_point: prepare('contact_point'),
      case: prepare('case'), interaction: prepare('interaction'), task: prepare('task'),
    };
    this.writeBatch = sqlite.transaction((rows: DemoRows) => {
      for (const table of DEMO_TABLES) {
        const stmt = this.insert[table];
        const t0 = performance.now();
        for (const row of rows[table]) stmt.run(...row);
        this.seconds[table] += (performance.now() - t0) / 1000;
        this.rows[table] += rows[table].length;
      }
    });
  }

  write(batch: DemoBatch): void {
    this.writeBatch(batch.rows);
  }
}

/** The row-by-row search-index triggers that deferSearchIndex lifts while the rows go in. */
const SEARCH_INSERT_TRIGGERS = ['customer_fts_insert', 'contact_point_fts_insert', 'interaction_fts_insert'];

export function generateDemo(sqlite: SqliteDb, options: DemoOptions, writer = new SqliteDemoWriter(sqlite)): DemoSummary {
  // Seeded data is reproducible, so a crash while seeding costs a re-run, not a lost acknowledged
  // write: NORMAL (fsync at checkpoints only) is enough here, and FULL comes back afterwards.
  const previousSync = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = NORMAL');
  const lifted = options.deferSearchIndex ? liftTriggers(sqlite, SEARCH_INSERT_TRIGGERS) : [];
  try {
    const batches = demoBatches(options);
    for (;;) {
      const next = batches.next();
      if (next.done) {
        if (options.deferSearchIndex) {
          const t0 = performance.now();
          restoreTriggers(sqlite, lifted.splice(0));
          rebuildSearchIndex(new DbHandle(sqlite, wrapKysely(sqlite)));
          writer.searchIndexSeconds = (performance.now() - t0) / 1000;
        }
        return next.value;
      }
      writer.write(next.value);
      if (next.value.done > 0) options.onProgress?.(next.value.done, next.value.total);
    }
  } finally {
    // On a failure part-way the triggers come back all the same, so the store's schema stays whole.
    restoreTriggers(sqlite, lifted);
    sqlite.pragma(`synchronous = ${previousSync}`);
  }
}

function liftTriggers(sqlite: SqliteDb, names: readonly string[]): string[] {
  const rows = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')})`).all(...names) as { name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const r of rows) sqlite.exec(`DROP TRIGGER ${quoteIdent(r.name)}`);
  })();
  return rows.map((r) => r.sql);
}

function restoreTriggers(sqlite: SqliteDb, sqls: readonly string[]): void {
  if (sqls.length === 0) return;
  sqlite.transaction(() => {
    for (const sql of sqls) sqlite.exec(sql);
  })();
}
