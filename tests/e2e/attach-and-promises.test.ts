// Two of the operator's walls removed (issue 16), in Chromium with the keyboard: a known customer
// calling from a new number is found from the unknown caller's card and the number added to them;
// a promised task is changed (due time, urgency) and its form shows who does it. axe finds nothing
// serious; screenshots in both languages: test-results/e2e/attach-*.png and task-edit-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, waitFor, type AppHost, type AppPage } from './support/index.js';

let app: AppHost;
let browser: Browser;
let view: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  app = await startAppHost({ demo: false, name: 'promises' });
  const customer = await callEngine(app.engine, 'customers.create', { name: 'Ольга Смирнова', organisation: 'ООО «Ромашка»', contacts: [{ kind: 'phone', value: '+79161112233' }] });
  await callEngine(app.engine, 'tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить про возврат', dueAt: Date.UTC(2026, 11, 8, 9, 0) });
  browser = await launchBrowser();
  view = await openApp(browser, app.url, { viewport: { width: 1280, height: 860 } });
  await view.page.getByRole('banner').waitFor();
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
});

describe('attach a new number, change a promise', () => {
  it('finds the customer from the unknown caller\'s card and adds the number, with the keyboard', async () => {
    const { page } = view;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 903 555-00-00');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-contact').waitFor();
    await page.getByTestId('attach-search').focus();
    await page.keyboard.type('Ромашка');
    await page.getByTestId('attach-search-hit').first().waitFor();
    await axeClean(page);
    await view.screenshot('attach-search-ru');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-question').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').getByText('Ольга Смирнова').waitFor();
    const card = await callEngine(app.engine, 'callerCard.lookup', { number: '+79035550000' });
    expect(card.matches.map((m) => m.customer.name)).toEqual(['Ольга Смирнова']);
  });

  it('changes the promise: due time and urgency; the form shows who does it', async () => {
    const { page } = view;
    await page.getByTestId('task-edit').first().click();
    const dialog = page.getByTestId('task-dialog');
    await dialog.waitFor();
    await waitFor('the colleagues in the list', async () => ((await page.getByTestId('task-assignee-select').locator('option').count()) > 1 ? true : undefined));
    await page.getByTestId('task-due').fill('2026-12-09T15:30');
    await dialog.getByLabel('Срочно').check();
    await axeClean(page);
    await view.screenshot('task-edit-ru');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('tasks').getByText('Срочно').waitFor();
    await page.keyboard.press('Alt+L');
    await page.getByTestId('task-edit').first().click();
    await page.getByTestId('task-dialog').getByText('Who does it').waitFor();
    await view.screenshot('task-edit-en');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 903 555-11-11');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-contact').waitFor();
    await view.screenshot('attach-search-en');
    await page.keyboard.press('Alt+L');
    expect(view.consoleErrors, view.consoleErrors.join('\n')).toEqual([]);
  });
});
