// The operator's own figures (issue 19), on PGlite and PostgreSQL: counted by the server for the
// signed-in user only (a colleague's calls do not count), kept for offline with the time they were
// read, and the user's tasks (done in the range, overdue now) from the local store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
let clock = moscow('2026-03-10T12:00');
const now = () => clock;
const TODAY = { from: '2026-03-10', to: '2026-03-10', fromMs: moscow('2026-03-10T00:00'), toMs: moscow('2026-03-11T00:00') };
const MONTH = { from: '2026-03-01', to: '2026-03-10', fromMs: moscow('2026-03-01T00:00'), toMs: moscow('2026-03-11T00:00') };

let server: RestartableServer;
let anna: Desktop;
let boris: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start(now);
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [anna, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
});
afterAll(async () => {
  for (const d of [anna, boris]) d?.close();
  await server?.close();
});

describe('my figures', () => {
  it('counts the user’s own entries by channel and reason, today and this month, and their tasks', async () => {
    const customer = await anna.call('customers.create', { name: 'ООО Ромашка', contacts: [] });
    await anna.call('interactions.logCall', { customerId: customer.id, direction: 'in', reason: 'complaint', startedAt: moscow('2026-03-10T10:00'), durationS: 60 });
    await anna.call('interactions.logCall', { customerId: customer.id, direction: 'out', reason: 'sales', startedAt: moscow('2026-03-03T10:00'), durationS: 120 });
    await anna.call('tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить', dueAt: moscow('2026-03-10T09:00') });
    const done = await anna.call('tasks.create', { customerId: customer.id, kind: 'callback', title: 'Отправить счёт', dueAt: moscow('2026-03-10T15:00') });
    await anna.call('tasks.complete', { id: done.id });
    await anna.sync();
    await boris.sync();
    await boris.call('interactions.logCall', { customerId: customer.id, direction: 'in', reason: 'complaint', startedAt: moscow('2026-03-10T11:00'), durationS: 30 });
    await boris.sync();

    const today = await anna.call('home.myFigures', TODAY);
    expect(today).toMatchObject({ available: true, live: true, tasks: { open: 1, overdue: 1, done: 1 } });
    expect(today.figures?.total).toMatchObject({ callsIn: 1, callsOut: 0, complaints: 1, sales: 0 });
    const month = await anna.call('home.myFigures', MONTH);
    expect(month.figures?.total).toMatchObject({ callsIn: 1, callsOut: 1, complaints: 1, sales: 1 });
  });

  it('offline, the last figures read come back marked with their time', async () => {
    const read = (await anna.call('home.myFigures', TODAY)).fetchedAt;
    anna.offline = true;
    clock += 3_600_000;
    const offline = await anna.call('home.myFigures', TODAY);
    expect(offline).toMatchObject({ live: false, fetchedAt: read, figures: { total: { callsIn: 1 } } });
    // A range never read has nothing to show offline, but the tasks still count.
    const never = await anna.call('home.myFigures', { ...TODAY, from: '2026-03-09', to: '2026-03-09' });
    expect(never).toMatchObject({ live: false, figures: null, tasks: { open: 1 } });
    anna.offline = false;
  });

  it('the server refuses a range of more than a month', async () => {
    await expect(anna.call('home.myFigures', { from: '2026-01-01', to: '2026-03-10', fromMs: 0, toMs: 1 })).rejects.toThrow(/validation/);
  });
});
