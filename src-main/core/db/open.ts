// Opens the local store: one better-sqlite3 connection, and Kysely over that same connection.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema.js';

export type SqliteDb = BetterSqlite3.Database;

export interface OpenedDb {
  sqlite: SqliteDb;
  kysely: Kysely<Database>;
}

export function openSqlite(path: string): SqliteDb {
  if (path !== ':memory:') keepPrivate(path);
  const sqlite = new BetterSqlite3(path);
  // WAL: readers never block the writer, and a commit is one sequential append to the log.
  sqlite.pragma('journal_mode = WAL');
  // NORMAL: a commit appends to the WAL without an fsync, and survives a crash or kill -9 of the
  // desktop (DESIGN.md's guarantee 1). Power loss is covered by the fsync that the store's
  // WalFlusher (db/wal-flush.ts) issues right after each operator write returns, off the write path:
  // FULL's fsync inside the commit alone took more than the 1 ms logging budget (bench/logging.ts).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted content is overwritten, not merely unlinked: an erased customer (store/erasure.ts) must
  // not stay readable in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  // A second connection (a sync worker, a backup) may hold the write lock briefly; wait instead of
  // failing the operator's write with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 5000');
  // The caller card reads a few index pages per query. Memory-mapped reads skip a pread() system call
  // and a copy per page, which measured about 40% faster per card query on the bench store; pages
  // beyond the map fall back to ordinary reads. The page cache stays moderate (64 MB) because the OS
  // cache behind the map already holds the hot pages.
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

/**
 * Kysely runs on the same connection. It is used for typed queries only: every write transaction is a
 * synchronous better-sqlite3 transaction (store/context.ts), so nothing asynchronous can interleave with
 * it, and Kysely's own (asynchronous) transactions are never used.
 */
export function wrapKysely(sqlite: SqliteDb): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * The store holds customers' personal data: its folder is 0700 and its file 0600 (SQLite gives the
 * WAL and shared-memory files the main file's mode). A store made by an older version is tightened
 * rather than refused: an operator cannot be asked to run chmod.
 */
function keepPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
