// Cloud PBXes end to end, in Chromium: an admin gives an operator a line from the keyboard in the
// phone lines view (Alt+I); the operator's window, its engine signed in to the same server, pops the
// caller's card when Novofon posts a signed call to the server, and lists the call as missed, logged
// by the server, when nobody answers. axe finds nothing serious; screenshots in Russian and English
// go to test-results/e2e/admin-lines-*.png and cloud-call-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbxSource } from '../../src-server/pbx/sources.js';
import { createUser } from '../../src-server/users.js';
import { postZadarma, zadarmaTime } from '../support/pbx-requests.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
const SECRET = 'c0ffee00d00dfeed';
let server: SyncServer;
let browser: Browser;
let adminHost: AppHost;
let opHost: AppHost;
let adminView: AppPage;
let opView: AppPage;
let operatorId: string;

async function axeClean(view: AppPage): Promise<void> {
  const report = await runAxe(view.page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  await createUser(db, { username: 'root', password: PASSWORD, name: 'Администратор', role: 'admin', teamId: null, scope: 'all', extension: null });
  operatorId = (await createUser(db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null })).id;
  await createUser(db, { username: 'pavel', password: PASSWORD, name: 'Павел Орлов', role: 'operator', teamId: null, scope: 'all', extension: null });
  await createPbxSource(db, { id: 'asterisk', kind: 'asterisk', name: 'Офисная АТС' }, Date.now());
  await createPbxSource(db, { id: 'novofon', kind: 'zadarma', name: 'Новофон', secret: SECRET }, Date.now());
  adminHost = await startAppHost({ demo: false, name: 'admin', sync: { pollMs: 10_000 } });
  opHost = await startAppHost({ demo: false, name: 'olga', sync: { pollMs: 10_000 } });
  await callEngine(adminHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'root', password: PASSWORD });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  browser = await launchBrowser();
  adminView = await openApp(browser, adminHost.url, { viewport: { width: 1280, height: 800 } });
  opView = await openApp(browser, opHost.url, { viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await adminView?.close();
  await opView?.close();
  await browser?.close();
  await adminHost?.stop();
  await opHost?.stop();
  await server?.destroy();
});

describe('cloud PBXes in the app', () => {
  it('an admin gives the operator a Novofon line from the keyboard (Alt+I)', async () => {
    const page = adminView.page;
    await page.getByTestId('supervisor-nav').waitFor();
    await page.keyboard.press('Alt+I');
    await page.getByTestId('lines-view').waitFor();
    await page.getByTestId('lines-pbx').selectOption('novofon');
    await page.getByTestId('lines-webhook').waitFor();
    await page.getByTestId('lines-user').focus();
    await page.getByTestId('lines-user').selectOption({ label: 'Ольга Смирнова' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('101');
    await page.keyboard.press('Enter');
    await waitFor('the new line in the table', async () => ((await page.getByTestId('lines-row').count()) === 1 ? true : undefined));
    expect(await page.getByTestId('lines-row').innerText()).toContain('Ольга Смирнова');
    await axeClean(adminView);
    await adminView.screenshot('admin-lines-ru');
    await page.getByTestId('lines-pbx').selectOption('asterisk');
    await page.getByTestId('lines-endpoint').waitFor();
    await page.keyboard.press('Alt+L');
    await page.getByText('Phone lines', { exact: true }).first().waitFor();
    await axeClean(adminView);
    await adminView.screenshot('admin-lines-en');
    await page.keyboard.press('Alt+L');
    expect(adminView.consoleErrors).toEqual([]);
  });

  it('the operator\'s card pops for a Novofon call, and a call nobody answered is listed as logged by the server', async () => {
    const page = opView.page;
    await waitFor('the operator\'s desktop online for calls', () => (server.current().app.callRouter.online([operatorId]) === 1 ? true : undefined));
    const fields = { call_start: zadarmaTime(Date.now()), pbx_call_id: 'in_e2e_1', caller_id: '+79163334455', called_did: '74951234567' };
    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_START', ...fields }, SECRET)).status).toBe(200);
    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_INTERNAL', ...fields, internal: '101' }, SECRET)).status).toBe(200);
    await page.getByTestId('call-strip').waitFor();
    await waitFor('the ringing call on the strip', async () => ((await page.getByTestId('call-strip').innerText()).includes('916') ? true : undefined));
    await axeClean(opView);
    await opView.screenshot('cloud-call-ringing-ru');
    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_END', ...fields, internal: '', duration: '0', disposition: 'no answer', status_code: '19', is_recorded: '0' }, SECRET)).status).toBe(200);
    await page.keyboard.press('Alt+M');
    const dialog = page.getByTestId('missed-calls-dialog');
    await dialog.waitFor();
    await waitFor('the missed call', async () => ((await dialog.getByTestId('missed-outcome').count()) > 0 ? true : undefined));
    expect(await dialog.getByTestId('missed-outcome').first().innerText()).toContain('записывает центральный сервер');
    await axeClean(opView);
    await opView.screenshot('cloud-call-missed-ru');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Alt+M');
    await waitFor('the English missed call', async () => ((await page.getByTestId('missed-outcome').first().innerText()).includes('central server') ? true : undefined));
    await opView.screenshot('cloud-call-missed-en');
    await page.keyboard.press('Escape');
    expect(opView.consoleErrors).toEqual([]);
  });
});
