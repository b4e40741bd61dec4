// The two ways one bad value used to break other desktops' sync, end to end (PGlite, and PostgreSQL
// under test:pg): a malformed clock stamp that reached the server, and a value PostgreSQL refuses
// sitting in a desktop's outbox. Neither may break a clock, block a queue or lose another write.
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidHlc } from '../../src-shared/hlc.js';
import { newId } from '../../src-shared/index.js';
import { MetaKey } from '../../src-main/core/db/meta.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, readLocal, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let writer: Desktop;
let reader: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('writer', 'operator');
  await server.addUser('reader', 'operator');
  writer = new Desktop('writer');
  reader = new Desktop('reader');
  await writer.call('sync.signIn', { serverUrl: server.url, username: 'writer', password: PASSWORD });
  await reader.call('sync.signIn', { serverUrl: server.url, username: 'reader', password: PASSWORD });
});
afterAll(async () => {
  writer?.close();
  reader?.close();
  await server?.close();
});

const clockOf = (d: Desktop): string | undefined => readLocal<{ value: string }>(d.dbPath, 'SELECT value FROM meta WHERE key = ?', MetaKey.lastHlc)[0]?.value;
const serverName = async (id: string): Promise<string | null> =>
  ((await server.db.selectFrom('customer').select('name').where('id', '=', id).executeTakeFirst())?.name as string | null | undefined) ?? null;

describe('a malformed clock stamp on the server', () => {
  it('does not reach a desktop\'s clock: its later edits still win on the server', async () => {
    const poisoned = await writer.call('customers.create', { name: 'Отравленный', contacts: [] });
    const other = await writer.call('customers.create', { name: 'Соседний', contacts: [] });
    await writer.sync();
    // As an older server that checked nothing would have stored it: a stamp that is not one, on a row
    // of the change log's head.
    await server.db.updateTable('customer').set({ name: 'x:y:z', hlc: 'x:y:z', field_hlc: JSON.stringify({ _: 'x:y:z' }) }).where('id', '=', poisoned.id).execute();
    await server.db.updateTable('row_version').set({ seq: 1_000_000 }).where('row_id', '=', poisoned.id).execute();
    await reader.sync();
    expect(isValidHlc(clockOf(reader) ?? '')).toBe(true);
    const status = await reader.call('sync.status', {});
    expect(status.state).toBe('online');
    // The reader edits another customer: the edit reaches the server and wins there.
    await reader.sync();
    await reader.call('customers.update', { id: other.id, patch: { name: 'Соседний, исправлен' } });
    await reader.sync();
    expect((await reader.call('sync.status', {})).pendingUploads).toBe(0);
    expect(await serverName(other.id)).toBe('Соседний, исправлен');
    // The refused row did not enter the reader's store with its stamp.
    expect(readLocal<{ hlc: string }>(reader.dbPath, 'SELECT hlc FROM customer WHERE id = ?', poisoned.id).every((r) => isValidHlc(r.hlc))).toBe(true);
  });

  it('a store whose persisted clock is already broken is repaired when it opens', async () => {
    const c = await writer.call('customers.create', { name: 'До поломки', contacts: [] });
    await writer.sync();
    writer.close();
    const file = new BetterSqlite3(writer.dbPath);
    file.prepare('UPDATE meta SET value = ? WHERE key = ?').run('NaN:NaN:0123456789abcdef', MetaKey.lastHlc);
    file.close();
    writer.restart();
    await writer.call('customers.update', { id: c.id, patch: { name: 'После починки' } });
    expect(isValidHlc(clockOf(writer) ?? '')).toBe(true);
    await writer.sync();
    expect((await writer.call('sync.status', {})).pendingUploads).toBe(0);
    expect(await serverName(c.id)).toBe('После починки');
  });
});

describe('a value PostgreSQL would refuse, in a desktop\'s outbox', () => {
  it('is set aside and shown; everything queued behind it uploads', async () => {
    const c = await writer.call('customers.create', { name: 'Очередь', contacts: [] });
    await writer.sync();
    // What an older desktop could have queued: a NUL inside a name (decoded from quoted-printable).
    writer.close();
    const file = new BetterSqlite3(writer.dbPath);
    const hlc = (file.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MetaKey.lastHlc) as string);
    file.prepare('INSERT INTO outbox (mutation_id, entity, row_id, op, payload, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(newId(), 'customer', c.id, 'update', JSON.stringify({ name: 'Иван\u0000Петров', updated_at: Date.now() }), hlc, Date.now());
    file.close();
    writer.restart();
    const call = await writer.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: Date.now(), durationS: 30, reason: 'information', notes: 'после плохого' });
    await writer.sync();
    const status = await writer.call('sync.status', {});
    expect(status.pendingUploads).toBe(0);
    expect(status.rejected).toBeGreaterThanOrEqual(1);
    const rejections = await writer.call('sync.rejections', {});
    expect(rejections.find((r) => r.rowId === c.id)).toMatchObject({ reason: 'invalid', entity: 'customer' });
    expect(await server.db.selectFrom('interaction').select('notes').where('id', '=', call.interaction.id).executeTakeFirst()).toEqual({ notes: 'после плохого' });
    expect(await serverName(c.id)).toBe('Очередь');
    // The desktop shows the server's value again, not the refused one.
    expect((await writer.call('customers.get', { id: c.id })).name).toBe('Очередь');
  });

  it('the desktop itself refuses such a value when it is typed', async () => {
    await expect(writer.call('customers.create', { name: 'Иван\u0000Петров', contacts: [] })).rejects.toThrow(/validation/);
    await expect(writer.call('customers.create', { name: 'Пётр', contacts: [{ kind: 'phone', value: '+7 916 000\u0007' }] })).rejects.toThrow(/validation/);
    // Nor a server on another machine over plain http://.
    await expect(writer.call('sync.signIn', { serverUrl: 'http://crm.example.ru:8787', username: 'writer', password: PASSWORD })).rejects.toThrow(/validation/);
  });
});
