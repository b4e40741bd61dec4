// A website's form end to end (issue 26): the documented snippet (docs/snippets/web-form.html) on a
// site served from its own origin, filled in and sent by a visitor in Chromium, lands the visitor on
// the site's thank-you page; the operator's desktop, signed in to the same server, finds the new
// customer with the request on the timeline (channel "Сайт") and the team's call-back task on the
// card. axe finds nothing serious; screenshots: test-results/e2e/web-form-*.png.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormSite } from '../../src-server/forms/sites.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { callEngine, freePort, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'forms-password-123';
let server: SyncServer;
let site: Server;
let siteOrigin: string;
let browser: Browser;
let host: AppHost;
let anna: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  const team = await createTeam(db, 'Команда «Север»');
  await createUser(db, { username: 'anna', password: PASSWORD, name: 'Анна Петрова', role: 'operator', teamId: team.id, scope: 'team', extension: '101' });
  const port = await freePort();
  siteOrigin = `http://127.0.0.1:${port}`;
  const snippet = readFileSync(path.join(process.cwd(), 'docs/snippets/web-form.html'), 'utf8')
    .replace('https://crm.example.ru/forms/shop', `${server.url}/forms/shop`);
  site = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/thanks')) res.end('<!doctype html><html lang="ru"><head><title>Спасибо</title></head><body><h1>Спасибо за заявку!</h1></body></html>');
    else res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Магазин</title></head><body><main><h1>Доставка</h1>${snippet}</main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  await createFormSite(db, { id: 'shop', name: 'Магазин', origins: [siteOrigin], thanksUrl: `${siteOrigin}/thanks`, locale: 'ru', answerWithinMin: 30 }, Date.now());
  host = await startAppHost({ demo: false, name: 'forms-anna', sync: { pollMs: 10_000 } });
  await callEngine(host.engine, 'sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await anna?.close();
  await browser?.close();
  await host?.stop();
  await server?.destroy();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

describe('a website form in Chromium', () => {
  it('a visitor sends the documented form; they see the thank-you page; the operator sees the request and the call-back task', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const visitor = await context.newPage();
    await visitor.goto(`${siteOrigin}/`);
    await visitor.getByLabel('Имя').fill('Ольга Смирнова');
    await visitor.getByLabel('Телефон').fill('+7 903 555-12-34');
    await visitor.getByLabel('Тема').selectOption('Вопрос о заказе');
    await visitor.getByLabel('Сообщение').fill('Заказ 4512 не пришёл, перезвоните, пожалуйста.');
    // A person takes a while over a form: the page showed it a minute ago (a form sent within 3 s is a bot's).
    await visitor.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[name="startedAt"]')!;
      input.value = String(Number(input.value) - 60_000);
    });
    await visitor.getByRole('button', { name: 'Отправить' }).click();
    await visitor.waitForURL(`${siteOrigin}/thanks`);
    expect(await visitor.getByRole('heading').innerText()).toBe('Спасибо за заявку!');
    await context.close();

    await callEngine(host.engine, 'sync.now', {});
    anna = await openApp(browser, host.url, { viewport: { width: 1366, height: 768 } });
    const { page } = anna;
    await page.getByTestId('home').waitFor();
    await page.keyboard.press('Control+K');
    await page.getByTestId('search-input').waitFor();
    await page.keyboard.type('Смирнова');
    await page.locator('.search-option').filter({ hasText: 'Ольга Смирнова' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').filter({ hasText: 'Ольга Смирнова' }).waitFor();
    const entry = page.getByTestId('entry-open').filter({ hasText: 'Заказ 4512 не пришёл' }).first();
    await entry.waitFor();
    expect(await page.getByText('Перезвонить: заявка с сайта «Магазин» (Ольга Смирнова, +7 903 555 12 34)').count()).toBe(1);
    await entry.focus();
    await page.keyboard.press('Enter');
    const view = page.getByTestId('entry-view');
    await view.waitFor();
    expect(await view.getAttribute('data-channel')).toBe('web');
    expect(await page.getByTestId('entry-notes').innerText()).toContain('Тема: Вопрос о заказе');
    expect(await page.getByTestId('entry-notes').innerText()).toContain(`Страница: ${siteOrigin}/`);
    // A website's request is not corrected like a logged call.
    expect(await page.getByTestId('entry-correct').count()).toBe(0);
    await axeClean(page);
    await anna.screenshot('web-form-entry-ru');
    await page.keyboard.press('Escape');
    await waitFor('the card’s counts show the website', async () => ((await page.getByTestId('counts').innerText()).includes('Сайт') ? true : undefined));
    await anna.screenshot('web-form-card-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Call back: website request on “Магазин” (Ольга Смирнова, +7 903 555 12 34)').waitFor();
    await anna.screenshot('web-form-card-en');
    await page.keyboard.press('Alt+L');
    expect(anna.consoleErrors).toEqual([]);
  });
});
