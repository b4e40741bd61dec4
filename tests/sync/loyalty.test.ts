// Loyalty across desktops and one server (issue 20), on PGlite and PostgreSQL: a supervisor sets a
// programme; operators issue cards, record purchases and spend points on two desktops, offline and at
// once; the ledger ends with the right balance everywhere (one accrual per receipt, no redemption the
// balance cannot cover), and a generated run of purchases and redemptions on two desktops always
// does; the card shows the level and what the customer is close to; the server counts the figures as
// a hand-built ledger says, decides accruals' points itself, and refuses what a client may not write.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accrualId, encodeHlc, newId, type LoyaltyProgrammeView } from '../../src-shared/index.js';
import { loyaltyFigures } from '../../src-server/loyalty/figures.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
let clock = moscow('2026-03-10T12:00');
const now = () => clock;

let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;
let boris: Desktop;
let club: LoyaltyProgrammeView;
const ids: Record<string, string> = {};

const levels = [{ name: 'Базовый', minPoints: 0, discountPct: 0 }, { name: 'Серебро', minPoints: 500, discountPct: 5 }, { name: 'Золото', minPoints: 2000, discountPct: 10 }];

beforeAll(async () => {
  server = await RestartableServer.start(now);
  ids.sveta = await server.addUser('sveta', 'supervisor');
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
const tick = () => {
  clock += 1_000;
};
const serverBalance = async (customerId: string) =>
  (await server.db.selectFrom('points_entry').select('points').where('customer_id', '=', customerId).where('deleted', '=', 0).execute()).reduce((s, r) => s + Number(r.points), 0);

describe('loyalty', () => {
  it('a supervisor sets a programme; operators may not', async () => {
    await expect(anna.call('loyalty.saveProgramme', { name: 'Мой', pointsPer100: 5, levels, active: true })).rejects.toThrow(/forbidden/);
    await expect(sveta.call('loyalty.saveProgramme', { name: 'Плохой', pointsPer100: 5, levels: [{ name: 'Серебро', minPoints: 500, discountPct: 5 }], active: true })).rejects.toThrow(/validation/);
    club = (await sveta.call('loyalty.saveProgramme', { name: 'Клуб друзей', pointsPer100: 5, levels, active: true }))[0]!;
    await syncAll();
    expect((await anna.call('loyalty.programmes', {})).map((p) => [p.name, p.pointsPer100, p.levels.length])).toEqual([['Клуб друзей', 5, 3]]);
    const irina = await anna.call('customers.create', { name: 'Ирина', contacts: [] });
    const pavel = await anna.call('customers.create', { name: 'Павел', contacts: [] });
    Object.assign(ids, { irina: irina.id, pavel: pavel.id });
    await syncAll();
  });

  it('a card number is issued once: offline on another desktop, the second issue is refused by the server', async () => {
    boris.offline = true;
    tick();
    await anna.call('loyalty.issueCard', { customerId: ids.irina!, programmeId: club.id, number: '7700-0001', kind: 'personal' });
    await expect(anna.call('loyalty.issueCard', { customerId: ids.pavel!, programmeId: club.id, number: '7700-0001', kind: 'bearer' })).rejects.toThrow(/conflict/);
    await boris.call('loyalty.issueCard', { customerId: ids.pavel!, programmeId: club.id, number: '7700-0001', kind: 'bearer' });
    await anna.sync();
    boris.offline = false;
    await syncAll();
    expect((await boris.call('sync.rejections', {})).map((r) => [r.entity, r.reason])).toContainEqual(['loyalty_card', 'taken']);
    expect((await server.db.selectFrom('loyalty_card').select('customer_id').execute()).map((r) => r.customer_id)).toEqual([ids.irina]);
  });

  it('purchases recorded offline on two desktops at once accrue once per receipt, and the balance and level agree everywhere', async () => {
    anna.offline = true;
    boris.offline = true;
    tick();
    await anna.call('loyalty.purchase', { customerId: ids.irina!, programmeId: club.id, amount: 4000, receipt: 'R-1' });
    await anna.call('loyalty.purchase', { customerId: ids.irina!, programmeId: club.id, amount: 2000, receipt: 'R-2' });
    await expect(anna.call('loyalty.purchase', { customerId: ids.irina!, programmeId: club.id, amount: 2000, receipt: 'r-2' })).rejects.toThrow(/conflict/);
    tick();
    await boris.call('loyalty.purchase', { customerId: ids.irina!, programmeId: club.id, amount: 2000, receipt: 'R-2' });
    await boris.call('loyalty.purchase', { customerId: ids.irina!, programmeId: club.id, amount: 10000.5, receipt: 'R-3' });
    anna.offline = false;
    boris.offline = false;
    await syncAll();
    expect(await serverBalance(ids.irina!)).toBe(200 + 100 + 500);
    for (const d of [anna, boris]) {
      const [standing] = await d.call('loyalty.forCustomer', { customerId: ids.irina! });
      expect([standing?.balance, standing?.lifetime, standing?.level?.name, standing?.next, standing?.card?.number]).toEqual([800, 800, 'Серебро', { name: 'Золото', pointsToGo: 1200 }, '7700-0001']);
    }
    expect(await server.db.selectFrom('points_entry').select('id').where('customer_id', '=', ids.irina!).execute()).toHaveLength(3);
  });

  it('two desktops spending the same points offline: the server takes the first and refuses the second; both end on the right balance', async () => {
    anna.offline = true;
    boris.offline = true;
    tick();
    expect((await anna.call('loyalty.redeem', { customerId: ids.irina!, programmeId: club.id, points: 500, note: 'скидка на заказ' }))[0]?.balance).toBe(300);
    await expect(anna.call('loyalty.redeem', { customerId: ids.irina!, programmeId: club.id, points: 301, note: null })).rejects.toThrow(/conflict/);
    tick();
    expect((await boris.call('loyalty.redeem', { customerId: ids.irina!, programmeId: club.id, points: 500, note: null }))[0]?.balance).toBe(300);
    anna.offline = false;
    boris.offline = false;
    await syncAll();
    expect(await serverBalance(ids.irina!)).toBe(300);
    for (const d of [anna, boris]) expect((await d.call('loyalty.forCustomer', { customerId: ids.irina! }))[0]?.balance).toBe(300);
    // Whichever push came second was refused, and says so on its desktop.
    const refused = [...await anna.call('sync.rejections', {}), ...await boris.call('sync.rejections', {})].filter((r) => r.entity === 'points_entry');
    expect(refused.map((r) => r.reason)).toEqual(['taken']);
    // Spending does not lower the level: it follows the points accrued.
    expect((await anna.call('loyalty.forCustomer', { customerId: ids.irina! }))[0]?.level?.name).toBe('Серебро');
  });

  it('for any run of purchases and redemptions on two desktops, online and offline, the balance is the applied entries\' sum, never negative, and the same everywhere', async () => {
    const op = fc.record({
      desktop: fc.constantFrom('anna', 'boris'),
      action: fc.oneof(
        fc.record({ kind: fc.constant('buy' as const), roubles: fc.integer({ min: 1, max: 20_000 }), receipt: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 600 }) }),
        fc.record({ kind: fc.constant('toggle' as const) }),
        fc.record({ kind: fc.constant('sync' as const) }),
      ),
    });
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 10 }), async (ops) => {
      run += 1;
      const customer = (await anna.call('customers.create', { name: `Покупатель ${run}`, contacts: [] })).id;
      await anna.sync();
      await boris.sync();
      const desk = { anna, boris };
      for (const o of ops) {
        const d = desk[o.desktop];
        tick();
        const a = o.action;
        if (a.kind === 'toggle') d.offline = !d.offline;
        else if (a.kind === 'sync') await d.sync();
        else if (a.kind === 'buy') await d.call('loyalty.purchase', { customerId: customer, programmeId: club.id, amount: a.roubles, receipt: `G${run}-${a.receipt}` }).catch((e: Error) => expect(e.message).toMatch(/conflict/));
        else await d.call('loyalty.redeem', { customerId: customer, programmeId: club.id, points: a.points, note: null }).catch((e: Error) => expect(e.message).toMatch(/conflict/));
      }
      anna.offline = false;
      boris.offline = false;
      await syncAll();
      const onServer = await serverBalance(customer);
      expect(onServer).toBeGreaterThanOrEqual(0);
      const receipts = await server.db.selectFrom('points_entry').select(['receipt', 'points', 'amount']).where('customer_id', '=', customer).where('kind', '=', 'accrual').execute();
      expect(new Set(receipts.map((r) => r.receipt)).size).toBe(receipts.length);
      for (const r of receipts) expect(Number(r.points)).toBe(Math.floor((Number(r.amount) * 5) / 10_000));
      for (const d of [anna, boris]) expect(((await d.call('loyalty.forCustomer', { customerId: customer }))[0]?.balance ?? 0)).toBe(onServer);
    }), { numRuns: Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 8), seed: Number(process.env.KARTOTEKA_FUZZ_SEED ?? 2020) });
  });

  it('the server decides an accrual\'s points and refuses what a client may not write, each alone', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
    const m = (entity: string, rowId: string, payload: Record<string, unknown>, i: number, op = 'insert') =>
      ({ seq: i, mutationId: newId(), entity, rowId, op, hlc, payload: op === 'insert' ? { ...payload, created_at: clock, updated_at: clock } : { ...payload, updated_at: clock } });
    const entry = { customer_id: ids.pavel, programme_id: club.id, user_id: ids.anna, at: clock, note: null };
    const accrual = (receipt: string, points: number) => ({ ...entry, kind: 'accrual', points, amount: 100_000, receipt });
    const spend = (points: number) => ({ ...entry, kind: 'redemption', points, amount: null, receipt: null });
    const r1 = (await server.db.selectFrom('points_entry').select('id').where('receipt', '=', 'R-1').executeTakeFirstOrThrow()).id;
    const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token, body: { clientId: newId(), mutations: [
        m('points_entry', newId(), accrual('P-1', 50), 1), // an id not derived from the receipt
        m('points_entry', newId(), { ...entry, kind: 'adjustment', points: 1000, amount: null, receipt: null }, 2),
        m('points_entry', newId(), { ...spend(-10), user_id: ids.boris }, 3),
        m('points_entry', newId(), spend(10), 4),
        m('loyalty_programme', newId(), { name: 'Свой', points_per_100: 100, levels, active: 1 }, 5),
        m('points_entry', r1, { points: 9999 }, 6, 'update'),
        m('points_entry', newId(), spend(-1), 7), // Павел has no points
        m('points_entry', accrualId(club.id, 'P-9'), accrual('P-9', 999_999), 8),
      ] },
    });
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['rejected', 'invalid'], ['rejected', 'forbidden'], ['rejected', 'forbidden'], ['rejected', 'invalid'], ['rejected', 'forbidden'],
      ['rejected', 'append_only'], ['rejected', 'taken'], ['applied', null],
    ]);
    // 1,000 roubles at 5 points per 100: 50 points, whatever the client said.
    expect(Number((await server.db.selectFrom('points_entry').select('points').where('receipt', '=', 'P-9').executeTakeFirstOrThrow()).points)).toBe(50);
    await anna.sync();
    expect((await anna.call('loyalty.forCustomer', { customerId: ids.pavel! }))[0]?.balance).toBe(50);
  });

  it('an accrual counted offline at an old rate takes the server\'s count on every desktop', async () => {
    anna.offline = true;
    tick();
    const before = (await anna.call('loyalty.purchase', { customerId: ids.pavel!, programmeId: club.id, amount: 1000, receipt: 'R-OLD' }))[0]?.balance;
    anna.offline = false;
    expect(before).toBe(50 + 50);
    anna.offline = true;
    tick();
    await sveta.call('loyalty.saveProgramme', { ...club, pointsPer100: 10 });
    await sveta.sync();
    anna.offline = false;
    await syncAll();
    expect(await serverBalance(ids.pavel!)).toBe(50 + 100);
    for (const d of [anna, boris]) expect((await d.call('loyalty.forCustomer', { customerId: ids.pavel! }))[0]?.balance).toBe(150);
  });

  it('counts figures as a hand-built ledger says', async () => {
    const bonus = (await sveta.call('loyalty.saveProgramme', {
      name: 'Бонусы', pointsPer100: 2, levels: [{ name: 'Старт', minPoints: 0, discountPct: 0 }, { name: 'Плюс', minPoints: 25, discountPct: 3 }], active: true,
    })).find((p) => p.name === 'Бонусы')!;
    await sveta.sync();
    await anna.sync();
    tick();
    await anna.call('loyalty.issueCard', { customerId: ids.irina!, programmeId: bonus.id, number: 'B-0001', kind: 'personal' });
    await anna.call('loyalty.purchase', { customerId: ids.irina!, programmeId: bonus.id, amount: 1000, receipt: 'A' });
    await anna.call('loyalty.purchase', { customerId: ids.irina!, programmeId: bonus.id, amount: 500, receipt: 'B' });
    await anna.call('loyalty.purchase', { customerId: ids.pavel!, programmeId: bonus.id, amount: 300, receipt: 'C' });
    await anna.call('loyalty.redeem', { customerId: ids.irina!, programmeId: bonus.id, points: 15, note: null });
    await anna.sync();
    const figures = (await loyaltyFigures(server.db, clock)).programmes.find((p) => p.programmeId === bonus.id);
    expect(figures).toEqual({
      programmeId: bonus.id, name: 'Бонусы', cards: 1, members: 2, purchases: 3, amountKopecks: 180_000, accrued: 36, redeemed: 15, outstanding: 21,
      byLevel: [
        { level: 'Старт', discountPct: 0, members: 1, purchases: 1, amountKopecks: 30_000, purchasesPerMember: 1, averageKopecks: 30_000 },
        { level: 'Плюс', discountPct: 3, members: 1, purchases: 2, amountKopecks: 150_000, purchasesPerMember: 2, averageKopecks: 75_000 },
      ],
    });
    const live = await sveta.call('loyalty.figures', {});
    expect([live.live, live.figures?.programmes.map((p) => p.name)]).toEqual([true, ['Бонусы', 'Клуб друзей']]);
    await expect(anna.call('loyalty.figures', {})).rejects.toThrow(/forbidden/);
  });
});
