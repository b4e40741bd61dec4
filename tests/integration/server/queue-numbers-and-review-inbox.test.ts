// The supervisors' queue numbers and the operators' review inbox through the real server (PGlite, and
// PostgreSQL under npm run test:pg). Calls come in as signed generic webhooks, as a PBX would post
// them: one source rings phones directly (numbers derived from the call lifecycle), the other puts
// calls in a queue first (its queue events). A supervisor's comment reaches the operator it is about,
// on their socket and in their inbox, unread until they mark it seen; nobody else sees or marks it.
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyReviewComments } from '../../../src-shared/home/review-inbox.js';
import { QueueStatsResponse } from '../../../src-shared/supervisor/queue-stats.js';
import { postGeneric } from '../../support/pbx-requests.js';
import { seedCustomer, seedInteraction, startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

let f: SupervisorFixture;
const KEY_DIRECT = 'direct-hmac-key-0123456789';
const KEY_QUEUE = 'queue-hmac-key-0123456789';
/** 10:00 in Moscow, 7 December 2026. */
const T = Date.parse('2026-12-07T07:00:00Z');
let n = 0;

async function event(source: string, key: string, at: number, body: Record<string, unknown>): Promise<void> {
  f.clock.ms = at;
  const r = await postGeneric(f.server.url, source, { id: `e${++n}`, number: '+74951234567', at, ...body }, key, at);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

beforeAll(async () => {
  f = await startSupervisorFixture();
  f.clock.ms = T;
  for (const [id, key] of [['direct', KEY_DIRECT], ['queue', KEY_QUEUE]] as const) {
    const r = await f.post(f.admin, '/admin/pbx', { id, kind: 'generic', name: id === 'direct' ? 'Прямые' : 'Очередь', secret: key, teamId: f.teams.a });
    expect(r.status).toBe(201);
  }
  const s = 1000;
  // Straight to phones: answered in 10 s and talked 60 s; abandoned after 30 s; answered in 40 s.
  await event('direct', KEY_DIRECT, T, { event: 'ringing', callId: 'g1', extension: '101' });
  await event('direct', KEY_DIRECT, T + 10 * s, { event: 'answered', callId: 'g1', extension: '101' });
  await event('direct', KEY_DIRECT, T + 70 * s, { event: 'hungup', callId: 'g1' });
  await event('direct', KEY_DIRECT, T + 100 * s, { event: 'ringing', callId: 'g2', extension: '101' });
  await event('direct', KEY_DIRECT, T + 130 * s, { event: 'hungup', callId: 'g2', answered: false });
  await event('direct', KEY_DIRECT, T + 200 * s, { event: 'ringing', callId: 'g3', extension: '102' });
  await event('direct', KEY_DIRECT, T + 240 * s, { event: 'answered', callId: 'g3', extension: '102' });
  await event('direct', KEY_DIRECT, T + 300 * s, { event: 'hungup', callId: 'g3' });
  // Into the queue at 400 s, a phone rings at 405 s, answered at 408 s (a wait of 8 s), ended at 420 s.
  await event('queue', KEY_QUEUE, T + 400 * s, { event: 'ringing', callId: 'q1' });
  await event('queue', KEY_QUEUE, T + 405 * s, { event: 'ringing', callId: 'q1', extension: '101' });
  await event('queue', KEY_QUEUE, T + 408 * s, { event: 'answered', callId: 'q1', extension: '101' });
  await event('queue', KEY_QUEUE, T + 420 * s, { event: 'hungup', callId: 'q1' });
  // Waiting now: in the queue since 500 s.
  await event('queue', KEY_QUEUE, T + 500 * s, { event: 'ringing', callId: 'q2' });
  f.clock.ms = T + 515 * s;
});
afterAll(async () => {
  await f?.close();
});

describe('queue numbers', () => {
  it('counts today per source and in all, says where each wait was measured from', async () => {
    const r = await f.get<QueueStatsResponse>(f.supA, '/supervisor/queue-stats?answerWithinS=20');
    expect(r.status).toBe(200);
    // The desktop reads the answer with the shared schema: it must pass it.
    expect(QueueStatsResponse.safeParse(r.body).error).toBeUndefined();
    expect(r.body.day).toBe('2026-12-07');
    expect(r.body.answerWithinS).toBe(20);
    const direct = r.body.sources.find((x) => x.sourceId === 'direct')!;
    expect(direct).toMatchObject({ basis: 'lifecycle', waitingNow: 0, offered: 3, answered: 2, answeredWithin: 1, abandoned: 1, asaMs: 25_000, handlingMs: 60_000 });
    const queue = r.body.sources.find((x) => x.sourceId === 'queue')!;
    expect(queue).toMatchObject({ basis: 'queue_events', waitingNow: 1, longestWaitMs: 15_000, offered: 1, answered: 1, answeredWithin: 1, abandoned: 0, asaMs: 8_000, handlingMs: 12_000 });
    expect(r.body.total).toMatchObject({ basis: 'mixed', waitingNow: 1, offered: 4, answered: 3, answeredWithin: 2, abandoned: 1, asaMs: 19_333, handlingMs: 44_000 });
  });

  it('follows the threshold, and a waiting call answered leaves the waiting count', async () => {
    const wide = await f.get<QueueStatsResponse>(f.supA, '/supervisor/queue-stats?answerWithinS=60');
    expect(wide.body.total.answeredWithin).toBe(3);
    await event('queue', KEY_QUEUE, T + 520_000, { event: 'answered', callId: 'q2', extension: '101' });
    const after = await f.get<QueueStatsResponse>(f.supA, '/supervisor/queue-stats');
    expect(after.body.total).toMatchObject({ waitingNow: 0, longestWaitMs: null, answered: 4 });
  });

  it('scopes the sources to the supervisor\'s teams and refuses operators and bad input', async () => {
    expect((await f.get<QueueStatsResponse>(f.supB, '/supervisor/queue-stats')).body.sources).toEqual([]);
    expect((await f.get<QueueStatsResponse>(f.admin, '/supervisor/queue-stats')).body.sources.map((s) => s.sourceId).sort()).toEqual(['direct', 'queue']);
    expect((await f.get(f.a1, '/supervisor/queue-stats')).status).toBe(403);
    for (const bad of ['abc', '0', '4', '601', '1e9']) expect((await f.get(f.supA, `/supervisor/queue-stats?answerWithinS=${bad}`)).status).toBe(400);
  });
});

describe('review comments reach the operator', () => {
  it('tells the author\'s desktop, lists it unread for them only, and marks it seen once', async () => {
    const customerId = await seedCustomer(f, 'Семенова Татьяна');
    const entry = await seedInteraction(f, { userId: f.a1.id, at: T, customerId });
    const socket = new WebSocket(`${f.server.url.replace(/^http/, 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${f.a1.token}` } });
    const messages: unknown[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
    await once(socket, 'message');
    const posted = await f.post<{ id: string }>(f.supA, '/supervisor/comments', { interactionId: entry, text: 'Назовите срок ответа' });
    expect(posted.status).toBe(201);
    while (!messages.some((m) => (m as { type: string }).type === 'review-comment')) await once(socket, 'message');
    socket.close();

    const inbox = await f.get<MyReviewComments>(f.a1, '/me/review-comments');
    expect(MyReviewComments.safeParse(inbox.body).error).toBeUndefined();
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.comments).toEqual([expect.objectContaining({ id: posted.body.id, interactionId: entry, authorName: 'supA', customerId, customerName: 'Семенова Татьяна', text: 'Назовите срок ответа', seenAt: null, channel: 'call', occurredAt: T })]);
    expect((await f.get<MyReviewComments>(f.a2, '/me/review-comments')).body).toEqual({ comments: [], unread: 0 });
    // A colleague cannot mark it; the author can, once.
    expect((await f.post<{ marked: number }>(f.a2, '/me/review-comments/seen', { ids: [posted.body.id] })).body.marked).toBe(0);
    f.clock.ms = T + 900_000;
    expect((await f.post<{ marked: number }>(f.a1, '/me/review-comments/seen', { ids: [posted.body.id] })).body.marked).toBe(1);
    f.clock.ms = T + 990_000;
    expect((await f.post<{ marked: number }>(f.a1, '/me/review-comments/seen', { ids: [posted.body.id] })).body.marked).toBe(0);
    const seen = await f.get<MyReviewComments>(f.a1, '/me/review-comments');
    expect(seen.body.unread).toBe(0);
    expect(seen.body.comments[0]!.seenAt).toBe(T + 900_000);
  });

  it('refuses bad input and strangers', async () => {
    expect((await f.post(f.a1, '/me/review-comments/seen', { ids: [] })).status).toBe(400);
    expect((await f.post(f.a1, '/me/review-comments/seen', { ids: ['not an id'] })).status).toBe(400);
    expect((await f.get(null, '/me/review-comments')).status).toBe(401);
  });
});
