// The desktop's personal-data methods against the real server: a supervisor reads the audit log of
// their team with names from the store, exports a customer (audited), and cannot erase; an admin
// erases, and the customer leaves every desktop at its next sync; an operator gets none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, readLocal, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let operator: Desktop;
let supervisor: Desktop;
let admin: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  const team = await server.db.insertInto('team').values({ id: '0190a5c0-0000-7000-8000-00000000bbbb', name: 'Линия 2', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
  await server.addUser('olga', 'operator', 'all', team.id);
  await server.addUser('sveta', 'supervisor', 'all', team.id);
  await server.addUser('root', 'admin', 'all', null);
  operator = new Desktop('olga');
  supervisor = new Desktop('sveta');
  admin = new Desktop('root');
  await operator.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await supervisor.call('sync.signIn', { serverUrl: server.url, username: 'sveta', password: PASSWORD });
  await admin.call('sync.signIn', { serverUrl: server.url, username: 'root', password: PASSWORD });
});
afterAll(async () => {
  for (const d of [operator, supervisor, admin]) d?.close();
  await server?.close();
});

const fails = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return String((error as Error).message);
  }
};

describe('personal data from the desktop', () => {
  it('audit, export and erasure, each for its roles only', async () => {
    const c = await operator.call('customers.create', { name: 'Приватный Клиент', contacts: [{ kind: 'phone', value: '+7 916 444-00-22' }] });
    await operator.call('callerCard.forCustomer', { customerId: c.id });
    await operator.sync();
    await supervisor.sync();
    await admin.sync();

    const log = await supervisor.call('supervisor.audit', { customerId: c.id, limit: 50 });
    const view = log.find((e) => e.kind === 'card_view');
    expect(view?.actorName).toBe('olga');
    expect(view?.customerName).toBe('Приватный Клиент');
    expect(await fails(operator.call('supervisor.audit', { limit: 10 }))).toMatch(/forbidden/);

    const json = await supervisor.call('supervisor.exportCustomer', { customerId: c.id, format: 'json' });
    expect(json.fileName).toBe(`customer-${c.id}.json`);
    expect(json.content).toContain('Приватный Клиент');
    expect(json.content).toContain('+79164440022');
    const html = await supervisor.call('supervisor.exportCustomer', { customerId: c.id, format: 'html' });
    expect(html.content).toMatch(/<html/i);
    expect(html.content).toContain('Приватный Клиент');
    expect((await supervisor.call('supervisor.audit', { customerId: c.id, kind: 'export', limit: 10 })).length).toBe(2);

    expect(await fails(supervisor.call('supervisor.eraseCustomer', { customerId: c.id }))).toMatch(/forbidden/);
    const erased = await admin.call('supervisor.eraseCustomer', { customerId: c.id });
    expect(erased.rows).toBeGreaterThan(1);
    await operator.sync();
    await admin.sync();
    for (const d of [operator, admin]) expect(readLocal(d.dbPath, 'SELECT id FROM customer WHERE id = ?', c.id)).toEqual([]);
    // The erasure is in the log (an admin's view: the customer no longer belongs to any team).
    expect((await admin.call('supervisor.audit', { customerId: c.id, kind: 'erase', limit: 10 })).map((e) => e.actorName)).toEqual(['root']);
  });
});
