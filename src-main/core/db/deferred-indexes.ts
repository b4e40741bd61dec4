// Secondary indexes set aside while an initial sync loads a large store. Every interaction arriving
// in a page updated five B-tree indexes keyed by customer (the log is in time order, so each insert
// lands on a random leaf of each); building them once over the loaded rows costs a fraction of that.
//
// Crash-safe by construction: the indexes are dropped in one transaction that also records their
// exact SQL in meta; each one is created again in its own transaction that also removes it from the
// record. Whatever the moment of a crash, the record names exactly the indexes that are missing, and
// the next run of the sync (or the next start without a sync account) creates them. Only plain,
// non-unique indexes of these tables are set aside: the primary keys and unique constraints that the
// merge reads stay, as do the contact-point indexes that caller-ID lookups and search indexing read.
// While they are away, reads that would use them scan instead: slower, never wrong.
import { deleteMeta, MetaKey, readMeta, writeMeta } from './meta.js';
import type { SqliteDb } from './open.js';

const TABLES = ['interaction', 'case', 'task', 'attachment'] as const;

interface IndexDef {
  name: string;
  sql: string;
}

function record(sqlite: SqliteDb): IndexDef[] {
  const row = readMeta(sqlite, MetaKey.deferredIndexes);
  return row ? (JSON.parse(row) as IndexDef[]) : [];
}

function store(sqlite: SqliteDb, defs: IndexDef[]): void {
  if (defs.length === 0) deleteMeta(sqlite, MetaKey.deferredIndexes);
  else writeMeta(sqlite, MetaKey.deferredIndexes, JSON.stringify(defs));
}

/** The names of the indexes set aside now (none: the store has all its indexes). */
export function deferredIndexes(sqlite: SqliteDb): string[] {
  return record(sqlite).map((d) => d.name);
}

/** Drops the deferrable indexes and records them, atomically; returns how many are set aside. */
export function deferIndexes(sqlite: SqliteDb): number {
  return sqlite
    .transaction(() => {
      const defs = sqlite
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')}) ORDER BY name`)
        .all(...TABLES) as IndexDef[];
      const plain = defs.filter((d) => !/^\s*CREATE\s+UNIQUE/i.test(d.sql));
      for (const d of plain) sqlite.exec(`DROP INDEX "${d.name.replace(/"/g, '""')}"`);
      const all = [...record(sqlite), ...plain];
      store(sqlite, all);
      return all.length;
    })
    .immediate();
}

/** Creates one recorded index again and strikes it from the record; false when none is left. */
export function restoreOneIndex(sqlite: SqliteDb): boolean {
  // Every sync run ends here: when nothing is set aside, no write transaction is opened.
  if (record(sqlite).length === 0) return false;
  return sqlite
    .transaction(() => {
      const [first, ...rest] = record(sqlite);
      if (!first) return false;
      // IF NOT EXISTS: a record written by a build that failed after creating it must still clear.
      sqlite.exec(first.sql.replace(/^\s*CREATE\s+INDEX\s+(?!IF\s+NOT\s+EXISTS)/i, 'CREATE INDEX IF NOT EXISTS '));
      store(sqlite, rest);
      return true;
    })
    .immediate();
}

/** Creates every recorded index, one per event-loop turn; returns how many. */
export async function restoreDeferredIndexes(sqlite: SqliteDb, stop: () => boolean = () => false): Promise<number> {
  let n = 0;
  while (!stop() && restoreOneIndex(sqlite)) {
    n += 1;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return n;
}

/** The same, without yielding: at start-up, before anything else uses the store. */
export function restoreDeferredIndexesNow(sqlite: SqliteDb): number {
  let n = 0;
  while (restoreOneIndex(sqlite)) n += 1;
  return n;
}
