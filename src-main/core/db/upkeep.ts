// Store upkeep that SQLite would otherwise do inside an operator's write: WAL checkpoints and FTS5
// segment merges. Measured on the bench store (bench/logging.ts), an automatic checkpoint every 1,000 pages
// (every ~70 logged calls) took 9–20 ms inside the commit that crossed the threshold, and FTS5's
// automatic merges added ~5 of the ~14 pages each commit wrote. Both now run between calls: after a
// short quiet spell, or after a bounded number of commits when calls come back to back.
//
// Durability does not depend on the checkpoint schedule: a commit is in the WAL when the write
// returns and fsynced right after it (db/wal-flush.ts); a checkpoint only copies committed pages into
// the main file. PASSIVE never waits for readers or writers, so upkeep cannot block anyone either.
import BetterSqlite3 from 'better-sqlite3';
import type { SqliteDb } from './open.js';

/**
 * SQLite's own automatic checkpoint stays on as a backstop, far above what the scheduler lets pile up:
 * writes that bypass Store (a sync page, a migration) still get checkpointed, and the WAL stays bounded
 * (8,192 pages of 4 KiB = 32 MiB) even if no timer ever runs.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 8192;
/** A WAL that grew past this (a big sync) is truncated back to it once it has been checkpointed. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** FTS tables whose merges move off the write path. customer_fts changes rarely and keeps automerge. */
const FTS_TABLES = ['interaction_fts'] as const;
/** Pages of FTS merge work per upkeep run: about 1 ms here, enough to keep up with a commit per call. */
const MERGE_PAGES_PER_RUN = 64;

export interface UpkeepOptions {
  /** Run after this long without a commit. */
  idleMs?: number;
  /** ...or after this many commits even without a pause (calls back to back), so the WAL stays small. */
  maxPendingCommits?: number;
  /** Pages of FTS merge work per run; 0 leaves merging to FTS5's crisis merges. */
  mergePages?: number;
}

export interface UpkeepRun {
  ms: number;
  /** Frames in the WAL when the checkpoint ran, and how many of them it copied. */
  walFrames: number;
  checkpointed: number;
}

export interface UpkeepStats {
  runs: number;
  /** The last failure of a run started by the scheduler (it cannot throw into anyone's call). */
  lastError: unknown;
  /** Durations of the most recent runs (at most 1,000), for the bench. */
  recent: UpkeepRun[];
}

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Connection settings for the schedule below; idempotent, safe on every open. */
export function configureUpkeep(sqlite: SqliteDb): void {
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  for (const table of FTS_TABLES) {
    const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (!exists) continue;
    // automerge lives in the FTS table's own config (a row, not a pragma; FTS5 refuses a bound value
    // there, hence the literal). Written only when it differs, so opening a store does not write each
    // time. crisismerge (16 segments on a level) stays as the bound if the upkeep cannot keep up.
    const current = sqlite.prepare(`SELECT v FROM "${table}_config" WHERE k = 'automerge'`).get() as { v: number } | undefined;
    if (current?.v !== 0) sqlite.prepare(`INSERT INTO "${table}" ("${table}", rank) VALUES ('automerge', 0)`).run();
  }
}

export class StoreUpkeep {
  private readonly idleMs: number;
  private readonly maxPendingCommits: number;
  private readonly mergePages: number;
  private pendingCommits = 0;
  private lastCommitAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly runsLog: UpkeepRun[] = [];
  private runCount = 0;
  private lastError: unknown = null;
  private readonly ftsTables: string[];

  constructor(
    private readonly sqlite: SqliteDb,
    options: UpkeepOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 20;
    this.maxPendingCommits = options.maxPendingCommits ?? 32;
    this.mergePages = options.mergePages ?? MERGE_PAGES_PER_RUN;
    this.ftsTables = FTS_TABLES.filter((t) =>
      sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t),
    );
  }

  /** Called after every committed write; schedules a run on a later turn of the event loop. */
  noteCommit(): void {
    this.pendingCommits++;
    this.lastCommitAt = performance.now();
    if (this.pendingCommits >= this.maxPendingCommits) {
      // Calls back to back: run on the next turn of the event loop, between two calls. (A timer would
      // not do: re-armed on every commit, it would never come due.)
      this.immediate ??= setImmediate(() => {
        this.immediate = null;
        this.fire();
      }).unref();
    } else if (this.timer === null) {
      this.schedule(this.idleMs);
    }
  }

  stats(): UpkeepStats {
    return { runs: this.runCount, lastError: this.lastError, recent: [...this.runsLog] };
  }

  /** Cancels a pending run (the connection is about to close; closing checkpoints by itself). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** Merges FTS segments a little and checkpoints the WAL; returns what it did. */
  runNow(): UpkeepRun | null {
    this.stop();
    if (!this.sqlite.open || this.sqlite.inTransaction) return null;
    const t0 = performance.now();
    const commits = this.pendingCommits;
    this.pendingCommits = 0;
    if (commits > 0 && this.mergePages > 0 && this.ftsTables.length > 0) {
      // The merge is a write: if another connection holds the write lock, skip it now rather than wait
      // busy_timeout (seconds) on the operator's thread.
      const busyTimeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
      this.sqlite.pragma('busy_timeout = 0');
      try {
        for (const table of this.ftsTables) {
          // Positive N: merge only where a level has ≥ usermerge (4) segments, writing about N pages.
          this.sqlite.prepare(`INSERT INTO "${table}" ("${table}", rank) VALUES ('merge', ?)`).run(this.mergePages);
        }
      } catch (error) {
        // SQLITE_BUSY: the next run merges; crisismerge bounds the segments meanwhile.
        if (!(error instanceof BetterSqlite3.SqliteError && error.code === 'SQLITE_BUSY')) throw error;
      } finally {
        this.sqlite.pragma(`busy_timeout = ${busyTimeout}`);
      }
    }
    const row = this.sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
    const result = { ms: performance.now() - t0, walFrames: row[0]?.log ?? 0, checkpointed: row[0]?.checkpointed ?? 0 };
    this.runCount++;
    this.runsLog.push(result);
    if (this.runsLog.length > 1000) this.runsLog.shift();
    return result;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, delayMs);
    // Upkeep never keeps a process (a CLI, a test) alive.
    this.timer.unref();
  }

  private fire(): void {
    const quietFor = performance.now() - this.lastCommitAt;
    if (this.pendingCommits < this.maxPendingCommits && quietFor < this.idleMs) {
      this.schedule(this.idleMs - quietFor);
      return;
    }
    try {
      this.runNow();
    } catch (error) {
      // Thrown from a timer it would take the whole process down; the next commit schedules another
      // run and the backstop checkpoint bounds the WAL meanwhile. Kept for stats() and the tests.
      this.lastError = error;
    }
  }
}
