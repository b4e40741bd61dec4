// The caller card against a store filled by the demo generator; expected figures come from
// independent SQL on a second connection.
import type BetterSqlite3 from 'better-sqlite3';
import type { CustomerCard } from '../../../src-shared/index.js';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;
let db: BetterSqlite3.Database;

beforeAll(() => {
  dir = tempDir();
  t = openEngine(`${dir}/card.sqlite`, { seedDemo: { customers: 3_000, seed: 7 } });
  db = readonlyDb(t.dbPath);
});

afterAll(() => {
  db.close();
  t.engine.close();
  removeDir(dir);
});

/** Formats of one Russian number as operators, PBXs and browsers write it. */
function formats(e164: string): string[] {
  const d = e164.slice(2);
  const [a, b, c, e] = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 8), d.slice(8, 10)];
  return [`8 (${a}) ${b}-${c}-${e}`, `+7 ${a} ${b}${c}${e}`, `7${d}`, `tel:+7-${a}-${b}-${c}-${e}`, `${d}`, `+7 (${a}) ${b} ${c} ${e}`];
}

interface CountRow {
  direction: string;
  channel: string;
  reason: string;
  n: number;
}

function expectCountsMatchSql(card: CustomerCard): void {
  const id = card.customer.id;
  const rows = db
    .prepare('SELECT direction, channel, reason, count(*) AS n FROM interaction WHERE customer_id = ? AND deleted = 0 GROUP BY 1, 2, 3')
    .all(id) as CountRow[];
  const sum = (f: (r: CountRow) => boolean): number => rows.filter(f).reduce((s, r) => s + r.n, 0);
  expect(card.counts.total).toBe(sum(() => true));
  expect(card.historyCount).toBe(sum(() => true));
  for (const reason of ['complaint', 'service_request', 'information', 'sales', 'other'] as const) {
    expect(card.counts.byReason[reason], reason).toBe(sum((r) => r.reason === reason));
  }
  for (const channel of ['call', 'email', 'fax'] as const) {
    expect(card.counts.inbound[channel], `in ${channel}`).toBe(sum((r) => r.direction === 'in' && r.channel === channel));
    expect(card.counts.outbound[channel], `out ${channel}`).toBe(sum((r) => r.direction === 'out' && r.channel === channel));
  }
  const openCases = (db.prepare(`SELECT count(*) AS n FROM "case" WHERE customer_id = ? AND status != 'closed' AND deleted = 0`).get(id) as { n: number }).n;
  expect(card.openCases).toHaveLength(openCases);
  const openTasks = (db.prepare(`SELECT count(*) AS n FROM task WHERE customer_id = ? AND status = 'open' AND deleted = 0`).get(id) as { n: number }).n;
  expect(card.openTasks).toHaveLength(openTasks);
  const newest = db.prepare('SELECT max(occurred_at) AS m FROM interaction WHERE customer_id = ? AND deleted = 0').get(id) as { m: number | null };
  expect(card.lastContactAt).toBe(newest.m);
  expect(card.history).toHaveLength(Math.min(50, card.historyCount));
  const times = card.history.map((h) => h.occurredAt);
  expect(times).toEqual([...times].sort((x, y) => y - x));
  const moods = db
    .prepare(`SELECT occurred_at, mood FROM interaction WHERE customer_id = ? AND channel = 'call' AND mood IS NOT NULL AND deleted = 0 ORDER BY occurred_at DESC LIMIT 10`)
    .all(id) as { occurred_at: number; mood: string }[];
  expect(card.recentMoods).toEqual(moods.map((m) => ({ occurredAt: m.occurred_at, mood: m.mood })));
}

describe('caller card', () => {
  it('finds a known customer from every format of their number', async () => {
    const row = db
      .prepare(`SELECT customer_id, normalized FROM contact_point WHERE kind = 'phone' AND normalized LIKE '+79%'
                AND normalized IN (SELECT normalized FROM contact_point GROUP BY normalized HAVING count(*) = 1) LIMIT 1`)
      .get() as { customer_id: string; normalized: string };
    for (const f of formats(row.normalized)) {
      const card = await t.call('callerCard.lookup', { number: f });
      expect(card.normalized, f).toBe(row.normalized);
      expect(card.matches.map((m) => m.customer.id), f).toEqual([row.customer_id]);
    }
  });

  it('finds a customer by a landline typed without the country code', async () => {
    const row = db.prepare(`SELECT customer_id, normalized FROM contact_point WHERE normalized LIKE '+7495%' LIMIT 1`).get() as {
      customer_id: string;
      normalized: string;
    };
    const d = row.normalized.slice(2);
    const card = await t.call('callerCard.lookup', { number: `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}` });
    expect(card.matches.map((m) => m.customer.id)).toContain(row.customer_id);
  });

  it('shows an unknown caller as no match, with the normalised number for quick-create', async () => {
    let unknown = '+79990000001';
    while (db.prepare('SELECT 1 FROM contact_point WHERE normalized = ?').get(unknown)) unknown = `+7999${Math.floor(Math.random() * 1e7)}`.padEnd(12, '0');
    const card = await t.call('callerCard.lookup', { number: `8 ${unknown.slice(2)}` });
    expect(card).toEqual({ query: `8 ${unknown.slice(2)}`, normalized: unknown, matches: [], numberMarks: { spam: null, withoutCustomer: [] } });
  });

  it('answers a non-number with no match and no normalised key', async () => {
    const card = await t.call('callerCard.lookup', { number: 'anonymous' });
    expect(card.normalized).toBeNull();
    expect(card.matches).toEqual([]);
  });

  it('shows every customer sharing a number', async () => {
    const shared = db
      .prepare(`SELECT normalized, count(DISTINCT customer_id) AS n FROM contact_point WHERE deleted = 0 GROUP BY normalized HAVING n > 1 LIMIT 1`)
      .get() as { normalized: string; n: number };
    expect(shared).toBeDefined();
    const owners = (db.prepare('SELECT customer_id FROM contact_point WHERE normalized = ?').all(shared.normalized) as { customer_id: string }[])
      .map((r) => r.customer_id)
      .sort();
    for (const f of formats(shared.normalized)) {
      const card = await t.call('callerCard.lookup', { number: f });
      expect(card.matches.map((m) => m.customer.id).sort(), f).toEqual(owners);
    }
  });

  it('finds a customer by email address', async () => {
    const row = db.prepare(`SELECT customer_id, raw FROM contact_point WHERE kind = 'email' LIMIT 1`).get() as { customer_id: string; raw: string };
    const card = await t.call('callerCard.lookup', { number: `  ${row.raw.toUpperCase()} ` });
    expect(card.matches.map((m) => m.customer.id)).toEqual([row.customer_id]);
  });

  it('counts contacts by reason, direction and channel as the stored history says', async () => {
    const ids = db
      .prepare(`SELECT customer_id FROM interaction GROUP BY customer_id ORDER BY count(*) DESC LIMIT 3`)
      .all()
      .concat(db.prepare(`SELECT id AS customer_id FROM customer ORDER BY id LIMIT 5 OFFSET 100`).all()) as { customer_id: string }[];
    for (const { customer_id } of ids) {
      const card = await t.call('callerCard.forCustomer', { customerId: customer_id });
      expectCountsMatchSql(card);
    }
    // The heaviest customer has thousands of entries; the card carries only the newest 50.
    const heavy = await t.call('callerCard.forCustomer', { customerId: (ids[0] as { customer_id: string }).customer_id });
    expect(heavy.historyCount).toBeGreaterThan(900);
    expect(heavy.history).toHaveLength(50);
  });

  it('says how often the customer has been in touch: calls in 24 h, entries in 7 and 30 days (issue 17)', async () => {
    const c = await t.call('customers.create', { name: 'Часто Звонящая', contacts: [{ kind: 'phone', value: '+79169990011' }] });
    const now = Date.now();
    const call = (agoMs: number, direction: 'in' | 'out' = 'in') =>
      t.call('interactions.logCall', { customerId: c.id, direction, startedAt: now - agoMs, durationS: 30, reason: 'complaint', notes: 'ещё раз' });
    const hour = 3_600_000;
    await call(hour);
    await call(5 * hour);
    await call(6 * hour, 'out');
    await call(3 * 24 * hour);
    await call(20 * 24 * hour);
    await call(40 * 24 * hour);
    await t.call('interactions.logEmail', { customerId: c.id, direction: 'in', reason: 'other', from: 'a@b.ru', to: ['x@y.ru'], subject: 's', body: 'b', occurredAt: now - 2 * hour });
    const card = await t.call('callerCard.lookup', { number: '+79169990011' });
    // Inbound calls of the last day only; every entry (any channel, either way) for 7 and 30 days.
    expect(card.matches[0]!.recency).toEqual({ callsIn24h: 2, entries7d: 5, entries30d: 6 });
  });

  it('names the owner, the lock, and who handled each open case last', async () => {
    const row = db
      .prepare(`SELECT c.id, c.owner_id, c.owner_locked FROM customer c WHERE owner_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM "case" k JOIN interaction i ON i.case_id = k.id WHERE k.customer_id = c.id AND k.status <> 'closed') LIMIT 1`)
      .get() as { id: string; owner_id: string; owner_locked: number };
    const card = await t.call('callerCard.forCustomer', { customerId: row.id });
    expect(card.customer.owner?.id).toBe(row.owner_id);
    expect(card.customer.ownerLocked).toBe(row.owner_locked === 1);
    const handled = card.openCases.find((c) => c.lastHandledBy !== null);
    expect(handled).toBeDefined();
    const last = db
      .prepare('SELECT user_id, occurred_at FROM interaction WHERE case_id = ? AND deleted = 0 ORDER BY occurred_at DESC LIMIT 1')
      .get(handled?.id) as { user_id: string; occurred_at: number };
    expect(handled?.lastHandledBy?.id).toBe(last.user_id);
    expect(handled?.lastActivityAt).toBe(last.occurred_at);
  });

  it('pages the history with channel, reason and case filters', async () => {
    const { customer_id } = db.prepare(`SELECT customer_id FROM interaction GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`).get() as {
      customer_id: string;
    };
    const count = (where: string, ...p: string[]): number =>
      (db.prepare(`SELECT count(*) AS n FROM interaction WHERE customer_id = ? AND deleted = 0 ${where}`).get(customer_id, ...p) as { n: number }).n;
    const emails = await t.call('history.list', { customerId: customer_id, channel: 'email', limit: 500 });
    expect(emails.total).toBe(count(`AND channel = 'email'`));
    expect(emails.entries.every((e) => e.channel === 'email')).toBe(true);
    const complaints = await t.call('history.list', { customerId: customer_id, reason: 'complaint', channel: 'call' });
    expect(complaints.total).toBe(count(`AND reason = 'complaint' AND channel = 'call'`));
    const someCase = db.prepare('SELECT case_id FROM interaction WHERE customer_id = ? AND case_id IS NOT NULL LIMIT 1').get(customer_id) as { case_id: string };
    const byCase = await t.call('history.list', { customerId: customer_id, caseId: someCase.case_id });
    expect(byCase.total).toBe(count('AND case_id = ?', someCase.case_id));
    // Pages join up without gaps or repeats.
    const first = await t.call('history.list', { customerId: customer_id, limit: 100 });
    const second = await t.call('history.list', { customerId: customer_id, offset: 100, limit: 100 });
    const both = await t.call('history.list', { customerId: customer_id, limit: 200 });
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(both.entries.map((e) => e.id));
  });

  it('reads national numbers in the configured default country', async () => {
    await t.call('customers.create', { name: 'Oliver Twist', contacts: [{ kind: 'phone', value: '+44 20 7946 0958' }] });
    expect((await t.call('callerCard.lookup', { number: '020 7946 0958' })).matches).toHaveLength(0);
    await t.call('settings.update', { defaultCountry: 'GB' });
    const card = await t.call('callerCard.lookup', { number: '020 7946 0958' });
    expect(card.matches.map((m) => m.customer.name)).toEqual(['Oliver Twist']);
    await t.call('settings.update', { defaultCountry: 'RU' });
  });
});
