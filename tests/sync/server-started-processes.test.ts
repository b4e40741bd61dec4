// Processes the server starts itself (issue 19), on PGlite and PostgreSQL: a cloud PBX's call that
// nobody answered, which the server records with no desktop involved, starts the missed-call process;
// a case another system opens through the integration API starts its category's process. The runs
// and their first tasks, with deadlines on the production calendar, reach the desktops at their next
// sync, and close there like any run's. A replayed event starts nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessDef, Task } from '../../src-shared/index.js';
import { recordPendingMissedCalls } from '../../src-server/pbx/missed-call.js';
import { createTeam } from '../../src-server/users.js';
import { Desktop } from '../support/desktop.js';
import { postZadarma, zadarmaTime } from '../support/pbx-requests.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
// A Friday evening before the weekend and the holiday Monday of 9 March 2026.
let clock = moscow('2026-03-06T17:49:40');
const now = () => clock;
const SECRET = 'a1b2c3d4e5f6a7b8';

let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;
let boris: Desktop;
const ids: Record<string, string> = {};
let adminToken = '';
let missedProcess: ProcessDef;
let complaintProcess: ProcessDef;

const admin = <T = unknown>(method: string, path: string, body?: unknown) => call<T>(server.url, method, path, { token: adminToken, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  server = await RestartableServer.start(now);
  const team = await createTeam(server.db, 'Линия');
  ids.sveta = await server.addUser('sveta', 'supervisor', 'all', team.id);
  ids.anna = await server.addUser('anna', 'operator', 'all', team.id);
  ids.boris = await server.addUser('boris', 'operator', 'own', team.id);
  ids.ivan = await server.addUser('ivan', 'supervisor', 'all', team.id);
  await server.addUser('root', 'admin');
  adminToken = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'root', password: PASSWORD } })).body.accessToken;
  expect((await admin('POST', '/admin/pbx', { id: 'novofon', kind: 'zadarma', name: 'Новофон', secret: SECRET, teamId: team.id })).status).toBe(201);
  expect((await admin('POST', '/admin/pbx/novofon/lines', { userId: ids.anna, extension: '101' })).status).toBe(200);
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [sveta, anna, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
  missedProcess = await sveta.call('processes.save', {
    name: 'Пропущенный звонок', trigger: 'missed_call', triggerCategory: null, active: true,
    steps: [
      {
        key: 'callback', title: 'Перезвонить в течение 30 минут', kind: 'callback', priority: 'high', assignee: { kind: 'team' },
        due: { amount: 30, unit: 'minutes', from: 'start' }, next: null,
        outcomes: [{ key: 'reached', label: 'Дозвонились', next: null }, { key: 'no_answer', label: 'Не ответил', next: 'retry' }],
      },
      { key: 'retry', title: 'Перезвонить ещё раз', kind: 'callback', priority: 'normal', assignee: { kind: 'team' }, due: { amount: 1, unit: 'working_days', from: 'previous' }, next: null, outcomes: [] },
    ],
  });
  complaintProcess = await sveta.call('processes.save', {
    name: 'Претензия', trigger: 'case_opened', triggerCategory: 'complaint', active: true,
    steps: [
      { key: 'check', title: 'Проверить претензию', kind: 'other', priority: 'high', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'working_days', from: 'start' }, next: null, outcomes: [] },
      { key: 'approve', title: 'Согласовать компенсацию', kind: 'other', priority: 'normal', assignee: { kind: 'user', userId: ids.ivan! }, due: { amount: 4, unit: 'hours', from: 'start' }, next: null, outcomes: [], parallel: true },
    ],
  });
  // Bound to another category: a complaint must not start it.
  await sveta.call('processes.save', {
    name: 'Продажа', trigger: 'case_opened', triggerCategory: 'sales', active: true,
    steps: [{ key: 'offer', title: 'Отправить предложение', kind: 'send_offer', priority: 'normal', assignee: { kind: 'team' }, due: { amount: 1, unit: 'days', from: 'start' }, next: null, outcomes: [] }],
  });
  await sveta.sync();
});
afterAll(async () => {
  for (const d of [sveta, anna, boris]) d?.close();
  await server?.close();
});

/** One Novofon call that rings Anna's phone and ends unanswered, signed as the PBX signs it. */
async function unansweredCall(caller: string, id: string): Promise<() => Promise<unknown>> {
  const base = { call_start: zadarmaTime(clock), pbx_call_id: id, caller_id: caller, called_did: '74951234567' };
  const send = (fields: Record<string, string>) => postZadarma(server.url, 'novofon', fields, SECRET);
  const end = () => send({ event: 'NOTIFY_END', ...base, internal: '', duration: '0', disposition: 'no answer', status_code: '16', is_recorded: '0' });
  expect((await send({ event: 'NOTIFY_START', ...base })).status).toBe(200);
  expect((await send({ event: 'NOTIFY_INTERNAL', ...base, internal: '101' })).status).toBe(200);
  clock += 20_000;
  expect((await end()).status).toBe(200);
  return end;
}

const runsOn = async (table: 'process_run' | 'task', column: string, value: string) =>
  server.db.selectFrom(table).selectAll().where(column as never, '=', value as never).execute();

describe('processes the server starts', () => {
  it('a cloud PBX’s missed call starts the missed-call process for the team, once, past the weekend and the holiday', async () => {
    const replay = await unansweredCall('+79161230001', 'in_cloud_1');
    // The server writes it a little later (its sweep): the process counts from when the call was missed.
    clock += 90_000;
    await recordPendingMissedCalls(server.db, clock);
    await replay();
    await recordPendingMissedCalls(server.db, clock);
    const runs = await runsOn('process_run', 'process_id', missedProcess.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'running', started_by: null, operator_id: null });

    await anna.sync();
    const customer = (await anna.call('callerCard.lookup', { number: '+7 916 123-00-01' })).matches[0]!.customer;
    const [run] = await anna.call('processes.runs', { customerId: customer.id });
    expect(run).toMatchObject({ name: 'Пропущенный звонок', status: 'running' });
    // 30 working minutes from 17:50 on Friday, when it ended: 10 on Friday, then Tuesday 10 March from 09:00.
    expect(run!.tasks.map((t) => [t.title, t.assignee, t.dueAt, t.priority])).toEqual([['Перезвонить в течение 30 минут', null, moscow('2026-03-10T09:20'), 'high']]);
    const team = (await anna.call('tasks.list', { assignee: 'any' })).filter((t: Task) => t.assignee === null);
    expect(team.map((t: Task) => t.title)).toContain('Перезвонить в течение 30 минут');

    // Closed on Anna's desktop like any run's step: the next one follows, and the server keeps it.
    clock = moscow('2026-03-10T09:05');
    await anna.call('tasks.complete', { id: run!.tasks[0]!.id, outcome: 'no_answer' });
    await anna.sync();
    const after = (await anna.call('processes.runs', { customerId: customer.id }))[0]!;
    expect(after.tasks.map((t) => [t.process?.stepKey, t.status, t.dueAt])).toEqual([
      ['callback', 'done', moscow('2026-03-10T09:20')],
      ['retry', 'open', moscow('2026-03-11T18:00')],
    ]);
    expect((await runsOn('task', 'process_run_id', run!.id)).map((t) => [t.step_key, t.status])).toEqual(expect.arrayContaining([['callback', 'done'], ['retry', 'open']]));
  });

  it('a complaint another system opens starts the complaint process for the owner and the approver; its category alone', async () => {
    clock = moscow('2026-03-10T10:00');
    const made = await admin<{ token: string }>('POST', '/admin/api-tokens', { name: '1С', system: 'crm1c', scopes: ['cases:write'] });
    const api = <T = unknown>(method: string, path: string, body: unknown) => call<T>(server.url, method, path, { token: made.body.token, body });
    const customer = await sveta.call('customers.create', { name: 'ООО Претензия', kind: 'organisation', ownerId: ids.boris, contacts: [] });
    await sveta.sync();
    const claim = { customer: { id: customer.id }, category: 'complaint', subject: 'Брак партии № 12', openedAt: clock };
    const opened = await api<{ id: string; outcome: string }>('PUT', '/api/v1/cases/WAR-12', claim);
    expect(opened.body.outcome).toBe('created');
    // The same case again, and a closed case: no new run.
    expect((await api<{ outcome: string }>('PUT', '/api/v1/cases/WAR-12', claim)).body.outcome).toBe('unchanged');
    expect((await api('PUT', '/api/v1/cases/WAR-13', { ...claim, subject: 'Уже решено', status: 'closed', resolution: 'Возврат' })).status).toBe(200);
    const runs = await runsOn('process_run', 'customer_id', customer.id);
    expect(runs.map((r) => [r.name, r.case_id])).toEqual([['Претензия', opened.body.id]]);
    expect(runs.every((r) => r.process_id === complaintProcess.id)).toBe(true);

    // The owner's step reaches Boris, whose scope is his own customers.
    await boris.sync();
    const mine = await boris.call('tasks.list', { assignee: 'me' });
    expect(mine.map((t: Task) => [t.title, t.dueAt, t.caseId])).toEqual([['Проверить претензию', moscow('2026-03-11T18:00'), opened.body.id]]);
    await sveta.sync();
    const all = await sveta.call('processes.runs', { customerId: mine[0]!.customerId });
    expect(all[0]!.tasks.map((t) => [t.title, t.assignee?.id ?? null, t.dueAt])).toEqual([
      ['Проверить претензию', ids.boris, moscow('2026-03-11T18:00')],
      ['Согласовать компенсацию', ids.ivan, moscow('2026-03-10T14:00')],
    ]);
  });
});
