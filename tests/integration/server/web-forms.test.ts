// Website forms (issue 26), on PGlite and PostgreSQL, over real HTTP:
//  - a visitor's request becomes a 'web' entry on the customer the phone belongs to, with a call-back
//    task for the team; a stranger becomes a customer; a resend is the same submission;
//  - a plain HTML form (urlencoded) is redirected to the site's thank-you page;
//  - the honeypot and a form sent within seconds of the page are answered as if taken, and write nothing;
//  - a foreign page's fetch, a wrong site key and an unknown site are refused; one address's flood is 429;
//  - generated hostile bodies are each refused alone, 400, typed, writing nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
const ORIGIN = 'https://www.shop.example';
const KEY = 'site-key-0123456789abcdef';
/** The server's clock, moved by the test (the address limit's window); it starts at the wall clock, as desktops' stamps do. */
let clock = Date.now();
/** Each test address a number of its own: the per-address limit counts per address. */
let nextAddress = 1;

async function send(site: string, body: unknown, opts: { origin?: string; form?: boolean; address?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json', 'x-forwarded-for': opts.address ?? `203.0.113.${nextAddress++}` };
  if (opts.origin) headers.origin = opts.origin;
  const res = await fetch(`${f.server.url}/forms/${site}`, { method: 'POST', headers, body: opts.form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as Record<string, unknown>, headers: res.headers };
}

const counts = async () => ({
  interactions: Number((await f.server.db.selectFrom('interaction').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', 'web').executeTakeFirstOrThrow()).n),
  customers: Number((await f.server.db.selectFrom('customer').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
});

beforeAll(async () => {
  f = await startServerFixture({ trustProxy: ['127.0.0.1'], now: () => clock });
  const site = await call(f.server.url, 'POST', '/admin/forms', { token: f.admin.token, body: { id: 'shop', name: 'Магазин', origins: [ORIGIN], thanksUrl: 'https://www.shop.example/thanks', answerWithinMin: 30 } });
  expect(site.status).toBe(201);
  expect((await call(f.server.url, 'POST', '/admin/forms', { token: f.admin.token, body: { id: 'keyed', name: 'С ключом', key: KEY } })).status).toBe(201);
  expect((await call(f.server.url, 'POST', '/admin/forms', { token: f.anna.token, body: { id: 'x', name: 'x' } })).status).toBe(403);
});
afterAll(async () => {
  await f?.close();
});

describe('website forms', () => {
  it('files a known caller’s request on their card with a call-back task; a stranger becomes a customer; a resend is the same', async () => {
    const customerId = newId();
    const pushed = await push(f, f.anna, [
      mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Иван Кузнецов')),
      mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: customerId, kind: 'phone', raw: '+7 916 555-00-01', normalized: '+79165550001', label: null, created_at: 1, updated_at: 1 }),
    ]);
    expect(pushed.body.results.map((r) => r.status), JSON.stringify(pushed.body)).toEqual(['applied', 'applied']);
    clock += 60_000;
    const submissionId = newId();
    const body = { name: 'Иван', phone: '8 (916) 555-00-01', topic: 'Обратный звонок', message: 'Перезвоните после обеда', page: 'https://www.shop.example/delivery', submissionId, startedAt: clock - 40_000 };
    const res = await send('shop', body, { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, submissionId });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const entry = await f.server.db.selectFrom('interaction').selectAll().where('customer_id', '=', customerId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ direction: 'in', number: '+79165550001', email_subject: 'Обратный звонок', user_id: null, occurred_at: clock });
    expect(entry.notes).toBe('Заявка с сайта «Магазин»\nИван\nТема: Обратный звонок\nПерезвоните после обеда\nСтраница: https://www.shop.example/delivery');
    const task = await f.server.db.selectFrom('task').selectAll().where('interaction_id', '=', entry.id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'callback', assignee_id: null, status: 'open', due_at: clock + 30 * 60_000, title: 'Перезвонить: заявка с сайта «Магазин» (Иван, +7 916 555 00 01)' });

    const before = await counts();
    expect((await send('shop', body, { origin: ORIGIN })).body).toEqual({ ok: true, submissionId });
    expect(await counts()).toEqual(before);

    const stranger = await send('shop', { name: 'Пётр', email: 'Petr@Mail.example', message: 'Есть ли доставка в Тверь?' });
    expect(stranger.status).toBe(200);
    const after = await counts();
    expect(after).toEqual({ interactions: before.interactions + 1, customers: before.customers + 1 });
    const petr = await f.server.db.selectFrom('contact_point').innerJoin('customer', 'customer.id', 'contact_point.customer_id')
      .select(['customer.name', 'contact_point.normalized']).where('contact_point.normalized', '=', 'petr@mail.example').executeTakeFirstOrThrow();
    expect(petr.name).toBe('Пётр');
    // Desktops in scope get it: an unowned customer is everyone's.
    const pulled = await call<{ changes: { entity: string; row: { channel?: string } }[] }>(f.server.url, 'GET', '/sync/pull?after=0&limit=1000', { token: f.vera.token });
    expect(pulled.body.changes.filter((c) => c.entity === 'interaction' && c.row.channel === 'web')).toHaveLength(2);
  });

  it('sends a plain HTML form’s visitor to the thank-you page, and says what was wrong on a page of its own', async () => {
    const ok = await send('shop', { name: 'Ольга', phone: '+7 903 111-22-33' }, { form: true });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('https://www.shop.example/thanks');
    const bad = await send('shop', { name: 'Ольга', phone: 'не телефон' }, { form: true });
    expect(bad.status).toBe(400);
    expect(String(bad.body)).toContain('проверьте телефон');
  });

  it('answers bots as if taken and writes nothing: the honeypot, and a form sent within seconds of the page', async () => {
    const before = await counts();
    expect((await send('shop', { phone: '+7 903 000-00-01', website: 'http://spam.example' })).body).toMatchObject({ ok: true });
    expect((await send('shop', { phone: '+7 903 000-00-02', startedAt: clock - 800 })).body).toMatchObject({ ok: true });
    expect(await counts()).toEqual(before);
    const spam = await f.server.db.selectFrom('form_submission').select('outcome').where('outcome', '=', 'spam').execute();
    expect(spam).toHaveLength(2);
  });

  it('refuses a foreign page, a wrong key and an unknown site; limits one address’s flood with 429', async () => {
    expect((await send('shop', { phone: '+7 903 000-00-03' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await send('keyed', { phone: '+7 903 000-00-04', key: 'wrong-key-0123456789' })).status).toBe(403);
    expect((await send('keyed', { phone: '+7 903 000-00-04', key: KEY })).status).toBe(200);
    expect((await send('nowhere', { phone: '+7 903 000-00-05' })).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send('shop', { phone: `+7 903 000-01-0${i}` }, { address: '198.51.100.7' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = await send('shop', { phone: '+7 903 000-01-09' }, { address: '198.51.100.7' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Ten minutes on, the address may send again.
    clock += 601_000;
    expect((await send('shop', { phone: '+7 903 000-01-09' }, { address: '198.51.100.7' })).status).toBe(200);
  });

  it('refuses generated hostile bodies alone, typed, writing nothing', async () => {
    const before = await counts();
    const field = fc.oneof(fc.string(), fc.string({ minLength: 5_001, maxLength: 5_100 }), fc.constant('a\u0000b'), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.constant('\uD800'));
    const body = fc.oneof(
      fc.anything(),
      fc.record({ phone: fc.oneof(fc.constant('+7 903 000-02-00'), field), message: field, extra: fc.string() }),
      fc.record({ phone: field, email: field, startedAt: fc.oneof(fc.constant(-1), fc.string(), fc.double()) }, { requiredKeys: [] }),
      fc.record({ phone: fc.constant('+7 903 000-02-01'), page: fc.oneof(fc.constant('javascript:alert(1)'), fc.string()), submissionId: fc.oneof(fc.string(), fc.integer()) }),
    ).filter((b) => {
      // Keep only bodies the form must refuse (a generated one can happen to be a valid request).
      const r = JSON.stringify(b);
      return r === undefined || !/^\{"phone":"\+7 903 000-02-0\d"(,"message":"[^"]{0,4999}")?\}$/.test(r);
    });
    await fc.assert(fc.asyncProperty(body, async (b) => {
      const res = await send('shop', b);
      expect([400, 415], JSON.stringify(b)).toContain(res.status);
      if (res.status === 400) expect(res.body.error).toBe('validation');
    }), { numRuns: 150 });
    expect(await counts()).toEqual(before);
    const huge = await fetch(`${f.server.url}/forms/shop`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' }, body: JSON.stringify({ phone: '+7 903 000-02-02', message: 'x'.repeat(20_000) }) });
    expect(huge.status).toBe(413);
  });
});
