// Generator at scale: npx tsx bench/generate.ts [--customers 20000] [--interactions N] [--seed 1]
//   [--targets sqlite,pg] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--dir bench/results] [--keep-pg]
// Builds, reproducibly from the seed, a desktop store (SQLite, WAL) and a server database (PostgreSQL,
// COPY) from the same demo generator (src-main/core/demo/generate.ts), one after the other, and
// prints per table the rows, the time and rows/s, the peak RSS and the size on disk. Full size:
// --customers 1000000 --interactions 10000000 (about 1.5M contact points). The SQLite file is kept
// (bench/store-open.ts and caller-card.ts --db open it); the PostgreSQL database is dropped unless
// --keep-pg. Writes bench/results/generate.json. Never passes or fails on time.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../src-main/core/index.js';
import { openSqlite } from '../src-main/core/index.js';
import { demoBatches, generateDemo, SqliteDemoWriter, type DemoOptions, type DemoSummary } from '../src-main/core/index.js';
import { hashPassword } from '../src-server/index.js';
import { openServerDatabase } from '../src-server/index.js';
import { LOCAL_MIGRATIONS, positiveInt, printRows, RESULTS_DIR, removeStore, ROOT, round, storeBytes, writeResult, type BudgetRow } from './lib/common.js';
import { DEMO_PASSWORD, PgDemoWriter } from './lib/pg-demo.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    interactions: { type: 'string' },
    seed: { type: 'string', default: '1' },
    targets: { type: 'string', default: 'sqlite,pg' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    dir: { type: 'string', default: RESULTS_DIR },
    batch: { type: 'string', default: '2000' },
    'keep-pg': { type: 'boolean', default: false },
  },
});
const customers = positiveInt(values.customers, 'customers');
const interactions = values.interactions === undefined ? customers * 10 : positiveInt(values.interactions, 'interactions');
const seed = positiveInt(values.seed, 'seed');
const batch = positiveInt(values.batch, 'batch');
const targets = new Set(values.targets.split(',').map((s) => s.trim()));
for (const t of targets) if (t !== 'sqlite' && t !== 'pg') throw new Error(`--targets takes sqlite and/or pg, got ${t}`);

const HEAVY_EVERY = 1_000;
// One customer in 1,000 has 1,000–4,000 entries (2,500 on average); the others an exponential history
// whose mean is about its scale − 0.5 (floored, capped at 60). Solve for the requested total.
const perCustomer = interactions / customers;
const historyScale = Math.max(0.6, perCustomer - 2_500 / HEAVY_EVERY + 0.5);
const demo: DemoOptions = { customers, seed, heavyEvery: HEAVY_EVERY, historyScale, batch, now: Date.UTC(2026, 10, 1) };

const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);
const rssMb = (): number => mb(process.memoryUsage.rss());
/** Anonymous RSS: the process's own memory, without the store's pages mapped by SQLite's mmap. */
const anonMb = (): number => {
  const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
};

interface TableFigure {
  target: 'sqlite' | 'pg';
  table: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  bytes?: number;
}
interface TargetFigure {
  target: 'sqlite' | 'pg';
  where: string;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  peakAnonRssMb: number;
  bytesOnDisk: number;
  summary: DemoSummary;
  tables: TableFigure[];
  notes: Record<string, number>;
}
const figures: TargetFigure[] = [];
const resultName = customers >= 1_000_000 ? 'generate-full' : 'generate';
/** Written after each target too, so a long run stopped part-way keeps the figures it has. */
const save = (): void => {
  writeResult(resultName, { customers, interactionsRequested: interactions, seed, batch, historyScale: round(historyScale, 3), figures, rows: summaryRows() });
};
const totalRows = (s: DemoSummary): number => s.users + s.customers + s.contacts + s.cases + s.interactions + s.tasks;

if (targets.has('sqlite')) {
  const path = resolve(values.dir, `gen-${customers}-${interactions}-s${seed}.sqlite`);
  removeStore(path);
  const sqlite = openSqlite(path);
  migrate(sqlite, LOCAL_MIGRATIONS);
  let peak = rssMb();
  let peakAnon = anonMb();
  const writer = new SqliteDemoWriter(sqlite);
  const t0 = performance.now();
  const summary = generateDemo(sqlite, {
    ...demo,
    deferSearchIndex: true,
    onProgress: (done, total) => {
      peak = Math.max(peak, rssMb());
      peakAnon = Math.max(peakAnon, anonMb());
      if (done % 50_000 < batch || done === total) process.stderr.write(`\rsqlite: ${done} / ${total} customers, RSS ${rssMb()} MB   `);
    },
  }, writer);
  process.stderr.write('\n');
  peak = Math.max(peak, rssMb());
  peakAnon = Math.max(peakAnon, anonMb());
  const tAnalyze = performance.now();
  sqlite.exec('ANALYZE');
  const analyzeS = (performance.now() - tAnalyze) / 1000;
  const walBytes = storeBytes(path) - statSync(path).size;
  const tCheckpoint = performance.now();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointS = (performance.now() - tCheckpoint) / 1000;
  sqlite.close();
  const seconds = (performance.now() - t0) / 1000;
  const inserts = Object.values(writer.seconds).reduce((a, b) => a + b, 0);
  const tables: TableFigure[] = Object.entries(writer.seconds).map(([table, s]) => ({
    target: 'sqlite', table, rows: writer.rows[table as keyof typeof writer.rows], seconds: round(s, 2), rowsPerSecond: Math.round(writer.rows[table as keyof typeof writer.rows] / Math.max(s, 1e-9)),
  }));
  tables.push({ target: 'sqlite', table: 'search index (FTS5, built at the end)', rows: summary.customers + summary.interactions, seconds: round(writer.searchIndexSeconds, 2), rowsPerSecond: Math.round((summary.customers + summary.interactions) / Math.max(writer.searchIndexSeconds, 1e-9)) });
  figures.push({
    target: 'sqlite', where: path, seconds: round(seconds, 1), rowsPerSecond: Math.round(totalRows(summary) / seconds), peakRssMb: peak, peakAnonRssMb: peakAnon,
    bytesOnDisk: storeBytes(path), summary, tables,
    notes: {
      generateRowsSeconds: round(seconds - inserts - writer.searchIndexSeconds - analyzeS - checkpointS, 1),
      analyzeSeconds: round(analyzeS, 1), checkpointSeconds: round(checkpointS, 1), walBytesBeforeCheckpoint: walBytes,
    },
  });
  save();
}

if (targets.has('pg')) {
  const name = `kartoteka_gen_${customers}_${interactions}_s${seed}`;
  const admin = new pg.Client({ connectionString: values.pg });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.pg);
  url.pathname = `/${name}`;
  try {
    const migrated = await openServerDatabase({ kind: 'postgres', url: url.toString() }, join(ROOT, 'migrations/server'));
    await migrated.destroy();
    const client = new pg.Client({ connectionString: url.toString() });
    // A forced DROP in `finally` ends this connection; that must not hide the error that led there.
    client.on('error', () => undefined);
    await client.connect();
    const writer = new PgDemoWriter(client, { passwordHash: await hashPassword(DEMO_PASSWORD) });
    let peak = rssMb();
    let peakAnon = anonMb();
    const t0 = performance.now();
    const batches = demoBatches(demo);
    let summary: DemoSummary;
    for (;;) {
      const next = batches.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      await writer.write(next.value);
      peak = Math.max(peak, rssMb());
      peakAnon = Math.max(peakAnon, anonMb());
      const done = next.value.done;
      if (done % 50_000 < batch || done === customers) process.stderr.write(`\rpg: ${done} / ${customers} customers, RSS ${rssMb()} MB   `);
    }
    process.stderr.write('\n');
    await writer.finish();
    const tAnalyze = performance.now();
    await client.query('ANALYZE');
    const analyzeS = (performance.now() - tAnalyze) / 1000;
    const seconds = (performance.now() - t0) / 1000;
    const sizes = new Map<string, number>();
    for (const table of Object.keys(writer.seconds)) {
      const r = await client.query<{ n: string }>(`SELECT pg_total_relation_size('"${table}"') AS n`);
      sizes.set(table, Number(r.rows[0]?.n ?? 0));
    }
    const dbSize = Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]?.n ?? 0);
    await client.end();
    const copyS = Object.values(writer.seconds).reduce((a, b) => a + b, 0);
    const tables: TableFigure[] = Object.entries(writer.seconds).map(([table, s]) => ({
      target: 'pg', table, rows: writer.rows[table as keyof typeof writer.rows], seconds: round(s, 2),
      rowsPerSecond: Math.round(writer.rows[table as keyof typeof writer.rows] / Math.max(s, 1e-9)), bytes: sizes.get(table) ?? 0,
    }));
    figures.push({
      target: 'pg', where: `${url.host}/${name}`, seconds: round(seconds, 1), rowsPerSecond: Math.round(totalRows(summary) / seconds), peakRssMb: peak, peakAnonRssMb: peakAnon,
      bytesOnDisk: [...sizes.values()].reduce((a, b) => a + b, 0), summary, tables,
      notes: {
        encodeCopyTextSeconds: round(writer.encodeSeconds, 1), generateRowsSeconds: round(seconds - copyS - writer.encodeSeconds - analyzeS, 1),
        analyzeSeconds: round(analyzeS, 1), databaseBytes: dbSize,
      },
    });
  } finally {
    if (!values['keep-pg']) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(`\ngenerator: ${customers} customers, about ${interactions} interactions requested (history scale ${round(historyScale, 2)}), seed ${seed}, ${batch} customers per transaction`);
console.table(figures.flatMap((f) => f.tables).map((t) => ({
  target: t.target, table: t.table, rows: t.rows, 'insert s': t.seconds, 'rows/s': t.rowsPerSecond, ...(t.bytes === undefined ? {} : { 'MiB on disk': mb(t.bytes) }),
})));
console.table(figures.map((f) => ({
  target: f.target, customers: f.summary.customers, contacts: f.summary.contacts, interactions: f.summary.interactions,
  'total s': f.seconds, 'rows/s (all tables)': f.rowsPerSecond, 'peak RSS MB': f.peakRssMb, 'peak anon RSS MB': f.peakAnonRssMb, 'MiB on disk': mb(f.bytesOnDisk), ...f.notes,
})));
for (const f of figures) console.log(`${f.target}: ${f.where}`);
function summaryRows(): BudgetRow[] {
  return figures.flatMap((f): BudgetRow[] => [
    { bench: 'generate', figure: `${f.target}: ${f.summary.customers} customers, ${f.summary.contacts} contacts, ${f.summary.interactions} interactions`, value: f.seconds, unit: 's', budget: '—', ratio: null },
    { bench: 'generate', figure: `${f.target}: rows/s (all tables) / peak RSS ${f.peakRssMb} MB`, value: f.rowsPerSecond, unit: 'rows/s', budget: '—', ratio: null },
    { bench: 'generate', figure: `${f.target}: size on disk`, value: mb(f.bytesOnDisk), unit: 'MiB', budget: '—', ratio: null },
  ]);
}
printRows(summaryRows());
save();
