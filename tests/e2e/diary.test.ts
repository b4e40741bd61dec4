// The diary end to end (issue 19), keyboard only, in Chromium against a real server: the head books a
// meeting into the operator's calendar; the operator opens the diary (Ctrl+Shift+D), moves between
// the week and a day and between weeks, finds the meeting among her tasks and accepts it, books a
// meeting into the head's calendar and enters a trip, without the mouse; the head is told the
// answer at the next sync. Each journey has a key budget. axe finds nothing serious; screenshots in
// both languages: test-results/e2e/diary-week-*.png, diary-day-*.png, diary-book-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src-server/users.js';
import type { EngineEvent } from '../../src-shared/index.js';
import { addDays, mondayOf, setDisplayTimeZone, todayIso } from '../../src-renderer/i18n/format.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const BUDGET = {
  /** Open the diary, accept a meeting booked into it: Ctrl+Shift+D, ↓ to it, Enter, Enter on Accept. */
  acceptMeeting: 6,
  /** Book a meeting into a colleague's calendar from the diary: B, the subject (typed), Tab and ↓ to the colleague, Ctrl+Enter. */
  bookMeeting: 5,
} as const;

const PASSWORD = 'team-password-123';
let server: SyncServer;
let browser: Browser;
let opHost: AppHost;
let headHost: AppHost;
let view: AppPage;
const ids: Record<string, string> = {};
const headTold: EngineEvent[] = [];

class Keys {
  count = 0;
  constructor(private readonly page: Page) {}
  async press(key: string): Promise<void> {
    this.count += 1;
    await this.page.keyboard.press(key);
  }
}

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

const moscowAt = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+03:00`);

beforeAll(async () => {
  setDisplayTimeZone('Europe/Moscow');
  server = await startSyncServer();
  const db = server.current().db;
  ids.olga = (await createUser(db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: '101' })).id;
  ids.head = (await createUser(db, { username: 'head', password: PASSWORD, name: 'Павел Руководитель', role: 'supervisor', teamId: null, scope: 'all', extension: '100' })).id;
  opHost = await startAppHost({ demo: false, name: 'diary-op', sync: { pollMs: 10_000 } });
  headHost = await startAppHost({ demo: false, name: 'diary-head', sync: { pollMs: 10_000 } });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await callEngine(headHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'head', password: PASSWORD });
  headHost.engine.onEvent((e) => headTold.push(e));
  // Olga's week: a task on each working day, and the head's meeting on Wednesday.
  const customer = await callEngine(opHost.engine, 'customers.create', { name: 'ООО Ромашка', contacts: [{ kind: 'phone', value: '+79165559999' }] });
  const monday = mondayOf(todayIso());
  for (let i = 0; i < 5; i++) {
    await callEngine(opHost.engine, 'tasks.create', { customerId: customer.id, kind: 'callback', title: `Перезвонить по счёту ${i + 1}`, dueAt: moscowAt(addDays(monday, i), '11:00') });
  }
  await callEngine(opHost.engine, 'sync.now', {});
  await callEngine(headHost.engine, 'sync.now', {});
  await callEngine(headHost.engine, 'appointments.book', { attendeeId: ids.olga!, title: 'Разбор жалобы Ромашки', startsAt: moscowAt(addDays(monday, 2), '09:30'), endsAt: moscowAt(addDays(monday, 2), '10:00') });
  await callEngine(headHost.engine, 'sync.now', {});
  await callEngine(opHost.engine, 'sync.now', {});
  browser = await launchBrowser();
  view = await openApp(browser, opHost.url, { viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await opHost?.stop();
  await headHost?.stop();
  await server?.destroy();
});

describe('the diary', () => {
  it(`opens on the week, shows a day, moves between weeks, and accepts a meeting in ≤ ${BUDGET.acceptMeeting} keys`, async () => {
    const { page } = view;
    await page.getByTestId('diary-button').waitFor();
    const keys = new Keys(page);
    await keys.press('Control+Shift+D');
    await page.getByTestId('diary-view-week').waitFor();
    expect(await page.getByTestId('diary-day').count()).toBe(7);
    expect(await page.getByTestId('diary-entry').count()).toBe(6);
    await axeClean(page);
    await view.screenshot('diary-week-ru');

    // The meeting is on Wednesday: Tab walks the days (Monday and Tuesday have one task each).
    const wednesday = addDays(mondayOf(todayIso()), 2);
    const list = page.getByTestId(`diary-list-${wednesday}`);
    while (!(await list.evaluate((el) => el === document.activeElement))) await keys.press('Tab');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-activedescendant')?.includes('appointment') === true);
    await keys.press('Enter');
    await page.getByTestId('appointment-panel').waitFor();
    await axeClean(page);
    await page.getByTestId('appointment-accept').focus();
    await keys.press('Enter');
    await page.getByTestId('diary-view-week').waitFor();
    expect(keys.count).toBeLessThanOrEqual(BUDGET.acceptMeeting);
    console.log(`accept a meeting from the diary: ${keys.count} keys (budget ${BUDGET.acceptMeeting})`);

    await page.keyboard.press('d');
    await page.getByTestId('diary-view-day').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('t');
    await view.screenshot('diary-day-ru');
    await axeClean(page);
    await page.keyboard.press('w');
    await page.keyboard.press('ArrowRight');
    await page.getByText('Ничего не запланировано').first().waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.getByText('Разбор жалобы Ромашки').waitFor();
    await page.keyboard.press('Alt+L');
    await page.getByText('Diary: Ольга Смирнова').waitFor();
    await view.screenshot('diary-week-en');
    await page.keyboard.press('Alt+L');

    await callEngine(opHost.engine, 'sync.now', {});
    await callEngine(headHost.engine, 'sync.now', {});
    expect(headTold.flatMap((e) => (e.type === 'appointments-answered' ? e.answers : []))).toEqual([expect.objectContaining({ answer: 'accept', by: 'Ольга Смирнова', title: 'Разбор жалобы Ромашки' })]);
  });

  it(`books a meeting into the head’s calendar in ≤ ${BUDGET.bookMeeting} keys, and enters a trip`, async () => {
    const { page } = view;
    const keys = new Keys(page);
    await keys.press('b');
    await page.getByTestId('book-form').waitFor();
    await page.keyboard.type('Согласовать скидку');
    await keys.press('Tab');
    // The diary's own person is chosen first; the colleague is the next name.
    await keys.press('ArrowDown');
    expect(await page.getByTestId('book-who').inputValue()).toBe(ids.head);
    await axeClean(page);
    await view.screenshot('diary-book-ru');
    await keys.press('Control+Enter');
    await page.getByTestId('book-form').waitFor({ state: 'detached' });
    expect(keys.count).toBeLessThanOrEqual(BUDGET.bookMeeting);
    console.log(`book a meeting from the diary: ${keys.count} keys (budget ${BUDGET.bookMeeting})`);
    const booked = await callEngine(opHost.engine, 'diary.range', { userId: ids.head!, from: todayIso(), days: 2 });
    expect(booked.entries.map((e) => e.kind === 'appointment' && [e.appointment.title, e.appointment.state])).toContainEqual(['Согласовать скидку', 'proposed']);

    await page.keyboard.press('a');
    await page.getByTestId('absence-form').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { name: 'An absence' }).waitFor();
    await view.screenshot('diary-absence-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('absence-form').waitFor({ state: 'detached' });
    const absences = await callEngine(opHost.engine, 'absences.list', {});
    expect(absences.map((a) => [a.user?.name, a.kind])).toEqual([['Ольга Смирнова', 'trip']]);
    expect(view.consoleErrors).toEqual([]);
  });
});
