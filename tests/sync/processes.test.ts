// Processes across desktops and one server (issue 19), on PGlite and PostgreSQL. A supervisor defines
// a process on her desktop; an operator starts it offline on a Friday afternoon before a holiday
// Monday; its tasks reach three people with deadlines counted on the production calendar; closing a
// step with an outcome starts the next one, once, even when two desktops close it at the same time.
// One clock drives the server and every desktop, so deadlines are exact to the minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId, type ProcessDef, type Task } from '../../src-shared/index.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
let clock = moscow('2026-03-06T15:00');
const now = () => clock;

let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;
let boris: Desktop;
let ivan: Desktop;
const ids: Record<string, string> = {};
let process: ProcessDef;

beforeAll(async () => {
  server = await RestartableServer.start(now);
  ids.sveta = await server.addUser('sveta', 'supervisor');
  ids.anna = await server.addUser('anna', 'operator');
  // Boris sees only his own customers: the step for the customer's owner still reaches him.
  ids.boris = await server.addUser('boris', 'operator', 'own');
  ids.ivan = await server.addUser('ivan', 'supervisor');
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  ivan = new Desktop('ivan', undefined, { now });
  for (const d of [sveta, anna, boris, ivan]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
  process = await sveta.call('processes.save', {
    name: 'Интерес к предложению',
    trigger: 'manual',
    triggerCategory: null,
    active: true,
    steps: [
      {
        key: 'call', title: 'Перезвонить сегодня', kind: 'callback', priority: 'high', assignee: { kind: 'operator' },
        due: { amount: 0, unit: 'working_days', from: 'start' }, next: null,
        outcomes: [{ key: 'interested', label: 'Интересно', next: 'offer' }, { key: 'declined', label: 'Не интересно', next: 'later' }],
      },
      {
        key: 'offer', title: 'Отправить предложение', kind: 'send_offer', priority: 'normal', assignee: { kind: 'owner' },
        due: { amount: 2, unit: 'working_days', from: 'previous' }, next: null,
        outcomes: [{ key: 'yes', label: 'Заинтересовало', next: 'meeting' }, { key: 'no', label: 'Нет', next: 'later' }],
      },
      {
        key: 'approve', title: 'Согласовать скидку', kind: 'other', priority: 'normal', assignee: { kind: 'user', userId: ids.ivan! },
        due: { amount: 4, unit: 'hours', from: 'start' }, next: null, outcomes: [], parallel: true,
      },
      { key: 'meeting', title: 'Назначить встречу', kind: 'other', priority: 'normal', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'working_days', from: 'previous' }, next: null, outcomes: [] },
      { key: 'later', title: 'Позвонить через три месяца', kind: 'callback', priority: 'low', assignee: { kind: 'operator' }, due: { amount: 90, unit: 'days', from: 'previous' }, next: null, outcomes: [] },
    ],
  });
  await sveta.sync();
});
afterAll(async () => {
  for (const d of [sveta, anna, boris, ivan]) d?.close();
  await server?.close();
});

async function mine(d: Desktop): Promise<Task[]> {
  return d.call('tasks.list', { assignee: 'me' });
}

describe('processes', () => {
  it('a supervisor’s process reaches every desktop; an operator may not define one, and the server refuses it too', async () => {
    await anna.sync();
    expect((await anna.call('processes.list', {})).map((p) => p.name)).toEqual(['Интерес к предложению']);
    await expect(anna.call('processes.save', { ...process, name: 'Моё' })).rejects.toThrow(/forbidden/);
  });

  it('started offline on a Friday, it sets the right tasks for three people with deadlines past the weekend and 9 March', async () => {
    // Boris's customer, given to him by the supervisor; Anna has it from her last sync.
    const customer = await sveta.call('customers.create', { name: 'ООО Ромашка', kind: 'organisation', ownerId: ids.boris, contacts: [{ kind: 'phone', value: '+7 916 555-01-01' }] });
    await sveta.sync();
    await anna.sync();
    await boris.sync();
    anna.offline = true;
    const run = await anna.call('processes.start', { processId: process.id, customerId: customer.id });
    expect(run.tasks).toHaveLength(1);
    expect(run.tasks[0]).toMatchObject({ title: 'Перезвонить сегодня', dueAt: moscow('2026-03-06T18:00'), assignee: { id: ids.anna }, priority: 'high' });
    expect(run.tasks[0]!.process).toMatchObject({ name: 'Интерес к предложению', stepKey: 'call', outcomes: [{ key: 'interested' }, { key: 'declined' }] });

    clock = moscow('2026-03-06T16:00');
    await expect(anna.call('tasks.complete', { id: run.tasks[0]!.id })).rejects.toThrow(/validation/);
    await expect(anna.call('tasks.complete', { id: run.tasks[0]!.id, outcome: 'maybe' })).rejects.toThrow(/validation/);
    await anna.call('tasks.complete', { id: run.tasks[0]!.id, outcome: 'interested' });
    const after = (await anna.call('processes.runs', { customerId: customer.id }))[0]!;
    expect(after.tasks.map((t) => [t.process?.stepKey, t.status])).toEqual([['call', 'done'], ['offer', 'open'], ['approve', 'open']]);

    // Nothing has left Anna's desk yet; at the next sync the colleagues' tasks reach them.
    await boris.sync();
    expect(await mine(boris)).toEqual([]);
    anna.offline = false;
    await anna.sync();
    await boris.sync();
    await ivan.sync();
    // Two working days after Friday 16:00: Monday 9 March is a holiday, so Wednesday at closing time.
    expect((await mine(boris)).map((t) => [t.title, t.dueAt, t.createdBy?.id])).toEqual([['Отправить предложение', moscow('2026-03-11T18:00'), ids.anna]]);
    // Four working hours from the start (Friday 15:00): three on Friday, the fourth on Tuesday.
    expect((await mine(ivan)).map((t) => [t.title, t.dueAt])).toEqual([['Согласовать скидку', moscow('2026-03-10T10:00')]]);
  });

  it('each outcome starts its own next step, and the run ends when its last open step closes', async () => {
    const borisTask = (await mine(boris))[0]!;
    clock = moscow('2026-03-10T12:00');
    await boris.call('tasks.complete', { id: borisTask.id, outcome: 'yes' });
    await boris.sync();
    const meeting = (await mine(boris))[0]!;
    expect(meeting).toMatchObject({ title: 'Назначить встречу', dueAt: moscow('2026-03-11T18:00') });
    await ivan.sync();
    await ivan.call('tasks.complete', { id: (await mine(ivan))[0]!.id });
    await ivan.sync();
    await boris.sync();
    await boris.call('tasks.complete', { id: meeting.id });
    expect((await boris.call('processes.runs', { customerId: meeting.customerId }))[0]?.status).toBe('done');

    // The other branch: declined at the first step, the operator calls again in 90 days.
    const other = await anna.call('customers.create', { name: 'Пётр Сидоров', contacts: [] });
    const run = await anna.call('processes.start', { processId: process.id, customerId: other.id });
    await anna.call('tasks.complete', { id: run.tasks[0]!.id, outcome: 'declined' });
    const later = (await anna.call('processes.runs', { customerId: other.id }))[0]!.tasks[1]!;
    // 90 days after 10 March is Monday 8 June.
    expect(later).toMatchObject({ title: 'Позвонить через три месяца', dueAt: moscow('2026-06-08T18:00'), assignee: { id: ids.anna } });
  });

  it('two desktops closing the same step at once start the next step once', async () => {
    const customer = await sveta.call('customers.create', { name: 'Анна Кузнецова', contacts: [], ownerId: ids.boris });
    const run = await sveta.call('processes.start', { processId: process.id, customerId: customer.id });
    await sveta.call('tasks.complete', { id: run.tasks[0]!.id, outcome: 'interested' });
    await sveta.sync();
    await boris.sync();
    await ivan.sync();
    const offer = (await boris.call('processes.runs', { customerId: customer.id }))[0]!.tasks.find((t) => t.process?.stepKey === 'offer')!;
    boris.offline = true;
    ivan.offline = true;
    clock += 60_000;
    await boris.call('tasks.complete', { id: offer.id, outcome: 'yes' });
    await ivan.call('tasks.complete', { id: offer.id, outcome: 'yes' });
    boris.offline = false;
    ivan.offline = false;
    await Promise.all([boris.sync(), ivan.sync()]);
    await boris.sync();
    await ivan.sync();
    const onServer = await server.db.selectFrom('task').select(['id', 'step_key']).where('process_run_id', '=', run.id).execute();
    expect(onServer.map((t) => t.step_key).sort()).toEqual(['approve', 'call', 'meeting', 'offer']);
    for (const d of [boris, ivan]) {
      const tasks = (await d.call('processes.runs', { customerId: customer.id }))[0]!.tasks;
      expect(tasks.filter((t) => t.process?.stepKey === 'meeting')).toHaveLength(1);
    }
  });

  it('the server refuses a malformed chain and an operator’s process, each alone; the rest of the batch lands', async () => {
    const push = async (username: string, mutations: { entity: string; payload: Record<string, unknown> }[]) => {
      const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username, password: PASSWORD } })).body.accessToken;
      const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
      const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
        token, body: { clientId: newId(), mutations: mutations.map((m, i) => ({ seq: i + 1, mutationId: newId(), entity: m.entity, rowId: newId(), op: 'insert', hlc, payload: { ...m.payload, created_at: clock, updated_at: clock } })) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.results.map((r) => [r.status, r.reason ?? null]);
    };
    const def = { name: 'x', trigger: 'manual', trigger_category: null, active: 1, steps: process.steps };
    const dangling = { ...def, steps: [{ ...process.steps[0], outcomes: [{ key: 'a', label: 'A', next: 'nowhere' }] }] };
    const twice = { ...def, steps: [process.steps[0], process.steps[0]] };
    expect(await push('sveta', [{ entity: 'process', payload: dangling }, { entity: 'process', payload: twice }, { entity: 'process', payload: def }]))
      .toEqual([['rejected', 'invalid'], ['rejected', 'invalid'], ['applied', null]]);
    expect(await push('anna', [{ entity: 'process', payload: def }, { entity: 'calendar_day', payload: { day: '2026-03-10', kind: 'holiday', name: null } }]))
      .toEqual([['rejected', 'forbidden'], ['rejected', 'forbidden']]);
  });
});
