// Initial sync beside the physical limits and a peer:
//   npx tsx bench/initial-sync-compare.ts [--rows 20000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
//     [--kartoteka-on pg|pglite] [--pouch-batch 500] [--skip copy,sqlite,pouchdb,kartoteka,snapshot]
// For the same N rows (server-seed.ts's shape: customers, one phone each, three calls each):
//  (a) COPY of the rows into PostgreSQL (a fresh database with the server's schema and indexes);
//  (b) one transaction of prepared INSERTs into a SQLite file in WAL, with the desktop's schema
//      (indexes and search triggers) and, as the floor under that, into bare tables;
//  (c) PouchDB: express-pouchdb (pouchdb-node, LevelDB) serving the rows as documents on 127.0.0.1 in
//      a child process, replicated over HTTP into a fresh local pouchdb-node database;
//  (d) Kartoteka's own initial sync: bench/initial-sync.ts in a child with the same --rows (and
//      --pg), its JSON read from bench/results/; (e) the same with --snapshot, from the scope's store
//      snapshot (docs/sync.md, "Snapshots").
// Prints rows/s and Kartoteka's ratio to each; writes bench/results/initial-sync-compare.json.
// Never passes or fails on time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src-main/core/index.js';
import { openSqlite } from '../src-main/core/index.js';
import { openServerDatabase } from '../src-server/index.js';
import { LOCAL_MIGRATIONS, positiveInt, RESULTS_DIR, ROOT, round, writeResult, type BudgetRow, printRows } from './lib/common.js';
import { copyText } from './lib/pg-demo.js';
import { SYNC_ROW_COLUMNS, SYNC_TABLES, syncRowCounts, syncRows, type SyncRow, type SyncRowCounts, type SyncTable } from './lib/sync-rows.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'kartoteka-on': { type: 'string', default: 'pg' },
    'pouch-batch': { type: 'string', default: '500' },
    skip: { type: 'string', default: '' },
    'pouch-server': { type: 'string' },
  },
});

// ---- PouchDB: the untyped CommonJS packages, typed here at the one place they are used.
interface PouchResponse { ok?: boolean; docs_written?: number; doc_write_failures?: number }
interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<unknown[]>;
  info(): Promise<{ doc_count: number }>;
  replicate: { from(url: string, options: { batch_size: number; batches_limit?: number }): Promise<PouchResponse> };
  close(): Promise<void>;
}
interface PouchConstructor {
  new (name: string): PouchDatabase;
  defaults(options: { prefix: string }): PouchConstructor;
}
interface HttpApp { listen(port: number, host: string, ready: () => void): { address(): AddressInfo | string | null; close(): void } }
const require = createRequire(import.meta.url);
const loadPouch = (): PouchConstructor => require('pouchdb-node') as PouchConstructor;
const loadExpressPouch = (): ((pouch: PouchConstructor, options: object) => HttpApp) => require('express-pouchdb') as (pouch: PouchConstructor, options: object) => HttpApp;

const now = Date.UTC(2026, 10, 1);
const toDoc = (table: SyncTable, row: SyncRow): object => ({ ...row, _id: `${table}:${row['id'] as string}`, type: table });

if (values['pouch-server'] !== undefined) {
  // The PouchDB server child: loads the rows as documents, then serves them until killed.
  const { dir, rows } = JSON.parse(values['pouch-server']) as { dir: string; rows: number };
  const Pouch = loadPouch().defaults({ prefix: `${dir}/` });
  const source = new Pouch('kartoteka');
  const counts = syncRowCounts(rows);
  const t0 = performance.now();
  for (const table of SYNC_TABLES) {
    for (const chunk of syncRows(table, counts, now, 1_000)) await source.bulkDocs(chunk.map((r) => toDoc(table, r)));
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  const app = loadExpressPouch()(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt') });
  const server = app.listen(0, '127.0.0.1', () => {
    const a = server.address() as AddressInfo;
    console.log(JSON.stringify({ port: a.port, loadSeconds, docs: (counts.total) }));
  });
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
} else {
  await main();
}

interface Figure {
  method: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  note: string;
}

async function main(): Promise<void> {
  const rows = positiveInt(values.rows, 'rows');
  const pouchBatch = positiveInt(values['pouch-batch'], 'pouch-batch');
  const skip = new Set(values.skip.split(',').filter(Boolean));
  const kartotekaOn = values['kartoteka-on'];
  if (kartotekaOn !== 'pg' && kartotekaOn !== 'pglite') throw new Error(`--kartoteka-on takes pg or pglite, got ${kartotekaOn}`);
  const counts = syncRowCounts(rows);
  const work = mkdtempSync(join(tmpdir(), 'kartoteka-bench-compare-'));
  const figures: Figure[] = [];
  try {
    if (!skip.has('copy')) figures.push(await copyIntoPostgres(counts));
    if (!skip.has('sqlite')) figures.push(...insertIntoSqlite(counts, work));
    if (!skip.has('pouchdb')) figures.push(await pouchReplication(counts, work, pouchBatch));
    if (!skip.has('kartoteka')) {
      const k = kartotekaInitialSync(rows, kartotekaOn === 'pg' ? values.pg : null, false);
      if (k) figures.push(k);
    }
    if (!skip.has('snapshot')) {
      const k = kartotekaInitialSync(rows, kartotekaOn === 'pg' ? values.pg : null, true);
      if (k) figures.push(k);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log(`\ninitial sync side by side: ${counts.total} rows (${counts.customers} customers, ${counts.contacts} phones, ${counts.interactions} interactions)`);
  console.table(figures.map((f) => ({ method: f.method, rows: f.rows, seconds: round(f.seconds, 2), 'rows/s': f.rowsPerSecond, note: f.note })));
  // Kartoteka's two ways (page by page; from the scope's snapshot), each as a ratio to the others.
  const ours = figures.filter((f) => f.method.startsWith('kartoteka'));
  const ratios: Record<string, number | null> = {};
  const rowsOut: BudgetRow[] = [];
  for (const kartoteka of ours) {
    rowsOut.push({ bench: 'initial-sync-compare', figure: `${kartoteka.method} (${kartoteka.rows} rows)`, value: kartoteka.rowsPerSecond, unit: 'rows/s', budget: '≥ 100000 rows/s', ratio: round(100_000 / kartoteka.rowsPerSecond, 2) });
    for (const f of figures) {
      if (ours.includes(f)) continue;
      const r = round(kartoteka.rowsPerSecond / f.rowsPerSecond, 3);
      ratios[`${kartoteka.method} ÷ ${f.method}`] = r;
      rowsOut.push({ bench: 'initial-sync-compare', figure: `${kartoteka.method} ÷ ${f.method} (${f.rowsPerSecond} rows/s)`, value: r, unit: '×', budget: '—', ratio: null });
    }
  }
  printRows(rowsOut);
  writeResult('initial-sync-compare', { counts, pouchBatch, kartotekaOn, figures, ratios, rows: rowsOut });
}

/** (a) COPY into a fresh database with the server's schema: the rate PostgreSQL itself can take rows in. */
async function copyIntoPostgres(counts: SyncRowCounts): Promise<Figure> {
  const name = `kartoteka_cmp_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.pg });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.pg);
  url.pathname = `/${name}`;
  try {
    const migrated = await openServerDatabase({ kind: 'postgres', url: url.toString() }, join(ROOT, 'migrations/server'));
    await migrated.destroy();
    const client = new pg.Client({ connectionString: url.toString() });
    client.on('error', () => undefined);
    await client.connect();
    const t0 = performance.now();
    await client.query('BEGIN');
    for (const table of SYNC_TABLES) {
      const columns = SYNC_ROW_COLUMNS[table];
      const text = function* (): Generator<Buffer> {
        for (const chunk of syncRows(table, counts, now)) {
          yield Buffer.from(chunk.map((r) => `${columns.map((c) => copyText(r[c] ?? null)).join('\t')}\n`).join(''));
        }
      };
      await pipeline(Readable.from(text()), client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    await client.end();
    return { method: 'COPY into PostgreSQL', rows: counts.total, seconds, rowsPerSecond: Math.round(counts.total / seconds), note: 'server schema with its indexes, one transaction, rows built in this process' };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** (b) One transaction of prepared INSERTs into SQLite (WAL, synchronous FULL as the desktop opens it). */
function insertIntoSqlite(counts: SyncRowCounts, work: string): Figure[] {
  const out: Figure[] = [];
  for (const variant of ['desktop schema', 'bare tables'] as const) {
    const path = join(work, `insert-${variant.replace(' ', '-')}.sqlite`);
    const db = openSqlite(path);
    if (variant === 'desktop schema') migrate(db, LOCAL_MIGRATIONS);
    else for (const table of SYNC_TABLES) db.exec(`CREATE TABLE "${table}" (${SYNC_ROW_COLUMNS[table].map((c) => `"${c}"`).join(', ')})`);
    const insert = (t: SyncTable) => {
      const cols = SYNC_ROW_COLUMNS[t];
      return db.prepare<[SyncRow]>(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    };
    const inserts = { customer: insert('customer'), contact_point: insert('contact_point'), interaction: insert('interaction') };
    const t0 = performance.now();
    db.transaction(() => {
      for (const table of SYNC_TABLES) {
        const stmt = inserts[table];
        for (const chunk of syncRows(table, counts, now)) for (const row of chunk) stmt.run(row);
      }
    })();
    const seconds = (performance.now() - t0) / 1000;
    db.close();
    out.push({
      method: `SQLite INSERTs, ${variant}`, rows: counts.total, seconds, rowsPerSecond: Math.round(counts.total / seconds),
      note: variant === 'desktop schema' ? 'migrations/local: indexes + FTS5 triggers, WAL, one transaction' : 'same columns, no index, no trigger, WAL, one transaction',
    });
  }
  return out;
}

/** (c) PouchDB replication of the same rows as documents, express-pouchdb → HTTP → pouchdb-node. */
async function pouchReplication(counts: SyncRowCounts, work: string, batchSize: number): Promise<Figure> {
  const serverDir = join(work, 'pouch-server');
  mkdirSync(serverDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--pouch-server', JSON.stringify({ dir: serverDir, rows: Number(values.rows) })], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await new Promise<{ port: number; loadSeconds: number }>((ok, fail) => {
      child.once('exit', (code) => fail(new Error(`the PouchDB server exited with ${String(code)}`)));
      createInterface({ input: child.stdout }).once('line', (line) => ok(JSON.parse(line) as { port: number; loadSeconds: number }));
    });
    process.stderr.write(`PouchDB source loaded in ${ready.loadSeconds.toFixed(1)} s\n`);
    const Pouch = loadPouch();
    const local = new Pouch(join(work, 'pouch-local'));
    const t0 = performance.now();
    const result = await local.replicate.from(`http://127.0.0.1:${ready.port}/kartoteka`, { batch_size: batchSize });
    const seconds = (performance.now() - t0) / 1000;
    const docs = (await local.info()).doc_count;
    await local.close();
    if (docs !== counts.total) throw new Error(`PouchDB replicated ${docs} documents, expected ${counts.total} (${JSON.stringify(result)})`);
    return { method: 'PouchDB replication', rows: docs, seconds, rowsPerSecond: Math.round(docs / seconds), note: `express-pouchdb (child) → HTTP → pouchdb-node, batch_size ${batchSize}` };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * (d) Kartoteka's initial sync, run by its own benchmark in a child: page by page, or (e) from the
 * scope's store snapshot (the builder's cold cost is printed by that run, not counted here).
 */
function kartotekaInitialSync(rows: number, pgUrl: string | null, snapshot: boolean): Figure | null {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/initial-sync.ts'), '--rows', String(rows), ...(pgUrl ? ['--pg', pgUrl] : []), ...(snapshot ? ['--snapshot'] : [])], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`bench/initial-sync.ts exited with ${String(run.status ?? run.signal)}`);
    return null;
  }
  const file = readdirSync(RESULTS_DIR)
    .filter((f) => f.startsWith('initial-sync-') && !f.startsWith('initial-sync-compare') && f.endsWith('.json'))
    .map((f) => join(RESULTS_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file) {
    console.error('bench/initial-sync.ts wrote no result file');
    return null;
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as { rows?: number; seconds?: number; rowsPerSecond?: number; database?: string; desktopPeakRssMb?: number; serverPeakRssMb?: number };
  return {
    method: `kartoteka initial sync${snapshot ? ' from the snapshot' : ''} (${r.database ?? '?'})`, rows: r.rows ?? NaN, seconds: r.seconds ?? NaN, rowsPerSecond: r.rowsPerSecond ?? NaN,
    note: `${r.database ?? '?'} → HTTP → SQLite; peak RSS desktop ${r.desktopPeakRssMb ?? '?'} MB, server ${r.serverPeakRssMb ?? '?'} MB (${file.slice(RESULTS_DIR.length + 1)})`,
  };
}
