// The customer's own rating (issue 26), on PGlite and PostgreSQL, over real HTTP, with a local server
// implementing the Telegram Bot API (tests/support/fake-messengers.ts):
//  - a closed site chat asks once; the widget's rating is stored once (a second press is a duplicate)
//    and pulled by desktops as a `rating` row with the operator and reason of the entry rated;
//  - a closed Telegram conversation asks in the chat once; the customer's digit is the answer, thanked;
//    "стоп" is honoured: the next conversation closes without a question;
//  - the IVR's digit after a call, keyed with the PBX source's secret (as a form, as Asterisk's CURL
//    sends it), rates the call's entry once; a wrong key, a bad digit, an opted-out customer refused;
//  - the supervisors' figures count the ratings per operator, reason and channel.
import { DEFAULT_SUPERVISOR_SETTINGS } from '../../../src-server/supervisor/settings.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { FakeTelegram } from '../../support/fake-messengers.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, pullAll, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let telegram: FakeTelegram;
const ORIGIN = 'https://www.shop.example';
let clock = Date.now();
const WAIT = { timeout: 20_000, interval: 20 };
const ratings = async () => f.server.db.selectFrom('rating').selectAll().execute();

async function widget(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['x-chat-token'] = token;
  const res = await fetch(`${f.server.url}/chat/shop${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

async function customerWithPhone(name: string, phone: string): Promise<string> {
  const id = newId();
  await push(f, f.anna, [
    mutation(f.anna, 'customer', id, 'insert', customerPayload(name)),
    mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'phone', raw: phone, normalized: phone, label: null, created_at: 1, updated_at: 1 }),
  ]);
  return id;
}

async function closeAs(token: string, id: string, reason = 'complaint') {
  expect((await call(f.server.url, 'POST', `/conversations/${id}/claim`, { token })).status).toBe(200);
  const closed = await call<{ interactionId: string }>(f.server.url, 'POST', `/conversations/${id}/close`, { token, body: { reason } });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  await f.server.app.conversations.delivery.idle();
  return closed.body.interactionId;
}

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
  f = await startServerFixture({ now: () => clock });
  await call(f.server.url, 'POST', '/admin/forms', { token: f.admin.token, body: { id: 'shop', name: 'Магазин', origins: [ORIGIN] } });
  await call(f.server.url, 'POST', '/admin/messengers', { token: f.admin.token, body: { kind: 'telegram', id: 'tg', name: 'Поддержка', token: telegram.token, apiRoot: telegram.url } });
  await f.server.db.insertInto('pbx_source').values({ id: 'office', kind: 'asterisk', name: 'Офис', api_key: null, secret: 'ivr-key-0123456789', team_id: null, created_at: 1, api_url: null }).execute();
});
afterAll(async () => {
  await f?.close();
  await telegram?.close();
});

describe('surveys', () => {
  it('asks once after a site chat; the widget’s rating is stored once and pulled with the entry’s operator and reason', async () => {
    const customerId = await customerWithPhone('Ольга Петрова', '+79165554001');
    const started = await widget('POST', '/start', { phone: '+7 916 555-40-01', text: 'Вопрос', startedAt: clock - 60_000 });
    const id = started.body.conversationId as string;
    const token = started.body.token as string;
    expect((await widget('GET', '/messages', undefined, token)).body.survey).toBeNull();
    const interactionId = await closeAs(f.boris.token, id, 'complaint');
    expect((await widget('GET', '/messages', undefined, token)).body.survey).toBe('asked');
    clock += 1_000;
    expect((await widget('POST', '/rate', { score: 4 }, token)).body).toEqual({ outcome: 'answered' });
    expect((await widget('POST', '/rate', { score: 1 }, token)).body).toEqual({ outcome: 'duplicate' });
    expect((await widget('POST', '/rate', { score: 6 }, token)).status).toBe(400);
    expect((await widget('GET', '/messages', undefined, token)).body.survey).toBe('answered');
    const pulled = (await pullAll(f, f.anna)).filter((c) => c.entity === 'rating');
    expect(pulled).toHaveLength(1);
    expect(pulled[0]!.row).toMatchObject({ customer_id: customerId, interaction_id: interactionId, score: 4, channel: 'chat', operator_id: f.boris.id, reason: 'complaint', answered_at: clock });
    expect(await f.server.db.selectFrom('survey').select('id').where('interaction_id', '=', interactionId).execute()).toHaveLength(1);
  });

  it('asks in Telegram once, takes the digit as the answer, and honours a stop', async () => {
    const customerId = await customerWithPhone('Пётр Сидоров', '+79165554002');
    telegram.message(5005, { contact: { phone_number: '79165554002', first_name: 'Пётр', user_id: 5005 } });
    const open = async () => f.server.db.selectFrom('conversation').select(['id', 'customer_id']).where('peer', '=', '5005').where('status', '=', 'open').executeTakeFirst();
    await vi.waitFor(async () => expect((await open())?.customer_id).toBe(customerId), WAIT);
    await closeAs(f.anna.token, (await open())!.id, 'information');
    await f.server.app.conversations.delivery.idle();
    const asked = telegram.sent.filter((s) => s.chat_id === '5005' && s.text.includes('пришлите цифру от 1'));
    expect(asked).toHaveLength(1);
    const before = (await ratings()).length;
    telegram.message(5005, { text: '5' });
    await vi.waitFor(() => expect(telegram.sent.some((s) => s.chat_id === '5005' && s.text === 'Спасибо за оценку!')).toBe(true), WAIT);
    const mine = (await ratings()).filter((r) => r.customer_id === customerId);
    expect(mine.map((r) => [r.score, r.channel, r.operator_id, r.reason])).toEqual([[5, 'messenger', f.anna.id, 'information']]);
    expect((await ratings()).length).toBe(before + 1);

    // A new conversation, then a stop in answer to its survey: the next one is not asked.
    telegram.message(5005, { text: 'Ещё вопрос' });
    await vi.waitFor(async () => expect(await open()).toBeDefined(), WAIT);
    await closeAs(f.anna.token, (await open())!.id);
    telegram.message(5005, { text: 'Стоп' });
    await vi.waitFor(() => expect(telegram.sent.some((s) => s.chat_id === '5005' && s.text === 'Хорошо, больше не будем спрашивать.')).toBe(true), WAIT);
    expect(await f.server.db.selectFrom('survey_opt_out').select('via').where('customer_id', '=', customerId).executeTakeFirst()).toEqual({ via: 'telegram' });
    telegram.message(5005, { text: 'И последний вопрос' });
    await vi.waitFor(async () => expect(await open()).toBeDefined(), WAIT);
    const sentBefore = telegram.sent.filter((s) => s.chat_id === '5005').length;
    await closeAs(f.anna.token, (await open())!.id);
    const closing = telegram.sent.filter((s) => s.chat_id === '5005').slice(sentBefore);
    expect(closing.map((s) => s.text)).toEqual(['Разговор завершён. Если понадобится, просто напишите снова.']);
    expect((await ratings()).filter((r) => r.customer_id === customerId)).toHaveLength(1);
  });

  it('takes the IVR’s digit for a call once, keyed with the PBX source’s secret; refuses a wrong key and a bad digit', async () => {
    const customerId = await customerWithPhone('Анна Кузнецова', '+79165554003');
    const entryId = newId();
    await push(f, f.vera, [mutation(f.vera, 'interaction', entryId, 'insert', {
      customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: clock, duration_s: 95, user_id: f.vera.id, reason: 'sales', outcome: null,
      mood: 'positive', notes: 'Заказ', promise: null, number: '+79165554003', email_from: null, email_to: [], email_cc: [], email_subject: null, email_body: null,
      fax_pages: null, corrects_id: null, call_ref: '1765000000.42', created_at: clock, updated_at: clock,
    })]);
    const ivr = (body: string, key = 'ivr-key-0123456789') => fetch(`${f.server.url}/surveys/ivr/office`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-kartoteka-key': key }, body })
      .then(async (r) => ({ status: r.status, body: await r.json() as Record<string, unknown> }));
    expect((await ivr('callRef=1765000000.42&digit=3', 'wrong-key-0123456789')).status).toBe(403);
    expect((await ivr('callRef=1765000000.42&digit=7')).status).toBe(400);
    expect((await ivr('callRef=1765000000.42&digit=3')).body).toEqual({ outcome: 'answered' });
    expect((await ivr('callRef=1765000000.42&digit=1')).body).toEqual({ outcome: 'duplicate' });
    const rated = (await ratings()).filter((r) => r.interaction_id === entryId);
    expect(rated.map((r) => [r.score, r.channel, r.operator_id, r.reason])).toEqual([[3, 'ivr', f.vera.id, 'sales']]);
    // A call whose entry has not reached the server: the customer is found by the caller's number.
    expect((await ivr('callRef=1765000000.77&digit=2&number=89165554003')).body).toEqual({ outcome: 'answered' });
    expect((await call(f.server.url, 'POST', '/surveys/opt-out', { token: f.vera.token, body: { customerId } })).status).toBe(200);
    expect((await ivr('callRef=1765000000.78&digit=5&number=%2B79165554003')).body).toEqual({ outcome: 'opted_out' });
  });

  it('counts the ratings in the figures per operator, reason and channel', async () => {
    // The centre's day (figures count by it), not UTC's: after 21:00 UTC they differ.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_SUPERVISOR_SETTINGS.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock);
    const figures = await call<{ operators: Array<{ userId: string; ratings: number; ratingMean: number | null }>; satisfaction: { byReason: Array<{ reason: string; count: number; mean: number | null }>; byChannel: Array<{ channel: string; count: number; mean: number | null }> } }>(
      f.server.url, 'GET', `/supervisor/figures?from=${day}&to=${day}`, { token: f.admin.token });
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const row = (id: string) => figures.body.operators.find((o) => o.userId === id);
    expect(row(f.boris.id)).toMatchObject({ ratings: 1, ratingMean: 4 });
    expect(row(f.anna.id)).toMatchObject({ ratings: 1, ratingMean: 5 });
    expect(row(f.vera.id)).toMatchObject({ ratings: 1, ratingMean: 3 });
    expect(figures.body.satisfaction.byChannel.find((c) => c.channel === 'ivr')).toEqual({ channel: 'ivr', count: 2, mean: 2.5 });
    expect(figures.body.satisfaction.byReason.find((c) => c.reason === 'complaint')).toEqual({ reason: 'complaint', count: 1, mean: 4 });
  });
});
