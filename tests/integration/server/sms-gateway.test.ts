// Text messages through the SMS gateway contract (issue 20), against a local HTTP server the test
// runs, which records every request and answers as the test tells it: each provider's request
// (generic JSON with a bearer token; sms.ru's and smsc's forms) and what its answers mean; then,
// on PGlite and PostgreSQL, greetings by SMS: the server greets the customers due today at their
// first phone number, once, honouring stop; a gateway that is down (503) is tried again later, and a
// refusal fails the message; each greeting is an outbound 'sms' entry on the history with its delivery.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { greetToday } from '../../../src-server/greetings/sender.js';
import { sendSms, type SmsConfig } from '../../../src-server/sms/gateway.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const recorded: Recorded[] = [];
/** The answers the gateway gives, in order; the last one repeats. */
let answers: { status: number; body: string }[] = [{ status: 200, body: '{"id":"g-1"}' }];
/** Or an answer by the request's body, when the order of requests is not the test's to choose. */
let byRequest: ((body: string) => { status: number; body: string }) | null = null;
let gateway: Server;
let url = '';

const body = (req: IncomingMessage) => new Promise<string>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

beforeAll(async () => {
  gateway = createServer((req, res) => {
    void body(req).then((text) => {
      recorded.push({ path: req.url ?? '', headers: req.headers, body: text });
      const a = byRequest ? byRequest(text) : answers.length > 1 ? answers.shift()! : answers[0]!;
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => gateway?.close(() => resolve()));
});

const message = { id: '01900000-0000-7000-8000-0000000000aa', to: '+79161234567', text: 'Анна, с днём рождения! 🎉' };
const answer = (...a: { status: number; body: string }[]) => {
  answers = a;
  recorded.length = 0;
};

describe('the SMS gateway contract', () => {
  it('generic: JSON with the message id, the number and the text, a bearer token; 2xx sent, 5xx and 429 again, other 4xx refused', async () => {
    const c: SmsConfig = { provider: 'generic', url: `${url}/send`, token: 'secret-token', sender: 'Centre' };
    answer({ status: 202, body: '{"id":"g-7"}' });
    expect(await sendSms(c, message)).toEqual({ kind: 'sent', providerId: 'g-7' });
    expect(recorded[0]?.path).toBe('/send');
    expect(recorded[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(JSON.parse(recorded[0]!.body)).toEqual({ id: message.id, to: '+79161234567', text: message.text, from: 'Centre' });
    answer({ status: 503, body: 'down' });
    expect((await sendSms(c, message)).kind).toBe('retry');
    answer({ status: 429, body: 'slow down' });
    expect((await sendSms(c, message)).kind).toBe('retry');
    answer({ status: 400, body: '{"error":"bad number"}' });
    expect(await sendSms(c, message)).toEqual({ kind: 'refused', error: 'HTTP 400: {"error":"bad number"}' });
    expect((await sendSms({ ...c, url: 'http://127.0.0.1:1/send' }, message)).kind).toBe('retry');
  });

  it('sms.ru: a form with api_id, the digits and the text; the message\'s own status decides', async () => {
    const c: SmsConfig = { provider: 'smsru', url: `${url}/sms/send`, token: 'api-id-1' };
    answer({ status: 200, body: JSON.stringify({ status: 'OK', status_code: 100, sms: { 79161234567: { status: 'OK', status_code: 100, sms_id: '000000-10000000' } }, balance: 4122.56 }) });
    expect(await sendSms(c, message)).toEqual({ kind: 'sent', providerId: '000000-10000000' });
    const form = new URLSearchParams(recorded[0]!.body);
    expect([recorded[0]!.headers['content-type'], form.get('api_id'), form.get('to'), form.get('msg'), form.get('json'), form.has('from')])
      .toEqual(['application/x-www-form-urlencoded; charset=utf-8', 'api-id-1', '79161234567', message.text, '1', false]);
    answer({ status: 200, body: JSON.stringify({ status: 'OK', sms: { 79161234567: { status: 'ERROR', status_code: 207, status_text: 'На этот номер нельзя отправлять сообщения' } } }) });
    expect(await sendSms(c, message)).toEqual({ kind: 'refused', error: 'На этот номер нельзя отправлять сообщения' });
    answer({ status: 200, body: '<html>maintenance</html>' });
    expect((await sendSms(c, message)).kind).toBe('retry');
  });

  it('smsc: a form with login, password, phones, the text and the message id; error 9 again, other errors refused', async () => {
    const c: SmsConfig = { provider: 'smsc', url: `${url}/sys/send.php`, login: 'centre', token: 'pw', sender: 'Centre' };
    answer({ status: 200, body: '{"id":12,"cnt":1}' });
    expect(await sendSms(c, message)).toEqual({ kind: 'sent', providerId: '12' });
    const form = new URLSearchParams(recorded[0]!.body);
    expect(['login', 'psw', 'phones', 'mes', 'fmt', 'charset', 'sender', 'id'].map((k) => form.get(k))).toEqual(['centre', 'pw', '79161234567', message.text, '3', 'utf-8', 'Centre', message.id]);
    answer({ status: 200, body: '{"error":"duplicate request, wait a minute","error_code":9}' });
    expect((await sendSms(c, message)).kind).toBe('retry');
    answer({ status: 200, body: '{"error":"authorise error","error_code":2}' });
    expect(await sendSms(c, message)).toEqual({ kind: 'refused', error: 'authorise error (2)' });
  });
});

describe('greetings by SMS', () => {
  let f: ServerFixture;
  const TZ = 'Europe/Moscow';
  const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  // Noon in Moscow ahead of the machine's clock (the fixture's stamps come from it), as greetings.test.ts.
  let clock = 0;
  for (let day = Date.now() - 86_400_000; clock === 0; day += 86_400_000) {
    const noon = Date.parse(`${dayOf(day)}T12:00:00+03:00`);
    if (noon > Date.now()) clock = noon;
  }
  const today = dayOf(clock);

  beforeAll(async () => {
    f = await startServerFixture({ now: () => clock, outboundMail: { sms: { provider: 'generic', url: `${url}/send`, token: 'secret-token' } } });
  });
  afterAll(async () => f?.close());

  async function customer(name: string, phone: string | null, stop = false): Promise<string> {
    const id = newId();
    const res = await push(f, f.anna, [
      mutation(f.anna, 'customer', id, 'insert', { ...customerPayload(name), birthday: `1985-${today.slice(5)}` }),
      ...(phone ? [mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'phone', raw: phone, normalized: phone, label: null, created_at: clock, updated_at: clock })] : []),
      ...(stop ? [mutation(f.anna, 'greeting_opt_out', newId(), 'insert', { customer_id: id, via: 'operator', at: clock, created_at: clock, updated_at: clock })] : []),
    ]);
    expect(res.body.results.every((r) => r.status === 'applied'), JSON.stringify(res.body)).toBe(true);
    return id;
  }

  it('greets each customer due today by SMS once, honouring stop; a gateway that is down is tried again, and a refusal fails the message', async () => {
    const anna = await customer('Анна Белова', '+79160000001');
    const boris = await customer('Борис', '+79160000002');
    await customer('Без телефона', null);
    await customer('Сказал стоп', '+79160000003', true);
    const made = await push(f, f.supervisor, [mutation(f.supervisor, 'greeting_rule', newId(), 'insert', {
      name: 'SMS в день рождения', occasion: 'birthday', month_day: null, date_label: null, channel: 'sms', subject: 'ДР', text: '{{name}}, с днём рождения!', active: 1, created_at: clock, updated_at: clock,
    })]);
    expect(made.body.results[0]?.status).toBe('applied');
    // The gateway is down at first: both stay queued, with its answer.
    answer({ status: 503, body: 'maintenance' });
    const runs = await Promise.all([greetToday(f.server.db, clock, TZ), f.server.app.greetNow!()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(2);
    f.server.app.outboundMail!.kick();
    await f.server.app.outboundMail!.idle();
    const status = async () => Object.fromEntries((await f.server.db.selectFrom('outbound_mail').innerJoin('interaction', 'interaction.id', 'outbound_mail.interaction_id')
      .select(['interaction.customer_id', 'interaction.channel', 'interaction.number', 'outbound_mail.status', 'outbound_mail.attempts', 'outbound_mail.last_error'])
      .where('interaction.channel', '=', 'sms').execute()).map((r) => [String(r.customer_id), [r.number, r.status, Number(r.attempts), r.last_error]]));
    expect(await status()).toEqual({ [anna]: ['+79160000001', 'queued', 1, 'HTTP 503: maintenance'], [boris]: ['+79160000002', 'queued', 1, 'HTTP 503: maintenance'] });
    // Later, the gateway takes Анна's and refuses Борис's number for good.
    const seen = recorded.length;
    clock += 60_000;
    byRequest = (b) => ((JSON.parse(b) as { to: string }).to === '+79160000002' ? { status: 400, body: 'no such subscriber' } : { status: 200, body: '{"id":"g-1"}' });
    f.server.app.outboundMail!.kick();
    await f.server.app.outboundMail!.idle();
    byRequest = null;
    const sent = recorded.slice(seen).map((r) => JSON.parse(r.body) as { to: string; text: string }).sort((a, b) => a.to.localeCompare(b.to));
    expect(sent).toEqual([{ id: expect.any(String), to: '+79160000001', text: 'Анна Белова, с днём рождения!' }, { id: expect.any(String), to: '+79160000002', text: 'Борис, с днём рождения!' }]);
    expect(await status()).toEqual({ [anna]: ['+79160000001', 'sent', 2, null], [boris]: ['+79160000002', 'failed', 2, 'HTTP 400: no such subscriber'] });
    expect(await greetToday(f.server.db, clock + 3_600_000, TZ)).toBe(0);
  });
});
