// The site chat widget and the team's conversation queue (issue 26), on PGlite and PostgreSQL, over
// real HTTP:
//  - a visitor's chat lands in every operator's queue, matched by the phone it brought;
//  - two operators claim it at once: exactly one wins, the other is told who; only the holder writes;
//  - the visitor reads the operator's answer; closed, the conversation is one 'chat' entry on the
//    customer's timeline with its transcript, reason and mood, and the visitor sees it closed;
//  - an unknown visitor is attached to a new customer; a foreign page and a bad token are refused;
//  - generated hostile starts are each refused alone, 400, typed, writing nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, pullAll, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
const ORIGIN = 'https://www.shop.example';
let clock = Date.now();
let nextAddress = 1;

async function widget(method: string, path: string, body?: unknown, token?: string, origin = ORIGIN) {
  const headers: Record<string, string> = { 'x-forwarded-for': `198.51.100.${nextAddress++ % 250}`, origin };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['x-chat-token'] = token;
  const res = await fetch(`${f.server.url}/chat/shop${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Record<string, unknown>, headers: res.headers };
}
const conversations = async () => Number((await f.server.db.selectFrom('conversation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  f = await startServerFixture({ trustProxy: ['127.0.0.1'], now: () => clock });
  expect((await call(f.server.url, 'POST', '/admin/forms', { token: f.admin.token, body: { id: 'shop', name: 'Магазин', origins: [ORIGIN] } })).status).toBe(201);
});
afterAll(async () => {
  await f?.close();
});

describe('the site chat', () => {
  it('serves its script to any page', async () => {
    const res = await fetch(`${f.server.url}/chat/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain('attachShadow');
  });

  it('queues a known customer’s chat; one of two claims wins; the holder answers; closing files one entry', async () => {
    const customerId = newId();
    await push(f, f.anna, [
      mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Ольга Петрова')),
      mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: customerId, kind: 'phone', raw: '+7 916 555-20-01', normalized: '+79165552001', label: null, created_at: 1, updated_at: 1 }),
    ]);
    clock += 10_000;
    const started = await widget('POST', '/start', { name: 'Ольга', phone: '8 916 555-20-01', text: 'Где мой заказ?', startedAt: clock - 20_000 });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const id = started.body.conversationId as string;
    const token = started.body.token as string;

    const queue = await call<{ items: Array<Record<string, unknown>> }>(f.server.url, 'GET', '/conversations', { token: f.boris.token });
    const item = queue.body.items.find((c) => c.id === id)!;
    expect(item).toMatchObject({ channel: 'chat', customerId, customerName: 'Ольга Петрова', sourceName: 'Магазин', waiting: 1, claimedBy: null, preview: 'Где мой заказ?' });

    const claims = await Promise.all([f.anna, f.boris].map((a) => call<Record<string, unknown>>(f.server.url, 'POST', `/conversations/${id}/claim`, { token: a.token })));
    const statuses = claims.map((c) => c.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = claims[0]!.status === 200 ? f.anna : f.boris;
    const loser = winner === f.anna ? f.boris : f.anna;
    const lost = claims.find((c) => c.status === 409)!;
    expect(lost.body).toMatchObject({ error: 'conflict', details: { claimedBy: winner.id } });

    const refused = await call(f.server.url, 'POST', `/conversations/${id}/messages`, { token: loser.token, body: { id: newId(), text: 'Я отвечу' } });
    expect(refused.status).toBe(409);
    const msgId = newId();
    clock += 5_000;
    const sent = await call(f.server.url, 'POST', `/conversations/${id}/messages`, { token: winner.token, body: { id: msgId, text: 'Заказ уже в пути.' } });
    expect(sent.status).toBe(200);
    const again = await call<Record<string, unknown>>(f.server.url, 'POST', `/conversations/${id}/messages`, { token: winner.token, body: { id: msgId, text: 'Заказ уже в пути.' } });
    expect(again.body.duplicate).toBe(true);

    const read = await widget('GET', '/messages', undefined, token);
    expect((read.body.messages as Array<{ direction: string; text: string }>).map((m) => [m.direction, m.text])).toEqual([['in', 'Где мой заказ?'], ['out', 'Заказ уже в пути.']]);
    expect((await widget('POST', '/send', { text: 'Спасибо!' }, token)).status).toBe(200);

    clock += 60_000;
    const closed = await call<{ customerId: string; interactionId: string }>(f.server.url, 'POST', `/conversations/${id}/close`, { token: winner.token, body: { reason: 'information', mood: 'positive' } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.customerId).toBe(customerId);
    const entry = (await pullAll(f, f.anna)).find((c) => c.entity === 'interaction' && c.row.id === closed.body.interactionId);
    expect(entry?.row).toMatchObject({ channel: 'chat', direction: 'in', reason: 'information', mood: 'positive', user_id: winner.id, customer_id: customerId, duration_s: 65 });
    expect(String(entry?.row?.notes)).toBe('Чат на сайте «Магазин»\nОльга: Где мой заказ?\n' + `${winner === f.anna ? 'anna' : 'boris'}: Заказ уже в пути.\nОльга: Спасибо!`);
    expect((await widget('GET', '/messages', undefined, token)).body.closed).toBe(true);
    expect((await widget('POST', '/send', { text: 'Ещё вопрос' }, token)).status).toBe(409);
    expect((await call(f.server.url, 'POST', `/conversations/${id}/close`, { token: winner.token, body: { reason: 'other' } })).status).toBe(409);
  });

  it('gives an unknown visitor a customer of their own when attached; refuses foreign pages and bad tokens', async () => {
    clock += 10_000;
    const started = await widget('POST', '/start', { email: 'New.Visitor@Example.org', text: 'Hello', startedAt: clock - 10_000 });
    const id = started.body.conversationId as string;
    const item = (await call<{ items: Array<Record<string, unknown>> }>(f.server.url, 'GET', '/conversations', { token: f.vera.token })).body.items.find((c) => c.id === id);
    expect(item).toMatchObject({ customerId: null, visitorName: '' });
    const attached = await call<{ customerId: string }>(f.server.url, 'POST', `/conversations/${id}/attach`, { token: f.vera.token, body: { action: 'create' } });
    expect(attached.status).toBe(200);
    const customer = (await pullAll(f, f.anna)).find((c) => c.entity === 'customer' && c.row.id === attached.body.customerId);
    expect(customer?.row?.name).toBe('Собеседник в чате new.visitor@example.org');
    expect((await widget('POST', '/start', { email: 'a@b.example', text: 'x' }, undefined, 'https://evil.example')).status).toBe(403);
    expect((await widget('GET', '/messages', undefined, 'x'.repeat(32))).status).toBe(401);
    expect((await widget('GET', '/messages')).status).toBe(401);
  });

  it('answers a bot as if taken and writes nothing', async () => {
    const before = await conversations();
    const r = await widget('POST', '/start', { phone: '+7 916 555-20-99', text: 'buy now', website: 'http://spam.example' });
    expect(r.status).toBe(200);
    expect(await conversations()).toBe(before);
  });

  it('refuses generated hostile starts alone, typed, writing nothing', async () => {
    const hostile = fc.record({
      name: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)),
      phone: fc.oneof(fc.string({ maxLength: 60 }), fc.constant('+7 916 555-20-01'), fc.array(fc.string())),
      email: fc.oneof(fc.string({ maxLength: 400 }), fc.constant(undefined)),
      text: fc.oneof(fc.constant(''), fc.string({ minLength: 4_001, maxLength: 4_100 }), fc.integer(), fc.constant('a\0b')),
      extra: fc.oneof(fc.constant(undefined), fc.string()),
    }, { requiredKeys: ['text'] });
    await fc.assert(fc.asyncProperty(hostile, async (body) => {
      const before = await conversations();
      const r = await widget('POST', '/start', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toBe('validation');
      expect(await conversations()).toBe(before);
    }), { numRuns: 40 });
  });
});
