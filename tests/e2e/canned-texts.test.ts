// Canned outcomes and note templates end to end (issue 16), in Chromium against a real server: a
// supervisor adds them from the keyboard (Alt+K); the operator's desktop has them after a sync and
// its call form offers the complaint's outcomes and adds the template to the notes. axe finds nothing
// serious; screenshots in both languages: test-results/e2e/canned-view-*.png, canned-form-*.png.
import type { Browser, Page } from 'playwright-core';
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
  supHost = await startAppHost({ demo: false, name: 'canned-sup', sync: { pollMs: 10_000 } });
  opHost = await startAppHost({ demo: false, name: 'canned-op', sync: { pollMs: 10_000 } });
  await callEngine(supHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await callEngine(opHost.engine, 'customers.create', { name: 'Иван Кузнецов', contacts: [{ kind: 'phone', value: '+79165557777' }] });
  browser = await launchBrowser();
  supView = await openApp(browser, supHost.url, { viewport: { width: 1280, height: 800 } });
  opView = await openApp(browser, opHost.url, { viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await supView?.close();
  await opView?.close();
  await browser?.close();
  await supHost?.stop();
  await opHost?.stop();
  await server?.destroy();
});

describe('canned outcomes and note templates', () => {
  it('a supervisor adds them from the keyboard (Alt+K)', async () => {
    const page = supView.page;
    await page.getByTestId('supervisor-nav').waitFor();
    await page.keyboard.press('Alt+K');
    await page.getByTestId('canned-view').waitFor();
    await page.getByTestId('canned-reason').selectOption('complaint');
    await page.getByTestId('canned-text').fill('Оформлен возврат');
    await page.keyboard.press('Enter');
    await page.getByTestId('canned-item').first().waitFor();
    await page.getByTestId('canned-text').fill('Передано в отдел качества');
    await page.keyboard.press('Enter');
    await page.getByTestId('canned-kind').getByRole('radio').nth(1).check();
    await page.getByTestId('canned-text').fill('Суть жалобы: … Чего хочет клиент: …');
    await page.keyboard.press('Enter');
    await page.getByTestId('canned-notes').waitFor();
    await axeClean(page);
    await supView.screenshot('canned-view-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Canned outcomes and note templates').waitFor();
    await supView.screenshot('canned-view-en');
    await page.keyboard.press('Alt+L');
    await callEngine(supHost.engine, 'sync.now', {});
  });

  it('the operator\'s call form offers them for the reason and adds the template to the notes', async () => {
    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-77-77');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    await page.keyboard.press('Alt+C');
    const form = page.getByTestId('log-call-form');
    await form.waitFor();
    await form.getByRole('radio', { name: 'Жалоба' }).check();
    await page.getByTestId('note-template').waitFor();
    const offered = await page.getByTestId('outcome-options').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['Оформлен возврат', 'Передано в отдел качества']);
    await page.getByTestId('log-outcome').fill('Оформлен возврат');
    await page.getByTestId('note-template').fill('Суть жалобы: … Чего хочет клиент: …');
    await expect.poll(() => page.getByTestId('call-notes').inputValue()).toBe('Суть жалобы: … Чего хочет клиент: …');
    await axeClean(page);
    await opView.screenshot('canned-form-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Note template').waitFor();
    await opView.screenshot('canned-form-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
    const card = await callEngine(opHost.engine, 'callerCard.lookup', { number: '+79165557777' });
    expect(card.matches[0]?.history[0]).toMatchObject({ outcome: 'Оформлен возврат' });
    expect(opView.consoleErrors, opView.consoleErrors.join('\n')).toEqual([]);
  });
});
