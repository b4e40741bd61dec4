// Email templates across desktops and one server (issue 20), on PGlite and PostgreSQL: a supervisor
// sets templates; every operator's desktop has them after a sync, offline too; operators may not set
// them (locally, nor by a forged push); a bad field is refused alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId } from '../../src-shared/index.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const clock = Date.parse('2026-03-10T12:00+03:00');
const now = () => clock;
let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start(now);
  await server.addUser('sveta', 'supervisor');
  await server.addUser('anna', 'operator');
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  for (const d of [sveta, anna]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
});
afterAll(async () => {
  for (const d of [sveta, anna]) d?.close();
  await server?.close();
});

describe('email templates', () => {
  it('a supervisor sets a template; an operator has it after a sync, and offline', async () => {
    await expect(anna.call('templates.save', { name: 'Мой', subject: 'Тема', body: 'Текст', active: true })).rejects.toThrow(/forbidden/);
    const [made] = await sveta.call('templates.save', { name: 'Заказ отправлен', subject: 'Ваш заказ в пути', body: '{{name}}, ваш заказ отправлен. {{operator}}', active: true });
    await sveta.call('templates.save', { ...made!, subject: 'Ваш заказ уже в пути' });
    await sveta.sync();
    await anna.sync();
    anna.offline = true;
    expect((await anna.call('templates.list', {})).map((x) => [x.name, x.subject, x.active])).toEqual([['Заказ отправлен', 'Ваш заказ уже в пути', true]]);
    anna.offline = false;
  });

  it('the server refuses an operator\'s template and a bad field, each alone', async () => {
    const login = async (u: string) => (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: u, password: PASSWORD } })).body.accessToken;
    const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
    const m = (payload: Record<string, unknown>, i: number) => ({ seq: i, mutationId: newId(), entity: 'mail_template', rowId: newId(), op: 'insert', hlc, payload: { ...payload, created_at: clock, updated_at: clock } });
    const ok = { name: 'Счёт', subject: 'Счёт на оплату', body: 'Во вложении счёт', active: 1 };
    const byOperator = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', { token: await login('anna'), body: { clientId: newId(), mutations: [m(ok, 1)] } });
    expect(byOperator.body.results.map((r) => r.reason)).toEqual(['forbidden']);
    const bySupervisor = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token: await login('sveta'), body: { clientId: newId(), mutations: [m({ ...ok, body: 'x'.repeat(20_001) }, 1), m({ ...ok, subject: 'a\u0000b' }, 2), m(ok, 3)] },
    });
    expect(bySupervisor.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['rejected', 'invalid'], ['rejected', 'invalid'], ['applied', null]]);
  });
});
