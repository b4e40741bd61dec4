// The live board (states, staleness vs a connected desktop, handled today in the centre's day, team
// scoping) and the work queue (team scoping, overdue / due soon, filters, sorting, total).
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardResponse, QueueResponse } from '../../../src-shared/supervisor/protocol.js';
import { seedCase, seedCustomer, seedInteraction, seedTask, startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

const NOW = Date.parse('2026-03-10T12:00:00Z'); // 15:00 in Moscow
const MIN = 60_000;
let f: SupervisorFixture;

beforeAll(async () => {
  f = await startSupervisorFixture({ timeZone: 'Europe/Moscow', dueSoonMs: 2 * 60 * MIN, presenceStaleMs: 2 * MIN });
});
afterAll(async () => f?.close());

describe('live board', () => {
  let board: BoardResponse;
  let socket: WebSocket | undefined;
  beforeAll(async () => {
    f.clock.ms = NOW - 10 * MIN;
    expect((await f.post(f.a2, '/presence', { state: 'away', since: NOW - 10 * MIN, callerName: null })).status).toBe(200);
    expect((await f.post(f.c1, '/presence', { state: 'wrap_up', since: NOW - 10 * MIN, callerName: null })).status).toBe(200);
    f.clock.ms = NOW;
    await f.post(f.a1, '/presence', { state: 'on_call', since: NOW - 3 * MIN, callerName: 'Иван Петров' });
    await f.post(f.b1, '/presence', { state: 'available', since: NOW - MIN, callerName: null });
    // c1's desktop stays connected: its old report still stands.
    socket = new WebSocket(`${f.server.url.replace('http', 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${f.c1.token}` } });
    await new Promise((ok) => socket?.once('message', ok));
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-09T21:30:00Z' }); // 00:30 Moscow today
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-10T11:00:00Z', channel: 'email', durationS: null });
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-09T20:30:00Z' }); // 23:30 Moscow yesterday
    await seedInteraction(f, { userId: f.a1.id, at: '2026-03-10T11:30:00Z', deleted: 1 });
    await seedInteraction(f, { userId: f.b1.id, at: '2026-03-10T11:00:00Z' });
    const res = await f.get<BoardResponse>(f.supA, '/supervisor/board');
    expect(res.status).toBe(200);
    board = res.body;
  });
  afterAll(() => socket?.close());
  const entry = (id: string) => board.entries.find((e) => e.userId === id);

  it('lists the members of the supervisor\'s teams only (their own team and the ones they oversee)', () => {
    const ids = board.entries.map((e) => e.userId);
    expect(ids).toEqual(expect.arrayContaining([f.a1.id, f.a2.id, f.supA.id, f.c1.id]));
    expect(ids).not.toContain(f.b1.id);
    expect(ids).not.toContain(f.supB.id);
    expect(ids).not.toContain(f.admin.id);
  });

  it('shows the reported state and the caller while on a call', () => {
    expect(entry(f.a1.id)).toMatchObject({ state: 'on_call', since: NOW - 3 * MIN, callerName: 'Иван Петров', reportedAt: NOW, teamId: f.teams.a, teamName: 'Линия А' });
  });

  it('an old report without a connected desktop is offline; with one, the report stands; never reported is offline', () => {
    expect(entry(f.a2.id)).toMatchObject({ state: 'offline', reportedAt: NOW - 10 * MIN });
    expect(entry(f.c1.id)).toMatchObject({ state: 'wrap_up' });
    expect(entry(f.supA.id)).toMatchObject({ state: 'offline', since: null, reportedAt: null });
  });

  it('counts what each logged in the centre\'s today, not the UTC day', () => {
    expect(board.day).toBe('2026-03-10');
    expect(board.timeZone).toBe('Europe/Moscow');
    expect(entry(f.a1.id)?.handledToday).toBe(2);
    expect(entry(f.a2.id)?.handledToday).toBe(0);
  });

  it('an admin sees every team', async () => {
    const res = await f.get<BoardResponse>(f.admin, '/supervisor/board');
    expect(res.body.entries.map((e) => e.userId)).toEqual(expect.arrayContaining([f.a1.id, f.b1.id, f.c1.id, f.supB.id]));
  });
});

describe('work queue', () => {
  type Ids = Record<'caseOverdue' | 'caseSoon' | 'casePending' | 'caseB' | 'caseOwnedA' | 'caseOwnedB' | 'caseNobody' | 'taskOverdue' | 'taskNoDue' | 'taskB', string>;
  const ids = {} as Ids;
  beforeAll(async () => {
    f.clock.ms = NOW;
    const ownedA = await seedCustomer(f, 'Клиент команды А', f.a2.id);
    const ownedB = await seedCustomer(f, 'Клиент команды Б', f.b1.id);
    const nobody = await seedCustomer(f, 'Ничей клиент');
    ids.caseOverdue = await seedCase(f, { assigneeId: f.a1.id, category: 'complaint', openedAt: '2026-03-08T10:00:00Z', customerId: ownedA }); // due 10:00 today
    ids.caseSoon = await seedCase(f, { assigneeId: f.a2.id, category: 'information', openedAt: '2026-03-09T13:00:00Z' }); // due 13:00 today
    ids.casePending = await seedCase(f, { assigneeId: f.a1.id, category: 'sales', status: 'pending', openedAt: '2026-03-10T00:00:00Z' }); // due in 5 days
    await seedCase(f, { assigneeId: f.a1.id, openedAt: '2026-03-01T00:00:00Z', closedAt: '2026-03-02T00:00:00Z' });
    ids.caseB = await seedCase(f, { assigneeId: f.b1.id, openedAt: '2026-03-09T00:00:00Z' });
    ids.caseOwnedA = await seedCase(f, { assigneeId: null, customerId: ownedA, category: 'other', openedAt: '2026-03-07T00:00:00Z' }); // due 72 h later: overdue
    ids.caseOwnedB = await seedCase(f, { assigneeId: null, customerId: ownedB, openedAt: '2026-03-09T00:00:00Z' });
    ids.caseNobody = await seedCase(f, { assigneeId: null, customerId: nobody, category: 'service_request', openedAt: '2026-03-10T11:00:00Z' });
    ids.taskOverdue = await seedTask(f, { assigneeId: f.c1.id, dueAt: '2026-03-10T11:00:00Z', createdAt: '2026-03-09T09:00:00Z' });
    ids.taskNoDue = await seedTask(f, { assigneeId: f.a1.id, dueAt: null, createdAt: '2026-03-10T09:00:00Z', caseId: ids.caseOverdue });
    await seedTask(f, { assigneeId: f.a1.id, dueAt: '2026-03-10T11:00:00Z', status: 'done' });
    ids.taskB = await seedTask(f, { assigneeId: f.b1.id, dueAt: '2026-03-10T11:00:00Z' });
  });
  const queue = (query = '', actor = f.supA) => f.get<QueueResponse>(actor, `/supervisor/queue${query}`);

  it('holds the open cases and tasks of the teams, unassigned ones of team customers and of nobody\'s', async () => {
    const res = await queue();
    expect(res.status).toBe(200);
    expect(new Set(res.body.items.map((i) => i.id))).toEqual(new Set([
      ids.caseOverdue, ids.caseSoon, ids.casePending, ids.caseOwnedA, ids.caseNobody, ids.taskOverdue, ids.taskNoDue,
    ]));
    expect(res.body.total).toBe(7);
    const b = await queue('', f.supB);
    expect(new Set(b.body.items.map((i) => i.id))).toEqual(new Set([ids.caseB, ids.caseOwnedB, ids.caseNobody, ids.taskB]));
  });

  it('marks overdue and about-to-breach items against the server\'s clock and the category\'s resolution time', async () => {
    const byId = new Map((await queue()).body.items.map((i) => [i.id, i]));
    expect(byId.get(ids.caseOverdue)).toMatchObject({ due: 'overdue', dueAt: Date.parse('2026-03-10T10:00:00Z'), category: 'complaint', assigneeId: f.a1.id, assigneeName: 'a1', ownerId: f.a2.id, ownerName: 'a2', customerName: 'Клиент команды А' });
    expect(byId.get(ids.caseSoon)).toMatchObject({ due: 'due_soon', dueAt: Date.parse('2026-03-10T13:00:00Z') });
    expect(byId.get(ids.casePending)).toMatchObject({ due: 'on_time' });
    expect(byId.get(ids.caseOwnedA)).toMatchObject({ due: 'overdue', assigneeId: null });
    expect(byId.get(ids.taskOverdue)).toMatchObject({ kind: 'task', due: 'overdue', taskKind: 'callback', openedAt: Date.parse('2026-03-09T09:00:00Z') });
    expect(byId.get(ids.taskNoDue)).toMatchObject({ due: 'on_time', dueAt: null, category: 'complaint' });
  });

  it('filters by kind, assignee (or unassigned), category and due state', async () => {
    const idsOf = async (q: string) => new Set((await queue(q)).body.items.map((i) => i.id));
    expect(await idsOf('?kind=task')).toEqual(new Set([ids.taskOverdue, ids.taskNoDue]));
    expect(await idsOf('?assigneeId=unassigned')).toEqual(new Set([ids.caseOwnedA, ids.caseNobody]));
    expect(await idsOf(`?assigneeId=${f.a1.id}`)).toEqual(new Set([ids.caseOverdue, ids.casePending, ids.taskNoDue]));
    expect(await idsOf('?category=complaint&kind=case')).toEqual(new Set([ids.caseOverdue]));
    expect(await idsOf('?due=overdue')).toEqual(new Set([ids.caseOverdue, ids.caseOwnedA, ids.taskOverdue]));
    expect(await idsOf('?due=due_soon')).toEqual(new Set([ids.caseSoon]));
  });

  it('sorts by due time (no due time last) or by age, and reports the total beyond the limit', async () => {
    const due = (await queue('?sort=due')).body.items.map((i) => i.id);
    expect(due.slice(0, 3)).toEqual([ids.caseOwnedA, ids.caseOverdue, ids.taskOverdue]);
    expect(due[due.length - 1]).toBe(ids.taskNoDue);
    const age = (await queue('?sort=age')).body.items.map((i) => i.id);
    expect(age).toEqual([ids.caseOwnedA, ids.caseOverdue, ids.taskOverdue, ids.caseSoon, ids.casePending, ids.taskNoDue, ids.caseNobody]);
    const limited = await queue('?sort=age&limit=2');
    expect(limited.body.items.map((i) => i.id)).toEqual([ids.caseOwnedA, ids.caseOverdue]);
    expect(limited.body.total).toBe(7);
  });

  it('refuses unknown filter values with a typed 400', async () => {
    for (const q of ['?due=late', '?sort=name', '?limit=0', '?assigneeId=someone', '?kind=customer']) {
      const res = await queue(q);
      expect(res.status, q).toBe(400);
      expect(res.body, q).toMatchObject({ error: 'validation' });
    }
  });
});
