// A Telegram conversation end to end (issue 26), at 1366×768: the central server reads a Telegram
// bot from a local server implementing the Bot API (tests/support/fake-messengers.ts); an operator's
// desktop in Chromium answers from F9.
//  - a customer who shared their phone with the bot is matched to their card; the queue shows the
//    Telegram conversation, in Russian and English;
//  - Enter takes it, the answer is typed and sent with Enter, and the bot sends it to the chat;
//  - a message Telegram refuses (the customer blocked the bot) shows as not delivered, with the reason.
// axe finds nothing serious; screenshots: test-results/e2e/telegram-chat-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser } from '../../src-server/users.js';
import { FakeTelegram } from '../support/fake-messengers.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'telegram-password-123';
let server: SyncServer;
let telegram: FakeTelegram;
let browser: Browser;
let host: AppHost;
let anna: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

beforeAll(async () => {
  telegram = await new FakeTelegram().start();
  server = await startSyncServer();
  const db = server.current().db;
  const team = await createTeam(db, 'Команда «Север»');
  await createUser(db, { username: 'anna', password: PASSWORD, name: 'Анна Петрова', role: 'operator', teamId: team.id, scope: 'team', extension: '101' });
  host = await startAppHost({ demo: false, name: 'telegram-anna', sync: { pollMs: 10_000 } });
  await callEngine(host.engine, 'sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await callEngine(host.engine, 'customers.create', { name: 'Ольга Смирнова', contacts: [{ kind: 'phone', value: '+79035551234' }] });
  await callEngine(host.engine, 'sync.now', {});
  await db.insertInto('messenger_bot').values({ id: 'support-bot', kind: 'telegram', name: 'Поддержка', token: telegram.token, api_root: telegram.url, group_id: null, secret: null, confirmation: null, username: null, checked_at: null, last_error: null, created_at: Date.now() }).execute();
  await server.current().app.conversations.refresh();
  browser = await launchBrowser();
  anna = await openApp(browser, host.url, { viewport: { width: 1366, height: 768 } });
  await anna.page.getByTestId('home').waitFor();
}, 120_000);

afterAll(async () => {
  await anna?.close();
  await browser?.close();
  await host?.stop();
  await server?.destroy();
  await telegram?.close();
});

describe('a Telegram conversation in Chromium', () => {
  it('is matched by the shared phone, answered from F9, and a refused message shows why', async () => {
    telegram.message(7007, { text: 'Здравствуйте, можно поменять адрес доставки?' });
    await waitFor('the bot asked for the phone', async () => (telegram.sent.some((s) => s.chat_id === '7007' && JSON.stringify(s.reply_markup).includes('request_contact')) ? true : undefined));
    telegram.message(7007, { contact: { phone_number: '79035551234', first_name: 'Ольга', user_id: 7007 } });
    await waitFor('the customer recognised', async () => (telegram.sent.some((s) => s.chat_id === '7007' && s.text === 'Спасибо, мы вас узнали.') ? true : undefined));

    await anna.page.keyboard.press('F9');
    await anna.page.getByTestId('conversations-dialog').waitFor();
    await waitFor('the conversation listed', async () => ((await anna.page.getByTestId('conversations-list').getByRole('option').count()) === 1 ? true : undefined));
    const row = await anna.page.getByTestId('conversations-list').getByRole('option').innerText();
    expect(row).toContain('Ольга Смирнова');
    expect(row).toContain('Telegram');
    await anna.page.getByTestId('conversation-log').getByText('Здравствуйте, можно поменять адрес доставки?').waitFor();
    await axeClean(anna.page);
    await anna.screenshot('telegram-chat-queue-ru');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'Chats and messengers' }).waitFor();
    await axeClean(anna.page);
    await anna.screenshot('telegram-chat-queue-en');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'Чаты и мессенджеры' }).waitFor();

    await waitFor('the list focused', async () => ((await focused(anna.page)) === 'conversations-list' ? true : undefined));
    await anna.page.keyboard.press('Enter');
    await waitFor('the reply focused', async () => ((await focused(anna.page)) === 'conversation-reply' ? true : undefined));
    await anna.page.keyboard.type('Да, напишите новый адрес, и я его поменяю.');
    await anna.page.keyboard.press('Enter');
    await waitFor('the bot sent it', async () => (telegram.sent.some((s) => s.chat_id === '7007' && s.text === 'Да, напишите новый адрес, и я его поменяю.') ? true : undefined));

    telegram.failSends.push({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await anna.page.keyboard.type('Вы здесь?');
    await anna.page.keyboard.press('Enter');
    await anna.page.getByTestId('conversation-delivery').filter({ hasText: 'не доставлено: Forbidden: bot was blocked by the user' }).waitFor();
    await axeClean(anna.page);
    await anna.screenshot('telegram-chat-refused-ru');
  });
});
