// Every /supervisor endpoint refuses operators (403 forbidden) and anonymous callers (401), and
// refuses bad input with a typed 400; the review pages and comments are scoped; and the live
// SupervisorPoke on the sync WebSocket reaches supervisors of the team, never operators' sockets.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId } from '../../../src-shared/index.js';
import type { ReviewComment, ReviewListResponse, SupervisorTopic, TeamIssuesResponse } from '../../../src-shared/supervisor/protocol.js';
import { call } from '../../support/server-client.js';
import type { Actor } from '../../support/server-fixture.js';
import { seedCustomer, seedInteraction, startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

let f: SupervisorFixture;
let a1Calls: string[];
let b1Call: string;
beforeAll(async () => {
  f = await startSupervisorFixture();
  a1Calls = [];
  for (let k = 0; k < 5; k++) a1Calls.push(await seedInteraction(f, { userId: f.a1.id, at: Date.parse('2026-03-10T09:00:00Z') + (k < 2 ? 0 : k) * 60_000, notes: `звонок ${k}` }));
  b1Call = await seedInteraction(f, { userId: f.b1.id, at: '2026-03-10T09:30:00Z' });
});
afterAll(async () => f?.close());

const ENDPOINTS: [string, string, unknown][] = [
  ['GET', '/supervisor/board', undefined],
  ['GET', '/supervisor/queue', undefined],
  ['POST', '/supervisor/reassign', { toUserId: newId(), reason: 'x', items: [{ kind: 'case', id: newId() }] }],
  ['GET', '/supervisor/figures?from=2026-03-10&to=2026-03-10', undefined],
  ['GET', '/supervisor/interactions', undefined],
  ['GET', `/supervisor/comments?interactionId=${newId()}`, undefined],
  ['POST', '/supervisor/comments', { interactionId: newId(), text: 'x' }],
  ['GET', '/supervisor/team-issues', undefined],
];

describe('role enforcement', () => {
  it.each(ENDPOINTS)('%s %s: an operator gets 403 forbidden', async (method, path, body) => {
    const res = await call(f.server.url, method, path, { token: f.a1.token, ...(body === undefined ? {} : { body }) });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden' });
  });
  it.each(ENDPOINTS)('%s %s: no token gets 401 unauthorized', async (method, path, body) => {
    const res = await call(f.server.url, method, path, body === undefined ? {} : { body });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized' });
  });
  it.each(ENDPOINTS.filter(([m]) => m === 'GET'))('%s %s: a supervisor and an admin get 200', async (_method, path) => {
    const realPath = path.startsWith('/supervisor/comments') ? `/supervisor/comments?interactionId=${a1Calls[0]}` : path;
    expect((await f.get(f.supA, realPath)).status).toBe(200);
    expect((await f.get(f.admin, realPath)).status).toBe(200);
  });
});

describe('bad input is a typed 400', () => {
  it.each([
    ['GET', '/supervisor/interactions?limit=0', undefined],
    ['GET', '/supervisor/interactions?mood=furious', undefined],
    ['GET', '/supervisor/interactions?from=yesterday', undefined],
    ['GET', '/supervisor/interactions?cursor=bm90LWEtY3Vyc29y', undefined],
    ['GET', '/supervisor/comments?interactionId=42', undefined],
    ['POST', '/supervisor/comments', { interactionId: newId(), text: '   ' }],
    ['POST', '/supervisor/comments', { text: 'x' }],
    ['POST', '/supervisor/reassign', { toUserId: 'nobody', reason: 'x', items: [] }],
    ['GET', '/supervisor/figures?from=2026-03-10', undefined],
  ] as [string, string, unknown][])('%s %s', async (method, path, body) => {
    const res = await call(f.server.url, method, path, { token: f.supA.token, ...(body === undefined ? {} : { body }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation' });
  });
});

describe('review', () => {
  it('pages the team\'s interactions newest first with a keyset cursor, without other teams\'', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: ReviewListResponse } = await f.get<ReviewListResponse>(f.supA, `/supervisor/interactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(a1Calls));
    expect(seen.slice(0, 3)).toEqual([a1Calls[4], a1Calls[3], a1Calls[2]]);
    expect(seen).not.toContain(b1Call);
  });

  it('filters by operator and date, and refuses another team\'s operator', async () => {
    const res = await f.get<ReviewListResponse>(f.supA, `/supervisor/interactions?operatorId=${f.a1.id}&from=2026-03-10&to=2026-03-10&channel=call`);
    expect(res.body.items).toHaveLength(5);
    expect((await f.get<ReviewListResponse>(f.supA, '/supervisor/interactions?from=2026-03-11')).body.items).toHaveLength(0);
    expect((await f.get(f.supA, `/supervisor/interactions?operatorId=${f.b1.id}`)).status).toBe(403);
  });

  it('adds a review comment to a team interaction, counts it, and refuses one on another team\'s', async () => {
    const target = a1Calls[4] ?? '';
    const added = await f.post<ReviewComment>(f.supA, '/supervisor/comments', { interactionId: target, text: 'Хорошо отработано' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ interactionId: target, authorId: f.supA.id, authorName: 'supA', text: 'Хорошо отработано' });
    const list = await f.get<ReviewComment[]>(f.supA, `/supervisor/comments?interactionId=${target}`);
    expect(list.body.map((c) => c.text)).toEqual(['Хорошо отработано']);
    const page = await f.get<ReviewListResponse>(f.supA, '/supervisor/interactions?limit=1');
    expect(page.body.items[0]).toMatchObject({ id: target, comments: 1 });
    expect((await f.post(f.supA, '/supervisor/comments', { interactionId: b1Call, text: 'чужое' })).body).toMatchObject({ error: 'forbidden' });
    expect((await f.get(f.supA, `/supervisor/comments?interactionId=${b1Call}`)).status).toBe(403);
    expect((await f.post(f.supA, '/supervisor/comments', { interactionId: newId(), text: 'нет такого' })).status).toBe(404);
  });
});

describe('creating a supervisor over the admin API', () => {
  it('supervisedTeamIds gives a supervisor further teams; an unknown team is a typed 400 and creates nobody', async () => {
    const created = await f.post<{ id: string; role: string }>(f.admin, '/admin/users', {
      username: 'supAB', password: 'correct horse battery', name: 'supAB', role: 'supervisor', teamId: f.teams.a, supervisedTeamIds: [f.teams.b],
    });
    expect(created.status).toBe(201);
    const login = await call<{ accessToken: string }>(f.server.url, 'POST', '/auth/login', { body: { username: 'supAB', password: 'correct horse battery' } });
    const board = await call<{ entries: { userId: string }[] }>(f.server.url, 'GET', '/supervisor/board', { token: login.body.accessToken });
    const ids = board.body.entries.map((e) => e.userId);
    expect(ids).toEqual(expect.arrayContaining([f.a1.id, f.b1.id]));
    expect(ids).not.toContain(f.c1.id);
    const refused = await f.post(f.admin, '/admin/users', { username: 'supX', password: 'correct horse battery', name: 'supX', role: 'supervisor', supervisedTeamIds: [newId()] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'validation' });
    expect(await f.server.db.selectFrom('app_user').select('id').where('username', '=', 'supX').execute()).toEqual([]);
  });
});

describe('team issues', () => {
  it('lists the changes the server refused from the team\'s members, not other teams\'', async () => {
    const rowId = newId();
    f.a2.seq += 1;
    const res = await call<{ results: { status: string }[] }>(f.server.url, 'POST', '/sync/push', {
      token: f.a2.token,
      body: { clientId: f.a2.clientId, mutations: [{ seq: f.a2.seq, mutationId: newId(), entity: 'app_user', rowId, op: 'insert', payload: { name: 'x' }, hlc: encodeHlc({ ms: Date.now(), counter: 0, node: 'a2' }) }] },
    });
    expect(res.body.results[0]?.status).toBe('rejected');
    const mine = await f.get<TeamIssuesResponse>(f.supA, '/supervisor/team-issues');
    expect(mine.body.rejections.find((r) => r.rowId === rowId)).toMatchObject({ userId: f.a2.id, userName: 'a2', entity: 'app_user', reason: 'server_only' });
    const other = await f.get<TeamIssuesResponse>(f.supB, '/supervisor/team-issues');
    expect(other.body.rejections.some((r) => r.rowId === rowId)).toBe(false);
  });
});

class Listener {
  readonly messages: { type: string; topics?: SupervisorTopic[] }[] = [];
  private readonly socket: WebSocket;
  private waiters: (() => void)[] = [];
  constructor(url: string, actor: Actor) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${actor.token}` } });
    this.socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString()) as { type: string });
      for (const w of this.waiters) w();
    });
  }
  supervisorMessages() {
    return this.messages.filter((m) => m.type === 'supervisor');
  }
  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) await new Promise<void>((ok) => this.waiters.push(ok));
    this.waiters = [];
  }
  /**
   * Waits until no message has arrived for `quietMs`: the server coalesces supervisor pokes per
   * socket in 50 ms windows, so a connect's board poke can land after the first one was seen.
   */
  async settle(quietMs = 300): Promise<void> {
    let seen = -1;
    while (seen !== this.messages.length) {
      seen = this.messages.length;
      await new Promise((ok) => setTimeout(ok, quietMs));
    }
  }
  close() {
    this.socket.close();
  }
}

describe('live supervisor pokes on the sync WebSocket', () => {
  let supA: Listener;
  let supB: Listener;
  let operator: Listener;
  beforeAll(async () => {
    supA = new Listener(f.server.url, f.supA);
    supB = new Listener(f.server.url, f.supB);
    operator = new Listener(f.server.url, f.a2);
    // Each socket first gets the sync poke with the head of the change log.
    for (const l of [supA, supB, operator]) await l.until(() => l.messages.some((m) => m.type === 'poke'));
    // Connecting sockets are themselves board events; let those settle before counting.
    await supA.until(() => supA.supervisorMessages().length > 0);
    await Promise.all([supA.settle(), supB.settle(), operator.settle()]);
  });
  afterAll(() => {
    for (const l of [supA, supB, operator]) l.close();
  });

  it('a presence report reaches the team\'s supervisor as a board poke, not another team\'s supervisor nor an operator', async () => {
    const contactOf = await seedCustomer(f, 'Клиент с номером');
    const before = supA.supervisorMessages().length;
    const supBBefore = supB.supervisorMessages().length;
    await f.post(f.a1, '/presence', { state: 'on_call', since: Date.now(), callerName: 'Иван' });
    await supA.until(() => supA.supervisorMessages().length > before);
    expect(supA.supervisorMessages().at(-1)).toEqual({ type: 'supervisor', topics: ['board'] });
    // A change no supervisor view shows (a contact point) pokes every socket to pull; whatever
    // supervisor message a socket got for the presence report arrived before that poke.
    const pokes = (l: Listener) => l.messages.filter((m) => m.type === 'poke').length;
    const [supBPokes, operatorPokes] = [pokes(supB), pokes(operator)];
    f.a1.seq += 1;
    await call(f.server.url, 'POST', '/sync/push', {
      token: f.a1.token,
      body: { clientId: f.a1.clientId, mutations: [{ seq: f.a1.seq, mutationId: newId(), entity: 'contact_point', rowId: newId(), op: 'insert', payload: { customer_id: contactOf, kind: 'phone', raw: '+7 916 000-00-09', normalized: '+79160000009', label: null }, hlc: encodeHlc({ ms: Date.now(), counter: 0, node: 'a1' }) }] },
    });
    await supB.until(() => pokes(supB) > supBPokes);
    await operator.until(() => pokes(operator) > operatorPokes);
    expect(supB.supervisorMessages().length).toBe(supBBefore);
    expect(operator.messages.filter((m) => m.type === 'supervisor')).toEqual([]);
    // Their own team's report does reach supB.
    await f.post(f.b1, '/presence', { state: 'away', since: Date.now(), callerName: null });
    await supB.until(() => supB.supervisorMessages().length > supBBefore);
    expect(supB.supervisorMessages().at(-1)).toEqual({ type: 'supervisor', topics: ['board'] });
  });

  it('a logged interaction and a review comment tell the supervisor which views to refetch; a burst is coalesced', async () => {
    const before = supA.supervisorMessages().length;
    f.a1.seq += 1;
    await call(f.server.url, 'POST', '/sync/push', {
      token: f.a1.token,
      body: { clientId: f.a1.clientId, mutations: [{ seq: f.a1.seq, mutationId: newId(), entity: 'interaction', rowId: newId(), op: 'insert', payload: { customer_id: await seedCustomer(f, 'Клиент a1'), channel: 'call', direction: 'in', occurred_at: Date.now(), user_id: f.a1.id, reason: 'other', notes: '', email_to: [], email_cc: [] }, hlc: encodeHlc({ ms: Date.now(), counter: 0, node: 'a1' }) }] },
    });
    const topics = () => new Set(supA.supervisorMessages().slice(before).flatMap((m) => m.topics ?? []));
    await supA.until(() => ['board', 'figures', 'review'].every((t) => topics().has(t as SupervisorTopic)));
    const burstStart = supA.supervisorMessages().length;
    await Promise.all(Array.from({ length: 20 }, (_, k) => f.post(f.a1, '/presence', { state: k % 2 ? 'available' : 'wrap_up', since: Date.now(), callerName: null })));
    await f.post(f.supA, '/supervisor/comments', { interactionId: a1Calls[0], text: 'последний' });
    await supA.until(() => supA.supervisorMessages().slice(burstStart).some((m) => m.topics?.includes('review')));
    expect(supA.supervisorMessages().length - burstStart).toBeLessThan(21);
    expect(operator.messages.filter((m) => m.type === 'supervisor')).toEqual([]);
  });
});
