// Supervisors end to end: one server, two operator desktops and one supervisor desktop, each
// its own host, engine and SQLite file; the supervisor's page in Chromium. The team, the operators and
// the supervisor are made through the server's admin API. Without any reload of the supervisor's page:
//  - operator A's state change (away) and a call A logs appear on the board, and the call in the figures;
//  - the supervisor reassigns A's callback task to B with the keyboard, and B's desktop has it: B's
//    window, open on "My tasks" (Alt+Y) since before the move, lists it without a reload;
//  - an operator's window has no supervisor area, and an operator's supervisor.board is 'forbidden'.
// axe finds nothing serious or critical in the four views; screenshots in Russian and English are saved
// to test-results/e2e/supervisor-*.png, B's My tasks to test-results/e2e/my-tasks-*.png.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/core/dispatch.js';
import { createUser } from '../../src-server/users.js';
import type { AuthUser, TokenResponse } from '../../src-shared/sync/protocol.js';
import { ARTIFACTS_DIR, callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';

let server: SyncServer;
let browser: Browser;
let opA: AppHost;
let opB: AppHost;
let sup: AppHost;
let supView: AppPage;
let opView: AppPage;
let opBView: AppPage;
let anna: AuthUser;
let boris: AuthUser;
let customerId: string;
let taskId: string;
const started: AppHost[] = [];
/** Wall-clock ms from an operator's action to the supervisor's board showing it (measured, not asserted). */
const latency: Record<string, number> = {};
const wallNow = (): number => performance.timeOrigin + performance.now();

/** Starts watching the board for a row's cell to match; resolves with the wall time the DOM showed it. */
function watchBoard(page: Page, userId: string, attr: 'state' | 'handled', value: string): Promise<number> {
  return page.evaluate(
    ({ userId, attr, value }) =>
      new Promise<number>((resolve) => {
        const seen = (): boolean => {
          const row = document.querySelector(`[data-testid="board-row"][data-user-id="${userId}"]`);
          const shown = attr === 'state' ? row?.getAttribute('data-state') : row?.querySelector('[data-testid="board-handled"]')?.textContent?.trim();
          if (shown !== value) return false;
          resolve(performance.timeOrigin + performance.now());
          return true;
        };
        if (seen()) return;
        const observer = new MutationObserver(() => {
          if (seen()) observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
    { userId, attr, value },
  );
}

/** Resolves with the wall time an element matching the selector is in the page's DOM. */
function watchFor(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (selector) =>
      new Promise<number>((resolve) => {
        const seen = (): boolean => {
          if (!document.querySelector(selector)) return false;
          resolve(performance.timeOrigin + performance.now());
          return true;
        };
        if (seen()) return;
        const observer = new MutationObserver(() => {
          if (seen()) observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true });
      }),
    selector,
  );
}

async function admin<T>(token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function host(name: string, username: string): Promise<AppHost> {
  const app = await startAppHost({ demo: false, name, sync: { pollMs: 10_000 } });
  started.push(app);
  await callEngine(app.engine, 'sync.signIn', { serverUrl: server.url, username, password: PASSWORD });
  return app;
}

/** The board row of one user, as the page shows it. */
async function boardRow(page: Page, userId: string): Promise<{ state: string | null; handled: string } | undefined> {
  const row = page.locator(`[data-testid="board-row"][data-user-id="${userId}"]`);
  if ((await row.count()) === 0) return undefined;
  return { state: await row.getAttribute('data-state'), handled: (await row.getByTestId('board-handled').innerText()).trim() };
}

async function noReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-e2e-no-reload'))).toBe('yes');
}

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  await createUser(server.current().db, { username: 'root', password: PASSWORD, name: 'Администратор', role: 'admin', teamId: null, scope: 'all', extension: null });
  const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASSWORD }) });
  const root = (await login.json()) as TokenResponse;
  const team = await admin<{ id: string }>(root.accessToken, '/admin/teams', { name: 'Команда «Север»' });
  const user = (username: string, name: string, role: 'operator' | 'supervisor', extension: string | null) =>
    admin<AuthUser>(root.accessToken, '/admin/users', { username, password: PASSWORD, name, role, teamId: team.id, scope: 'all', extension });
  anna = await user('anna', 'Анна Петрова', 'operator', '101');
  boris = await user('boris', 'Борис Орлов', 'operator', '102');
  await user('svetlana', 'Светлана Руководитель', 'supervisor', null);
  opA = await host('op-a', 'anna');
  opB = await host('op-b', 'boris');
  sup = await host('supervisor', 'svetlana');
  browser = await launchBrowser();
  supView = await openApp(browser, sup.url, { viewport: { width: 1400, height: 1000 } });
  opView = await openApp(browser, opA.url);
  opBView = await openApp(browser, opB.url, { viewport: { width: 1280, height: 800 } });
  await supView.page.getByTestId('supervisor-nav').waitFor();
  await supView.page.evaluate(() => document.documentElement.setAttribute('data-e2e-no-reload', 'yes'));
});

afterAll(async () => {
  if (Object.keys(latency).length) {
    console.log('supervisor board latency (ms):', latency);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(path.join(ARTIFACTS_DIR, 'supervisor-latency.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), unit: 'ms', ...latency }, null, 2)}\n`);
  }
  await supView?.close();
  await opView?.close();
  await opBView?.close();
  await browser?.close();
  for (const app of started) await app.stop();
  await server?.destroy();
});

describe('supervisor desktop with two operators and a server, in Chromium', () => {
  it("an operator's window has no supervisor area, and the operator's supervisor.board is refused as forbidden", async () => {
    const page = opView.page;
    await page.getByRole('banner').waitFor();
    await waitFor('the operator header to show the signed-in operator', async () => ((await page.getByText('Анна Петрова').count()) > 0 ? true : undefined));
    expect(await page.getByTestId('supervisor-nav').count()).toBe(0);
    await page.keyboard.press('Alt+B');
    expect(await page.getByTestId('supervisor-area').count()).toBe(0);
    const refused = await dispatch(opA.engine.handlers, 'supervisor.board', {});
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
  });

  it("operator A's state change appears on the board without a reload", async () => {
    const page = supView.page;
    await page.keyboard.press('Alt+B');
    await page.getByTestId('board-table').waitFor();
    await waitFor('both operators on the board', async () => ((await boardRow(page, anna.id)) && (await boardRow(page, boris.id)) ? true : undefined));
    const awaySeen = watchBoard(page, anna.id, 'state', 'away');
    const awayAt = wallNow();
    await callEngine(opA.engine, 'calls.setAway', { away: true });
    latency['stateChangeToBoardMs'] = Math.round((await awaySeen) - awayAt);
    await waitFor("A's away state on the board", async () => ((await boardRow(page, anna.id))?.state === 'away' ? true : undefined));
    await noReload(page);
    await axeClean(page);
    await supView.screenshot('supervisor-board-ru');
    await callEngine(opA.engine, 'calls.setAway', { away: false });
    await waitFor("A's available state on the board", async () => ((await boardRow(page, anna.id))?.state === 'available' ? true : undefined));
  });

  it('a call A logs appears in handled-today on the board and in the figures without a reload', async () => {
    const page = supView.page;
    const customer = await callEngine(opA.engine, 'customers.create', { name: 'Мария Иванова', contacts: [{ kind: 'phone', value: '+79165550001' }] });
    customerId = customer.id;
    const before = (await boardRow(page, anna.id))?.handled;
    expect(before).toBe('0');
    const handledSeen = watchBoard(page, anna.id, 'handled', '1');
    const loggedAt = wallNow();
    await callEngine(opA.engine, 'interactions.logCall', { customerId, direction: 'in', startedAt: Date.now() - 60_000, durationS: 55, reason: 'complaint', notes: 'Шумит линия' });
    latency['loggedCallToBoardMs'] = Math.round((await handledSeen) - loggedAt);
    await waitFor('handled-today 1 for A on the board', async () => ((await boardRow(page, anna.id))?.handled === '1' ? true : undefined));

    await page.keyboard.press('Alt+G');
    await page.getByTestId('figures-table').waitFor();
    const annaFigures = page.locator(`[data-testid="figures-row"][data-user-id="${anna.id}"]`);
    await waitFor("A's call in the figures", async () => ((await annaFigures.count()) > 0 && (await annaFigures.locator('[data-col="callsIn"]').innerText()).trim() === '1' ? true : undefined));
    expect((await page.getByTestId('figures-total').locator('[data-col="complaints"]').innerText()).trim()).toBe('1');

    // Export CSV: the browser saves a file with a BOM, the operators section with A's row and the total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figures-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^figures-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await download.path();
    const csv = await readFile(file, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('Анна Петрова;1;0');
    expect(csv).toContain('Итого;1;0');
    await noReload(page);
    await axeClean(page);
    await supView.screenshot('supervisor-figures-ru');
  });

  it("the supervisor reassigns A's callback task to B with the keyboard; B's desktop has it", async () => {
    const task = await callEngine(opA.engine, 'tasks.create', { customerId, kind: 'callback', title: 'Перезвонить Марии', dueAt: Date.now() - 5 * 60_000 });
    taskId = task.id;
    // B's window has "My tasks" open (Alt+Y) before the move, and is never reloaded.
    const bPage = opBView.page;
    await waitFor("B's header to show the signed-in operator", async () => ((await bPage.getByText('Борис Орлов').count()) > 0 ? true : undefined));
    await bPage.evaluate(() => document.documentElement.setAttribute('data-e2e-no-reload', 'yes'));
    await bPage.keyboard.press('Alt+Y');
    await bPage.getByTestId('my-tasks-dialog').waitFor();
    const bTask = bPage.locator(`[data-testid="my-task"][data-task-id="${taskId}"]`);
    expect(await bTask.count()).toBe(0);
    const page = supView.page;
    await page.keyboard.press('Alt+W');
    await page.getByTestId('queue-table').waitFor();
    const row = page.locator(`[data-testid="queue-row"][data-key="task:${taskId}"]`);
    await waitFor('the task in the queue', async () => ((await row.count()) > 0 ? true : undefined));
    expect(await row.getAttribute('data-due')).toBe('overdue');
    await axeClean(page);
    await supView.screenshot('supervisor-queue-ru');

    // Keyboard only from the first row: ↓ until the task's row has focus, Space, Alt+X.
    await page.locator('[data-testid="queue-row"]').first().focus();
    for (let i = 0; i < 50; i++) {
      if (await row.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Space');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Alt+X');
    const dialog = page.getByTestId('reassign-dialog');
    await dialog.waitFor();
    // The person list has the focus; the keyboard picks Борис Орлов.
    const target = page.getByTestId('reassign-target');
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
    await target.selectOption(boris.id);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Анна в отпуске');
    await axeClean(page);
    await supView.screenshot('supervisor-reassign-ru');
    const inMyTasks = watchFor(bPage, `[data-testid="my-task"][data-task-id="${taskId}"]`);
    const reassignedAt = wallNow();
    await page.keyboard.press('Control+Enter');
    const result = page.getByTestId('reassign-result');
    await result.first().waitFor();
    expect(await result.first().getAttribute('data-status')).toBe('reassigned');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await waitFor("B's desktop to have the task assigned to B", async () => {
      const tasks = await callEngine(opB.engine, 'tasks.list', { customerId });
      return tasks.find((t) => t.id === taskId)?.assignee?.id === boris.id ? true : undefined;
    });
    await waitFor('the queue to show B as the assignee', async () => ((await row.getByTestId('queue-assignee').innerText()).includes('Борис') ? true : undefined));
    await noReload(page);

    // B's window: the open My tasks list shows the task, overdue, with the customer — no reload.
    latency['reassignToOperatorMyTasksMs'] = Math.round((await inMyTasks) - reassignedAt);
    await waitFor("the task in B's My tasks", async () => ((await bTask.count()) > 0 ? true : undefined));
    expect(await bTask.getAttribute('data-due')).toBe('overdue');
    expect(await bTask.getByTestId('my-task-customer').innerText()).toBe('Мария Иванова');
    expect(await bTask.innerText()).toContain('Перезвонить Марии');
    expect(await bTask.getByTestId('my-task-mark').innerText()).toContain('Просрочена');
    expect(await bPage.getByTestId('my-tasks-open').getAttribute('data-count')).toBe('1');
    await noReload(bPage);
    await axeClean(bPage);
    await opBView.screenshot('my-tasks-ru');
    await bPage.keyboard.press('Alt+L');
    await bPage.getByRole('dialog', { name: 'My tasks' }).waitFor();
    await waitFor('the English marks', async () => ((await bTask.getByTestId('my-task-mark').innerText()).includes('Overdue') ? true : undefined));
    await axeClean(bPage);
    await opBView.screenshot('my-tasks-en');
    await bPage.keyboard.press('Alt+L');
    await bPage.getByRole('dialog', { name: 'Мои задачи' }).waitFor();

    // Enter opens the customer's card in B's window; the card lists the task as B's.
    await bTask.getByTestId('my-task-open').focus();
    await bPage.keyboard.press('Enter');
    await bPage.getByTestId('my-tasks-dialog').waitFor({ state: 'detached' });
    await bPage.getByRole('heading', { level: 2, name: 'Мария Иванова' }).waitFor();
    await waitFor("the card's task with B as the assignee", async () => {
      const text = await bPage.getByTestId('tasks').innerText();
      return text.includes('Перезвонить Марии') && text.includes('Исполнитель: Борис Орлов') ? true : undefined;
    });
    await noReload(bPage);
    // The call bar stays one line at 1280 px with the button: "Мои задачи (1) ⚠ 1" beside help.
    const barTop = async (testId: string) => (await bPage.getByTestId(testId).boundingBox())?.y;
    expect(await barTop('my-tasks-open')).toBe(await barTop('help-open'));
    expect(await bPage.getByTestId('my-tasks-open').getAttribute('aria-keyshortcuts')).toBe('Alt+Y');
    await axeClean(bPage);
    await opBView.screenshot('my-tasks-card-ru');
    expect(opBView.consoleErrors).toEqual([]);
  });

  it('the review lists the logged call and the reassignment; screenshots in both languages; axe on each view', async () => {
    const page = supView.page;
    await page.keyboard.press('Alt+V');
    await page.getByTestId('review-table').waitFor();
    await waitFor('the call in the review', async () => ((await page.getByText('Шумит линия').count()) > 0 ? true : undefined));
    await waitFor('the reassignment in the team issues', async () => ((await page.getByTestId('issues-reassignment').count()) > 0 ? true : undefined));
    await axeClean(page);
    await supView.screenshot('supervisor-review-ru');

    await page.keyboard.press('Alt+L');
    await page.getByRole('button', { name: /^Team board/ }).waitFor();
    for (const [key, view] of [['Alt+B', 'board'], ['Alt+W', 'queue'], ['Alt+G', 'figures'], ['Alt+V', 'review']] as const) {
      await page.keyboard.press(key);
      await page.getByTestId(`supervisor-${view}`).waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await axeClean(page);
      await supView.screenshot(`supervisor-${view}-en`);
    }
    await page.keyboard.press('Alt+L');
    await noReload(page);
    expect(supView.consoleErrors).toEqual([]);
  });

  it('the audit log (Alt+J) and a customer\'s personal data: axe finds nothing serious; screenshots in both languages', async () => {
    const page = supView.page;
    // The supervisor opens Мария's card from the review, which the audit log records as a card view.
    await page.getByTestId('review-table').getByText('Мария Иванова').first().click();
    await page.getByTestId('customer-name').waitFor();
    await callEngine(sup.engine, 'sync.now', {});
    await page.keyboard.press('Alt+J');
    await page.getByTestId('audit-view').waitFor();
    await waitFor('the card views in the audit log', async () => ((await page.getByTestId('audit-table').getByText('Открыта карточка').count()) > 0 ? true : undefined));
    await axeClean(page);
    await supView.screenshot('supervisor-audit-ru');
    await page.getByTestId('supervisor-close').click();
    await page.getByTestId('customer-data').click();
    await page.getByTestId('customer-data-dialog').waitFor();
    await axeClean(page);
    await supView.screenshot('customer-data-ru');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Alt+J');
    await waitFor('the English audit log', async () => ((await page.getByTestId('audit-table').getByText('Card opened').count()) > 0 ? true : undefined));
    await axeClean(page);
    await supView.screenshot('supervisor-audit-en');
    await page.keyboard.press('Alt+L');
    expect(supView.consoleErrors).toEqual([]);
  });

  it('with the server stopped, the views show the last answers under an offline banner with their time', async () => {
    const page = supView.page;
    await server.stop();
    try {
      await page.keyboard.press('Alt+B');
      await page.getByTestId('board-table').waitFor();
      const banner = page.getByTestId('supervisor-offline');
      await banner.waitFor();
      expect(await banner.innerText()).toMatch(/Нет связи с сервером — данные на .*\d{1,2}:\d{2}/);
      expect(await boardRow(page, anna.id)).toBeDefined();
      await axeClean(page);
      await supView.screenshot('supervisor-offline-ru');
    } finally {
      await server.start();
    }
    await noReload(page);
  });
});
