// Letters operators write (issue 20), on PGlite and PostgreSQL, through a real SMTP server run by the
// test (smtp-server), over real HTTP:
//  - a Russian letter with a Cyrillic attachment name arrives intact: subject, body, From, To, Cc,
//    Message-ID and In-Reply-To, and the attachment's name and bytes; an answer to it joins its thread;
//  - with the relay down the letter stays queued, its attempts and the relay's error recorded, and is
//    sent once the relay is back and its next attempt falls due; the entry stays one;
//  - two sender processes on one database never send a letter twice;
//  - a desktop may only queue a letter, for an outbound email entry of the same customer.
import { simpleParser, type ParsedMail } from 'mailparser';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { outboundMessageId } from '../../../src-shared/mail/outbound.js';
import { OutboundMailer, retryDelayMs } from '../../../src-server/mail/outbound-sender.js';
import { threadOf } from '../../../src-server/mail/file-message.js';
import { customerPayload, mutation, pullAll, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let clock = Date.now();
const now = () => clock;
const FROM = 'Картотека <care@centre.example>';
let relayPort = 0;
let smtp: SMTPServer | null = null;
const received: ParsedMail[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function relayUp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      void simpleParser(stream).then((m) => {
        received.push(m);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(relayPort, '127.0.0.1', resolve));
}

async function relayDown(): Promise<void> {
  const s = smtp;
  smtp = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

/** A letter as a desktop queues it: the outbound email entry, its attachments, and its delivery row. */
async function queueLetter(customerId: string, subject: string, files: Array<{ name: string; mime: string; bytes: Buffer }> = [], inReplyTo: string | null = null) {
  const interactionId = newId();
  const outboundId = newId();
  const messageId = outboundMessageId(interactionId);
  const res = await push(f, f.anna, [
    mutation(f.anna, 'interaction', interactionId, 'insert', {
      customer_id: customerId, channel: 'email', direction: 'out', occurred_at: clock, reason: 'other', notes: '', user_id: f.anna.id,
      email_to: ['olga@example.org'], email_cc: ['buh@example.org'], email_subject: subject, email_body: 'Здравствуйте, Ольга!\nСчёт во вложении.\n— Анна',
      email_message_id: messageId, email_thread: messageId, created_at: clock, updated_at: clock,
    }),
    ...files.map((file) => mutation(f.anna, 'attachment', newId(), 'insert', {
      interaction_id: interactionId, customer_id: customerId, file_name: file.name, mime_type: file.mime, size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'), content: file.bytes.toString('base64'), created_at: clock, updated_at: clock,
    })),
    mutation(f.anna, 'outbound_mail', outboundId, 'insert', {
      customer_id: customerId, interaction_id: interactionId, in_reply_to: inReplyTo, status: 'queued', attempts: 0, last_error: null, sent_at: null, created_at: clock, updated_at: clock,
    }),
  ]);
  expect(res.body.results.map((r) => [r.status, r.reason ?? null, (r as { message?: string }).message ?? null]).filter((r) => r[0] !== 'applied')).toEqual([]);
  return { interactionId, outboundId, messageId };
}

const delivery = async (id: string) => f.server.db.selectFrom('outbound_mail').select(['status', 'attempts', 'last_error', 'sent_at']).where('id', '=', id).executeTakeFirstOrThrow();

let customerId = '';
beforeAll(async () => {
  relayPort = await freePort();
  await relayUp();
  f = await startServerFixture({ now, outboundMail: { smtpUrl: `smtp://127.0.0.1:${relayPort}`, from: FROM } });
  customerId = newId();
  await push(f, f.anna, [mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Ольга Петрова'))]);
});
afterAll(async () => {
  await f?.close();
  await relayDown();
});

async function settle(): Promise<void> {
  f.server.app.outboundMail!.kick();
  await f.server.app.outboundMail!.idle();
}

describe('letters operators write', () => {
  it('a Russian letter with a Cyrillic attachment name arrives intact, with its headers, and its delivery reaches the desktops', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 250, 251, 252]), Buffer.from('\n%%EOF\n')]);
    const letter = await queueLetter(customerId, 'Счёт № 17 за март', [{ name: 'Счёт № 17 — март.pdf', mime: 'application/pdf', bytes: pdf }], 'their-question@example.org');
    await settle();
    expect(received).toHaveLength(1);
    const m = received[0]!;
    expect(m.subject).toBe('Счёт № 17 за март');
    expect(m.text?.trim()).toBe('Здравствуйте, Ольга!\nСчёт во вложении.\n— Анна');
    expect(m.from?.value).toEqual([{ address: 'care@centre.example', name: 'Картотека' }]);
    expect((Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address))).toEqual(['olga@example.org']);
    expect((Array.isArray(m.cc) ? m.cc : [m.cc]).flatMap((a) => a?.value.map((v) => v.address))).toEqual(['buh@example.org']);
    expect(m.messageId).toBe(`<${letter.messageId}>`);
    expect(m.inReplyTo).toBe('<their-question@example.org>');
    expect(m.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([['Счёт № 17 — март.pdf', 'application/pdf', true]]);
    expect(await delivery(letter.outboundId)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: clock });
    const pulled = (await pullAll(f, f.boris)).filter((c) => c.entity === 'outbound_mail' && c.row.id === letter.outboundId);
    expect(pulled.at(-1)?.row).toMatchObject({ status: 'sent', attempts: 1 });
    // The customer's answer, citing the letter in In-Reply-To, is filed into the letter's thread and on its customer.
    const thread = await f.server.db.transaction().execute((trx) => threadOf(trx, [letter.messageId]));
    expect(thread).toMatchObject({ id: letter.messageId, customerId });
  });

  it('with the relay down the letter waits, its attempts and error recorded, and goes once the relay is back; the entry stays one', async () => {
    await relayDown();
    received.length = 0;
    const letter = await queueLetter(customerId, 'Договор на подпись');
    await settle();
    let state = await delivery(letter.outboundId);
    expect(state).toMatchObject({ status: 'queued', attempts: 1, sent_at: null });
    expect(state.last_error).toMatch(/ECONNREFUSED|connect/i);
    // Not due yet: nothing is tried before the next attempt's time.
    await settle();
    expect((await delivery(letter.outboundId)).attempts).toBe(1);
    clock += retryDelayMs(1);
    await settle();
    expect((await delivery(letter.outboundId)).attempts).toBe(2);
    await relayUp();
    clock += retryDelayMs(2);
    await settle();
    state = await delivery(letter.outboundId);
    expect(state).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(received.map((m) => m.subject)).toEqual(['Договор на подпись']);
    const entries = await f.server.db.selectFrom('interaction').select('id').where('email_subject', '=', 'Договор на подпись').execute();
    expect(entries).toHaveLength(1);
  });

  it('two sender processes on one database never send a letter twice', async () => {
    received.length = 0;
    const letters = [];
    for (let i = 0; i < 12; i++) letters.push(await queueLetter(customerId, `Письмо ${i + 1}`));
    const config = { smtpUrl: `smtp://127.0.0.1:${relayPort}`, from: FROM };
    const a = new OutboundMailer(f.server.db, config, now);
    const b = new OutboundMailer(f.server.db, config, now);
    const [sentA, sentB] = await Promise.all([a.runOnce(), b.runOnce()]);
    await f.server.app.outboundMail!.idle();
    await Promise.all([a.stop(), b.stop()]);
    expect(sentA + sentB).toBeLessThanOrEqual(12);
    await settle();
    const subjects = received.map((m) => m.subject).sort();
    expect(subjects).toEqual(letters.map((_, i) => `Письмо ${i + 1}`).sort());
    for (const l of letters) expect((await delivery(l.outboundId)).status).toBe('sent');
  });

  it('a desktop only queues a letter, for an outbound email entry of the same customer', async () => {
    const inbound = newId();
    await push(f, f.anna, [mutation(f.anna, 'interaction', inbound, 'insert', { customer_id: customerId, channel: 'email', direction: 'in', occurred_at: clock, reason: 'other', notes: '', user_id: f.anna.id })]);
    const row = (interactionId: string, over: Record<string, unknown> = {}) => ({
      customer_id: customerId, interaction_id: interactionId, in_reply_to: null, status: 'queued', attempts: 0, last_error: null, sent_at: null, created_at: clock, updated_at: clock, ...over,
    });
    const letter = await queueLetter(customerId, 'Проверка правил');
    const res = await push(f, f.anna, [
      mutation(f.anna, 'outbound_mail', newId(), 'insert', row(letter.interactionId, { status: 'sent' })),
      mutation(f.anna, 'outbound_mail', newId(), 'insert', row(inbound)),
      mutation(f.anna, 'outbound_mail', newId(), 'insert', row(newId())),
      mutation(f.anna, 'outbound_mail', letter.outboundId, 'update', { status: 'failed', updated_at: clock }),
      mutation(f.anna, 'outbound_mail', newId(), 'insert', row(letter.interactionId, { status: 'queued', attempts: 'x' })),
    ]);
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([
      ['rejected', 'server_only'], ['rejected', 'invalid'], ['rejected', 'not_found'], ['rejected', 'server_only'], ['rejected', 'invalid'],
    ]);
  });
});
