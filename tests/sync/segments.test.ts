// Tags and segments across desktops and one server (issue 20), on PGlite and PostgreSQL: a supervisor
// saves segments; operators tag customers, offline and at once; the card shows tags and segments; a
// campaign targets a tag and a saved segment; an imported list tags the customers it names; the work
// queue filters by a label; the server's reach and the desktop's member counts agree on a generated
// population; and the server refuses what a client may not write, each mutation alone.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId, tagRowId, type SegmentRule } from '../../src-shared/index.js';
import { campaignFigures } from '../../src-server/campaigns/figures.js';
import { allLabels } from '../../src-server/segments/facts.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
const DAY = 86_400_000;
let clock = moscow('2026-03-10T12:00');
const now = () => clock;

let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;
let boris: Desktop;
const ids: Record<string, string> = {};

const none: SegmentRule = { tags: [], field: null, kind: null, birthdayThisMonth: false, noComplaintDays: null, contactedWithinDays: null };

beforeAll(async () => {
  server = await RestartableServer.start(now);
  ids.sveta = await server.addUser('sveta', 'admin');
  ids.anna = await server.addUser('anna', 'operator');
  ids.boris = await server.addUser('boris', 'operator');
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [sveta, anna, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
});
afterAll(async () => {
  for (const d of [sveta, anna, boris]) d?.close();
  await server?.close();
});

const syncAll = async () => {
  for (const d of [anna, boris, sveta, anna, boris]) await d.sync();
};

describe('tags and segments', () => {
  it('a saved segment takes the customers its rule describes, on the card and in its member count', async () => {
    await expect(anna.call('segments.save', { name: 'Мой', rule: { ...none, birthdayThisMonth: true }, active: true })).rejects.toThrow(/forbidden/);
    await expect(sveta.call('segments.save', { name: 'Пустой', rule: none, active: true })).rejects.toThrow(/validation/);
    await sveta.call('segments.save', { name: 'Именинники без жалоб', rule: { ...none, birthdayThisMonth: true, noComplaintDays: 90 }, active: true });
    await expect(sveta.call('segments.save', { name: 'именинники БЕЗ жалоб', rule: { ...none, kind: 'person' }, active: true })).rejects.toThrow(/conflict/);
    const irina = await anna.call('customers.create', { name: 'Ирина', birthday: '1980-03-21', segment: 'Розница', contacts: [{ kind: 'phone', value: '+7 916 700-00-01' }] });
    const pavel = await anna.call('customers.create', { name: 'Павел', birthday: '1975-03-02', contacts: [{ kind: 'email', value: 'pavel@example.ru' }] });
    const olga = await anna.call('customers.create', { name: 'Ольга', birthday: '1990-04-11', accountNo: '0042-17', contacts: [] });
    Object.assign(ids, { irina: irina.id, pavel: pavel.id, olga: olga.id });
    await sveta.call('segments.save', { name: 'Юрлица', rule: { ...none, kind: 'organisation' }, active: false });
    await anna.call('interactions.logCall', { customerId: pavel.id, direction: 'in', startedAt: clock - 20 * DAY, durationS: 60, reason: 'complaint', notes: 'шумит' });
    await syncAll();
    expect((await anna.call('tags.forCustomer', { customerId: irina.id })).segments).toEqual(['Розница', 'Именинники без жалоб']);
    expect((await anna.call('tags.forCustomer', { customerId: pavel.id })).segments).toEqual([]);
    expect((await sveta.call('segments.list', {})).map((s) => [s.name, s.members])).toEqual([['Именинники без жалоб', 1], ['Юрлица', 0]]);
  });

  it('two desktops tagging one customer offline make one tag; the later taking-off wins everywhere', async () => {
    anna.offline = true;
    boris.offline = true;
    await boris.sync();
    expect((await anna.call('tags.set', { customerId: ids.irina!, tag: 'VIP', on: true })).tags).toEqual(['VIP']);
    clock += 1_000;
    expect((await boris.call('tags.set', { customerId: ids.irina!, tag: ' vip ', on: true })).tags).toEqual(['vip']);
    anna.offline = false;
    boris.offline = false;
    await syncAll();
    const rows = await server.db.selectFrom('customer_tag').selectAll().where('customer_id', '=', ids.irina!).execute();
    expect(rows.map((r) => [r.id, r.active])).toEqual([[tagRowId(ids.irina!, 'VIP'), 1]]);
    expect((await boris.call('tags.forCustomer', { customerId: ids.irina! })).tags).toHaveLength(1);
    clock += 1_000;
    anna.offline = true;
    await boris.call('tags.set', { customerId: ids.irina!, tag: 'Vip', on: false });
    await boris.sync();
    anna.offline = false;
    await anna.sync();
    expect((await anna.call('tags.forCustomer', { customerId: ids.irina! })).tags).toEqual([]);
    clock += 1_000;
    expect((await anna.call('tags.set', { customerId: ids.irina!, tag: 'VIP', on: true })).tags).toHaveLength(1);
    await syncAll();
    expect((await boris.call('callerCard.lookup', { number: '+79167000001' })).matches[0]?.labels.tags).toHaveLength(1);
  });

  it('an imported list tags the customers it names, by phone, email or account number, and reports the lines that name none', async () => {
    const list = ['телефон;имя', '8 (916) 700-00-01;Ирина', '', 'PAVEL@example.ru', '"0042/17"', 'нет такого', '+7 916 700-00-01', '+7 999 000-00-00'].join('\r\n');
    await expect(anna.call('tags.import', { tag: 'Выставка 2026', text: list })).rejects.toThrow(/forbidden/);
    const report = await sveta.call('tags.import', { tag: 'Выставка 2026', text: list });
    expect(report).toEqual({ tagged: 3, already: 0, unmatched: [{ line: 1, text: 'телефон;имя' }, { line: 6, text: 'нет такого' }, { line: 8, text: '+7 999 000-00-00' }], unmatchedCount: 3 });
    expect((await sveta.call('tags.import', { tag: 'выставка 2026', text: list })).already).toBe(3);
    await syncAll();
    expect((await anna.call('tags.forCustomer', { customerId: ids.olga! })).tags).toEqual(['Выставка 2026']);
    expect(await anna.call('tags.known', {})).toEqual(['Выставка 2026', 'Именинники без жалоб', 'Розница', 'Юрлица', 'VIP']);
  });

  it('a campaign targets a tag or a saved segment: the card shows it to exactly those customers, and the server counts the same reach', async () => {
    const offer = { kind: 'invitation' as const, offer: 'Ждём на стенде B-12', channel: 'call' as const, followUpProcessId: null, followUpOn: [], active: true, startsOn: '2026-03-01', endsOn: '2026-03-31' };
    const expo = await sveta.call('campaigns.save', { ...offer, name: 'Выставка', segments: ['выставка 2026'] });
    const birthdays = await sveta.call('campaigns.save', { ...offer, kind: 'greeting', name: 'Подарок именинникам', segments: ['Именинники без жалоб', 'VIP'] });
    await syncAll();
    const names = async (customerId: string) => (await anna.call('campaigns.forCustomer', { customerId })).map((c) => c.name).sort();
    expect(await names(ids.irina!)).toEqual(['Выставка', 'Подарок именинникам']);
    expect(await names(ids.pavel!)).toEqual(['Выставка']);
    expect(await names(ids.olga!)).toEqual(['Выставка']);
    const figures = await campaignFigures(server.db, clock, 'Europe/Moscow');
    expect(figures.campaigns.filter((c) => c.campaignId === expo.id || c.campaignId === birthdays.id).map((c) => [c.name, c.reach])).toEqual([['Выставка', 3], ['Подарок именинникам', 1]]);
  });

  it("the work queue filters by a label: a tag, the segment field or a saved segment's name", async () => {
    for (const [key, title] of [['irina', 'Перезвонить Ирине'], ['pavel', 'Перезвонить Павлу'], ['olga', 'Перезвонить Ольге']] as const) {
      await anna.call('tasks.create', { customerId: ids[key]!, kind: 'callback', title, dueAt: clock + DAY });
    }
    await syncAll();
    const titles = async (label: string) => (await sveta.call('supervisor.queue', { label, sort: 'due', limit: 100 })).data.items.map((i) => i.title).sort();
    expect(await titles('vip')).toEqual(['Перезвонить Ирине']);
    expect(await titles('ИМЕНИННИКИ без жалоб')).toEqual(['Перезвонить Ирине']);
    expect(await titles('розница')).toEqual(['Перезвонить Ирине']);
    expect(await titles('Выставка 2026')).toEqual(['Перезвонить Ирине', 'Перезвонить Ольге', 'Перезвонить Павлу']);
    expect(await titles('никто')).toEqual([]);
  });

  it('the server refuses a tag under another id, a tag renamed in place, an operator\'s segment and a bad rule, each alone', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
    const m = (entity: string, rowId: string, payload: Record<string, unknown>, i: number, op = 'insert') =>
      ({ seq: i, mutationId: newId(), entity, rowId, op, hlc, payload: op === 'insert' ? { ...payload, created_at: clock, updated_at: clock } : { ...payload, updated_at: clock } });
    const tag = (t: string) => ({ customer_id: ids.pavel, tag: t, active: 1 });
    const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token, body: { clientId: newId(), mutations: [
        m('customer_tag', newId(), tag('Опт'), 1),
        m('customer_tag', tagRowId(ids.olga!, 'выставка 2026'), { tag: 'Другое' }, 2, 'update'),
        m('segment', newId(), { name: 'Мой', tags: [], field: null, kind: null, birthday_this_month: 1, no_complaint_days: null, contacted_within_days: null, active: 1 }, 3),
        m('customer_tag', tagRowId(ids.pavel!, 'x'.repeat(61)), tag('x'.repeat(61)), 4),
        m('customer_tag', tagRowId(ids.pavel!, 'Опт'), tag('Опт'), 5),
      ] },
    });
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['rejected', 'invalid'], ['rejected', 'invalid'], ['rejected', 'forbidden'], ['rejected', 'invalid'], ['applied', null]]);
    const supervisor = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'sveta', password: PASSWORD } })).body.accessToken;
    const bad = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token: supervisor, body: { clientId: newId(), mutations: [
        m('segment', newId(), { name: 'Плохой', tags: [], field: null, kind: 'alien', birthday_this_month: 0, no_complaint_days: null, contacted_within_days: null, active: 1 }, 1),
        m('segment', newId(), { name: 'Вечность', tags: [], field: null, kind: null, birthday_this_month: 0, no_complaint_days: 100_000, contacted_within_days: null, active: 1 }, 2),
      ] },
    });
    expect(bad.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('on a generated population, every saved segment has as many members on a desktop as the server counts', async () => {
    const tagNames = ['VIP', 'опт', 'Дилер'];
    const population = fc.sample(fc.record({
      tags: fc.subarray(tagNames),
      segment: fc.constantFrom(null, 'Розница', 'ОПТ'),
      month: fc.constantFrom('03', '04'),
      kind: fc.constantFrom('person' as const, 'organisation' as const),
      complaintDaysAgo: fc.constantFrom(null, 5, 45, 200),
      contactDaysAgo: fc.constantFrom(null, 3, 40),
    }), { numRuns: 40, seed: 2026 });
    for (const [i, p] of population.entries()) {
      const c = await boris.call('customers.create', { name: `Клиент ${i}`, kind: p.kind, birthday: `1985-${p.month}-15`, ...(p.segment ? { segment: p.segment } : {}), contacts: [] });
      for (const t of p.tags) await boris.call('tags.set', { customerId: c.id, tag: t, on: true });
      if (p.complaintDaysAgo !== null) await boris.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: clock - p.complaintDaysAgo * DAY, durationS: 30, reason: 'complaint' });
      if (p.contactDaysAgo !== null) await boris.call('interactions.logCall', { customerId: c.id, direction: 'out', startedAt: clock - p.contactDaysAgo * DAY, durationS: 30, reason: 'information' });
    }
    const rules = fc.sample(fc.record({
      tags: fc.subarray(tagNames, { maxLength: 2 }),
      field: fc.constantFrom(null, 'розница', 'опт'),
      kind: fc.constantFrom(null, 'person' as const, 'organisation' as const),
      birthdayThisMonth: fc.boolean(),
      noComplaintDays: fc.constantFrom(null, 30, 90),
      contactedWithinDays: fc.constantFrom(null, 7, 60),
    }).filter((r) => r.tags.length > 0 || r.field !== null || r.kind !== null || r.birthdayThisMonth || r.noComplaintDays !== null || r.contactedWithinDays !== null), { numRuns: 12, seed: 7 });
    for (const [i, rule] of rules.entries()) await sveta.call('segments.save', { name: `Сгенерированный ${i}`, rule, active: true });
    await syncAll();
    await sveta.sync();
    const desktop = new Map((await sveta.call('segments.list', {})).map((s) => [s.name.toLocaleLowerCase('ru'), s.members]));
    const onServer = new Map<string, number>();
    for (const l of (await allLabels(server.db, '2026-03-10', clock)).values()) for (const name of l) onServer.set(name, (onServer.get(name) ?? 0) + 1);
    for (const [name, members] of desktop) expect([name, onServer.get(name) ?? 0]).toEqual([name, members]);
    expect([...desktop.values()].some((n) => n > 0)).toBe(true);
  });
});
