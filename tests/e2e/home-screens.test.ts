// The home screens end to end (issue 17), at 1366×768: one server, an operator's desktop and a
// supervisor's, each its own host, engine and SQLite file, the pages in Chromium. A generic PBX
// posts signed calls to the server. Without any reload:
//  - the operator's first screen is the day: the calls she logged, a missed call the server wrote
//    (its ring popped her card; Alt+D brings the day back), and a comment the supervisor leaves on
//    her call arrives unread; Enter opens the entry and marks it read;
//  - the supervisor's first screen is the board under today's queue numbers: a caller waiting in the
//    queue, then answered; the numbers say they come from the PBX's queue events. The queue rings
//    the operators, not the supervisor's desk.
// axe finds nothing serious; screenshots: test-results/e2e/home-operator-*.png, home-supervisor-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbxSource, setPbxLine } from '../../src-server/pbx/sources.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { postGeneric } from '../support/pbx-requests.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
const KEY = 'home-screens-hmac-key-0123456789';
let server: SyncServer;
let browser: Browser;
let opHost: AppHost;
let supHost: AppHost;
let opView: AppPage;
let supView: AppPage;
let n = 0;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

async function pbx(event: Record<string, unknown>): Promise<void> {
  const now = Date.now();
  const r = await postGeneric(server.url, 'office', { id: `home-${++n}`, number: '+74957770011', at: now, ...event }, KEY, now);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function noReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-e2e-no-reload'))).toBe('yes');
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  const team = await createTeam(db, 'Команда «Юг»');
  const anna = await createUser(db, { username: 'anna', password: PASSWORD, name: 'Анна Петрова', role: 'operator', teamId: team.id, scope: 'team', extension: '101' });
  await createUser(db, { username: 'svetlana', password: PASSWORD, name: 'Светлана Руководитель', role: 'supervisor', teamId: team.id, scope: 'all', extension: null });
  await createPbxSource(db, { id: 'office', kind: 'generic', name: 'Офис', secret: KEY, teamId: team.id }, Date.now());
  await setPbxLine(db, 'office', { userId: anna.id, extension: '101' }, Date.now());
  opHost = await startAppHost({ demo: false, name: 'anna', sync: { pollMs: 10_000 } });
  supHost = await startAppHost({ demo: false, name: 'svetlana', sync: { pollMs: 10_000 } });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await callEngine(supHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  browser = await launchBrowser();
  opView = await openApp(browser, opHost.url, { viewport: { width: 1366, height: 768 } });
  supView = await openApp(browser, supHost.url, { viewport: { width: 1366, height: 768 } });
  for (const view of [opView, supView]) {
    await view.page.getByTestId('home').waitFor();
    await view.page.evaluate(() => document.documentElement.setAttribute('data-e2e-no-reload', 'yes'));
  }
});

afterAll(async () => {
  await opView?.close();
  await supView?.close();
  await browser?.close();
  await opHost?.stop();
  await supHost?.stop();
  await server?.destroy();
});

describe('home screens in Chromium', () => {
  it("the operator's day: her calls, the team's missed call, and the supervisor's comment unread until opened", async () => {
    const page = opView.page;
    const maria = await callEngine(opHost.engine, 'customers.create', { name: 'Мария Иванова', contacts: [{ kind: 'phone', value: '+79165550001' }] });
    const logged = await callEngine(opHost.engine, 'interactions.logCall', { customerId: maria.id, direction: 'in', startedAt: Date.now() - 30 * 60_000, durationS: 125, reason: 'complaint', notes: 'Шумит линия' });
    await callEngine(opHost.engine, 'interactions.logCall', { customerId: maria.id, direction: 'out', startedAt: Date.now() - 10 * 60_000, durationS: 40, reason: 'service_request', notes: 'Перезвонила' });
    await waitFor('two calls on the home', async () => ((await page.getByTestId('home-calls-list').getByRole('button').count()) === 2 ? true : undefined));
    expect(await page.getByTestId('home-calls').innerText()).toContain('2 звонка: входящих 1, исходящих 1, разговор 02:45');

    // A call to Anna's extension that nobody answers: her card pops, the server writes the missed call.
    await pbx({ event: 'ringing', callId: 'missed-1', extension: '101' });
    await page.getByTestId('caller-card').waitFor();
    await waitFor('the ring to pop the card', async () => ((await page.getByTestId('home').count()) === 0 ? true : undefined));
    await pbx({ event: 'hungup', callId: 'missed-1', answered: false });
    await page.keyboard.press('Alt+D');
    await page.getByTestId('home').waitFor();
    await waitFor('the missed call on the home', async () => ((await page.getByTestId('home-missed-list').count()) > 0 ? true : undefined));
    expect(await page.getByTestId('home-missed').innerText()).toMatch(/ждёт перезвона: команда/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-title');

    // The supervisor's comment on Anna's call reaches her home, unread.
    await callEngine(supHost.engine, 'supervisor.addComment', { interactionId: logged.interaction.id, text: 'Назовите клиенту срок ответа' });
    await waitFor('the comment on the home', async () => ((await page.getByTestId('home-reviews-unread').count()) > 0 ? true : undefined));
    expect(await page.getByTestId('home-reviews-unread').innerText()).toBe('1 новое');
    await noReload(page);
    await axeClean(page);
    await opView.screenshot('home-operator-ru');
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 2, name: /^Today, / }).waitFor();
    await axeClean(page);
    await opView.screenshot('home-operator-en');
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 2, name: /^Сегодня, / }).waitFor();

    // The keyboard: the comment's row is one tab stop; Enter opens the entry and marks it read.
    const comment = page.getByTestId('home-reviews-list').getByRole('button').first();
    await comment.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-dialog').waitFor();
    await page.keyboard.press('Escape');
    await waitFor('the comment read', async () => ((await page.getByTestId('home-reviews-unread').count()) === 0 ? true : undefined));
    const inbox = await callEngine(opHost.engine, 'home.reviews', {});
    expect(inbox.unread).toBe(0);
    expect(inbox.comments[0]?.seenAt).not.toBeNull();
    expect(opView.consoleErrors).toEqual([]);
  });

  it("the supervisor's home: the board under today's queue numbers, live, from the PBX's queue events", async () => {
    const page = supView.page;
    await page.getByTestId('queue-numbers').waitFor();
    await pbx({ event: 'ringing', callId: 'q-1' });
    await waitFor('one caller waiting', async () => ((await page.getByTestId('queue-waiting').innerText()).includes('1') ? true : undefined));
    await pbx({ event: 'answered', callId: 'q-1', extension: '101' });
    await waitFor('the caller answered', async () => ((await page.getByTestId('queue-waiting').innerText()).startsWith('Ждут ответа\n0') ? true : undefined));
    await pbx({ event: 'ringing', callId: 'q-2' });
    await waitFor('another caller waiting', async () => ((await page.getByTestId('queue-waiting').innerText()).includes('дольше всех') ? true : undefined));
    expect(await page.getByTestId('queue-basis').getAttribute('data-basis')).toBe('mixed');
    expect(await page.getByTestId('queue-sl').innerText()).toContain('отвечено за 20 с: 1 из 2');
    // The queue rang the team's operators, not the supervisor's desk: her home stayed on screen.
    expect(await page.getByTestId('home').count()).toBe(1);
    await page.getByTestId('board-table').waitFor();
    await noReload(page);
    await axeClean(page);
    await supView.screenshot('home-supervisor-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('The queue today').waitFor();
    await axeClean(page);
    await supView.screenshot('home-supervisor-en');
    await page.keyboard.press('Alt+L');
    expect(supView.consoleErrors).toEqual([]);
  });
});
