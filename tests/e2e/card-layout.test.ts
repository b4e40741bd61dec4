// The card at 1366×768 (issue 17): it showed three history rows while its left column stood mostly
// empty. On a short screen the facts stack on the left (who, then what is open and what was promised,
// then the counts) and the history takes the full height on the right: at least six whole rows show.
// axe finds nothing serious; screenshots: test-results/e2e/card-1366-ru.png and card-1366-en.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, type AppHost, type AppPage } from './support/index.js';

let app: AppHost;
let browser: Browser;
let view: AppPage;

beforeAll(async () => {
  app = await startAppHost({ demo: false, name: 'layout' });
  browser = await launchBrowser();
  view = await openApp(browser, app.url, { viewport: { width: 1366, height: 768 } });
});
afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
});

/** Timeline rows wholly inside the history's scrolling area, as the screen shows them. */
async function wholeRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="timeline-scroller"]')!.getBoundingClientRect();
    const bottom = Math.min(scroller.bottom, window.innerHeight);
    return Array.from(document.querySelectorAll('.timeline-row')).filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= scroller.top - 1 && r.bottom <= bottom + 1;
    }).length;
  });
}

describe('the card at 1366×768', () => {
  it('shows six whole history rows or more, the open case and the promise on screen', async () => {
    const customer = await callEngine(app.engine, 'customers.create', {
      name: 'Семенова Татьяна Юрьевна', organisation: 'ООО «Ромашка»', contacts: [{ kind: 'phone', value: '+79167770011' }, { kind: 'email', value: 'tatiana@romashka.ru' }],
    });
    for (let i = 0; i < 12; i++) {
      await callEngine(app.engine, 'interactions.logCall', {
        customerId: customer.id, direction: i % 2 ? 'in' : 'out', startedAt: Date.now() - (i + 1) * 86_400_000, durationS: 60 + i, reason: 'complaint',
        notes: `Клиент жалуется на шум в линии (${i + 1})`, mood: 'negative', ...(i === 11 ? { newCase: { subject: 'Шум в линии', category: 'complaint' as const } } : {}),
      });
    }
    await callEngine(app.engine, 'tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить после проверки линии', dueAt: Date.now() + 3_600_000 });
    const { page } = view;
    await page.keyboard.press('F2');
    await page.keyboard.type('+79167770011');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    await page.locator('.timeline-row').first().waitFor();
    expect(await wholeRows(page)).toBeGreaterThanOrEqual(6);
    // What is open and what was promised are on screen without scrolling.
    for (const testId of ['open-cases', 'tasks']) {
      const box = (await page.getByTestId(testId).boundingBox())!;
      expect(box.y + Math.min(box.height, 60), testId).toBeLessThanOrEqual(768);
    }
    // The toolbar is one line.
    const buttons = await page.locator('.toolbar .btn').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(buttons).size).toBe(1);
    const report = await runAxe(page);
    expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
    await view.screenshot('card-1366-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('History', { exact: false }).first().waitFor();
    expect(await wholeRows(page)).toBeGreaterThanOrEqual(6);
    await view.screenshot('card-1366-en');
    await page.keyboard.press('Alt+L');
    expect(view.consoleErrors).toEqual([]);
  });

  it('opens an urgent case from the keyboard: marked and listed first on the card', async () => {
    const { page } = view;
    await page.keyboard.press('Alt+N');
    const dialog = page.getByTestId('case-dialog');
    await dialog.waitFor();
    await page.keyboard.type('Нет связи в офисе');
    // Tab to the category, then to the priority, whose arrow keys choose.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    expect(await dialog.getByLabel('Срочно').isChecked()).toBe(true);
    await view.screenshot('case-priority-form-ru');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    const first = page.getByTestId('open-case').first();
    await first.getByText('Нет связи в офисе').waitFor();
    expect(await first.getByTestId('case-priority').textContent()).toBe('Срочно');
    const report = await runAxe(page);
    expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
    await view.screenshot('case-priority-card-ru');
    expect(view.consoleErrors).toEqual([]);
  });
});
