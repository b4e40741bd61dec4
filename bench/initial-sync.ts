// Initial-sync benchmark: npx tsx bench/initial-sync.ts --rows 200000 [--pg postgres://postgres@127.0.0.1:5432/postgres] [--page 10000] [--profile dir] [--snapshot]
// Seeds a server database with SQL (PGlite by default, a fresh database on a real PostgreSQL with
// --pg), starts the server as a child process, runs a fresh desktop's initial sync end to end over
// HTTP in another child (PostgreSQL -> HTTP -> SQLite), and prints rows/s and the peak RSS of the
// desktop and the server. Writes JSON to bench/results/. Never passes or fails.
// --snapshot: first an admin's builder (src-main/core/admin/snapshot-builder.ts) syncs a store page by
// page and uploads it as the scope's snapshot (its times are printed: that is the cold cost, paid once
// per scope and refresh); then the desktop's first sync starts from that file (sync/snapshot.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openServerDatabase } from '../src-server/index.js';
import { createUser } from '../src-server/index.js';
import { MAX_PULL_PAGE } from '../src-shared/sync/protocol.js';
import { buildSnapshot, type BuiltSnapshot } from '../src-main/core/index.js';
import { seedServerRows } from '../tests/support/server-seed.js';
import { scratchDatabase } from './lib/scratch-database.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, pg: { type: 'string' }, page: { type: 'string', default: '' }, keep: { type: 'boolean', default: false }, profile: { type: 'string' }, snapshot: { type: 'boolean', default: false } } });
const rows = Number(values.rows);
const work = mkdtempSync(join(tmpdir(), 'kartoteka-bench-sync-'));

const { target, drop: dropDb } = await scratchDatabase(values.pg, `kartoteka_bench_${process.pid}`, work);

const seedStart = performance.now();
const db = await openServerDatabase(target, join(root, 'migrations/server'));
const user = await createUser(db, { username: 'bench', password: 'password-123', name: 'Bench', role: 'operator', teamId: null, scope: 'all', extension: null });
const counts = await seedServerRows(db, rows, 3, user.id);
if (values.snapshot) await createUser(db, { username: 'builder', password: 'password-123', name: 'Snapshot builder', role: 'admin', teamId: null, scope: 'all', extension: null });
await db.destroy();
const seedS = (performance.now() - seedStart) / 1000;
console.log(`seeded ${counts.total} rows (${counts.customers} customers, ${counts.contacts} phones, ${counts.interactions} interactions) on ${target.kind} in ${seedS.toFixed(1)} s`);

const port = await new Promise<number>((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
  });
});
const spawnTsx = (script: string, args: string[], nodeFlags: string[] = []) =>
  spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

// --profile <dir>: a V8 CPU profile of each process (open the .cpuprofile files in Chrome's DevTools).
const profileFlags = (name: string) => (values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile, '--cpu-prof-name', `${name}.cpuprofile`] : []);
const server = spawnTsx(join(root, 'tests/sync/children/server-child.ts'), [JSON.stringify(target), join(root, 'migrations/server'), String(port)], profileFlags('server'));
const serverLines = createInterface({ input: server.stdout });
let serverStats: { maxRssBytes: number; cpuMs?: number } | null = null;
await new Promise<void>((ok) => {
  serverLines.on('line', (line) => {
    if (line.startsWith('listening ')) ok();
    if (line.startsWith('stopped ')) serverStats = JSON.parse(line.slice(8)) as { maxRssBytes: number; cpuMs?: number };
  });
});

let built: BuiltSnapshot | null = null;
if (values.snapshot) {
  built = await buildSnapshot({ serverUrl: `http://127.0.0.1:${port}`, username: 'builder', password: 'password-123', migrationsDir: join(root, 'migrations/local'), workDir: work, sync: { snapshotFrom: false } });
  const b = built;
  console.log(
    `snapshot built (cold, once per scope): seq ${b.info.seq}, ${(b.info.bytes / 2 ** 20).toFixed(1)} MiB; builder sync ${b.syncSeconds.toFixed(1)} s, prepare ${b.prepareSeconds.toFixed(1)} s, upload ${b.uploadSeconds.toFixed(1)} s`,
  );
}

interface PageLine { type: 'page'; page: number; done: number; total: number; rss: number; rssAnon: number; heapUsed: number }
interface DoneLine { type: 'done'; ms: number; pages: number; state: string; error: string | null; store: { customers: number; interactions: number } | null; maxRssBytes: number; cpuMs?: number }
const desktop = spawnTsx(join(root, 'tests/sync/children/initial-sync-child.ts'), [join(work, 'desktop.sqlite'), join(root, 'migrations/local'), `http://127.0.0.1:${port}`, 'bench', 'password-123', values.page ?? '', ...(values.snapshot ? ['1'] : [])], profileFlags('desktop'));
const pages: PageLine[] = [];
let done: DoneLine | null = null;
for await (const line of createInterface({ input: desktop.stdout })) {
  const msg = JSON.parse(line) as PageLine | DoneLine;
  if (msg.type === 'page') pages.push(msg);
  else done = msg;
}
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const finalDone = done as DoneLine | null;
if (!finalDone) throw new Error('the desktop child did not finish');
const serverMax = (serverStats as { maxRssBytes: number } | null)?.maxRssBytes ?? 0;
// CPU seconds of each process during the sync: on a shared machine the wall-clock rate depends on
// the other load, while rows per CPU-second of each side says what each side costs (and which one
// bounds the pipeline when each has a core).
const serverCpuS = ((serverStats as { cpuMs?: number } | null)?.cpuMs ?? 0) / 1000;
const desktopCpuS = (finalDone.cpuMs ?? 0) / 1000;

const mb = (b: number) => Math.round(b / 1048576);
const rowsPerS = counts.total / (finalDone.ms / 1000);
const quarter = pages.slice(0, Math.max(1, Math.floor(pages.length / 4)));
const early = Math.max(...quarter.map((p) => p.rssAnon));
const late = Math.max(...pages.slice(-Math.max(1, Math.floor(pages.length / 4))).map((p) => p.rssAnon));
const result = {
  date: new Date().toISOString(),
  database: target.kind,
  rows: counts.total,
  pageSize: values.page || MAX_PULL_PAGE,
  mode: built ? 'snapshot' : 'pages',
  snapshot: built ? { seq: built.info.seq, bytes: built.info.bytes, builderSyncSeconds: built.syncSeconds, prepareSeconds: built.prepareSeconds, uploadSeconds: built.uploadSeconds } : null,
  seconds: finalDone.ms / 1000,
  rowsPerSecond: Math.round(rowsPerS),
  pages: finalDone.pages,
  state: finalDone.state,
  store: finalDone.store,
  desktopPeakRssMb: mb(finalDone.maxRssBytes),
  serverPeakRssMb: mb(serverMax),
  desktopRssAnonEarlyMb: mb(early),
  desktopRssAnonLateMb: mb(late),
  seedSeconds: seedS,
  desktopCpuSeconds: desktopCpuS,
  serverCpuSeconds: serverCpuS,
  desktopRowsPerCpuSecond: desktopCpuS > 0 ? Math.round(counts.total / desktopCpuS) : null,
  serverRowsPerCpuSecond: serverCpuS > 0 ? Math.round(counts.total / serverCpuS) : null,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
};
console.log(`initial sync of ${counts.total} rows${built ? ' from the snapshot' : ''}: ${result.seconds.toFixed(1)} s = ${result.rowsPerSecond} rows/s (${finalDone.pages} ${built ? 'progress reports' : 'pages'}, state ${finalDone.state})`);
console.log(`CPU: desktop ${desktopCpuS.toFixed(1)} s (${result.desktopRowsPerCpuSecond ?? '?'} rows per CPU-second), server ${serverCpuS.toFixed(1)} s (${result.serverRowsPerCpuSecond ?? '?'} rows per CPU-second); load average ${result.loadAverage.join(' / ')}`);
console.log(`peak RSS: desktop ${result.desktopPeakRssMb} MB, server ${result.serverPeakRssMb} MB; desktop anonymous RSS first quarter ${result.desktopRssAnonEarlyMb} MB, last quarter ${result.desktopRssAnonLateMb} MB`);
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `initial-sync-${result.database}-${result.mode}-${counts.total}-${result.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ ...result, pagesMemory: pages.filter((_, i) => i % Math.max(1, Math.floor(pages.length / 50)) === 0) }, null, 2)}\n`);
console.log(`wrote ${file}`);
await dropDb();
if (!values.keep) rmSync(work, { recursive: true, force: true });
