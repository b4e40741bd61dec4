// Messenger bots (issue 26) against local servers that implement the Telegram Bot API's and the VK
// API's HTTP contracts (tests/support/fake-messengers.ts), on PGlite and PostgreSQL:
//  - Telegram: a private message opens a conversation; a redelivered message is taken once; the
//    customer's own shared phone matches them; a verified /start link does too; a restart goes on from
//    the stored offset; an operator's answer rate-limited by Telegram (429, retry_after) is delivered
//    exactly once after the pause; a customer who blocked the bot (403) leaves it failed with the reason;
//  - VK: the Callback API's confirmation, a wrong secret refused, an event taken once however often VK
//    sends it; an answer refused by flood control (error 9) is retried with the same random_id and
//    delivered once; a customer who does not allow messages (901) leaves it failed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { startServer } from '../../../src-server/server.js';
import { FakeTelegram, FakeVk } from '../../support/fake-messengers.js';
import { call } from '../../support/server-client.js';
import { SERVER_MIGRATIONS } from '../../support/server-db.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let telegram: FakeTelegram;
let vk: FakeVk;
let clock = Date.now();
const WAIT = { timeout: 20_000, interval: 20 };

const conversationOf = async (channel: 'telegram' | 'vk', peer: string) =>
  f.server.db.selectFrom('conversation').selectAll().where('channel', '=', channel).where('peer', '=', peer).where('status', '=', 'open').executeTakeFirst();
const messagesOf = async (conversationId: string) =>
  f.server.db.selectFrom('conversation_message').selectAll().where('conversation_id', '=', conversationId).orderBy('at').orderBy('id').execute();
const deliver = async () => {
  f.server.app.conversations.delivery.kick();
  await f.server.app.conversations.delivery.idle();
};

async function knownCustomer(name: string, phone: string): Promise<string> {
  const id = newId();
  const r = await push(f, f.anna, [
    mutation(f.anna, 'customer', id, 'insert', customerPayload(name)),
    mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'phone', raw: phone, normalized: phone, label: null, created_at: 1, updated_at: 1 }),
  ]);
  expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied']);
  return id;
}

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
  vk = await new FakeVk().start();
  f = await startServerFixture({ now: () => clock });
  const tg = await call(f.server.url, 'POST', '/admin/messengers', { token: f.admin.token, body: { kind: 'telegram', id: 'tg', name: 'Поддержка', token: telegram.token, apiRoot: telegram.url } });
  expect(tg.status, JSON.stringify(tg.body)).toBe(201);
  const v = await call(f.server.url, 'POST', '/admin/messengers', {
    token: f.admin.token, body: { kind: 'vk', id: 'vk', name: 'Сообщество', token: vk.token, groupId: 222, secret: 'S3cret', confirmation: 'abc123', apiRoot: vk.apiRoot },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await call(f.server.url, 'POST', '/admin/messengers', { token: f.anna.token, body: { kind: 'telegram', id: 'x', name: 'x', token: telegram.token } })).status).toBe(403);
});
afterAll(async () => {
  await f?.close();
  await telegram?.close();
  await vk?.close();
});

describe('Telegram', () => {
  it('takes a message once, matches the customer by their own shared phone, and goes on after a restart from the stored offset', async () => {
    const customerId = await knownCustomer('Ольга Петрова', '+79165553001');
    const first = telegram.message(1001, { text: 'Здравствуйте, вопрос по заказу' });
    await vi.waitFor(async () => expect(await conversationOf('telegram', '1001')).toBeDefined(), WAIT);
    const c = (await conversationOf('telegram', '1001'))!;
    expect(c).toMatchObject({ customer_id: null, visitor_name: 'Ольга (@olga)' });
    await vi.waitFor(() => expect(telegram.sent.some((s) => s.chat_id === '1001' && JSON.stringify(s.reply_markup).includes('request_contact'))).toBe(true), WAIT);

    // Telegram sends the same message again (its update was not confirmed): taken once.
    telegram.message(1001, { text: 'Здравствуйте, вопрос по заказу' }, first);
    // Someone else's contact proves nothing; the customer's own does.
    telegram.message(1001, { contact: { phone_number: '79165559999', first_name: 'Кто-то', user_id: 555 } });
    telegram.message(1001, { contact: { phone_number: '79165553001', first_name: 'Ольга', user_id: 1001 } });
    await vi.waitFor(async () => expect((await conversationOf('telegram', '1001'))?.customer_id).toBe(customerId), WAIT);
    const texts = (await messagesOf(c.id)).map((m) => m.text);
    expect(texts).toEqual(['Здравствуйте, вопрос по заказу', '[contact]', '+79165553001']);

    // The offset moves past the last update once its batch is taken.
    const storedOffset = async () => Number((await f.server.db.selectFrom('messenger_bot').select('update_offset').where('id', '=', 'tg').executeTakeFirstOrThrow()).update_offset);
    await vi.waitFor(async () => expect(await storedOffset()).toBe(1_004), WAIT);
    await f.server.close();
    const requestsBefore = telegram.requests.length;
    f.server = await startServer({ database: f.database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, now: () => clock });
    const firstPoll = () => telegram.requests.slice(requestsBefore).find((r) => r.method === 'getUpdates');
    await vi.waitFor(() => expect(firstPoll()).toBeDefined(), WAIT);
    expect(Number(firstPoll()!.body.offset)).toBe(1_004);
    expect((await messagesOf(c.id)).length).toBe(3);
  });

  it('delivers an answer Telegram rate-limited exactly once after the pause; a blocked bot leaves it failed with the reason', async () => {
    const c = (await conversationOf('telegram', '1001'))!;
    expect((await call(f.server.url, 'POST', `/conversations/${c.id}/claim`, { token: f.anna.token })).status).toBe(200);
    telegram.failSends.push({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    const id = newId();
    expect((await call(f.server.url, 'POST', `/conversations/${c.id}/messages`, { token: f.anna.token, body: { id, text: 'Заказ отправлен сегодня.' } })).status).toBe(200);
    await f.server.app.conversations.delivery.idle();
    let row = await f.server.db.selectFrom('conversation_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivery: 'queued', attempts: 1, next_attempt_at: clock + 7_000 });
    expect(row.last_error).toContain('Too Many Requests');
    await deliver();
    expect(telegram.sent.filter((s) => s.text === 'Заказ отправлен сегодня.')).toHaveLength(0);
    clock += 7_000;
    await deliver();
    await deliver();
    expect(telegram.sent.filter((s) => s.text === 'Заказ отправлен сегодня.')).toEqual([{ chat_id: '1001', text: 'Заказ отправлен сегодня.', reply_markup: undefined }]);
    row = await f.server.db.selectFrom('conversation_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivery: 'sent', attempts: 2, last_error: null });

    telegram.failSends.push({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = newId();
    await call(f.server.url, 'POST', `/conversations/${c.id}/messages`, { token: f.anna.token, body: { id: blocked, text: 'Вы здесь?' } });
    await f.server.app.conversations.delivery.idle();
    const detail = await call<{ messages: Array<{ id: string; delivery: string; error: string | null }>; undelivered: number }>(f.server.url, 'GET', `/conversations/${c.id}`, { token: f.anna.token });
    expect(detail.body.messages.find((m) => m.id === blocked)).toMatchObject({ delivery: 'failed', error: 'Forbidden: bot was blocked by the user' });
    expect(detail.body.undelivered).toBe(1);
  });

  it('ties a chat to a customer by a verified one-time link', async () => {
    const customerId = await knownCustomer('Пётр Сидоров', '+79165553002');
    const link = await call<{ url: string }>(f.server.url, 'POST', '/conversations/link', { token: f.anna.token, body: { botId: 'tg', customerId } });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.url).toMatch(/^https:\/\/t\.me\/kartoteka_test_bot\?start=[\w-]{32}$/);
    const token = link.body.url.split('start=')[1]!;
    telegram.message(2002, { text: `/start ${token}` });
    telegram.message(2002, { text: 'Это Пётр' });
    await vi.waitFor(async () => expect((await conversationOf('telegram', '2002'))?.customer_id).toBe(customerId), WAIT);
    // Used once: another chat opening the same link is not tied to him.
    telegram.message(3003, { text: `/start ${token}` });
    telegram.message(3003, { text: 'А я кто?' });
    await vi.waitFor(async () => expect(await conversationOf('telegram', '3003')).toBeDefined(), WAIT);
    expect((await conversationOf('telegram', '3003'))?.customer_id).toBeNull();
  });
});

describe('VK', () => {
  const event = (type: string, object: unknown, extra: Record<string, unknown> = {}) => ({ type, group_id: 222, event_id: newId(), v: '5.199', object, secret: 'S3cret', ...extra });
  const post = async (body: unknown) => {
    const res = await fetch(`${f.server.url}/messengers/vk/vk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };

  it('confirms its address, refuses a wrong secret, and takes an event once however often VK sends it', async () => {
    expect(await post({ type: 'confirmation', group_id: 222 })).toEqual({ status: 200, text: 'abc123' });
    expect((await post({ type: 'confirmation', group_id: 999 })).status).toBe(403);
    const message = { message: { id: 77, date: 1_765_000_000, peer_id: 4004, from_id: 4004, text: 'Добрый день' } };
    expect((await post(event('message_new', message, { secret: 'wrong' }))).status).toBe(403);
    const e = event('message_new', message);
    expect(await post(e)).toEqual({ status: 200, text: 'ok' });
    expect(await post(e)).toEqual({ status: 200, text: 'ok' });
    expect(await post({ ...e, event_id: newId() })).toEqual({ status: 200, text: 'ok' });
    // The writer's name is asked of VK (users.get).
    await vi.waitFor(async () => expect((await conversationOf('vk', '4004'))?.visitor_name).toBe('Ирина Волкова-4004 (vk.com/id4004)'), WAIT);
    const c = (await conversationOf('vk', '4004'))!;
    expect((await messagesOf(c.id)).map((m) => m.text)).toEqual(['Добрый день']);
    expect((await post(event('message_new', { message: { id: 'x' } }))).status).toBe(400);
    // A group chat is not a customer.
    expect(await post(event('message_new', { message: { id: 78, date: 1, peer_id: 2_000_000_005, from_id: 4004, text: 'всем' } }))).toEqual({ status: 200, text: 'ok' });
    expect(await conversationOf('vk', '2000000005')).toBeUndefined();
  });

  it('retries an answer VK refused for flooding with the same random_id and delivers it once; 901 leaves it failed', async () => {
    const c = (await conversationOf('vk', '4004'))!;
    vk.failSends.push({ error_code: 9, error_msg: 'Flood control' });
    const id = newId();
    expect((await call(f.server.url, 'POST', `/conversations/${c.id}/messages`, { token: f.boris.token, body: { id, text: 'Здравствуйте! Чем помочь?' } })).status).toBe(200);
    await f.server.app.conversations.delivery.idle();
    const first = await f.server.db.selectFrom('conversation_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ delivery: 'queued', attempts: 1 });
    clock += 60_000;
    await deliver();
    const sends = vk.requests.filter((r) => r.method === 'messages.send' && r.params.message === 'Здравствуйте! Чем помочь?');
    expect(sends).toHaveLength(2);
    expect(new Set(sends.map((s) => s.params.random_id)).size).toBe(1);
    expect(vk.delivered.filter((d) => d.message === 'Здравствуйте! Чем помочь?')).toHaveLength(1);

    vk.failSends.push({ error_code: 901, error_msg: 'Can\'t send messages for users without permission' });
    const refused = newId();
    await call(f.server.url, 'POST', `/conversations/${c.id}/messages`, { token: f.boris.token, body: { id: refused, text: 'Ответьте, пожалуйста' } });
    await f.server.app.conversations.delivery.idle();
    const row = await f.server.db.selectFrom('conversation_message').selectAll().where('id', '=', refused).executeTakeFirstOrThrow();
    expect(row.delivery).toBe('failed');
    expect(row.last_error).toContain('901');
  });
});
