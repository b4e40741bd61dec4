// The operator's main path, keyboard only, in Chromium through the host (src-renderer/TESTING.md):
// a number comes in → the caller card opens → Alt+C logs the call with notes and a callback →
// Ctrl+Enter → the new entry heads the timeline and the callback is among the tasks.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMobile } from '../../src-main/core/demo/people.js';
import { launchBrowser, openApp, runAxe, startAppHost, type AppHost, type AppPage } from './support/index.js';

let app: AppHost;
let browser: Browser;
let view: AppPage;
let number: string;
let customerId: string;

const NOTES = 'Клиент просит перезвонить после 15:00 по поводу двойного списания';
const CALLBACK = 'Перезвонить по двойному списанию';

beforeAll(async () => {
  app = await startAppHost({ demo: { customers: 300, seed: 1 } });
  // A demo customer with a real history, so "heads the timeline" means something.
  for (let i = 0; i < 300; i++) {
    const card = await app.engine.handlers['callerCard.lookup']({ number: demoMobile(i) });
    const match = card.matches.length === 1 ? card.matches[0] : undefined;
    if (match && match.historyCount >= 10) {
      number = demoMobile(i);
      customerId = match.customer.id;
      break;
    }
  }
  browser = await launchBrowser();
  view = await openApp(browser, app.url);
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
});

/** Presses Tab until the element with this test id has focus; fails if the tab order never gets there. */
async function tabTo(page: Page, testId: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (focused === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached [data-testid=${testId}] in ${limit} presses`);
}

describe('operator logs an incoming call with the keyboard', () => {
  it('opens the caller card for the incoming number', async () => {
    expect(number).toBeDefined();
    const { page } = view;
    await page.getByRole('banner').waitFor();
    await page.keyboard.press('F2');
    // The operator types the number the way the caller ID shows it: with 8 and punctuation.
    const local = `8 (${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8, 10)}-${number.slice(10)}`;
    await page.keyboard.type(local);
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    const expected = await app.engine.handlers['customers.get']({ id: customerId });
    expect(await page.getByTestId('customer-name').innerText()).toContain(expected.name);
    await page.getByTestId('timeline-entry').first().waitFor();
    await view.screenshot('caller-card-ru');
  });

  it('logs the call with notes and a callback, and the entry heads the timeline', async () => {
    const { page } = view;
    await page.keyboard.press('Alt+C');
    await page.getByTestId('log-call-form').waitFor();

    // The reason first, by its digit; the notes take the focus.
    await page.keyboard.press('1');
    await tabTo(page, 'call-notes');
    await page.keyboard.type(NOTES);
    await tabTo(page, 'followup-toggle');
    await page.keyboard.press('Space');
    await page.getByTestId('followup-fields').waitFor();
    await tabTo(page, 'followup-title');
    await page.keyboard.type(CALLBACK);
    await page.keyboard.press('Control+Enter');

    await page.getByTestId('log-call-dialog').waitFor({ state: 'detached' });
    await page.getByText('Звонок записан').first().waitFor();
    const first = page.getByTestId('timeline-entry').first();
    await first.getByText(NOTES.slice(0, 40)).waitFor();
    await page.getByTestId('tasks').getByText(CALLBACK).waitFor();

    // What the screen shows is what the store holds: newest entry first, with its callback task.
    const history = await app.engine.handlers['history.list']({ customerId, offset: 0, limit: 1 });
    expect(history.entries[0]).toMatchObject({ channel: 'call', preview: expect.stringContaining(NOTES.slice(0, 40)) });
    const tasks = await app.engine.handlers['tasks.list']({ customerId, includeDone: false });
    expect(tasks.map((t) => t.title)).toContain(CALLBACK);
    await view.screenshot('caller-card-ru-after-log');
  });

  it('shows the card in English too', async () => {
    const { page } = view;
    await page.keyboard.press('Alt+L');
    await page.getByTestId('language-switch').getByText(/EN/).waitFor();
    await page.getByTestId('customer-name').waitFor();
    await view.screenshot('caller-card-en');
  });

  it('has no serious or critical accessibility issues on the card, and no console errors', async () => {
    const report = await runAxe(view.page);
    expect(report.blocking).toEqual([]);
    expect(view.consoleErrors).toEqual([]);
    expect(app.internalErrors).toEqual([]);
  });
});
