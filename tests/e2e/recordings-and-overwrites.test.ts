// Two of issue 16's screens in Chromium, in Russian and English, with axe: a call recorded on the
// office PBX (MixMonitor's file, named by the desktop's PBX link) played in the entry view through a
// real central server, which fetches it from the PBX's recordings address (a real HTTP server); and
// an edit a colleague's concurrent write overwrote, shown to its author in the sync panel (Alt+S)
// with "apply mine again" focused, applied from the keyboard. Screenshots go to
// test-results/e2e/recording-*.png and overwritten-*.png.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbxSource, setPbxLine } from '../../src-server/pbx/sources.js';
import { createUser } from '../../src-server/users.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
let server: SyncServer;
let files: Server;
let browser: Browser;
let olgaHost: AppHost;
let pavelHost: AppHost;
let view: AppPage;
let olgaOffline = false;

/** A second of a 440 Hz tone as 8 kHz 8-bit WAV: what MixMonitor would have written. */
function wav(): Buffer {
  const samples = Buffer.alloc(8000);
  for (let i = 0; i < samples.length; i++) samples[i] = 128 + Math.round(100 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + samples.length, 4); h.write('WAVE', 8); h.write('fmt ', 12); h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(8000, 24); h.writeUInt32LE(8000, 28); h.writeUInt16LE(1, 32); h.writeUInt16LE(8, 34);
  h.write('data', 36); h.writeUInt32LE(samples.length, 40);
  return Buffer.concat([h, samples]);
}

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  const recording = wav();
  files = createServer((req, res) => {
    if (req.url === '/monitor/2026/12/06/in-101-1765000000.7.wav') return res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(recording.length) }).end(recording);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  server = await startSyncServer();
  const db = server.current().db;
  const olgaId = (await createUser(db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null })).id;
  await createUser(db, { username: 'pavel', password: PASSWORD, name: 'Павел Орлов', role: 'operator', teamId: null, scope: 'all', extension: null });
  await createPbxSource(db, { id: 'office', kind: 'asterisk', name: 'Офисная АТС', apiUrl: `http://127.0.0.1:${(files.address() as AddressInfo).port}/monitor/` }, Date.now());
  await setPbxLine(db, 'office', { userId: olgaId, extension: '101' }, Date.now());
  const olgaFetch: typeof fetch = (input, init) => (olgaOffline ? Promise.reject(new TypeError('network is down')) : fetch(input, init));
  olgaHost = await startAppHost({ demo: false, name: 'olga', sync: { pollMs: 60_000, fetchImpl: olgaFetch } });
  pavelHost = await startAppHost({ demo: false, name: 'pavel', sync: { pollMs: 60_000 } });
  await callEngine(olgaHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await callEngine(pavelHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'pavel', password: PASSWORD });
  browser = await launchBrowser();
  view = await openApp(browser, olgaHost.url, { viewport: { width: 1280, height: 860 } });
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await olgaHost?.stop();
  await pavelHost?.stop();
  await server?.destroy();
  await new Promise((resolve) => files?.close(resolve));
});

describe('issue 16 screens', () => {
  it('a call recorded on the office PBX plays in the entry view, fetched through the server', async () => {
    const { page } = view;
    const customer = await callEngine(olgaHost.engine, 'customers.create', { name: 'Ирина Лебедева', contacts: [{ kind: 'phone', value: '+79164441122' }] });
    const cti = olgaHost.engine.cti!;
    const at = Date.now() - 120_000;
    cti.ingest({ kind: 'ringing', callId: '1765000000.7', number: '+79164441122', direction: 'in', at, source: 'ami' });
    await page.getByTestId('call-strip').waitFor();
    cti.ingest({ kind: 'answered', callId: '1765000000.7', number: '+79164441122', direction: 'in', at: at + 3_000, source: 'ami' });
    cti.ingest({ kind: 'hungup', callId: '1765000000.7', number: '+79164441122', direction: 'in', at: at + 95_000, source: 'ami', recording: 'local:2026/12/06/in-101-1765000000.7.wav' });
    await waitFor('the call in wrap-up', async () => ((await callEngine(olgaHost.engine, 'calls.state', {})).active?.state === 'ended' ? true : undefined));
    await callEngine(olgaHost.engine, 'interactions.logCall', {
      customerId: customer.id, direction: 'in', reason: 'complaint', mood: 'negative', outcome: 'Оформлен возврат', notes: 'Просит вернуть деньги за разбитую вазу', startedAt: at + 3_000, durationS: 92, callId: '1765000000.7',
    });
    await olgaHost.engine.syncNow();
    const line = page.getByTestId('entry-open').filter({ hasText: 'разбитую вазу' }).first();
    await line.waitFor();
    await line.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-recording').waitFor();
    await page.getByTestId('entry-recording-play').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-recording-audio').waitFor();
    // The player takes the focus from the button it replaced: Esc still closes the dialog.
    await waitFor('the player focused', async () => ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'entry-recording-audio' ? true : undefined));
    await axeClean(page);
    await view.screenshot('recording-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Call recording', { exact: true }).waitFor();
    await view.screenshot('recording-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Escape');
    await page.getByTestId('entry-view').waitFor({ state: 'detached' });
  });

  it('an edit a colleague overwrote is shown to its author, who applies it again from the keyboard', async () => {
    const { page } = view;
    const shared = await callEngine(pavelHost.engine, 'customers.create', { name: 'Алексей Воронцов', segment: 'retail', contacts: [{ kind: 'phone', value: '+79164443344' }] });
    await pavelHost.engine.syncNow();
    await olgaHost.engine.syncNow();
    olgaOffline = true;
    await callEngine(olgaHost.engine, 'customers.update', { id: shared.id, patch: { segment: 'VIP' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await callEngine(pavelHost.engine, 'customers.update', { id: shared.id, patch: { segment: 'B2B' } });
    await pavelHost.engine.syncNow();
    olgaOffline = false;
    await olgaHost.engine.syncNow();
    await waitFor('the overwritten edit told to olga', async () => ((await callEngine(olgaHost.engine, 'sync.overwritten', {})).length === 1 ? true : undefined));
    await page.keyboard.press('Alt+S');
    await page.getByTestId('sync-overwritten-list').waitFor();
    expect(await page.getByTestId('overwritten-mine').innerText()).toContain('VIP');
    await waitFor('"apply mine again" focused', async () => ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'overwritten-reapply' ? true : undefined));
    await axeClean(page);
    await view.screenshot('overwritten-ru');
    await page.keyboard.press('Alt+L');
    await page.getByTestId('sync-overwritten-list').waitFor();
    // The system's toast is said again in the new language, not left in the old one.
    await page.getByText("A colleague's edit overwrote 1 of yours", { exact: false }).waitFor();
    await view.screenshot('overwritten-en');
    await page.keyboard.press('Alt+L');
    // Enter on "apply mine again" writes the operator's value as a new edit.
    await page.getByTestId('overwritten-reapply').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('overwritten-edit').waitFor({ state: 'detached' });
    await olgaHost.engine.syncNow();
    await pavelHost.engine.syncNow();
    expect((await callEngine(pavelHost.engine, 'customers.get', { id: shared.id })).segment).toBe('VIP');
    expect(view.consoleErrors).toEqual([]);
  });
});
