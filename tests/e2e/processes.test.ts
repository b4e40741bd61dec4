// Processes end to end (issue 19), in Chromium against a real server: a supervisor defines a process
// in the form (Ctrl+Shift+E) and saves it with Ctrl+Enter; the operator's desktop has it after a sync,
// starts it from the card (Ctrl+Shift+P, Enter), sees it on the card, and closes its first step from
// My tasks (Alt+Y, Ctrl+Enter) with an outcome chosen by its digit, which starts the next step. axe
// finds nothing serious; screenshots in both languages: test-results/e2e/process-form-*.png,
// process-outcome-*.png, process-card-*.png.
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src-server/users.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
let server: SyncServer;
let browser: Browser;
let supHost: AppHost;
let opHost: AppHost;
let supView: AppPage;
let opView: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  await createUser(db, { username: 'svetlana', password: PASSWORD, name: 'Светлана Руководитель', role: 'supervisor', teamId: null, scope: 'all', extension: null });
  await createUser(db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null });
  supHost = await startAppHost({ demo: false, name: 'process-sup', sync: { pollMs: 10_000 } });
  opHost = await startAppHost({ demo: false, name: 'process-op', sync: { pollMs: 10_000 } });
  await callEngine(supHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await callEngine(opHost.engine, 'customers.create', { name: 'Иван Кузнецов', contacts: [{ kind: 'phone', value: '+79165558888' }] });
  browser = await launchBrowser();
  supView = await openApp(browser, supHost.url, { viewport: { width: 1366, height: 900 } });
  opView = await openApp(browser, opHost.url, { viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await supView?.close();
  await opView?.close();
  await browser?.close();
  await supHost?.stop();
  await opHost?.stop();
  await server?.destroy();
});

describe('processes', () => {
  it('a supervisor defines a process in the form and saves it with Ctrl+Enter', async () => {
    const page = supView.page;
    await page.getByTestId('supervisor-nav').waitFor();
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('processes-view').waitFor();
    await page.getByTestId('process-new').click();
    await page.getByTestId('process-name').fill('Интерес к предложению');
    const first = page.getByTestId('process-step').nth(0);
    await first.getByTestId('step-title').fill('Перезвонить сегодня');
    await first.getByTestId('step-due-amount').fill('0');
    await page.getByTestId('add-step').click();
    const second = page.getByTestId('process-step').nth(1);
    await second.getByTestId('step-title').fill('Отправить предложение');
    await second.getByTestId('step-due-amount').fill('2');
    await page.getByTestId('add-step').click();
    await page.getByTestId('process-step').nth(2).getByTestId('step-title').fill('Позвонить через три месяца');
    await page.getByTestId('process-step').nth(2).getByTestId('step-due-amount').fill('90');
    await page.getByTestId('process-step').nth(2).getByTestId('step-due-unit').selectOption('days');
    // The first step's two outcomes: interested → the offer, declined → call again later.
    await first.getByTestId('add-outcome').click();
    await first.getByTestId('outcome-label').nth(0).fill('Интересно');
    await first.getByTestId('add-outcome').click();
    await first.getByTestId('outcome-label').nth(1).fill('Не интересно');
    await first.getByTestId('outcome-next').nth(1).selectOption({ index: 2 });
    await axeClean(page);
    await supView.screenshot('process-form-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('What to do').first().waitFor();
    await supView.screenshot('process-form-en');
    await page.keyboard.press('Alt+L');
    await first.getByTestId('step-title').focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('process-row').waitFor();
    expect(await page.getByTestId('process-row').textContent()).toContain('Перезвонить сегодня → Отправить предложение → Позвонить через три месяца');
    await axeClean(page);
    await callEngine(supHost.engine, 'sync.now', {});
  });

  it('the operator starts it from the card and closes its first step with an outcome by its digit', async () => {
    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-88-88');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('start-process-dialog').waitFor();
    await axeClean(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('process-run').waitFor();
    expect(await page.getByTestId('process-run').textContent()).toContain('Перезвонить сегодня');
    await opView.screenshot('process-card-ru');

    await page.keyboard.press('Alt+Y');
    await page.getByTestId('my-tasks-dialog').waitFor();
    await page.getByTestId('my-task-process').waitFor();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('outcome-picker').waitFor();
    await axeClean(page);
    await opView.screenshot('process-outcome-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Don’t close').waitFor();
    await opView.screenshot('process-outcome-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Digit1');
    // The first step is done; the next one, the offer, is the operator's now.
    await page.getByText('Отправить предложение').first().waitFor();
    const tasks = await callEngine(opHost.engine, 'tasks.list', { assignee: 'me' });
    expect(tasks.map((t) => [t.title, t.process?.stepKey])).toEqual([['Отправить предложение', 's2']]);
    await page.keyboard.press('Escape');
    await page.getByText('Сейчас: Отправить предложение').waitFor();
    await page.keyboard.press('Alt+L');
    await page.getByText('Now: Отправить предложение').waitFor();
    await opView.screenshot('process-card-en');
    await page.keyboard.press('Alt+L');
  });
});
