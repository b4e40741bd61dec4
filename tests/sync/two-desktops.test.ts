import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { createUser } from '../../src-server/users.js';
import { Desktop } from '../support/desktop.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from '../support/server-db.js';

let database: TestDatabase;
let server: RunningServer;
let a: Desktop;
let b: Desktop;

beforeAll(async () => {
  database = await freshServerDatabase();
  server = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
  for (const username of ['anna', 'boris']) {
    await createUser(server.db, { username, password: 'password-123', name: username, role: 'operator', teamId: null, scope: 'all', extension: null });
  }
  a = new Desktop('a');
  b = new Desktop('b');
  await a.call('sync.signIn', { serverUrl: server.url, username: 'anna', password: 'password-123' });
  await b.call('sync.signIn', { serverUrl: server.url, username: 'boris', password: 'password-123' });
});
afterAll(async () => {
  a?.close();
  b?.close();
  await server?.close();
  await database?.drop();
});

describe('two desktops and a server', () => {
  it('a customer and a call logged on one desktop appear on the other after a sync', async () => {
    const customer = await a.call('customers.create', { name: 'Мария Иванова', contacts: [{ kind: 'phone', value: '8 (916) 555-12-34' }] });
    await a.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now(), durationS: 90, reason: 'complaint', notes: 'Не работает интернет' });
    await a.sync();
    expect((await a.call('sync.status', {})).pendingUploads).toBe(0);
    await b.sync();
    const card = await b.call('callerCard.lookup', { number: '+79165551234' });
    expect(card.matches).toHaveLength(1);
    expect(card.matches[0]?.history[0]?.preview).toBe('Не работает интернет');
    expect(card.matches[0]?.counts.byReason.complaint).toBe(1);
    expect(card.matches[0]?.history[0]?.user?.name).toBe('anna');
  });

  it('offline, both keep logging; back online, both converge', async () => {
    const customer = await a.call('customers.create', { name: 'Offline Client', contacts: [{ kind: 'phone', value: '+7 916 555-00-99' }] });
    await a.sync();
    await b.sync();
    a.offline = true;
    b.offline = true;
    await a.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now(), durationS: 10, reason: 'information', notes: 'from A' });
    await b.call('interactions.logCall', { customerId: customer.id, direction: 'out', startedAt: Date.now(), durationS: 20, reason: 'sales', notes: 'from B' });
    await a.call('customers.update', { id: customer.id, patch: { segment: 'VIP' } });
    await b.call('customers.update', { id: customer.id, patch: { organisation: 'ООО Вектор' } });
    await a.sync();
    expect((await a.call('sync.status', {})).state).toBe('offline');
    a.offline = false;
    b.offline = false;
    await a.sync();
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      const card = await d.call('callerCard.forCustomer', { customerId: customer.id });
      expect(card.history.map((h) => h.preview).sort()).toEqual(['from A', 'from B']);
      expect(card.customer.segment).toBe('VIP');
      expect(card.customer.organisation).toBe('ООО Вектор');
    }
  });
});
