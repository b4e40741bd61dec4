// The site chat end to end (issue 26), at 1366×768: a company's page on its own origin embeds the
// documented widget snippet; a visitor in Chromium starts a chat; two operators' desktops, signed in
// to the same server, see it in F9 at once (the server tells them);
//  - Anna takes it with Enter (the budget: F9, Enter, Enter to send, typing not counted); Boris,
//    a moment later, is told Anna has it;
//  - the visitor reads Anna's answer in the widget; Ctrl+Enter, a reason, Ctrl+Enter closes it;
//  - the conversation is one chat entry on the customer's timeline, and the widget says it ended;
//  - the visitor rates it with the widget's buttons; the rating shows on the customer's card.
// axe finds nothing serious; screenshots: test-results/e2e/site-chat-*.png.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormSite } from '../../src-server/forms/sites.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { callEngine, freePort, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'chat-password-123';
const ANSWER_KEY_BUDGET = 3;
let server: SyncServer;
let browser: Browser;
let site: Server;
let siteOrigin = '';
let annaHost: AppHost;
let borisHost: AppHost;
let anna: AppPage;
let boris: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  const team = await createTeam(db, 'Команда «Север»');
  await createUser(db, { username: 'anna', password: PASSWORD, name: 'Анна Петрова', role: 'operator', teamId: team.id, scope: 'team', extension: '101' });
  await createUser(db, { username: 'boris', password: PASSWORD, name: 'Борис Сидоров', role: 'operator', teamId: team.id, scope: 'team', extension: '102' });
  const port = await freePort();
  siteOrigin = `http://127.0.0.1:${port}`;
  const snippet = readFileSync(path.join(process.cwd(), 'docs/snippets/chat-widget.html'), 'utf8').replace('https://crm.example.ru', server.url);
  site = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Магазин</title></head><body><main><h1>Доставка</h1><p>Мы привозим заказы за один день.</p></main>${snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  await createFormSite(db, { id: 'shop', name: 'Магазин', origins: [siteOrigin], locale: 'ru', answerWithinMin: 30 }, Date.now());
  annaHost = await startAppHost({ demo: false, name: 'chat-anna', sync: { pollMs: 10_000 } });
  borisHost = await startAppHost({ demo: false, name: 'chat-boris', sync: { pollMs: 10_000 } });
  await callEngine(annaHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await callEngine(borisHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'boris', password: PASSWORD });
  await callEngine(annaHost.engine, 'customers.create', { name: 'Ольга Смирнова', contacts: [{ kind: 'phone', value: '+79035551234' }] });
  await callEngine(annaHost.engine, 'sync.now', {});
  browser = await launchBrowser();
  anna = await openApp(browser, annaHost.url, { viewport: { width: 1366, height: 768 } });
  boris = await openApp(browser, borisHost.url, { viewport: { width: 1366, height: 768 } });
  for (const view of [anna, boris]) await view.page.getByTestId('home').waitFor();
}, 120_000);

afterAll(async () => {
  await anna?.close();
  await boris?.close();
  await browser?.close();
  await annaHost?.stop();
  await borisHost?.stop();
  await server?.destroy();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

describe('the site chat in Chromium', () => {
  it('a visitor’s chat is taken by one of two operators, answered from the keyboard, and closed onto the timeline', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 800 } });
    // A person reads the page a while before writing: the widget was shown a minute before it is sent
    // (a chat started within 3 s of the page is a bot's).
    await context.addInitScript(() => {
      const real = Date.now;
      (window as unknown as { __realNow: () => number }).__realNow = real;
      Date.now = () => real() - 60_000;
    });
    const visitor = await context.newPage();
    await visitor.goto(`${siteOrigin}/`);
    await visitor.getByRole('button', { name: 'Чат с нами' }).click();
    await visitor.evaluate(() => {
      Date.now = (window as unknown as { __realNow: () => number }).__realNow;
    });
    await visitor.getByLabel('Имя').fill('Ольга');
    await visitor.getByLabel('Телефон').fill('8 903 555-12-34');
    await visitor.getByLabel('Сообщение', { exact: true }).fill('Заказ 4512 не пришёл. Где он?');
    await visitor.screenshot({ path: 'test-results/e2e/site-chat-widget-start-ru.png' });
    await visitor.getByRole('button', { name: 'Начать чат' }).click();
    await visitor.getByLabel('Ваше сообщение').waitFor();

    // Both desks hear of it: the home screen says a chat waits.
    await anna.page.getByTestId('home-conversations').waitFor();
    let keys = 0;
    const press = async (key: string) => {
      keys++;
      await anna.page.keyboard.press(key);
    };
    // Boris has Olga's card open: it says she is writing in the chat, and answers from there.
    await boris.page.keyboard.press('Control+K');
    await boris.page.getByTestId('search-input').waitFor();
    await boris.page.keyboard.type('Смирнова');
    await boris.page.locator('.search-option').filter({ hasText: 'Ольга Смирнова' }).first().waitFor();
    await boris.page.keyboard.press('Enter');
    const banner = boris.page.getByTestId('card-live-conversation');
    await banner.getByText('Идёт разговор в чате (Сайт) · ждёт ответа: 1: «Заказ 4512 не пришёл. Где он?»').waitFor();
    await axeClean(boris.page);
    await boris.screenshot('site-chat-card-ru');
    await banner.getByRole('button').click();

    await press('F9');
    for (const view of [anna, boris]) {
      await view.page.getByTestId('conversations-dialog').waitFor();
      await waitFor('the conversation listed', async () => ((await view.page.getByTestId('conversations-list').getByRole('option').count()) === 1 ? true : undefined));
    }
    const row = await anna.page.getByTestId('conversations-list').getByRole('option').innerText();
    expect(row).toContain('Ольга Смирнова');
    expect(row).toContain('Сайт');
    expect(row).toContain('Заказ 4512 не пришёл');
    await anna.page.getByTestId('conversation-log').getByText('Заказ 4512 не пришёл. Где он?').waitFor();
    await axeClean(anna.page);
    await anna.screenshot('site-chat-queue-ru');

    await waitFor('the list focused', async () => ((await focused(anna.page)) === 'conversations-list' ? true : undefined));
    await press('Enter');
    await waitFor('the reply focused', async () => ((await focused(anna.page)) === 'conversation-reply' ? true : undefined));
    await boris.page.getByTestId('conversations-list').getByRole('option').first().focus();
    await boris.page.keyboard.press('Enter');
    await boris.page.getByText('Этот разговор уже взял Анна Петрова.').waitFor();
    await boris.screenshot('site-chat-taken-ru');

    await anna.page.keyboard.type('Заказ 4512 уже у курьера, он привезёт его сегодня до 18:00.');
    await press('Enter');
    expect(keys).toBeLessThanOrEqual(ANSWER_KEY_BUDGET);
    await visitor.getByText('Заказ 4512 уже у курьера, он привезёт его сегодня до 18:00.').waitFor();
    expect(await visitor.getByText('Анна').count()).toBeGreaterThan(0);
    await visitor.screenshot({ path: 'test-results/e2e/site-chat-widget-answer-ru.png' });
    await visitor.getByLabel('Ваше сообщение').fill('Спасибо!');
    await visitor.keyboard.press('Enter');
    await anna.page.getByTestId('conversation-log').getByText('Спасибо!').waitFor();
    await axeClean(anna.page);
    await anna.screenshot('site-chat-answer-ru');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'Chats and messengers' }).waitFor();
    await axeClean(anna.page);
    await anna.screenshot('site-chat-answer-en');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'Чаты и мессенджеры' }).waitFor();

    await anna.page.getByTestId('conversation-reply').focus();
    await anna.page.keyboard.press('Control+Enter');
    await waitFor('the reason focused', async () => ((await focused(anna.page)) === 'conversation-reason' ? true : undefined));
    await anna.page.getByTestId('conversation-reason').selectOption('service_request');
    await anna.screenshot('site-chat-close-ru');
    await anna.page.keyboard.press('Control+Enter');
    await anna.page.getByText('Разговор записан в историю клиента Ольга Смирнова.').waitFor();
    await visitor.getByText('Разговор завершён.', { exact: true }).waitFor();
    // The customer's own rating: the widget asks with five buttons; the first press counts.
    await visitor.getByRole('group', { name: 'Оцените разговор' }).waitFor();
    await visitor.screenshot({ path: 'test-results/e2e/site-chat-widget-closed-ru.png' });
    await visitor.getByRole('button', { name: 'Оценка 5 из 5' }).click();
    await visitor.getByText('Спасибо за оценку!').waitFor();
    await context.close();

    // One chat entry on Olga's timeline, with the transcript.
    await anna.page.keyboard.press('Escape');
    await anna.page.keyboard.press('Control+K');
    await anna.page.getByTestId('search-input').waitFor();
    await anna.page.keyboard.type('Смирнова');
    await anna.page.locator('.search-option').filter({ hasText: 'Ольга Смирнова' }).first().waitFor();
    await anna.page.keyboard.press('Enter');
    await waitFor('the chat on the timeline', async () => ((await anna.page.getByTestId('entry-open').filter({ hasText: 'Чат на сайте «Магазин»' }).count()) === 1 ? true : undefined));
    // Her rating beside the moods.
    await anna.page.getByTestId('ratings').getByText('5 из 5', { exact: true }).waitFor();
    expect(await anna.page.getByTestId('ratings-mean').innerText()).toBe('В среднем 5 из 5 (1 оценка)');
    await axeClean(anna.page);
    await anna.screenshot('site-chat-timeline-ru');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByTestId('ratings').getByText('5 of 5', { exact: true }).waitFor();
    await anna.screenshot('site-chat-timeline-en');
    await anna.page.keyboard.press('Alt+L');
  });
});
