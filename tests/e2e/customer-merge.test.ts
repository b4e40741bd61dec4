// Merging a duplicate (issue 16), in Chromium with the keyboard, against a real central server: the
// operator opens the card, Alt+O, finds the duplicate, picks which values stay, Ctrl+Enter; the card
// that stays holds both numbers and both histories, and the duplicate's number now opens it. axe
// finds nothing serious; screenshots in both languages: test-results/e2e/merge-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src-server/users.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
let server: SyncServer;
let app: AppHost;
let browser: Browser;
let view: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  await createUser(server.current().db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null });
  app = await startAppHost({ demo: false, name: 'merge', sync: { pollMs: 10_000 } });
  await callEngine(app.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  const ivan = await callEngine(app.engine, 'customers.create', { name: 'Иван Кузнецов', segment: 'VIP', contacts: [{ kind: 'phone', value: '+79165550001' }] });
  const dup = await callEngine(app.engine, 'customers.create', {
    name: 'Кузнецов И.', organisation: 'ООО «Ромашка»', birthday: '1980-03-01', contacts: [{ kind: 'phone', value: '+79165550002' }],
  });
  await callEngine(app.engine, 'interactions.logCall', { customerId: ivan.id, direction: 'in', startedAt: Date.UTC(2026, 11, 1, 9), durationS: 60, reason: 'information', notes: 'Спрашивал о доставке' });
  await callEngine(app.engine, 'interactions.logCall', { customerId: dup.id, direction: 'in', startedAt: Date.UTC(2026, 11, 5, 14), durationS: 0, reason: 'other', notes: 'Пропущенный звонок' });
  await callEngine(app.engine, 'sync.now', {});
  browser = await launchBrowser();
  view = await openApp(browser, app.url, { viewport: { width: 1280, height: 860 } });
  await view.page.getByRole('banner').waitFor();
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
  await server?.destroy();
});

describe('merging a duplicate', () => {
  it('from the card, by keyboard: the card that stays holds both numbers and both histories', async () => {
    const { page } = view;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-00-01');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').getByText('Иван Кузнецов').waitFor();
    await page.keyboard.press('Alt+O');
    await page.getByTestId('merge-dialog').waitFor();
    await page.keyboard.type('Кузнецов');
    await page.getByTestId('merge-search-hit').first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('merge-fields').waitFor();
    await axeClean(page);
    await view.screenshot('merge-ru');
    await page.keyboard.press('Alt+L');
    await page.getByTestId('merge-dialog').getByText('Which card stays').waitFor();
    await view.screenshot('merge-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('customer-name').getByText('Иван Кузнецов').waitFor();
    await page.getByText('Пропущенный звонок').first().waitFor();
    await page.getByText('ООО «Ромашка»').first().waitFor();
    await view.screenshot('merge-done-ru');
    const byOldNumber = await callEngine(app.engine, 'callerCard.lookup', { number: '+79165550002' });
    expect(byOldNumber.matches.map((m) => [m.customer.name, m.historyCount])).toEqual([['Иван Кузнецов', 2]]);
    expect(view.consoleErrors, view.consoleErrors.join('\n')).toEqual([]);
  });
});
