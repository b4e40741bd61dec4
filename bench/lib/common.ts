// Shared pieces of the benchmarks: flags, a cached generated store, percentiles, the machine's
// description, tables and JSON results. Benchmarks print figures; nothing here passes or fails.
import { constants, copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo, migrate, openSqlite } from '../../src-main/core/index.js';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const LOCAL_MIGRATIONS = join(ROOT, 'migrations/local');

export function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a positive integer, got ${String(value)}`);
  return n;
}

/**
 * A generated store, built once per (customers, seed) and kept under bench/results/ (git-ignored).
 * Benchmarks that only read open it in place; benchmarks that write work on a copy (copyStore).
 */
export function ensureStore(customers: number, seed: number, fresh = false): { path: string; generatedSeconds: number | null } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `store-${customers}-s${seed}.sqlite`);
  if (fresh) removeStore(path);
  if (existsSync(path)) return { path, generatedSeconds: null };
  const partial = `${path}.partial`;
  removeStore(partial);
  const db = openSqlite(partial);
  const started = performance.now();
  try {
    migrate(db, LOCAL_MIGRATIONS);
    const summary = generateDemo(db, {
      customers,
      seed,
      deferSearchIndex: true,
      onProgress: (done, total) => {
        if (done % 20_000 === 0 || done === total) process.stderr.write(`\rgenerating ${done} / ${total} customers`);
      },
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    process.stderr.write(`\n${JSON.stringify(summary)}\n`);
  } finally {
    db.close();
  }
  const generatedSeconds = (performance.now() - started) / 1000;
  copyFileSync(partial, path);
  removeStore(partial);
  process.stderr.write(`store generated in ${generatedSeconds.toFixed(1)} s: ${path}\n`);
  return { path, generatedSeconds };
}

export function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** A private copy of a closed, checkpointed store (a reflink where the file system allows it). */
export function copyStore(from: string, to: string): string {
  removeStore(to);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
  return to;
}

export function storeBytes(path: string): number {
  return ['', '-wal'].reduce((s, suffix) => s + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0);
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: round(pct(sorted, 50)), p99: round(pct(sorted, 99)), mean: round(mean), max: round(sorted[sorted.length - 1] ?? NaN) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Figure against budget: "x.xx×" of the budget (below 1 is inside it). */
export function ratio(figure: number, budget: number): number {
  return round(figure / budget, 2);
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  load1: number;
  load5: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const c = cpus();
  const [load1 = 0, load5 = 0] = loadavg();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    memGiB: round(totalmem() / 2 ** 30, 1),
    load1: round(load1, 2),
    load5: round(load5, 2),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function describeMachine(m: Machine): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, load ${m.load1} / ${m.load5} (1/5 min), Node ${m.node}`;
}

/** A row of the printed table and the summary: one figure beside its budget. */
export interface BudgetRow {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  budget: string;
  /** value ÷ budget for a ceiling ("≤"), budget ÷ value for a floor ("≥"); below 1 is inside. */
  ratio: number | null;
}

export function ceilingRow(bench: string, figure: string, value: number, unit: string, budget: number | null): BudgetRow {
  return { bench, figure, value: round(value), unit, budget: budget === null ? '—' : `≤ ${budget} ${unit}`, ratio: budget === null ? null : ratio(value, budget) };
}

export function printRows(rows: readonly BudgetRow[]): void {
  console.table(rows.map((r) => ({ bench: r.bench, figure: r.figure, value: `${r.value} ${r.unit}`, budget: r.budget, 'ratio to budget': r.ratio === null ? '—' : `${r.ratio}×` })));
}

/** bench/results/<name>.json: the latest run of that benchmark (the folder is git-ignored). */
export function writeResult(name: string, body: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), machine: machine(), ...body }, null, 2)}\n`);
  console.log(`written ${file}`);
  return file;
}
