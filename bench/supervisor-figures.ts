// Supervisor queries benchmark: npm run bench:figures [-- --interactions 10000000] [--runs 5] [--reuse]
//   [--pg postgres://postgres@127.0.0.1:5432/postgres]
// Makes a fresh database kartoteka_bench_figures_<N> on the real PostgreSQL, runs the server migrations,
// fills it with SQL (INSERT ... SELECT generate_series; the interaction indexes are dropped during
// the fill and rebuilt after, which is what a bulk load does): 5 teams × 10 operators, customers,
// interactions over 365 days (channel / reason / mood mix, 5 % of inbound calls missed), cases and
// tasks; ANALYZE + VACUUM. Then times each supervisor query through the server's own modules
// (figures for a day, week, month, year; board; queue; review's first page) as p50 / max over
// several runs, prints EXPLAIN (ANALYZE, BUFFERS) of the figures queries, and writes
// bench/results/supervisor-figures.json. --reuse keeps a database filled by an earlier run of the
// same size (re-times after a query change). Never passes or fails.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { ceilingRow, describeMachine, machine, nowMs, positiveInt, printRows, ROOT, round, summarise, writeResult, type BudgetRow } from './lib/common.js';
import type { ServerDb } from '../src-server/index.js';
import { migrate } from '../src-server/index.js';
import { teamBoard } from '../src-server/index.js';
import { centreDay } from '../src-server/index.js';
import { computeFigures } from '../src-server/index.js';
import { workQueue } from '../src-server/index.js';
import { reviewPage } from '../src-server/index.js';
import { supervisorScope } from '../src-server/index.js';
import { DEFAULT_SUPERVISOR_SETTINGS } from '../src-server/index.js';
import { QueueQuery, ReviewQuery } from '../src-shared/supervisor/protocol.js';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    reuse: { type: 'boolean', default: false },
  },
});
const N = positiveInt(values.interactions, 'interactions');
const RUNS = positiveInt(values.runs, 'runs');
// One database per size, so a small smoke run (CI, run-all) never replaces a 10M fill kept for --reuse.
const DB_NAME = `kartoteka_bench_figures_${N}`;
const TEAMS = 5;
const PER_TEAM = 10;
const DAY = 86_400_000;
const tz = DEFAULT_SUPERVISOR_SETTINGS.timeZone;
const NOW = Date.now();

const adminUrl = values.pg;
const url = new URL(adminUrl);
url.pathname = `/${DB_NAME}`;

/** Lowers the priority of this connection's backend: the machine is shared. */
async function beNice(client: pg.ClientBase): Promise<void> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
  if (pid !== undefined) spawnSync('renice', ['-n', '10', '-p', String(pid)], { stdio: 'ignore' });
}

async function existingSize(): Promise<number | null> {
  const c = new pg.Client({ connectionString: url.toString() });
  try {
    await c.connect();
  } catch {
    return null;
  }
  try {
    const r = await c.query<{ v: string }>(`SELECT value AS v FROM server_setting WHERE key = 'bench_interactions'`);
    return r.rows[0] ? Number(r.rows[0].v) : null;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

async function fill(): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const started = nowMs();
  const kdb = new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
  await migrate(kdb, `${ROOT}/migrations/server`);
  await kdb.destroy();

  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  await beNice(c);
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = nowMs();
    await c.query(text, params);
    console.log(`  ${label}: ${((nowMs() - t) / 1000).toFixed(1)} s`);
  };
  await c.query(`SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 1; SET synchronous_commit = off`);
  const customers = Math.max(1_000, Math.floor(N / 100));
  const cases = Math.max(100, Math.floor(N / 20));
  const tasks = Math.max(100, Math.floor(N / 20));
  console.log(`filling ${N} interactions, ${customers} customers, ${cases} cases, ${tasks} tasks…`);
  await step('teams and users', `
    INSERT INTO team (id, name, created_at) SELECT 'team-' || t, 'Линия ' || t, 0 FROM generate_series(1, ${TEAMS}) t;
    INSERT INTO app_user (id, username, password_hash, name, role, team_id, scope, created_at, updated_at, hlc)
      SELECT 'op-' || u, 'op' || u, 'x', 'Оператор ' || u, 'operator', 'team-' || (1 + (u - 1) / ${PER_TEAM}), 'team', 0, 0, 'seed'
      FROM generate_series(1, ${TEAMS * PER_TEAM}) u;
    INSERT INTO app_user (id, username, password_hash, name, role, team_id, scope, created_at, updated_at, hlc)
      SELECT 'sup-' || t, 'sup' || t, 'x', 'Старший ' || t, 'supervisor', 'team-' || t, 'all', 0, 0, 'seed' FROM generate_series(1, ${TEAMS}) t;
    INSERT INTO operator_presence (user_id, state, since, caller_name, reported_at)
      SELECT 'op-' || u, (ARRAY['available', 'on_call', 'wrap_up', 'away'])[1 + u % 4], ${NOW}, NULL, ${NOW} FROM generate_series(1, ${TEAMS * PER_TEAM}) u;`);
  await step('customers', `
    INSERT INTO customer (id, kind, name, owner_id, owner_locked, created_at, updated_at, hlc)
    SELECT 'c-' || g, 'person', 'Клиент ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'op-' || (1 + g % ${TEAMS * PER_TEAM}) END, (g % 2), 0, 0, 'seed'
    FROM generate_series(1, ${customers}) g`);
  // Bulk load: without secondary indexes and primary key, then build them once (sorted).
  const defs = (await c.query<{ name: string; def: string }>(`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'interaction' AND indexname <> 'interaction_pkey'`)).rows;
  for (const d of defs) await c.query(`DROP INDEX ${d.name}`);
  await c.query(`ALTER TABLE interaction DROP CONSTRAINT interaction_pkey`);
  const chunk = 1_000_000;
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1);
    // h: a cheap deterministic hash of i, to mix channels, reasons, times and people.
    await step(`interactions ${from}–${to}`, `
      INSERT INTO interaction (id, customer_id, channel, direction, occurred_at, duration_s, user_id, reason, outcome, mood, notes, email_subject,
                               created_at, updated_at, hlc, deleted)
      SELECT 'i-' || i, 'c-' || (1 + h % ${customers}),
             ch, dir,
             -- spread over 365 days, mostly in the centre's working hours (06–18 UTC = 09–21 Moscow)
             ${NOW}::bigint - (i::bigint * ${365 * DAY} / ${N}) / ${DAY} * ${DAY} - ((h / 7) % 43200000) - 21600000 + (${NOW}::bigint % ${DAY}),
             CASE WHEN ch = 'call' AND missed THEN 0 WHEN ch = 'call' THEN 30 + h % 870 ELSE NULL END,
             'op-' || (1 + (h / 13) % ${TEAMS * PER_TEAM}),
             (ARRAY['complaint', 'service_request', 'information', 'information', 'sales', 'other'])[1 + (h / 17) % 6],
             CASE WHEN ch = 'call' AND missed THEN 'missed' WHEN ch = 'call' THEN 'resolved' END,
             (ARRAY['positive', 'neutral', 'neutral', 'negative', 'angry'])[1 + (h / 19) % 5],
             'Обращение ' || i, CASE WHEN ch = 'email' THEN 'Письмо ' || i END,
             0, 0, 'seed', CASE WHEN i % 1000 = 0 THEN 1 ELSE 0 END
      FROM (
        SELECT i, h,
               CASE WHEN h % 10 < 7 THEN 'call' WHEN h % 10 < 9 THEN 'email' ELSE 'fax' END AS ch,
               CASE WHEN (h / 3) % 10 < 6 THEN 'in' ELSE 'out' END AS dir,
               (h / 3) % 10 < 6 AND (h / 11) % 20 = 0 AS missed
        FROM (SELECT i, abs(hashint4(i)) AS h FROM generate_series(${from}, ${to}) i) s
      ) x`);
  }
  await step('interaction primary key', `ALTER TABLE interaction ADD CONSTRAINT interaction_pkey PRIMARY KEY (id)`);
  for (const d of defs) await step(`index ${d.name}`, d.def);
  await step('cases', `
    INSERT INTO "case" (id, customer_id, category, subject, status, opened_at, closed_at, assignee_id, created_at, updated_at, hlc)
    SELECT 'k-' || g, 'c-' || (1 + h % ${customers}), (ARRAY['complaint', 'service_request', 'information', 'sales', 'other'])[1 + h % 5], 'Дело ' || g,
           CASE WHEN g % 50 = 0 THEN 'open' WHEN g % 50 = 1 THEN 'pending' ELSE 'closed' END,
           ${NOW}::bigint - (g::bigint * ${365 * DAY} / ${cases}),
           CASE WHEN g % 50 > 1 THEN ${NOW}::bigint - (g::bigint * ${365 * DAY} / ${cases}) + (h % ${3 * DAY}) END,
           CASE WHEN g % 7 = 0 THEN NULL ELSE 'op-' || (1 + (h / 7) % ${TEAMS * PER_TEAM}) END, 0, 0, 'seed'
    FROM (SELECT g, abs(hashint4(g + 7)) AS h FROM generate_series(1, ${cases}) g) s`);
  await step('tasks', `
    INSERT INTO task (id, customer_id, case_id, kind, title, due_at, assignee_id, status, created_at, updated_at, hlc)
    SELECT 't-' || g, 'c-' || (1 + h % ${customers}), NULL, (ARRAY['callback', 'send_offer', 'other'])[1 + h % 3], 'Задача ' || g,
           ${NOW}::bigint - (g::bigint * ${365 * DAY} / ${tasks}) + ${2 * DAY},
           CASE WHEN g % 5 = 0 THEN NULL ELSE 'op-' || (1 + (h / 7) % ${TEAMS * PER_TEAM}) END,
           CASE WHEN g % 20 = 0 THEN 'open' ELSE 'done' END, ${NOW}::bigint - (g::bigint * ${365 * DAY} / ${tasks}), 0, 'seed'
    FROM (SELECT g, abs(hashint4(g + 11)) AS h FROM generate_series(1, ${tasks}) g) s`);
  await step('vacuum analyze', `VACUUM ANALYZE`);
  await c.query(`INSERT INTO server_setting (key, value) VALUES ('bench_interactions', $1)`, [String(N)]);
  await c.end();
  return (nowMs() - started) / 1000;
}

let fillSeconds: number | null = null;
if (values.reuse && (await existingSize()) === N) console.log(`reusing ${DB_NAME} with ${N} interactions`);
else fillSeconds = await fill();
if (fillSeconds !== null) console.log(`filled in ${fillSeconds.toFixed(0)} s`);

const captured: CompiledQuery[] = [];
const pool = new pg.Pool({ connectionString: url.toString(), max: 2, types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser } });
pool.on('connect', (client) => void beNice(client));
const db = new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });

const supervisor = await db.selectFrom('app_user').selectAll().where('id', '=', 'sup-1').executeTakeFirstOrThrow();
const scope = await supervisorScope(db, supervisor);
const today = await centreDay(db, tz, NOW);
const dayBefore = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

async function time(label: string, run: () => Promise<unknown>): Promise<{ label: string; p50: number; max: number; runs: number }> {
  await run(); // warm the cache once; the figures are the runs after it
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = nowMs();
    await run();
    samples.push(nowMs() - t);
  }
  const s = summarise(samples);
  return { label, p50: s.p50, max: s.max, runs: RUNS };
}

const figures = (from: string) => () => computeFigures(db, scope, { from, to: today }, tz, NOW);
const timings = [
  await time('figures: today (team of 10)', figures(today)),
  await time('figures: 7 days', figures(dayBefore(6))),
  await time('figures: 31 days', figures(dayBefore(30))),
  await time('figures: 365 days', figures(dayBefore(364))),
  await time('board', () => teamBoard(db, scope, { timeZone: tz, presenceStaleMs: DEFAULT_SUPERVISOR_SETTINGS.presenceStaleMs, nowMs: NOW, isConnected: () => true })),
  await time('queue (sort by due, 500)', () => workQueue(db, scope, QueueQuery.parse({}), DEFAULT_SUPERVISOR_SETTINGS, NOW)),
  await time('review: first page (100)', () => reviewPage(db, scope, ReviewQuery.parse({}), tz)),
];

console.log(`\n${N} interactions; ${describeMachine(machine())}`);
console.table(timings.map((t) => ({ query: t.label, 'p50 ms': round(t.p50, 1), 'max ms': round(t.max, 1), runs: t.runs })));

async function explain(label: string, run: () => Promise<unknown>): Promise<string[]> {
  captured.length = 0;
  await run();
  const plans: string[] = [];
  for (const q of captured.filter((x) => /FROM interaction|FROM "case"|WITH items/.test(x.sql))) {
    const client = await pool.connect();
    try {
      // The same session settings as computeFigures' transaction.
      await client.query(`BEGIN; SET LOCAL jit = off`);
      const res = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
      await client.query('COMMIT');
      plans.push(res.rows.map((row) => row['QUERY PLAN']).join('\n'));
    } finally {
      client.release();
    }
  }
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — ${label}:\n${plans.join('\n\n')}`);
  return plans;
}
const plans = {
  month: await explain('figures, 31 days', figures(dayBefore(30))),
  year: await explain('figures, 365 days', figures(dayBefore(364))),
  queue: await explain('queue', () => workQueue(db, scope, QueueQuery.parse({}), DEFAULT_SUPERVISOR_SETTINGS, NOW)),
  review: await explain('review, first page', () => reviewPage(db, scope, ReviewQuery.parse({}), tz)),
};

const rows: BudgetRow[] = timings.map((t) => ceilingRow('supervisor-figures', `${t.label} p50`, t.p50, 'ms', null));
printRows(rows);
writeResult('supervisor-figures', { interactions: N, runs: RUNS, fillSeconds, timeZone: tz, team: { operators: scope.memberIds.length }, timings, rows, plans });
await db.destroy();
