// Figures against a hand-built data set with exact expected numbers: the centre's day (not UTC) in
// Moscow and across the end of summer time in Berlin, missed calls and call-backs, cases, team
// scoping, deleted rows, and an empty range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiguresResponse, FiguresRow } from '../../../src-shared/supervisor/protocol.js';
import { seedCase, seedCustomer, seedInteraction, startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

const figures = (f: SupervisorFixture, query: string, actor = f.supA) => f.get<FiguresResponse>(actor, `/supervisor/figures?${query}`);
const row = (res: FiguresResponse, userId: string) => res.operators.find((r) => r.userId === userId);
const counts = (r: FiguresRow | undefined) => r && {
  callsIn: r.callsIn, callsOut: r.callsOut, emails: r.emails, faxes: r.faxes, complaints: r.complaints, serviceRequests: r.serviceRequests,
  informationRequests: r.informationRequests, sales: r.sales, other: r.other, avgHandlingS: r.avgHandlingS, missed: r.missed,
  missedCalledBack: r.missedCalledBack, casesOpened: r.casesOpened, casesClosed: r.casesClosed,
};

describe('figures in the centre\'s day (Europe/Moscow, UTC+3)', () => {
  let f: SupervisorFixture;
  beforeAll(async () => {
    f = await startSupervisorFixture({ timeZone: 'Europe/Moscow' });
    const x = await seedCustomer(f, 'Клиент X');
    const y = await seedCustomer(f, 'Клиент Y');
    const { a1, a2, b1 } = f;
    // Day D = 2026-03-10 in Moscow = [2026-03-09T21:00Z, 2026-03-10T21:00Z).
    await seedInteraction(f, { userId: a1.id, at: '2026-03-10T20:30:00Z', reason: 'complaint', durationS: 100 }); // 23:30 MSK on D
    await seedInteraction(f, { userId: a1.id, at: '2026-03-10T21:30:00Z', reason: 'other', durationS: 0, outcome: 'missed', customerId: y }); // 00:30 MSK on D+1
    await seedInteraction(f, { userId: a1.id, at: '2026-03-09T21:00:00Z', direction: 'out', reason: 'sales', durationS: 200 }); // D 00:00 MSK exactly
    await seedInteraction(f, { userId: a1.id, at: '2026-03-10T09:00:00Z', channel: 'email', reason: 'information', durationS: null });
    await seedInteraction(f, { userId: a2.id, at: '2026-03-10T06:00:00Z', channel: 'fax', reason: 'service_request', durationS: null });
    await seedInteraction(f, { userId: a2.id, at: '2026-03-10T07:00:00Z', reason: 'other', durationS: 0, outcome: 'missed', customerId: x });
    await seedInteraction(f, { userId: a2.id, at: '2026-03-10T08:00:00Z', direction: 'out', reason: 'information', durationS: 60, customerId: x }); // calls X back
    await seedInteraction(f, { userId: a2.id, at: '2026-03-10T10:00:00Z', reason: 'other', durationS: 0, outcome: 'missed', customerId: y });
    await seedInteraction(f, { userId: a2.id, at: '2026-03-10T05:00:00Z', direction: 'out', reason: 'information', durationS: 30, customerId: y }); // before the miss: no call-back
    await seedInteraction(f, { userId: a1.id, at: '2026-03-10T12:00:00Z', reason: 'complaint', durationS: 300, deleted: 1 });
    await seedInteraction(f, { userId: b1.id, at: '2026-03-10T12:00:00Z', reason: 'complaint', durationS: 500 }); // another team
    await seedInteraction(f, { userId: a1.id, at: '2026-03-11T21:00:00Z', reason: 'complaint', durationS: 10 }); // D+2 00:00 MSK
    await seedCase(f, { assigneeId: a1.id, openedAt: '2026-03-10T10:00:00Z', closedAt: '2026-03-11T12:00:00Z' });
    await seedCase(f, { assigneeId: a2.id, openedAt: '2026-03-08T10:00:00Z', closedAt: '2026-03-10T20:59:00Z' }); // closed 23:59 MSK on D
    await seedCase(f, { assigneeId: null, openedAt: '2026-03-10T10:00:00Z' }); // nobody's: in no operator's row
    await seedCase(f, { assigneeId: b1.id, openedAt: '2026-03-10T10:00:00Z' });
  });
  afterAll(async () => f?.close());

  it('counts a day per operator and in total, with the centre\'s midnight as the edge', async () => {
    const res = await figures(f, 'from=2026-03-10&to=2026-03-10');
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Europe/Moscow');
    expect(counts(row(res.body, f.a1.id))).toEqual({
      callsIn: 1, callsOut: 1, emails: 1, faxes: 0, complaints: 1, serviceRequests: 0, informationRequests: 1, sales: 1, other: 0,
      avgHandlingS: 150, missed: 0, missedCalledBack: 0, casesOpened: 1, casesClosed: 0,
    });
    expect(counts(row(res.body, f.a2.id))).toEqual({
      callsIn: 2, callsOut: 2, emails: 0, faxes: 1, complaints: 0, serviceRequests: 1, informationRequests: 2, sales: 0, other: 2,
      avgHandlingS: 45, missed: 2, missedCalledBack: 1, casesOpened: 0, casesClosed: 1,
    });
    expect(counts(res.body.total)).toEqual({
      callsIn: 3, callsOut: 3, emails: 1, faxes: 1, complaints: 1, serviceRequests: 1, informationRequests: 3, sales: 1, other: 2,
      avgHandlingS: 97.5, missed: 2, missedCalledBack: 1, casesOpened: 1, casesClosed: 1,
    });
    expect(res.body.total.userId).toBeNull();
  });

  it('scopes to the supervisor\'s teams: another team\'s operators and their work are absent', async () => {
    const res = await figures(f, 'from=2026-03-10&to=2026-03-10');
    const ids = res.body.operators.map((r) => r.userId);
    expect(ids).toEqual(expect.arrayContaining([f.a1.id, f.a2.id, f.c1.id, f.supA.id]));
    expect(ids).not.toContain(f.b1.id);
    expect(row(res.body, f.c1.id)?.callsIn).toBe(0);
    const b = await figures(f, 'from=2026-03-10&to=2026-03-10', f.supB);
    expect(counts(row(b.body, f.b1.id))).toMatchObject({ callsIn: 1, complaints: 1, avgHandlingS: 500, casesOpened: 1 });
    expect(b.body.total.callsIn).toBe(1);
  });

  it('narrows to one team with teamId, and refuses a team that is not the supervisor\'s', async () => {
    const c = await figures(f, `from=2026-03-10&to=2026-03-10&teamId=${f.teams.c}`);
    expect(c.body.operators.map((r) => r.userId)).toEqual([f.c1.id]);
    expect(c.body.total.callsIn).toBe(0);
    const refused = await figures(f, `from=2026-03-10&to=2026-03-10&teamId=${f.teams.b}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'forbidden' });
  });

  it('charts by the hour of the centre\'s day, by reason and by channel', async () => {
    const res = await figures(f, 'from=2026-03-10&to=2026-03-10');
    const hours = Object.fromEntries(res.body.byHour.filter((h) => h.calls + h.emails + h.faxes > 0).map((h) => [h.hour, [h.calls, h.emails, h.faxes]]));
    expect(hours).toEqual({ 0: [1, 0, 0], 8: [1, 0, 0], 9: [0, 0, 1], 10: [1, 0, 0], 11: [1, 0, 0], 12: [0, 1, 0], 13: [1, 0, 0], 23: [1, 0, 0] });
    expect(res.body.byHour).toHaveLength(24);
    expect(res.body.byReason).toEqual([
      { reason: 'complaint', count: 1 }, { reason: 'service_request', count: 1 }, { reason: 'information', count: 3 }, { reason: 'sales', count: 1 }, { reason: 'other', count: 2 },
    ]);
    expect(res.body.byChannel).toEqual([
      { channel: 'call', direction: 'in', count: 3 }, { channel: 'call', direction: 'out', count: 3 },
      { channel: 'email', direction: 'in', count: 1 }, { channel: 'email', direction: 'out', count: 0 },
      { channel: 'fax', direction: 'in', count: 1 }, { channel: 'fax', direction: 'out', count: 0 },
      { channel: 'web', direction: 'in', count: 0 }, { channel: 'web', direction: 'out', count: 0 },
      { channel: 'chat', direction: 'in', count: 0 }, { channel: 'chat', direction: 'out', count: 0 },
      { channel: 'messenger', direction: 'in', count: 0 }, { channel: 'messenger', direction: 'out', count: 0 },
      { channel: 'sms', direction: 'in', count: 0 }, { channel: 'sms', direction: 'out', count: 0 },
    ]);
  });

  it('groups the calls by recorded outcome, and the review filters by one', async () => {
    const res = await figures(f, 'from=2026-03-10&to=2026-03-10');
    // Six calls of team A that day: two missed (the outcome the server writes), four without one.
    expect(res.body.byOutcome).toEqual([{ outcome: 'missed', count: 2 }]);
    expect(res.body.otherOutcomes).toBe(0);
    expect(res.body.noOutcome).toBe(4);
    expect(res.body.byLine).toEqual([]);
    const review = await f.get<{ items: { outcome: string | null; userId: string | null }[] }>(f.supA, '/supervisor/interactions?outcome=missed&from=2026-03-10&to=2026-03-10');
    expect(review.status).toBe(200);
    expect(review.body.items.map((i) => [i.outcome, i.userId])).toEqual([['missed', f.a2.id], ['missed', f.a2.id]]);
  });

  it('counts the calls by the queue they came in on, the missed ones and the mean wait, in the team only', async () => {
    await seedInteraction(f, { userId: f.a2.id, at: '2026-03-20T07:00:00Z', reason: 'other', durationS: 0, outcome: 'missed', line: 'support' });
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-20T11:00:00Z', reason: 'information', durationS: 40, line: 'support', waitS: 12 });
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-20T11:30:00Z', reason: 'information', durationS: 40, line: 'support', waitS: 19 });
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-20T12:30:00Z', reason: 'sales', durationS: 40, line: '74951112233' });
    await seedInteraction(f, { userId: f.b1.id, at: '2026-03-20T11:30:00Z', reason: 'information', durationS: 40, line: 'sales', waitS: 3 }); // another team
    const res = await figures(f, 'from=2026-03-20&to=2026-03-20');
    expect(res.body.byLine).toEqual([
      { line: 'support', calls: 3, missed: 1, avgWaitS: 15.5 },
      { line: '74951112233', calls: 1, missed: 0, avgWaitS: null },
    ]);
  });

  it('the 00:30 call belongs to the next centre day, and the next midnight ends it', async () => {
    const res = await figures(f, 'from=2026-03-11&to=2026-03-11');
    expect(counts(row(res.body, f.a1.id))).toEqual({
      callsIn: 1, callsOut: 0, emails: 0, faxes: 0, complaints: 0, serviceRequests: 0, informationRequests: 0, sales: 0, other: 1,
      avgHandlingS: null, missed: 1, missedCalledBack: 0, casesOpened: 0, casesClosed: 1,
    });
    expect(res.body.byHour[0]?.calls).toBe(1);
    const two = await figures(f, 'from=2026-03-10&to=2026-03-11');
    expect(two.body.total.callsIn).toBe(4);
    expect(two.body.total.missed).toBe(3);
  });

  it('an empty range gives zeros for every member, not an error', async () => {
    const res = await figures(f, 'from=2020-01-01&to=2020-01-31');
    expect(res.status).toBe(200);
    expect(res.body.operators.length).toBeGreaterThanOrEqual(3);
    for (const r of [...res.body.operators, res.body.total]) {
      expect(counts(r)).toEqual({
        callsIn: 0, callsOut: 0, emails: 0, faxes: 0, complaints: 0, serviceRequests: 0, informationRequests: 0, sales: 0, other: 0,
        avgHandlingS: null, missed: 0, missedCalledBack: 0, casesOpened: 0, casesClosed: 0,
      });
    }
    expect(res.body.byHour.every((h) => h.calls === 0 && h.emails === 0 && h.faxes === 0)).toBe(true);
    expect(res.body.byReason.every((r) => r.count === 0)).toBe(true);
  });

  it('refuses a reversed range, a range over the limit and a malformed date with a typed 400', async () => {
    for (const q of ['from=2026-03-11&to=2026-03-10', 'from=2024-01-01&to=2026-03-10', 'from=10.03.2026&to=2026-03-10', 'to=2026-03-10']) {
      const res = await figures(f, q);
      expect(res.status, q).toBe(400);
      expect(res.body, q).toMatchObject({ error: 'validation' });
    }
  });
});

describe('figures across the end of summer time (Europe/Berlin, 2026-10-25 has 25 hours)', () => {
  let f: SupervisorFixture;
  beforeAll(async () => {
    f = await startSupervisorFixture({ timeZone: 'Europe/Berlin' });
    for (const at of [
      '2026-10-24T21:30:00Z', // 23:30 CEST on the 24th
      '2026-10-24T22:30:00Z', // 00:30 CEST on the 25th
      '2026-10-25T00:30:00Z', // 02:30 CEST (the first 02:30)
      '2026-10-25T01:30:00Z', // 02:30 CET (the repeated hour)
      '2026-10-25T22:30:00Z', // 23:30 CET on the 25th
      '2026-10-25T23:30:00Z', // 00:30 CET on the 26th
    ]) await seedInteraction(f, { userId: f.a1.id, at, durationS: 60 });
  });
  afterAll(async () => f?.close());

  it('the 25-hour day holds the calls from its local midnight to the next, the repeated hour counted twice', async () => {
    const res = await figures(f, 'from=2026-10-25&to=2026-10-25');
    expect(res.body.total.callsIn).toBe(4);
    const hours = Object.fromEntries(res.body.byHour.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls]));
    expect(hours).toEqual({ 0: 1, 2: 2, 23: 1 });
  });

  it('the days either side get the rest', async () => {
    expect((await figures(f, 'from=2026-10-24&to=2026-10-24')).body.total.callsIn).toBe(1);
    expect((await figures(f, 'from=2026-10-26&to=2026-10-26')).body.total.callsIn).toBe(1);
    expect((await figures(f, 'from=2026-10-24&to=2026-10-26')).body.total.callsIn).toBe(6);
  });
});
