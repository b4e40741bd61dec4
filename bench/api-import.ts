// Integration API benchmark (issue 26): npm run bench:api-import [-- --lines 10000] [--pg postgres://…]
// A billing system imports N customers as one CSV file (each with a phone and an email) through
// POST /api/v1/import/customers, then the same file again (every line unchanged), and a warehouse
// reads every change through GET /api/v1/changes in pages of 1,000. Measured: lines/s of each import,
// changes/s of the export, the server's event-loop delay during the first import (max, p99), /health
// answered every 100 ms meanwhile (p50/p99/max), and the peak RSS. Writes bench/results/api-import.json.
// Never passes or fails on time.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ceilingRow, describeMachine, machine, nowMs, positiveInt, printRows, ROOT, round, summarise, writeResult, type BudgetRow } from './lib/common.js';
import { createApiToken, createUser, startServer, type RunningServer } from '../src-server/index.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '10000' }, pg: { type: 'string' } } });
const N = positiveInt(values.lines, 'lines');

async function freshPg(url: string): Promise<{ target: { kind: 'postgres'; url: string }; drop(): Promise<void> }> {
  const name = `kartoteka_bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: u.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'kartoteka-bench-api-'));
const pgDb = values.pg ? await freshPg(values.pg) : null;
let server: RunningServer | null = null;
try {
  server = await startServer({ database: pgDb?.target ?? { kind: 'pglite', dataDir }, migrationsDir: path.join(ROOT, 'migrations/server'), logger: false });
  const admin = await createUser(server.db, { username: 'bench', password: 'bench-password-123', name: 'Bench', role: 'admin', teamId: null, scope: 'all', extension: null });
  const { token } = await createApiToken(server.db, { name: 'Billing', system: 'billing', scopes: ['customers:write', 'export:read'] }, admin.id, Date.now());
  const csv = ['externalId,name,kind,phones,emails,segment',
    ...Array.from({ length: N }, (_, i) => `B-${i},Клиент ${i},person,+7916${String(1_000_000 + i).padStart(7, '0')},client${i}@billing.example,${i % 3 === 0 ? 'vip' : ''}`)].join('\r\n');
  const importOnce = async () => {
    const t0 = nowMs();
    const res = await fetch(`${server!.url}/api/v1/import/customers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    const report = await res.json() as { created: number; unchanged: number; errors: unknown[] };
    if (!res.ok || report.errors.length > 0) throw new Error(`import failed: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
    return { seconds: (nowMs() - t0) / 1000, report };
  };

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const health: number[] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t0 = nowMs();
      await fetch(`${server!.url}/health`).then((r) => r.text());
      health.push(nowMs() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  loop.enable();
  const first = await importOnce();
  loop.disable();
  polling = false;
  await poll;
  const second = await importOnce();

  const t0 = nowMs();
  let after = 0;
  let changes = 0;
  for (;;) {
    const page = await (await fetch(`${server.url}/api/v1/changes?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).json() as { changes: unknown[]; cursor: number; hasMore: boolean };
    changes += page.changes.length;
    after = page.cursor;
    if (!page.hasMore) break;
  }
  const exportS = (nowMs() - t0) / 1000;
  clearInterval(rssTimer);
  const h = summarise(health);
  const rows: BudgetRow[] = [
    { bench: 'api-import', figure: `first import (${first.report.created} created)`, value: round(N / first.seconds, 0), unit: 'lines/s', budget: '—', ratio: null },
    { bench: 'api-import', figure: `the same file again (${second.report.unchanged} unchanged)`, value: round(N / second.seconds, 0), unit: 'lines/s', budget: '—', ratio: null },
    { bench: 'api-import', figure: `export of ${changes} changes in pages of 1,000`, value: round(changes / exportS, 0), unit: 'changes/s', budget: '—', ratio: null },
    ceilingRow('api-import', 'server event-loop delay while importing, max', round(loop.max / 1e6, 1), 'ms', 50),
    ceilingRow('api-import', 'server event-loop delay while importing, p99', round(loop.percentile(99) / 1e6, 1), 'ms', 50),
    ceilingRow('api-import', `/health while importing, p99 (p50 ${round(h.p50, 1)} ms, max ${round(h.max, 1)} ms)`, round(h.p99, 1), 'ms', 100),
    { bench: 'api-import', figure: 'server process peak RSS', value: round(peakRss / 1024 / 1024, 0), unit: 'MB', budget: 'flat', ratio: null },
  ];
  console.log(`\nimport of ${N} customers through the integration API, ${pgDb ? 'PostgreSQL' : 'PGlite'} — ${describeMachine(machine())}`);
  printRows(rows);
  writeResult('api-import', { lines: N, database: pgDb ? 'postgres' : 'pglite', firstSeconds: round(first.seconds, 1), secondSeconds: round(second.seconds, 1), exportSeconds: round(exportS, 1), changes, health: h, rows });
} finally {
  await server?.close();
  await pgDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
}
