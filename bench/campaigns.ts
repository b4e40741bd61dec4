// Campaigns and greetings benchmark (issue 20): npm run bench:campaigns [-- --customers 100000] [--runs 5]
//   [--pg postgres://postgres@127.0.0.1:5432/postgres]
// Makes a fresh database kartoteka_bench_campaigns_<N> on the real PostgreSQL, runs the server
// migrations, and fills it with SQL: N customers in 8 segments, each with an email, a third of them
// tagged; a saved segment (birthday this month, no complaint in 90 days); 20 campaigns (half by
// label: the segment field, the tag, the saved segment); a response from every fifth customer to each of 5 campaigns (N responses), some
// changed later. Then times:
//  1. the supervisors' figures over every campaign (GET /campaigns/figures's query), p50 / max;
//  2. a day's greetings: a birthday rule for 1 % of the customers born today, written once each
//     (an entry and a queued letter per customer), and a second run that finds them all written.
// Writes bench/results/campaigns.json. Never passes or fails.
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { campaignFigures, centreDay, greetToday, migrate, type ServerDb } from '../src-server/index.js';
import { ceilingRow, describeMachine, machine, nowMs, positiveInt, printRows, ROOT, round, summarise, writeResult, type BudgetRow } from './lib/common.js';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' } } });
const N = positiveInt(values.customers, 'customers');
const RUNS = positiveInt(values.runs, 'runs');
const DB_NAME = `kartoteka_bench_campaigns_${N}`;
const TZ = 'Europe/Moscow';
const NOW = Date.now();
const url = new URL(values.pg);
url.pathname = `/${DB_NAME}`;

const admin = new pg.Client({ connectionString: values.pg });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
await admin.end();
const db = new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }) });
await migrate(db, `${ROOT}/migrations/server`);
const today = await centreDay(db, TZ, NOW);
const born = `1980-${today.slice(5)}`;
const fillStarted = nowMs();
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
await client.query(`
  INSERT INTO customer (id, kind, name, segment, birthday, owner_id, owner_locked, created_at, updated_at, hlc)
    SELECT 'c-' || g, 'person', 'Клиент ' || g, (ARRAY['VIP', 'vip', 'Опт', 'Розница', 'Партнёр', 'Новый', 'Спящий', NULL])[1 + g % 8],
      CASE WHEN g % 100 = 0 THEN '${born}' ELSE '1980-01-0' || (1 + g % 9) END, NULL, 0, 0, 0, 'seed'
    FROM generate_series(1, ${N}) g;
  INSERT INTO contact_point (id, customer_id, kind, raw, normalized, label, created_at, updated_at, hlc)
    SELECT 'e-' || g, 'c-' || g, 'email', 'c' || g || '@example.org', 'c' || g || '@example.org', NULL, 0, 0, 'seed' FROM generate_series(1, ${N}) g;
  INSERT INTO campaign (id, name, kind, starts_on, ends_on, offer, channel, segments, follow_up_process_id, follow_up_on, active, created_at, updated_at, hlc)
    SELECT 'k-' || k, 'Кампания ' || k, 'discount', '2026-01-01', '2026-12-31', 'Скидка', 'call',
      CASE WHEN k % 4 = 0 THEN '["Именинники без жалоб", "Выставка"]'::jsonb WHEN k % 2 = 0 THEN '["VIP", "Опт"]'::jsonb ELSE '[]'::jsonb END, NULL, '[]'::jsonb, 1, 0, 0, 'seed'
    FROM generate_series(1, 20) k;
  INSERT INTO customer_tag (id, customer_id, tag, active, created_at, updated_at, hlc)
    SELECT 't-' || g, 'c-' || g, 'Выставка', 1, 0, 0, 'seed' FROM generate_series(3, ${N}, 3) g;
  INSERT INTO segment (id, name, tags, field, kind, birthday_this_month, no_complaint_days, contacted_within_days, active, created_at, updated_at, hlc)
    VALUES ('s-1', 'Именинники без жалоб', '[]'::jsonb, NULL, NULL, 1, 90, NULL, 1, 0, 0, 'seed');
  INSERT INTO campaign_response (id, campaign_id, customer_id, interaction_id, kind, channel, user_id, responded_at, note, created_at, updated_at, hlc)
    SELECT 'r-' || g || '-' || k, 'k-' || k, 'c-' || (g * 5), NULL, (ARRAY['interested', 'declined', 'purchased', 'info'])[1 + (g + k) % 4],
      (ARRAY['call', 'email', 'web'])[1 + g % 3], NULL, ${NOW} - g, NULL, 0, 0, 'seed'
    FROM generate_series(1, ${Math.floor(N / 5)}) g, generate_series(1, 5) k;
  INSERT INTO greeting_rule (id, name, occasion, month_day, date_label, channel, subject, text, active, created_at, updated_at, hlc)
    VALUES ('g-1', 'Дни рождения', 'birthday', NULL, NULL, 'email', 'С днём рождения!', '{{name}}, поздравляем!', 1, 0, 0, 'seed');
  ANALYZE;`);
await client.end();
const fillSeconds = round((nowMs() - fillStarted) / 1000, 1);

const figuresMs: number[] = [];
let campaigns = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = nowMs();
  campaigns = (await campaignFigures(db, NOW, 'Europe/Moscow')).campaigns.length;
  figuresMs.push(nowMs() - t0);
}
let t0 = nowMs();
const greeted = await greetToday(db, NOW, TZ);
const greetMs = nowMs() - t0;
t0 = nowMs();
const again = await greetToday(db, NOW, TZ);
const againMs = nowMs() - t0;
await db.destroy();

const figures = summarise(figuresMs);
const rows: BudgetRow[] = [
  ceilingRow('campaigns', `figures of ${campaigns} campaigns over ${N} customers, ${N} responses (p50)`, figures.p50, 'ms', null),
  ceilingRow('campaigns', 'the same (max)', figures.max, 'ms', null),
  ceilingRow('campaigns', `a day's greetings: ${greeted} written`, greetMs, 'ms', null),
  ceilingRow('campaigns', 'per greeting', greeted > 0 ? greetMs / greeted : 0, 'ms', null),
  ceilingRow('campaigns', `a second run the same day: ${again} written`, againMs, 'ms', null),
];
console.log(describeMachine(machine()));
console.log(`filled in ${fillSeconds} s`);
printRows(rows);
writeResult('campaigns', { customers: N, runs: RUNS, fillSeconds, figuresMs: figures, greeted, greetMs: round(greetMs), again, againMs: round(againMs), rows });
