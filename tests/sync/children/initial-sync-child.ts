// Child process of the bounded-memory test and the initial-sync benchmark: a fresh desktop signs in
// to a server and runs its initial sync, printing one JSON line per applied page with its memory
// (after a full GC when started with --expose-gc), and a final line with the totals.
// usage: initial-sync-child.ts <db> <migrations> <serverUrl> <username> <password> <pageSize> [snapshotFrom]
import { readFileSync } from 'node:fs';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createEngine } from '../../../src-main/core/engine.js';

const [dbPath, migrationsDir, serverUrl, username, password, pageSize, snapshotFrom] = process.argv.slice(2);
if (!dbPath || !migrationsDir || !serverUrl || !username || !password) throw new Error('usage: initial-sync-child <db> <migrations> <url> <user> <password> [page]');
const gc = (globalThis as { gc?: () => void }).gc;

/** Resident memory that is not a file mapping (SQLite's mmap of the store counts in RSS, but is page cache). */
function rssAnonBytes(): number {
  const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const engine = createEngine({ dbPath, migrationsDir, sync: { pollMs: 3_600_000, ...(pageSize ? { pullPage: Number(pageSize) } : {}), ...(snapshotFrom ? { snapshotFrom: Number(snapshotFrom) } : {}) } });
let pages = 0;
engine.onEvent((event) => {
  if (event.type !== 'sync-status' || event.status.progress === null) return;
  pages += 1;
  gc?.();
  const mem = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ type: 'page', page: pages, done: event.status.progress.done, total: event.status.progress.total, rss: mem.rss, rssAnon: rssAnonBytes(), heapUsed: mem.heapUsed })}\n`);
});
const started = performance.now();
const cpuStart = process.cpuUsage();
const r = await dispatch(engine.handlers, 'sync.signIn', { serverUrl, username, password });
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
if (!r.ok) throw new Error(`sign-in failed: ${r.error.message}`);
const status = r.result as { state: string; error: string | null };
const s = await dispatch(engine.handlers, 'session.get', {});
const store = s.ok ? (s.result as { store: { customers: number; interactions: number } }).store : null;
engine.close();
process.stdout.write(`${JSON.stringify({ type: 'done', ms, pages, state: status.state, error: status.error, store, maxRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
