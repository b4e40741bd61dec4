// Desktop start-up on a generated store: npx tsx bench/store-open.ts [--db path] [--customers 20000 --seed 1] [--runs 3] [--lookups 200]
// Each run is a fresh Node process that creates the real engine (createEngine: open, migrations
// check, statements, sync client) on the store and answers one callerCard.lookup for a known number:
// the time to a usable card. Then it answers --lookups more cards and reports the process's memory
// with the store open (RSS, anonymous RSS without SQLite's mapped file pages, V8 heap). The store's
// pages are in the OS cache after the first run (a warm start, as after a previous session); the
// first run is as cold as the cache happens to be. Without --db it uses the cached bench store
// (bench/lib/common.ts). Writes bench/results/store-open.json. Never passes or fails on time.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqlite, Prng } from '../src-main/core/index.js';
import { ensureStore, LOCAL_MIGRATIONS, positiveInt, printRows, ROOT, round, storeBytes, summarise, writeResult, type BudgetRow } from './lib/common.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    customers: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    lookups: { type: 'string', default: '200' },
    child: { type: 'string' },
  },
});

interface ChildReport {
  importMs: number;
  createEngineMs: number;
  firstLookupMs: number;
  usableMs: number;
  matches: number;
  afterOpen: Memory;
  afterLookups: Memory;
  lookupP50Ms: number;
}
interface Memory {
  rssMb: number;
  anonRssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

function memory(): Memory {
  const m = process.memoryUsage();
  const anon = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return { rssMb: round(m.rss / 2 ** 20, 1), anonRssMb: anon ? round(Number(anon[1]) / 1024, 1) : NaN, heapUsedMb: round(m.heapUsed / 2 ** 20, 1), externalMb: round(m.external / 2 ** 20, 1) };
}

if (values.child !== undefined) {
  // The child: { db, numbers } on the command line, one JSON line on stdout.
  const { db, numbers } = JSON.parse(values.child) as { db: string; numbers: string[] };
  const t0 = performance.now();
  const { createEngine } = await import('../src-main/core/index.js');
  const t1 = performance.now();
  const engine = createEngine({ dbPath: db, migrationsDir: LOCAL_MIGRATIONS });
  const t2 = performance.now();
  const lookup = engine.handlers['callerCard.lookup'];
  const first = await lookup({ number: numbers[0] ?? '' });
  const t3 = performance.now();
  const afterOpen = memory();
  const times: number[] = [];
  for (const number of numbers.slice(1)) {
    const s = performance.now();
    await lookup({ number });
    times.push(performance.now() - s);
  }
  const report: ChildReport = {
    importMs: round(t1 - t0), createEngineMs: round(t2 - t1), firstLookupMs: round(t3 - t2), usableMs: round(t3 - t1), matches: first.matches.length,
    afterOpen, afterLookups: memory(), lookupP50Ms: summarise(times).p50,
  };
  engine.close();
  console.log(JSON.stringify(report));
  process.exit(0);
}

const runs = positiveInt(values.runs, 'runs');
const lookups = positiveInt(values.lookups, 'lookups');
const db = values.db ?? ensureStore(positiveInt(values.customers, 'customers'), positiveInt(values.seed, 'seed')).path;
if (!existsSync(db)) throw new Error(`--db ${db} does not exist`);

// Known numbers drawn up front on a connection of our own, closed before the children start.
const picker = openSqlite(db);
const stats = picker.prepare('SELECT (SELECT count(*) FROM customer) AS customers, (SELECT count(*) FROM contact_point) AS contacts, (SELECT max(rowid) FROM interaction) AS interactions').get() as { customers: number; contacts: number; interactions: number };
const maxRowid = (picker.prepare('SELECT max(rowid) AS m FROM contact_point').get() as { m: number }).m;
const byRowid = picker.prepare(`SELECT raw FROM contact_point WHERE rowid = ? AND kind = 'phone'`).pluck();
const rng = new Prng(97);
const numbers: string[] = [];
while (numbers.length < lookups + 1) {
  const raw = byRowid.get(rng.int(1, maxRowid)) as string | undefined;
  if (raw) numbers.push(raw);
}
picker.close();

const reports: ChildReport[] = [];
for (let r = 0; r < runs; r++) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ db, numbers })], { cwd: ROOT, encoding: 'utf8', maxBuffer: 2 ** 24 });
  if (child.status !== 0) throw new Error(`run ${r + 1} failed: ${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  reports.push(JSON.parse(line) as ChildReport);
}

const sizeBytes = storeBytes(db);
console.log(`store: ${db}: ${stats.customers} customers, ${stats.contacts} contact points, ~${stats.interactions} interactions, ${round(sizeBytes / 2 ** 20, 1)} MiB on disk`);
console.table(reports.map((r, i) => ({
  run: i + 1, 'import ms': r.importMs, 'createEngine ms': r.createEngineMs, 'first card ms': r.firstLookupMs, 'usable ms': r.usableMs,
  'RSS MB': r.afterOpen.rssMb, 'anon RSS MB': r.afterOpen.anonRssMb, 'heap MB': r.afterOpen.heapUsedMb,
  [`RSS after ${lookups} cards`]: r.afterLookups.rssMb, 'anon after': r.afterLookups.anonRssMb, 'card p50 ms': r.lookupP50Ms,
})));
const usable = reports.map((r) => r.usableMs).sort((a, b) => a - b);
const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? NaN;
const rows: BudgetRow[] = [
  { bench: 'store-open', figure: `engine created + first card, median of ${runs} (${stats.customers} customers)`, value: median(usable), unit: 'ms', budget: '—', ratio: null },
  { bench: 'store-open', figure: 'RSS with the store open (after first card), median', value: median(reports.map((r) => r.afterOpen.rssMb).sort((a, b) => a - b)), unit: 'MB', budget: '—', ratio: null },
  { bench: 'store-open', figure: `anonymous RSS after ${lookups} cards, median`, value: median(reports.map((r) => r.afterLookups.anonRssMb).sort((a, b) => a - b)), unit: 'MB', budget: '—', ratio: null },
  { bench: 'store-open', figure: 'store size on disk (file + WAL)', value: round(sizeBytes / 2 ** 20, 1), unit: 'MiB', budget: '—', ratio: null },
];
printRows(rows);
writeResult('store-open', { db, store: { ...stats, sizeBytes }, runs: reports, rows });
