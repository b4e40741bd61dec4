// A letter written on a desktop (issue 20), across the desktop, a real server and a real SMTP server
// (smtp-server), on PGlite and PostgreSQL: written offline as a reply to the customer's logged email,
// with a file from the customer's history attached again, it is logged at once, queued, sent by the
// server after the sync, and a colleague's desktop shows it delivered, as one entry, in the thread.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let clock = Date.now();
const now = () => clock;
let server: RestartableServer;
let smtp: SMTPServer;
let anna: Desktop;
let boris: Desktop;
const received: ParsedMail[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      void simpleParser(stream).then((m) => {
        received.push(m);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await RestartableServer.start(now, { outboundMail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Сервис <service@centre.example>' } });
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [anna, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
});
afterAll(async () => {
  for (const d of [anna, boris]) d?.close();
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('a letter written on a desktop', () => {
  it('written offline as a reply with a file from the history, it is logged at once, sent after the sync, and shown delivered on a colleague’s desktop', async () => {
    const customer = await anna.call('customers.create', { name: 'Ольга Петрова', contacts: [{ kind: 'email', value: 'olga@example.org' }] });
    const question = await anna.call('interactions.importEml', {
      customerId: customer.id, direction: 'in', fileName: 'вопрос.eml',
      contentBase64: Buffer.from([
        'From: Ольга <olga@example.org>', 'To: service@centre.example', 'Subject: =?UTF-8?B?' + Buffer.from('Вопрос по счёту').toString('base64') + '?=',
        'Message-ID: <q-17@example.org>', 'Date: Tue, 10 Mar 2026 10:00:00 +0300', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
        '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Пришлите, пожалуйста, счёт ещё раз.', '--b',
        'Content-Type: application/pdf; name="=?UTF-8?B?' + Buffer.from('Счёт №17.pdf').toString('base64') + '?="', 'Content-Disposition: attachment; filename="=?UTF-8?B?' + Buffer.from('Счёт №17.pdf').toString('base64') + '?="',
        'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF-1.4 счёт').toString('base64'), '--b--', '',
      ].join('\r\n')).toString('base64'),
    });
    const logged = await anna.call('interactions.get', { id: question.interaction.id });
    expect(logged.attachments.map((a) => a.fileName)).toEqual(['Счёт №17.pdf']);
    await anna.sync();

    anna.offline = true;
    clock += 60_000;
    const reply = await anna.call('emails.send', {
      customerId: customer.id, to: ['olga@example.org'], subject: 'Re: Вопрос по счёту', body: 'Добрый день! Счёт во вложении.',
      inReplyTo: question.interaction.id, attachmentIds: [logged.attachments[0]!.id],
    });
    expect(reply.interaction).toMatchObject({ channel: 'email', direction: 'out', subject: 'Re: Вопрос по счёту', delivery: 'queued', attachmentCount: 1 });
    await anna.sync();
    expect(received).toHaveLength(0);

    anna.offline = false;
    await anna.sync();
    await vi.waitFor(async () => {
      await server.server!.app.outboundMail!.idle();
      expect(received).toHaveLength(1);
    }, { timeout: 20_000, interval: 20 });
    const m = received[0]!;
    expect([m.subject, m.text?.trim(), m.inReplyTo, m.attachments.map((a) => [a.filename, a.content.toString()])]).toEqual([
      'Re: Вопрос по счёту', 'Добрый день! Счёт во вложении.', '<q-17@example.org>', [['Счёт №17.pdf', '%PDF-1.4 счёт']],
    ]);

    await server.server!.app.outboundMail!.idle();
    await boris.sync();
    const history = await boris.call('history.list', { customerId: customer.id });
    const outbound = history.entries.filter((e) => e.direction === 'out');
    expect(outbound.map((e) => [e.subject, e.delivery])).toEqual([['Re: Вопрос по счёту', 'sent']]);
    await anna.sync();
    expect((await anna.call('history.list', { customerId: customer.id })).entries.find((e) => e.id === reply.interaction.id)?.delivery).toBe('sent');
  });
});
