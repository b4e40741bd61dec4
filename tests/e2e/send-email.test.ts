// Writing a letter end to end (issue 20), in Chromium against a real server and a real SMTP server
// (smtp-server): the operator opens a customer's logged email, replies with the keyboard, ticks its
// attachment to send again and sends with Ctrl+Enter; the letter is logged at once ("waiting to be
// sent"), the server sends it after the sync, and the timeline shows it sent. axe finds nothing
// serious; screenshots in both languages: test-results/e2e/compose-*.png, compose-sent-*.png.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src-server/users.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let server: SyncServer;
let browser: Browser;
let host: AppHost;
let view: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

const eml = (subject: string) => Buffer.from([
  'From: Ольга Петрова <olga@example.org>', 'To: service@centre.example', `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
  'Message-ID: <q-17@example.org>', 'Date: Mon, 07 Dec 2026 10:00:00 +0300', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
  '--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Пришлите, пожалуйста, акт сверки ещё раз.', '--b',
  `Content-Type: application/pdf; name="=?UTF-8?B?${Buffer.from('Акт сверки.pdf').toString('base64')}?="`,
  `Content-Disposition: attachment; filename="=?UTF-8?B?${Buffer.from('Акт сверки.pdf').toString('base64')}?="`, 'Content-Transfer-Encoding: base64', '',
  Buffer.from('%PDF-1.4 акт').toString('base64'), '--b--', '',
].join('\r\n')).toString('base64');

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
  server = await startSyncServer({ outboundMail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Сервис <service@centre.example>' } });
  await createUser(server.current().db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null });
  host = await startAppHost({ demo: false, name: 'compose', sync: { pollMs: 10_000 } });
  await callEngine(host.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  const customer = await callEngine(host.engine, 'customers.create', { name: 'Ольга Петрова', contacts: [{ kind: 'phone', value: '+79165550202' }, { kind: 'email', value: 'olga@example.org' }] });
  await callEngine(host.engine, 'interactions.importEml', { customerId: customer.id, direction: 'in', fileName: 'вопрос.eml', contentBase64: eml('Акт сверки') });
  browser = await launchBrowser();
  view = await openApp(browser, host.url, { viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await host?.stop();
  await server?.destroy();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('writing a letter', () => {
  it('replies to a logged email from the keyboard, with its attachment again; the server sends it and the timeline shows it sent', async () => {
    const page = view.page;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-02-02');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    await page.getByTestId('entry-open').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-reply').waitFor();
    await page.getByTestId('entry-reply').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('compose-dialog');
    await dialog.waitFor();
    // The focus is in the body, above the quote.
    await page.keyboard.type('Добрый день! Акт сверки во вложении.');
    await dialog.getByLabel('Акт сверки.pdf').check();
    await axeClean(page);
    await view.screenshot('compose-ru');
    await page.keyboard.press('Alt+L');
    await dialog.getByText('Attachments from the history').waitFor();
    await view.screenshot('compose-en');
    await page.keyboard.press('Alt+L');
    await dialog.getByLabel('Текст письма').focus();
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('entry-delivery').first().waitFor();
    await callEngine(host.engine, 'sync.now', {});
    await server.current().app.outboundMail!.idle();
    expect(received.map((m) => [m.subject, m.inReplyTo, m.attachments.map((a) => a.filename)])).toEqual([['Re: Акт сверки', '<q-17@example.org>', ['Акт сверки.pdf']]]);
    expect(received[0]!.text).toContain('Добрый день! Акт сверки во вложении.');
    await callEngine(host.engine, 'sync.now', {});
    await page.getByText('отправлено', { exact: true }).first().waitFor();
    await axeClean(page);
    await view.screenshot('compose-sent-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('sent', { exact: true }).first().waitFor();
    await view.screenshot('compose-sent-en');
    await page.keyboard.press('Alt+L');
    expect(view.consoleErrors).toEqual([]);
  });
});
