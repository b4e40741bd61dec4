// Canned outcomes and note templates (issue 16) across desktops: a supervisor defines them, every
// operator's desktop has them after its next sync (offline after that), per reason with the general
// ones after; an operator can neither write them locally nor push one; a removal reaches everyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

let server: RestartableServer;
let sup: Desktop;
let olga: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('sup', 'supervisor');
  await server.addUser('olga', 'operator');
  sup = new Desktop('sup');
  olga = new Desktop('olga');
  for (const [d, name] of [[sup, 'sup'], [olga, 'olga']] as const) await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
});
afterAll(async () => {
  sup?.close();
  olga?.close();
  await server?.close();
});

describe('canned outcomes and note templates', () => {
  it('are defined by a supervisor and reach every desktop, per reason, offline too', async () => {
    await sup.call('canned.save', { kind: 'outcome', reason: 'complaint', text: 'Оформлен возврат' });
    await sup.call('canned.save', { kind: 'outcome', reason: 'complaint', text: 'Передано в отдел качества' });
    await sup.call('canned.save', { kind: 'outcome', reason: null, text: 'Перезвонить позже' });
    const template = await sup.call('canned.save', { kind: 'note', reason: 'complaint', text: 'Клиент недоволен: … Обещали: …' });
    await sup.sync();
    await olga.sync();
    olga.offline = true;
    const offered = await olga.call('canned.list', { reason: 'complaint' });
    expect(offered.outcomes.map((o) => o.text)).toEqual(['Оформлен возврат', 'Передано в отдел качества', 'Перезвонить позже']);
    expect(offered.notes.map((o) => o.text)).toEqual(['Клиент недоволен: … Обещали: …']);
    expect((await olga.call('canned.list', { reason: 'sales' })).outcomes.map((o) => o.text)).toEqual(['Перезвонить позже']);
    olga.offline = false;

    await sup.call('canned.remove', { id: template.id });
    await sup.sync();
    await olga.sync();
    expect((await olga.call('canned.list', { reason: 'complaint' })).notes).toEqual([]);
  });

  it('cannot be written by an operator: refused on the desktop and by the server', async () => {
    await expect(olga.call('canned.save', { kind: 'outcome', reason: null, text: 'Своё' })).rejects.toThrow(/forbidden/);
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'olga', password: PASSWORD } })).body.accessToken;
    const now = Date.now();
    const res = await call<{ results: { status: string; reason?: string }[] }>(server.url, 'POST', '/sync/push', {
      token,
      body: { clientId: newId(), mutations: [{ seq: 1, mutationId: newId(), entity: 'canned_text', rowId: newId(), op: 'insert', payload: { kind: 'outcome', reason: null, text: 'Своё', position: 0, created_at: now, updated_at: now }, hlc: `${String(now).padStart(15, '0')}:00000:olga0001` }] },
    });
    expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: 'forbidden' })]);
  });
});
