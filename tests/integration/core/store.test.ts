// Store rules: append-only interactions, duplicate contact detection, case and task state, search,
// events after writes, the local identity and settings.
import BetterSqlite3 from 'better-sqlite3';
import type { EngineEvent } from '../../../src-shared/index.js';
import { openEngine, readonlyDb, removeDir, rowCounts, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;

beforeAll(() => {
  dir = tempDir();
  t = openEngine(`${dir}/store.sqlite`);
});

afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

const at = Date.UTC(2026, 10, 1, 12);

describe('append-only interactions', () => {
  it('refuses to change a logged interaction in SQL, but accepts its tombstone', async () => {
    const c = await t.call('customers.create', { name: 'Append Only' });
    const logged = await t.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: at, durationS: 5, reason: 'other', notes: 'original' });
    // A second connection, as a sync apply or a careless script would be.
    const db = new BetterSqlite3(t.dbPath);
    try {
      expect(() => db.prepare('UPDATE interaction SET notes = ? WHERE id = ?').run('changed', logged.interaction.id)).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE interaction SET reason = ? WHERE id = ?').run('sales', logged.interaction.id)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM interaction WHERE id = ?').run(logged.interaction.id)).toThrow(/append-only/);
      db.prepare('UPDATE interaction SET deleted = 1, hlc = ?, updated_at = ? WHERE id = ?').run('999999999999999:00000:x', at + 1, logged.interaction.id);
      expect((db.prepare('SELECT notes FROM interaction WHERE id = ?').get(logged.interaction.id) as { notes: string }).notes).toBe('original');
    } finally {
      db.close();
    }
    const card = await t.call('callerCard.forCustomer', { customerId: c.id });
    expect(card.historyCount).toBe(0);
  });
});

describe('duplicate contact points', () => {
  it('detects the same number in any format on another customer, unless acknowledged', async () => {
    const first = await t.call('customers.create', { name: 'Иванов Иван', contacts: [{ kind: 'phone', value: '+7 926 111-22-33' }] });
    const check = await t.call('contacts.check', { kind: 'phone', value: '8 (926) 111-22-33' });
    expect(check.normalized).toBe('+79261112233');
    expect(check.matches).toEqual([{ customerId: first.id, name: 'Иванов Иван', contactId: first.contacts[0]?.id }]);

    const before = rowCounts(t.dbPath);
    const error = await t.fail('customers.create', { name: 'Иванова Мария', contacts: [{ kind: 'phone', value: '79261112233' }] });
    expect(error.code).toBe('duplicate_contact');
    expect(error.details).toEqual({ matches: check.matches });
    expect(rowCounts(t.dbPath)).toEqual(before);

    const shared = await t.call('customers.create', { name: 'Иванова Мария', contacts: [{ kind: 'phone', value: '79261112233' }], acknowledgeDuplicates: true });
    expect((await t.call('callerCard.lookup', { number: '89261112233' })).matches.map((m) => m.customer.id).sort()).toEqual([first.id, shared.id].sort());
  });

  it('detects duplicate emails on contacts.add and refuses the same contact twice on one customer', async () => {
    const a = await t.call('customers.create', { name: 'A', contacts: [{ kind: 'email', value: 'Shared@Example.com' }] });
    const b = await t.call('customers.create', { name: 'B' });
    expect((await t.fail('contacts.add', { customerId: b.id, kind: 'email', value: 'shared@example.COM' })).code).toBe('duplicate_contact');
    await t.call('contacts.add', { customerId: b.id, kind: 'email', value: 'shared@example.com', acknowledgeDuplicate: true });
    expect((await t.fail('contacts.add', { customerId: a.id, kind: 'email', value: 'SHARED@example.com' })).code).toBe('conflict');
    expect((await t.fail('contacts.add', { customerId: a.id, kind: 'phone', value: 'not a phone' })).code).toBe('invalid_phone');
    expect((await t.fail('contacts.add', { customerId: a.id, kind: 'email', value: 'nope' })).code).toBe('invalid_email');
  });

  it('forgets a removed contact for lookups and duplicate checks', async () => {
    const c = await t.call('customers.create', { name: 'Removed', contacts: [{ kind: 'phone', value: '+7 977 000-11-22' }] });
    await t.call('contacts.remove', { id: c.contacts[0]?.id ?? '' });
    expect((await t.call('contacts.check', { kind: 'phone', value: '+79770001122' })).matches).toEqual([]);
    expect((await t.call('callerCard.lookup', { number: '+79770001122' })).matches).toEqual([]);
  });
});

describe('cases and tasks', () => {
  it('closes a case once; closing it again is a conflict; reopening clears the resolution', async () => {
    const c = await t.call('customers.create', { name: 'Case Owner' });
    const opened = await t.call('cases.open', { customerId: c.id, subject: 'Возврат', category: 'complaint', promise: 'Позвоним' });
    const closed = await t.call('cases.close', { id: opened.id, resolution: 'Деньги возвращены' });
    expect(closed).toMatchObject({ status: 'closed', resolution: 'Деньги возвращены' });
    expect(closed.closedAt).not.toBeNull();
    expect((await t.fail('cases.close', { id: opened.id, resolution: 'again' })).code).toBe('conflict');
    const reopened = await t.call('cases.update', { id: opened.id, patch: { status: 'open', lastStep: 'Клиент снова звонил' } });
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, resolution: null, lastStep: 'Клиент снова звонил' });
    expect((await t.call('cases.list', { customerId: c.id, includeClosed: false })).map((x) => x.id)).toEqual([opened.id]);
  });

  it('completes a task once', async () => {
    const c = await t.call('customers.create', { name: 'Task Owner' });
    const task = await t.call('tasks.create', { customerId: c.id, kind: 'callback', title: 'Перезвонить', dueAt: at });
    expect((await t.call('tasks.list', { customerId: c.id })).map((x) => x.id)).toEqual([task.id]);
    expect((await t.call('tasks.complete', { id: task.id })).status).toBe('done');
    expect((await t.fail('tasks.complete', { id: task.id })).code).toBe('conflict');
    expect(await t.call('tasks.list', { customerId: c.id })).toEqual([]);
    expect(await t.call('tasks.list', { customerId: c.id, includeDone: true })).toHaveLength(1);
  });

  it('updates a customer and writes an outbox entry with just the changed fields', async () => {
    const users = await t.call('users.list', {});
    const c = await t.call('customers.create', { name: 'Old Name', organisation: 'ООО «Ромашка»' });
    const updated = await t.call('customers.update', { id: c.id, patch: { name: 'New Name', ownerId: users[0]?.id, ownerLocked: true, organisation: null } });
    expect(updated).toMatchObject({ name: 'New Name', organisation: null, ownerLocked: true, owner: users[0] });
    const db = readonlyDb(t.dbPath);
    try {
      const last = db.prepare(`SELECT op, payload FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1`).get(c.id) as { op: string; payload: string };
      expect(last.op).toBe('update');
      // Only what this write changed: the server merges per field, so an unchanged field must not
      // travel with a newer stamp and overwrite a concurrent edit made elsewhere.
      const payload = JSON.parse(last.payload) as Record<string, unknown>;
      expect(payload).toMatchObject({ name: 'New Name', organisation: null, owner_locked: 1 });
      expect(Object.keys(payload).sort()).toEqual(['name', 'organisation', 'owner_id', 'owner_locked', 'updated_at']);
    } finally {
      db.close();
    }
    expect((await t.fail('customers.update', { id: c.id, patch: { ownerId: '01934b6e-0000-7000-8000-00000000000f' } })).code).toBe('not_found');
  });
});

describe('search', () => {
  beforeAll(async () => {
    const ru = await t.call('customers.create', { name: 'Соловьёва Алёна Петровна', organisation: 'АО «Северный ветер»', contacts: [{ kind: 'phone', value: '8 (916) 700-80-90' }, { kind: 'email', value: 'alena@sever.ru' }] });
    const en = await t.call('customers.create', { name: 'Harriet Vane', organisation: 'Shrewsbury College', contacts: [{ kind: 'email', value: 'harriet@vane.co.uk' }] });
    await t.call('interactions.logCall', { customerId: ru.id, direction: 'in', startedAt: at, durationS: 30, reason: 'complaint', notes: 'Жалоба на доставку холодильника, упаковка повреждена' });
    await t.call('interactions.logEmail', { customerId: en.id, direction: 'in', reason: 'sales', from: 'harriet@vane.co.uk', to: ['sales@kartoteka.example'], subject: 'Quotation for refrigerators', body: 'Please send a quotation.' });
  });

  it('finds customers by Russian name, case- and ё-insensitively, by prefix', async () => {
    const r = await t.call('search.query', { q: 'соловьева ал' });
    expect(r.customers.map((c) => c.name)).toContain('Соловьёва Алёна Петровна');
    expect((await t.call('search.query', { q: 'СЕВЕРН' })).customers.map((c) => c.name)).toContain('Соловьёва Алёна Петровна');
  });

  it('finds customers by English name, email and number', async () => {
    expect((await t.call('search.query', { q: 'harr' })).customers.map((c) => c.name)).toEqual(['Harriet Vane']);
    expect((await t.call('search.query', { q: 'harriet@vane.co.uk' })).customers[0]?.name).toBe('Harriet Vane');
    const byNumber = await t.call('search.query', { q: '+7 916 700 80 90' });
    expect(byNumber.customers[0]?.name).toBe('Соловьёва Алёна Петровна');
  });

  it('finds a surname with initials, in every way people write them (issue 17)', async () => {
    await t.call('customers.create', { name: 'Семенова Татьяна Юрьевна', contacts: [{ kind: 'phone', value: '+79165550011' }] });
    await t.call('customers.create', { name: 'Семенова Ольга Павловна', contacts: [{ kind: 'phone', value: '+79165550012' }] });
    for (const q of ['Семенова Т', 'Семенова Т.', 'Семенова Т.Ю.', 'Семенова Т. Ю.', 'семёнова т ю', 'Т.Ю. Семенова', 'Семенова Татьяна']) {
      expect((await t.call('search.query', { q })).customers.map((c) => c.name), q).toEqual(['Семенова Татьяна Юрьевна']);
    }
    // An initial must start a word of the name: "Семенова Ю" is Татьяна Юрьевна, not Ольга Павловна.
    expect((await t.call('search.query', { q: 'Семенова П' })).customers.map((c) => c.name)).toEqual(['Семенова Ольга Павловна']);
    expect((await t.call('search.query', { q: 'Семенова' })).customers).toHaveLength(2);
  });

  it('shows one formatted phone, one email, what matched, the last contact and the open cases', async () => {
    const byName = (await t.call('search.query', { q: 'соловьева' })).customers[0]!;
    expect(byName).toMatchObject({ name: 'Соловьёва Алёна Петровна', phone: '+7 916 700 80 90', email: 'alena@sever.ru', matched: 'name', lastContactAt: at, openCases: 0 });
    expect((await t.call('search.query', { q: 'северный' })).customers[0]?.matched).toBe('organisation');
    expect((await t.call('search.query', { q: '8 916 700-80-90' })).customers[0]?.matched).toBe('number');
    expect((await t.call('search.query', { q: 'alena@sever.ru' })).customers[0]?.matched).toBe('email');
    expect((await t.call('search.query', { q: 'alena' })).customers[0]?.matched).toBe('contact');
    expect((await t.call('search.query', { q: 'harr' })).customers[0]).toMatchObject({ phone: null, lastContactAt: expect.any(Number) });
  });

  it('finds interaction notes and email text in Russian and English, with a snippet', async () => {
    const ru = await t.call('search.query', { q: 'холодильник' });
    expect(ru.interactions).toHaveLength(1);
    expect(ru.interactions[0]?.customerName).toBe('Соловьёва Алёна Петровна');
    expect(ru.interactions[0]?.snippet).toContain('холодильника');
    const en = await t.call('search.query', { q: 'quotation refrig' });
    expect(en.interactions.map((i) => i.customerName)).toEqual(['Harriet Vane']);
  });

  it('returns empty results for empty, punctuation-only or FTS-syntax text instead of an error', async () => {
    for (const q of ['', '   ', '***', '"', '(', 'NEAR(', 'a AND', '-', '"unterminated', '^', ':']) {
      const r = await t.call('search.query', { q });
      expect(r.interactions, q).toBeInstanceOf(Array);
    }
    expect(await t.call('search.query', { q: '" OR "' })).toEqual({ customers: [], interactions: [] });
  });

  it('indexes rows written by another connection (a future sync apply) through the triggers', async () => {
    const db = new BetterSqlite3(t.dbPath);
    try {
      const now = Date.now();
      db.prepare(`INSERT INTO customer (id, kind, name, created_at, updated_at, hlc) VALUES (?, 'person', 'Синхронизированный Клиент', ?, ?, 'x')`)
        .run('01934b6e-0000-7000-8000-0000000000aa', now, now);
    } finally {
      db.close();
    }
    expect((await t.call('search.query', { q: 'синхронизир' })).customers.map((c) => c.name)).toEqual(['Синхронизированный Клиент']);
  });
});

describe('engine lifecycle', () => {
  it('emits data-changed with the customer after a write', async () => {
    const events: EngineEvent[] = [];
    const off = t.engine.onEvent((e) => events.push(e));
    const c = await t.call('customers.create', { name: 'Evented' });
    await t.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: at, durationS: 1, reason: 'other' });
    off();
    expect(events).toEqual([{ type: 'data-changed', customerIds: [c.id] }, { type: 'data-changed', customerIds: [c.id] }]);
  });

  it('creates one local operator on first open and keeps it and the settings across reopen', async () => {
    const s1 = await t.call('session.get', {});
    expect(s1.settings).toEqual({ locale: 'ru', defaultCountry: 'RU' });
    await t.call('settings.update', { locale: 'en' });
    const path = `${dir}/reopen.sqlite`;
    const a = openEngine(path);
    const user = (await a.call('session.get', {})).user;
    await a.call('settings.update', { locale: 'en', defaultCountry: 'GB' });
    a.engine.close();
    const b = openEngine(path);
    const again = await b.call('session.get', {});
    expect(again.user).toEqual(user);
    expect(again.settings).toEqual({ locale: 'en', defaultCountry: 'GB' });
    expect(await b.call('users.list', {})).toEqual([user]);
    b.engine.close();
  });

  it('answers unknown methods and malformed input with typed errors', async () => {
    expect((await t.fail('nope.nope' as 'users.list', {})).code).toBe('unknown_method');
    expect((await t.fail('callerCard.lookup', { number: 42 })).code).toBe('validation');
    expect((await t.fail('customers.get', { id: '01934b6e-0000-7000-8000-0000000000ff' })).code).toBe('not_found');
  });
});
