// npm run bench [-- --size small|large] [-- --only logging,search]
// Runs every benchmark one after another (each in its own process, so one's memory and caches do
// not colour the next), then prints one table of figures against the DESIGN.md budgets and writes
// bench/results/summary.json. small (the default) finishes in a few minutes on two cores; large
// passes larger sizes. Never passes or fails on time: a benchmark that crashes is reported as such.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, describeMachine, machine, printRows, RESULTS_DIR, ROOT, round, writeResult, type BudgetRow } from './lib/common.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'small' }, only: { type: 'string' } } });
const size = values.size === 'large' ? 'large' : 'small';
if (values.size !== size) throw new Error(`--size must be small or large, got ${values.size}`);

const SIZES = {
  small: {
    'caller-card': ['--customers', '5000', '--samples', '1000'],
    logging: ['--customers', '5000', '--samples', '1000', '--burst', '1000'],
    search: ['--customers', '5000', '--samples', '200'],
    'initial-sync': ['--rows', '50000'],
    'initial-sync-snapshot': ['--rows', '50000', '--snapshot'],
    'ui-card': ['--customers', '5000', '--reps', '10'],
    generate: ['--customers', '2000'],
    'store-open': ['--customers', '5000', '--runs', '2', '--lookups', '100'],
    'initial-sync-compare': ['--rows', '5000', '--kartoteka-on', 'pglite'],
    propagation: ['--clients', '20', '--interval', '2', '--duration', '5', '--drain', '3'],
    'propagation-pair': ['--writes', '30'],
    'supervisor-figures': ['--interactions', '20000', '--runs', '3'],
    'eml-import': ['--mb', '30', '--runs', '2'],
    mailbox: ['--messages', '2000'],
    planning: ['--starts', '100', '--entries', '500', '--reps', '3'],
  },
  large: {
    'caller-card': ['--customers', '100000', '--samples', '3000'],
    logging: ['--customers', '100000', '--samples', '3000', '--burst', '5000'],
    search: ['--customers', '100000', '--samples', '500'],
    'initial-sync': ['--rows', '1000000'],
    'initial-sync-snapshot': ['--rows', '1000000', '--snapshot'],
    'ui-card': ['--customers', '100000', '--reps', '20'],
    generate: ['--customers', '100000'],
    'store-open': ['--customers', '100000', '--runs', '3'],
    'initial-sync-compare': ['--rows', '200000'],
    propagation: ['--clients', '500', '--interval', '10', '--duration', '60'],
    'propagation-pair': ['--writes', '200'],
    'supervisor-figures': ['--interactions', '10000000'],
    'eml-import': ['--mb', '30', '--runs', '5'],
    mailbox: ['--messages', '20000'],
    planning: ['--starts', '2000', '--entries', '500', '--reps', '10'],
  },
} as const;
type BenchName = keyof (typeof SIZES)['small'];
const ORDER: BenchName[] = ['caller-card', 'logging', 'search', 'initial-sync', 'initial-sync-snapshot', 'ui-card', 'generate', 'store-open', 'initial-sync-compare', 'propagation', 'propagation-pair', 'supervisor-figures', 'eml-import', 'mailbox', 'planning'];
/** Benchmarks that are another one's script with flags (SIZES). */
const SCRIPT: Partial<Record<BenchName, string>> = { 'initial-sync-snapshot': 'initial-sync' };
/** Benchmarks whose result file is not bench/results/<name>.json. */
const RESULT_FILE: Partial<Record<BenchName, string>> = { 'propagation-pair': 'propagation-pair-pglite.json' };
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;

interface Outcome {
  bench: BenchName;
  status: 'ok' | 'failed' | 'missing';
  seconds: number;
  rows: BudgetRow[];
  note?: string;
}

/** initial-sync.ts writes initial-sync-<db>-<mode>-<rows>-<date>.json: the newest after `since`. */
function initialSyncRows(bench: BenchName, since: number): BudgetRow[] {
  const files = readdirSync(RESULTS_DIR)
    .filter((f) => f.startsWith('initial-sync-') && f.endsWith('.json'))
    .map((f) => join(RESULTS_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const file = files[0];
  if (!file) return [];
  const r = JSON.parse(readFileSync(file, 'utf8')) as { rowsPerSecond?: number; rows?: number; database?: string; mode?: string; desktopPeakRssMb?: number; serverPeakRssMb?: number };
  const rate = r.rowsPerSecond ?? NaN;
  const mode = r.mode === 'snapshot' ? 'from the snapshot' : 'page by page';
  return [
    { bench, figure: `initial sync rows/s, ${mode} (${r.rows ?? '?'} rows, ${r.database ?? '?'})`, value: rate, unit: 'rows/s', budget: '≥ 100000 rows/s', ratio: round(100_000 / rate, 2) },
    { bench, figure: `desktop / server peak RSS, ${mode}`, value: r.desktopPeakRssMb ?? NaN, unit: `MB / ${r.serverPeakRssMb ?? '?'} MB`, budget: 'flat', ratio: null },
  ];
}

const outcomes: Outcome[] = [];
const started = Date.now();
for (const bench of ORDER) {
  if (only && !only.has(bench)) continue;
  const script = join(BENCH_DIR, `${SCRIPT[bench] ?? bench}.ts`);
  if (!existsSync(script)) {
    outcomes.push({ bench, status: 'missing', seconds: 0, rows: [], note: `${script} does not exist` });
    continue;
  }
  const args = SIZES[size][bench];
  console.log(`\n=== ${bench} ${args.join(' ')} ===`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' });
  const seconds = round((Date.now() - t0) / 1000, 1);
  if (run.status !== 0) {
    outcomes.push({ bench, status: 'failed', seconds, rows: [], note: `exit ${run.status ?? run.signal ?? '?'}` });
    continue;
  }
  let rows: BudgetRow[] = [];
  if (bench === 'initial-sync' || bench === 'initial-sync-snapshot') rows = initialSyncRows(bench, t0);
  else {
    const file = join(RESULTS_DIR, RESULT_FILE[bench] ?? `${bench}.json`);
    if (existsSync(file) && statSync(file).mtimeMs >= t0) rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows?: BudgetRow[] }).rows ?? [];
  }
  outcomes.push({ bench, status: 'ok', seconds, rows, ...(rows.length === 0 ? { note: 'no result file found' } : {}) });
}

const m = machine();
console.log(`\n=== summary (${size}) — ${describeMachine(m)} — ${round((Date.now() - started) / 1000, 1)} s ===`);
printRows(outcomes.flatMap((o) => (o.rows.length > 0 ? o.rows : [{ bench: o.bench, figure: `${o.bench}: ${o.status}${o.note ? ` (${o.note})` : ''}`, value: NaN, unit: '', budget: '—', ratio: null }])));
console.table(outcomes.map((o) => ({ bench: o.bench, status: o.status, seconds: o.seconds, note: o.note ?? '' })));
writeResult('summary', { size, seconds: round((Date.now() - started) / 1000, 1), outcomes });
// Figures never fail a run, but a benchmark that crashed or went missing does: CI runs the small
// size to prove that every benchmark still works.
const broken = outcomes.filter((o) => o.status !== 'ok');
if (broken.length > 0) {
  console.error(`benchmarks that did not run: ${broken.map((o) => `${o.bench} (${o.status})`).join(', ')}`);
  process.exitCode = 1;
}
