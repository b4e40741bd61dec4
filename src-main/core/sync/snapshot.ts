// A first sync from a store snapshot (docs/sync.md, "Snapshots"): instead of inserting millions of
// pulled rows one by one (about 25 µs each with their indexes, search index and tally), the desktop
// downloads a store that a builder synced with this very code, and copies its tables into its own
// in one transaction: SQLite moves the rows, their index entries and the search index's own tables
// without decoding a value in JavaScript. The pull then goes on from the snapshot's seq as if this
// desktop had synced that far itself.
//
// Both halves live here, so the file format is defined once: prepareSnapshot (the builder: a store
// stripped of everything that belongs to one desktop) and restoreSnapshot (the desktop: the copy).
//
// All or nothing: the copy is one IMMEDIATE transaction that also sets the pull cursor and advances
// the clock. A crash, a corrupt or truncated file (SQLite reports it while reading), or a store that
// is not empty after all rolls everything back, and the sync falls back to pulling page by page.
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import { SQLITE_FILE_MAGIC, type SnapshotInfo } from '../../../src-shared/sync/snapshot.js';
import { deferredIndexes } from '../db/deferred-indexes.js';
import { appliedVersion } from '../db/migrate.js';
import type { SqliteDb } from '../db/open.js';
import { MetaKey, raiseMeta, readMeta, writeMeta } from '../db/meta.js';

/** Below this many change-log entries a page-by-page first sync is about as quick as a download. */
export const SNAPSHOT_MIN_SEQ = 20_000;


/** The synced tables: rows copied with their rowids, which the search index refers to. */
const ROW_TABLES = Object.values(SYNC_ENTITIES).map((e) => e.table);

/** Tables derived from the rows (search index shadow tables are found by their virtual table). */
const DERIVED_TABLES = ['interaction_tally', 'search_pending_customer'] as const;
/** Tables holding part of a row's value outside it: a large attachment's bytes (store/attachment-parts.ts). */
const ROW_STORAGE_TABLES = ['attachment_part'] as const;
const FTS_TABLES = ['customer_fts', 'interaction_fts'] as const;

/**
 * Tables that belong to one desktop and never travel in a snapshot: its settings and sync state
 * (meta), unsent changes, refused changes, its user's overwritten edits, a supervisor's cached
 * figures, and the migration record.
 */
export const LOCAL_ONLY_TABLES = ['meta', 'outbox', 'sync_rejection', 'overwritten_edit', 'supervisor_cache', 'audit_queue', 'schema_migrations'] as const;

export class SnapshotError extends Error {
  constructor(
    readonly code: 'not_empty' | 'invalid_snapshot' | 'schema_mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every table of a store (schema `db`), virtual tables excluded, their shadow tables included. */
function tablesOf(sqlite: SqliteDb, db: 'main' | 'snap'): string[] {
  return (
    sqlite
      .prepare(`SELECT name FROM ${db}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/**
 * The tables a snapshot carries, in copy order. Every table of the store is either here or local-only:
 * a migration that adds a table makes this throw until someone decides which it is.
 */
export function snapshotTables(sqlite: SqliteDb): string[] {
  const all = tablesOf(sqlite, 'main');
  const shadow = all.filter((t) => FTS_TABLES.some((f) => t.startsWith(`${f}_`)));
  const copied = [...ROW_TABLES, ...ROW_STORAGE_TABLES, ...DERIVED_TABLES, ...shadow];
  const unknown = all.filter((t) => !copied.includes(t) && !(LOCAL_ONLY_TABLES as readonly string[]).includes(t));
  if (unknown.length > 0) throw new Error(`snapshot: tables neither copied nor local-only: ${unknown.join(', ')}`);
  return copied.filter((t) => all.includes(t));
}

function columnsOf(sqlite: SqliteDb, db: 'main' | 'snap', table: string): string[] {
  return (sqlite.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, db) as { name: string }[]).map((c) => c.name);
}

function count(sqlite: SqliteDb, sql: string): number {
  return (sqlite.prepare(sql).get() as { n: number }).n;
}

/**
 * Whether this store may take a snapshot: it has pulled nothing and holds no rows of its own to keep
 * (an empty outbox, no customers or history). The signed-in user's own row may be there.
 */
export function storeTakesSnapshot(sqlite: SqliteDb): boolean {
  const cursor = readMeta(sqlite, MetaKey.syncCursor);
  if (cursor !== undefined && Number(cursor) !== 0) return false;
  if (count(sqlite, 'SELECT count(*) AS n FROM outbox') > 0) return false;
  return ROW_TABLES.filter((t) => t !== 'app_user').every((t) => count(sqlite, `SELECT count(*) AS n FROM (SELECT 1 FROM ${quote(t)} LIMIT 1)`) === 0);
}

export interface RestoredSnapshot {
  /** Synced rows copied (customers, contacts, cases, history, attachments, tasks, users). */
  rows: number;
  seq: number;
  /** The newest stamp of the copied rows ('' when it holds none). */
  maxStamp: string;
}

/**
 * Copies a downloaded snapshot into the (empty) store at `storePath` and sets the pull cursor to its
 * seq, in one transaction; returns the newest stamp it holds, for the caller's clock to absorb.
 * `receivedSha256` is the digest of the bytes as they arrived (ServerApi.downloadSnapshot).
 *
 * The copy runs on a connection of its own. The search index (FTS5) keeps its segment list in memory
 * per connection and reloads it only when another connection changed the file: written from the
 * engine's own connection, the copied index would stay invisible to it (and its next update would
 * fail). The engine's connection sees this commit like any other writer's.
 */
export function restoreSnapshot(storePath: string, file: string, info: Pick<SnapshotInfo, 'seq' | 'schemaVersion' | 'bytes' | 'sha256'>, receivedSha256: string): RestoredSnapshot {
  const size = statSync(file).size;
  if (size !== info.bytes) throw new SnapshotError('invalid_snapshot', `snapshot is ${size} bytes, the server announced ${info.bytes}`);
  // The transfer copies records without decoding them: a damaged byte inside a record would reach
  // the store unnoticed, so the file must be the one the server received, bit for bit.
  if (receivedSha256 !== info.sha256) throw new SnapshotError('invalid_snapshot', `snapshot digest ${receivedSha256} is not the server's ${info.sha256}`);
  const magic = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, magic, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (magic.toString('latin1') !== SQLITE_FILE_MAGIC) throw new SnapshotError('invalid_snapshot', 'snapshot is not an SQLite file');

  const sqlite = new BetterSqlite3(storePath, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    // The server checked integrity when the builder pushed these rows; parents may follow children.
    sqlite.pragma('foreign_keys = OFF');
    // The search index's shadow tables are written directly: SQLite's defensive mode (on in
    // better-sqlite3) forbids that; this connection exists for the copy alone.
    sqlite.unsafeMode(true);
    sqlite.prepare('ATTACH DATABASE ? AS snap').run(file);
    const version = count(sqlite, 'SELECT coalesce(max(version), 0) AS n FROM snap.schema_migrations');
    const own = appliedVersion(sqlite);
    if (version !== own || info.schemaVersion !== own) {
      throw new SnapshotError('schema_mismatch', `snapshot has schema ${version} (announced ${info.schemaVersion}), this store ${own}`);
    }
    // The snapshot's own meta, attached as another schema: the builder wrote only these two keys.
    const marker = sqlite.prepare('SELECT value FROM snap.meta WHERE key = ?').pluck();
    const seq = Number(marker.get(MetaKey.snapshotSeq));
    if (!Number.isSafeInteger(seq) || seq !== info.seq) throw new SnapshotError('invalid_snapshot', `snapshot holds seq ${String(marker.get(MetaKey.snapshotSeq))}, the server announced ${info.seq}`);
    const maxStamp = (marker.get(MetaKey.snapshotMaxHlc) as string | undefined) ?? '';

    const tables = snapshotTables(sqlite);
    const snapTables = new Set(tablesOf(sqlite, 'snap'));
    const missing = tables.filter((t) => !snapTables.has(t));
    if (missing.length > 0) throw new SnapshotError('invalid_snapshot', `snapshot lacks ${missing.join(', ')}`);

    const restored = sqlite
      .transaction((): RestoredSnapshot => {
        if (!storeTakesSnapshot(sqlite)) throw new SnapshotError('not_empty', 'the store already holds rows: no snapshot');
        // The rows arrive with their derived data (search index, tally) already built: the triggers
        // that would build it again row by row are lifted, and created again from their own SQL.
        const triggers = sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as { name: string; sql: string }[];
        for (const t of triggers) sqlite.exec(`DROP TRIGGER main.${quote(t.name)}`);
        let rows = 0;
        for (const table of tables) {
          const isRows = (ROW_TABLES as readonly string[]).includes(table);
          const columns = columnsOf(sqlite, 'main', table);
          const list = columns.map(quote).join(', ');
          if (table === 'app_user') {
            // The signed-in user's row may be here already; the server's version (the snapshot) wins.
            rows += sqlite.prepare(`INSERT OR REPLACE INTO main.${quote(table)} (${list}) SELECT ${list} FROM snap.${quote(table)}`).run().changes;
            continue;
          }
          // A fresh search index has its config row ('version'): the snapshot's replaces it.
          if (!isRows) sqlite.exec(`DELETE FROM main.${quote(table)}`);
          // Into an empty table with the same columns, constraints and indexes, and no triggers,
          // "INSERT … SELECT *" is SQLite's transfer: records and index entries are copied as they
          // are, in order, rowids kept (the search index refers to them). Columns in another order
          // (a store migrated differently) get the row-by-row insert, rowids named.
          const same = JSON.stringify(columnsOf(sqlite, 'snap', table)) === JSON.stringify(columns);
          const sql = same
            ? `INSERT INTO main.${quote(table)} SELECT * FROM snap.${quote(table)}`
            : `INSERT INTO main.${quote(table)} (${isRows ? 'rowid, ' : ''}${list}) SELECT ${isRows ? 'rowid, ' : ''}${list} FROM snap.${quote(table)}`;
          const changes = sqlite.prepare(sql).run().changes;
          if (isRows) rows += changes;
        }
        for (const t of triggers) sqlite.exec(t.sql);
        writeMeta(sqlite, MetaKey.syncCursor, String(seq));
        // Persisted with the rows: after a crash right after this commit, the clock still starts past
        // every copied stamp (stamps have one width, so they compare as text; the node part is the
        // clock's own again when it loads).
        if (maxStamp) raiseMeta(sqlite, MetaKey.lastHlc, maxStamp);
        return { rows, seq, maxStamp };
      })
      .immediate();
    sqlite.exec('DETACH DATABASE snap');
    return restored;
  } finally {
    sqlite.close();
  }
}

/**
 * The builder's half: a copy of a synced, closed store at `outPath`, compacted, holding the rows and
 * their derived data and nothing of the desktop that built it (no settings, no sign-in, no clock
 * node, no outbox). Returns what the server is told about it.
 */
export function prepareSnapshot(storePath: string, outPath: string): { seq: number; schemaVersion: number; bytes: number } {
  const source = new BetterSqlite3(storePath, { readonly: true });
  try {
    if (deferredIndexes(source).length > 0) throw new SnapshotError('invalid_snapshot', 'the store still has indexes set aside: let its sync finish');
    if (count(source, 'SELECT count(*) AS n FROM search_pending_customer') > 0) throw new SnapshotError('invalid_snapshot', 'the store still has customers to index: let its sync finish');
    if (count(source, 'SELECT count(*) AS n FROM outbox') > 0) throw new SnapshotError('invalid_snapshot', 'the store has unsent changes: a snapshot carries the server\'s rows only');
    rmSync(outPath, { force: true });
    source.prepare('VACUUM INTO ?').run(outPath);
  } finally {
    source.close();
  }
  const out = new BetterSqlite3(outPath);
  try {
    // Deleted meta values (the server's address, the clock's node) must not linger in free pages.
    out.pragma('secure_delete = ON');
    const seq = Number(readMeta(out, MetaKey.syncCursor) ?? 0);
    const node = readMeta(out, MetaKey.nodeId) ?? '';
    const schemaVersion = count(out, 'SELECT coalesce(max(version), 0) AS n FROM schema_migrations');
    out.transaction(() => {
      // The builder's own rows (the local user a store makes before anyone signs in) are not the
      // server's: only rows stamped by another node travel.
      if (node) for (const table of ROW_TABLES) out.prepare(`DELETE FROM ${quote(table)} WHERE hlc LIKE ?`).run(`%:${node}`);
      const maxStamp = ROW_TABLES.map((t) => (out.prepare(`SELECT coalesce(max(hlc), '') FROM ${quote(t)}`).pluck().get() as string)).reduce((a, b) => (b > a ? b : a), '');
      for (const table of LOCAL_ONLY_TABLES) if (table !== 'schema_migrations') out.exec(`DELETE FROM ${quote(table)}`);
      // The only meta a snapshot carries.
      writeMeta(out, MetaKey.snapshotSeq, String(seq));
      writeMeta(out, MetaKey.snapshotMaxHlc, maxStamp);
    })();
    out.exec('VACUUM');
    out.close();
    return { seq, schemaVersion, bytes: statSync(outPath).size };
  } finally {
    if (out.open) out.close();
  }
}
