// The right to erasure, end to end: an admin erases a customer while one desktop is offline; every
// desktop removes them when it syncs, from its rows and its search index; the bytes of their name,
// number and notes are in no file of any desktop's store afterwards; the server keeps only the
// audit record of the erasure.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src-shared/sync/protocol.js';
import { countAudit } from '../../src-server/audit.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

let server: RestartableServer;
let online: Desktop;
let offline: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('root', 'admin');
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  online = new Desktop('anna');
  offline = new Desktop('boris');
  await online.call('sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await offline.call('sync.signIn', { serverUrl: server.url, username: 'boris', password: PASSWORD });
});
afterAll(async () => {
  online?.close();
  offline?.close();
  await server?.close();
});

const NAME = 'Эрастова Уникальная';
const NUMBER = '+79165550123';
const NOTE = 'квазиэрастийный шум';

/** Every file of a store's folder (the database, its WAL and shared memory), searched byte for byte. */
function hits(d: Desktop, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const dir = dirname(d.dbPath);
  return readdirSync(dir).filter((f) => readFileSync(join(dir, f)).includes(needle));
}

describe('erasing a customer', () => {
  it('removes them from every desktop, offline ones when they return, with no bytes left in their stores', async () => {
    const c = await online.call('customers.create', { name: NAME, contacts: [{ kind: 'phone', value: NUMBER }] });
    await online.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: Date.now(), durationS: 30, reason: 'complaint', notes: NOTE });
    await online.call('tasks.create', { customerId: c.id, kind: 'callback', title: 'Перезвонить Эрастовой', dueAt: Date.now() + 3_600_000 });
    const keep = await online.call('customers.create', { name: 'Остаётся Петров', contacts: [] });
    await online.sync();
    await offline.sync();
    expect((await offline.call('callerCard.lookup', { number: NUMBER })).matches).toHaveLength(1);
    offline.offline = true;

    const admin = (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username: 'root', password: PASSWORD } })).body.accessToken;
    const erased = await call<{ rows: number }>(server.url, 'POST', `/admin/customers/${c.id}/erase`, { token: admin });
    expect(erased.status).toBe(200);
    expect(erased.body.rows).toBe(4);

    for (const d of [online, offline]) {
      d.offline = false;
      await d.sync();
      expect((await d.call('callerCard.lookup', { number: NUMBER })).matches).toEqual([]);
      const found = await d.call('search.query', { q: 'Эрастова', limit: 20 });
      expect([...found.customers, ...found.interactions]).toEqual([]);
      expect((await d.call('search.query', { q: 'квазиэрастийный', limit: 20 })).interactions).toEqual([]);
      await expect(d.call('customers.get', { id: c.id })).rejects.toThrow(/not_found/);
      expect((await d.call('customers.get', { id: keep.id })).name).toBe('Остаётся Петров');
      for (const text of [NAME, NUMBER, NOTE]) expect(hits(d, text), `${d.name}: ${text}`).toEqual([]);
    }

    for (const table of ['customer', 'contact_point', 'interaction', 'task'] as const) {
      expect(await server.db.selectFrom(table).select('id').where(table === 'customer' ? 'id' : 'customer_id', '=', c.id).execute()).toEqual([]);
    }
    expect(await countAudit(server.db, 'erase', c.id)).toBe(1);
    // Every row of every table of the server's database, as text: no trace of the name, the number
    // or the notes (conflict copies, refusals, comments, presence, the audit log included).
    const tables = (await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(server.db)).rows;
    for (const { table_name } of tables) {
      for (const text of [NAME, NUMBER, NOTE]) {
        const n = (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table_name)} t WHERE t::text LIKE ${`%${text}%`}`.execute(server.db)).rows[0]?.n;
        expect(Number(n), `${table_name}: ${text}`).toBe(0);
      }
    }
  });

  it('only an admin erases', async () => {
    const c = await online.call('customers.create', { name: 'Не стирать', contacts: [] });
    await online.sync();
    const operator = (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    expect((await call(server.url, 'POST', `/admin/customers/${c.id}/erase`, { token: operator })).status).toBe(403);
  });
});
