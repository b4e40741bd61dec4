// Makes each committed write durable against power loss right after it is answered, not inside it.
//
// The store runs WAL with synchronous=NORMAL (db/open.ts): a commit appends to the WAL and returns
// without an fsync. That survives a crash or kill -9 of the desktop (the OS still holds the pages),
// which is DESIGN.md's guarantee 1; only losing power before the OS writes them could lose it. FULL
// closed that gap by paying one fsync inside every commit, and on the machines we measured that
// fsync alone is above the 1 ms budget for logging a call (p99 2.4 ms for a bare INSERT + COMMIT).
// Here the same fsync runs on libuv's thread pool as soon as the commit returns: the operator's call
// is answered at once, and the window in which a power cut could still take it is the fsync's own
// duration, a few milliseconds (bench/logging.ts measures it), instead of "until the next checkpoint".
// Writes that arrive while a flush runs are covered by one more flush after it (group commit).
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

export interface WalFlushStats {
  /** fdatasync calls completed. */
  flushes: number;
  /** Commits noted. */
  commits: number;
  /** From a commit to the end of the flush that covered it, most recent first out (at most 1,000). */
  recentLagMs: number[];
  lastError: string | null;
}

export class WalFlusher {
  private fd: number | null = null;
  private running = false;
  /** Commits noted since the running flush started (they need one more). */
  private waiting: number[] = [];
  private closed = false;
  private readonly lags: number[] = [];
  private flushes = 0;
  private commits = 0;
  private lastError: string | null = null;
  private idleWaiters: (() => void)[] = [];
  /** A descriptor to close when the flush holding it returns. */
  private pendingClose: number | null = null;

  /** `dbPath` of the store; an in-memory store (no file) makes every call a no-op. */
  constructor(private readonly dbPath: string) {}

  /** A write transaction committed: flush the WAL now, or right after the flush under way. */
  noteCommit(): void {
    if (this.closed || this.dbPath === '' || this.dbPath === ':memory:') return;
    this.commits += 1;
    this.waiting.push(performance.now());
    if (!this.running) this.start();
  }

  /** Resolves when no commit is waiting for its flush (tests and the bench). */
  idle(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): WalFlushStats {
    return { flushes: this.flushes, commits: this.commits, recentLagMs: [...this.lags], lastError: this.lastError };
  }

  /** Before the connection closes: one last flush, synchronously, then the file is let go. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) {
      try {
        if (this.waiting.length > 0 || this.running) fdatasyncSync(this.fd);
      } catch {
        /* the connection's own close checkpoints and syncs */
      }
      const fd = this.fd;
      this.fd = null;
      // A flush still on the thread pool holds the descriptor; close it when that returns.
      if (!this.running) closeSync(fd);
      else this.pendingClose = fd;
    }
    this.waiting = [];
    this.wakeIdle();
  }

  private start(): void {
    const covered = this.waiting;
    this.waiting = [];
    const fd = this.openWal();
    if (fd === null) {
      this.wakeIdle();
      return;
    }
    this.running = true;
    fdatasync(fd, (error) => {
      this.running = false;
      const now = performance.now();
      if (error) this.lastError = error.message;
      else {
        this.flushes += 1;
        for (const at of covered) this.lags.push(now - at);
        if (this.lags.length > 1000) this.lags.splice(0, this.lags.length - 1000);
      }
      if (this.pendingClose !== null) {
        closeSync(this.pendingClose);
        this.pendingClose = null;
      }
      if (!this.closed && this.waiting.length > 0) this.start();
      else this.wakeIdle();
    });
  }

  /** The WAL exists from the first commit on and keeps its inode while the store is open. */
  private openWal(): number | null {
    if (this.fd !== null) return this.fd;
    try {
      this.fd = openSync(`${this.dbPath}-wal`, 'r');
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return null;
    }
    return this.fd;
  }

  private wakeIdle(): void {
    if (this.running || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
