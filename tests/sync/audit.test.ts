// The audit log of personal data, end to end: card views a desktop makes offline reach the server's
// log when it syncs, exactly once even when an answer is lost; owner changes are logged by the
// server; supervisors read their teams' part, operators nothing; and nobody can rewrite it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src-shared/sync/audit.js';
import type { TokenResponse } from '../../src-shared/sync/protocol.js';
import { countAudit } from '../../src-server/audit.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, readLocal, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

let server: RestartableServer;
let operator: Desktop;
let dropAuditAnswers = 0;

beforeAll(async () => {
  server = await RestartableServer.start();
  const team = await server.db.insertInto('team').values({ id: '0190a5c0-0000-7000-8000-00000000aaaa', name: 'Линия 1', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
  await server.addUser('olga', 'operator', 'all', team.id);
  await server.addUser('sveta', 'supervisor', 'all', team.id);
  await server.addUser('other-sup', 'supervisor', 'all', null);
  operator = new Desktop('olga', undefined, {
    // A lost answer: the server records the batch, the desktop never hears back and sends it again.
    network: async (input, init, real) => {
      const res = await real(input, init);
      if (String(input).includes('/audit/events') && dropAuditAnswers > 0) {
        dropAuditAnswers -= 1;
        throw new TypeError('connection reset');
      }
      return res;
    },
  });
  await operator.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  operator?.close();
  await server?.close();
});

const tokenOf = async (username: string): Promise<string> =>
  (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username, password: PASSWORD } })).body.accessToken;

describe('the audit log', () => {
  it('card views made offline arrive when the desktop syncs, exactly once, even when an answer is lost', async () => {
    const c = await operator.call('customers.create', { name: 'Аудит Иванов', contacts: [{ kind: 'phone', value: '+7 916 777-00-11' }] });
    await operator.sync();
    operator.offline = true;
    await operator.call('callerCard.forCustomer', { customerId: c.id });
    await operator.call('callerCard.lookup', { number: '+79167770011' });
    await operator.call('callerCard.forCustomer', { customerId: c.id });
    expect(readLocal<{ n: number }>(operator.dbPath, 'SELECT count(*) AS n FROM audit_queue')[0]?.n).toBe(3);
    operator.offline = false;
    dropAuditAnswers = 1;
    await operator.sync();
    await operator.sync();
    await operator.sync();
    expect(await countAudit(server.db, 'card_view', c.id)).toBe(3);
    expect(readLocal<{ n: number }>(operator.dbPath, 'SELECT count(*) AS n FROM audit_queue')[0]?.n).toBe(0);
    const views = await server.db.selectFrom('audit_event').selectAll().where('customer_id', '=', c.id).execute();
    const olga = await server.db.selectFrom('app_user').select('id').where('username', '=', 'olga').executeTakeFirstOrThrow();
    expect(new Set(views.map((v) => v.actor_id))).toEqual(new Set([olga.id]));
  });

  it('an owner change is logged by the server; supervisors read their teams\' part, operators nothing', async () => {
    const c = await operator.call('customers.create', { name: 'Владелец Петров', contacts: [] });
    const olga = (await operator.call('session.get', {})).user.id;
    await operator.call('customers.update', { id: c.id, patch: { ownerId: olga, ownerLocked: true } });
    await operator.sync();
    expect(await countAudit(server.db, 'owner_change', c.id)).toBe(1);

    const mine = await call<AuditEvent[]>(server.url, 'GET', `/audit?customerId=${c.id}`, { token: await tokenOf('sveta') });
    expect(mine.status).toBe(200);
    expect(mine.body.map((e) => e.kind)).toContain('owner_change');
    const theirs = await call<AuditEvent[]>(server.url, 'GET', `/audit?customerId=${c.id}`, { token: await tokenOf('other-sup') });
    expect(theirs.body).toEqual([]);
    expect((await call(server.url, 'GET', '/audit', { token: await tokenOf('olga') })).status).toBe(403);
  });

  it('the right of access: a supervisor exports a customer\'s whole data as JSON and as a readable page, and the export is audited', async () => {
    const c = await operator.call('customers.create', { name: 'Экспорт <b>Сидоров</b>', contacts: [{ kind: 'phone', value: '+7 916 777-00-22' }] });
    await operator.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: Date.now(), durationS: 10, reason: 'complaint', notes: '<script>alert(1)</script> шумит' });
    await operator.sync();
    const token = await tokenOf('sveta');
    const json = await call<{ customer: { name: string }; interactions: { notes: string }[]; contactPoints: { normalized: string }[] }>(server.url, 'GET', `/admin/customers/${c.id}/export`, { token });
    expect(json.status).toBe(200);
    expect(json.body.customer.name).toBe('Экспорт <b>Сидоров</b>');
    expect(json.body.interactions.map((i) => i.notes)).toEqual(['<script>alert(1)</script> шумит']);
    expect(json.body.contactPoints.map((p) => p.normalized)).toEqual(['+79167770022']);
    const page = await fetch(`${server.url}/admin/customers/${c.id}/export?format=html`, { headers: { authorization: `Bearer ${token}` } });
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; шумит');
    expect(html).not.toContain('<script>');
    expect(await countAudit(server.db, 'export', c.id)).toBe(2);
    expect((await call(server.url, 'GET', `/admin/customers/${c.id}/export`, { token: await tokenOf('olga') })).status).toBe(403);
  });

  it('nobody can change or delete an entry, not even with SQL through the server\'s connection', async () => {
    await expect(sql`UPDATE audit_event SET actor_id = NULL`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event`.execute(server.db)).rejects.toThrow(/append-only/);
  });
});
