// Planned work benchmark (issue 19): npx tsx bench/planning.ts [--starts 500] [--entries 500] [--reps 10] [--build]
// 1. Starting a process: processes.start on a fresh store (a run, its deadlines on the production
//    calendar, its first tasks), and closing a step with an outcome (the next step's deadline), each
//    timed through the engine's handler table as the renderer calls it.
// 2. Rendering a week of --entries entries: the engine's diary.range for that week, and in Chromium
//    (the real renderer on the real host) Ctrl+Shift+D → every day's list painted, opened --reps times.
// Writes bench/results/planning.json. Never fails on time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, dispatch, openSqlite } from '../src-main/core/index.js';
import { createHost } from '../src-main/host/index.js';
import type { ApiInput, ApiOutput, MethodName } from '../src-shared/index.js';
import { addDays, mondayOf, setDisplayTimeZone, todayIso } from '../src-renderer/i18n/format.js';
import { launchBrowser, openApp } from '../tests/e2e/support/browser.js';
import { ceilingRow, LOCAL_MIGRATIONS, positiveInt, printRows, ROOT, summarise, writeResult, type BudgetRow } from './lib/common.js';

const { values } = parseArgs({ options: { starts: { type: 'string', default: '500' }, entries: { type: 'string', default: '500' }, reps: { type: 'string', default: '10' }, build: { type: 'boolean', default: false } } });
const starts = positiveInt(values.starts, 'starts');
const entries = positiveInt(values.entries, 'entries');
const reps = positiveInt(values.reps, 'reps');
const RENDERER_DIR = resolve(ROOT, 'dist/renderer');
if (values.build || !existsSync(join(RENDERER_DIR, 'index.html'))) execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const dbPath = join(mkdtempSync(join(tmpdir(), 'kartoteka-bench-planning-')), 'store.sqlite');
let engine = createEngine({ dbPath, migrationsDir: LOCAL_MIGRATIONS });
async function call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const r = await dispatch(engine.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as ApiOutput<M>;
}
// The desk's user defines the process: a supervisor.
engine.close();
const sqlite = openSqlite(dbPath);
sqlite.prepare("UPDATE app_user SET role = 'supervisor'").run();
sqlite.close();
engine = createEngine({ dbPath, migrationsDir: LOCAL_MIGRATIONS });
const me = (await call('session.get', {})).user!.id;

const process = await call('processes.save', {
  name: 'Интерес к предложению', trigger: 'manual', triggerCategory: null, active: true,
  steps: [
    { key: 'call', title: 'Перезвонить сегодня', kind: 'callback', priority: 'high', assignee: { kind: 'operator' }, due: { amount: 0, unit: 'working_days', from: 'start' }, next: null,
      outcomes: [{ key: 'yes', label: 'Интересно', next: 'offer' }, { key: 'no', label: 'Нет', next: 'later' }] },
    { key: 'offer', title: 'Отправить предложение', kind: 'send_offer', priority: 'normal', assignee: { kind: 'owner' }, due: { amount: 2, unit: 'working_days', from: 'previous' }, next: null, outcomes: [] },
    { key: 'approve', title: 'Согласовать скидку', kind: 'other', priority: 'normal', assignee: { kind: 'team' }, due: { amount: 4, unit: 'hours', from: 'start' }, next: null, outcomes: [], parallel: true },
    { key: 'later', title: 'Позвонить через три месяца', kind: 'callback', priority: 'low', assignee: { kind: 'operator' }, due: { amount: 90, unit: 'days', from: 'previous' }, next: null, outcomes: [] },
  ],
});

const startMs: number[] = [];
const closeMs: number[] = [];
for (let i = 0; i < starts; i++) {
  const customer = await call('customers.create', { name: `Клиент ${i}`, contacts: [] });
  let t0 = performance.now();
  const run = await call('processes.start', { processId: process.id, customerId: customer.id });
  startMs.push(performance.now() - t0);
  t0 = performance.now();
  await call('tasks.complete', { id: run.tasks[0]!.id, outcome: i % 2 === 0 ? 'yes' : 'no' });
  closeMs.push(performance.now() - t0);
}

// A week of `entries` tasks, spread over its working days (the processes' tasks are elsewhere in time).
setDisplayTimeZone('Europe/Moscow');
const monday = mondayOf(addDays(todayIso(), 28));
const customer = await call('customers.create', { name: 'ООО Неделя', contacts: [] });
for (let i = 0; i < entries; i++) {
  const day = addDays(monday, i % 5);
  const minute = 9 * 60 + ((i * 7) % 540);
  await call('tasks.create', { customerId: customer.id, kind: 'callback', title: `Перезвонить клиенту №${i + 1}`, dueAt: Date.parse(`${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+03:00`), assigneeId: me });
}
const rangeMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const week = await call('diary.range', { from: monday, days: 7 });
  rangeMs.push(performance.now() - t0);
  if (week.entries.length < entries) throw new Error(`the week holds ${week.entries.length} entries, expected ${entries}`);
}

const host = await createHost({ engine, staticDir: RENDERER_DIR, port: 0, log: () => undefined });
const browser = await launchBrowser();
const app = await openApp(browser, host.url, { viewport: { width: 1366, height: 900 } });
const paintMs: number[] = [];
try {
  const { page } = app;
  await page.waitForFunction(() => document.documentElement.dataset['appReady'] === 'yes');
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await page.keyboard.press('Control+Shift+D');
    await page.getByTestId('diary-view-week').waitFor();
    // The week shown first is today's; the benchmark's week is four ahead.
    for (let k = 0; k < 4; k++) await page.getByTestId('diary-next').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="diary-day"]').length === 7 && document.querySelector(`[data-date="${n}"] [role="option"]`) !== null, monday);
    paintMs.push(performance.now() - t0);
    await page.keyboard.press('Escape');
    await page.getByTestId('diary-dialog').waitFor({ state: 'detached' });
  }
} finally {
  await app.close();
  await browser.close();
  await host.close();
  engine.close();
}

const start = summarise(startMs);
const close = summarise(closeMs);
const range = summarise(rangeMs);
const paint = summarise(paintMs);
const rows: BudgetRow[] = [
  ceilingRow('planning', `processes.start p99 (${starts} runs, two tasks each)`, start.p99, 'ms', 50),
  ceilingRow('planning', 'tasks.complete with an outcome p99 (the next step planned)', close.p99, 'ms', 50),
  ceilingRow('planning', `diary.range, a week of ${entries} entries, p99`, range.p99, 'ms', 100),
  ceilingRow('planning', `the diary's week painted (Ctrl+Shift+D, then 4 weeks on), p50 of ${reps}`, paint.p50, 'ms', null),
];
printRows(rows);
writeResult('planning', { starts, entries, reps, start, close, range, paint, rows });
