// The team's calls end to end (issue 18), at 1366×768: one server, two operators' desktops, each its
// own host, engine and SQLite file, the pages in Chromium. A queue call rings both desks and nobody
// answers: each desk records the missed call, and it is one call, one callback, on both. Then:
//  - F3 opens the team's calls on both desks: the missed call (new), who recorded it, the callback
//    nobody has taken; Enter on the callback takes it on Anna's desk and opens the caller's card;
//    Boris's list drops it without a reload, and his Enter on it a moment before is told who has it;
//  - Shift+F3 marks the missed calls seen on Anna's desk;
//  - F4 on the card's number calls it through the softphone command the settings name (a real
//    process), and the telephony settings show the PBX id and the calls-from-the-card section;
//  - with an AMI link (a scripted Asterisk on real TCP), a queue call shows its queue and the
//    caller's wait on the call strip, and Alt+R transfers it to the customer's manager (Redirect).
// axe finds nothing serious; screenshots: test-results/e2e/team-calls-*.png, dial-*.png, queue-call-*.png, transfer-*.png.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser } from '../../src-server/users.js';
import { startAmiPeer, type AmiPeer } from '../integration/cti/ami-peer.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, waitFor, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
const CALLER = '+79167770011';
let server: SyncServer;
let browser: Browser;
let annaHost: AppHost;
let borisHost: AppHost;
let anna: AppPage;
let boris: AppPage;
let dialled: string;
let peer: AmiPeer | null = null;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  const team = await createTeam(db, 'Команда «Север»');
  await createUser(db, { username: 'anna', password: PASSWORD, name: 'Анна Петрова', role: 'operator', teamId: team.id, scope: 'team', extension: '101' });
  await createUser(db, { username: 'boris', password: PASSWORD, name: 'Борис Сидоров', role: 'operator', teamId: team.id, scope: 'team', extension: '102' });
  // A softphone stand-in that records what it was asked to dial: a real program, run without a shell.
  const dir = path.join(process.cwd(), 'test-results', 'e2e');
  mkdirSync(dir, { recursive: true });
  dialled = path.join(dir, 'team-calls-dialled.json');
  const softphone = path.join(dir, 'team-calls-softphone.cjs');
  writeFileSync(softphone, `require('node:fs').writeFileSync(${JSON.stringify(dialled)}, JSON.stringify(process.argv.slice(2)));`);
  if (existsSync(dialled)) writeFileSync(dialled, '');
  annaHost = await startAppHost({ demo: false, name: 'anna', sync: { pollMs: 10_000 } });
  await callEngine(annaHost.engine, 'cti.updateSettings', { dial: { via: 'command', template: `"${process.execPath}" "${softphone}" {number}` } });
  borisHost = await startAppHost({ demo: false, name: 'boris', sync: { pollMs: 10_000 } });
  await callEngine(annaHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await callEngine(borisHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'boris', password: PASSWORD });
  browser = await launchBrowser();
  anna = await openApp(browser, annaHost.url, { viewport: { width: 1366, height: 768 } });
  boris = await openApp(browser, borisHost.url, { viewport: { width: 1366, height: 768 } });
  for (const view of [anna, boris]) {
    await view.page.getByTestId('home').waitFor();
    await view.page.evaluate(() => document.documentElement.setAttribute('data-e2e-no-reload', 'yes'));
  }
});

afterAll(async () => {
  await peer?.close();
  await anna?.close();
  await boris?.close();
  await browser?.close();
  await annaHost?.stop();
  await borisHost?.stop();
  await server?.destroy();
});

async function noReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-e2e-no-reload'))).toBe('yes');
}

describe('the team’s calls in Chromium', () => {
  it('one missed call on two desks is one callback; the first to take it has it, the other sees it gone', async () => {
    // The queue rings both desks; the caller gives up. Each desk's AMI link reports it.
    const at = Date.now() - 5 * 60_000;
    for (const host of [annaHost, borisHost]) {
      host.engine.cti!.ingest({ kind: 'ringing', callId: '1718001000.5', number: CALLER, direction: 'in', at, source: 'ami', line: 'support' });
      host.engine.cti!.ingest({ kind: 'hungup', callId: '1718001000.5', number: CALLER, direction: 'in', at: at + 25_000, source: 'ami', line: 'support' });
    }
    await callEngine(annaHost.engine, 'sync.status', {});
    await annaHost.engine.syncNow();
    await borisHost.engine.syncNow();
    await annaHost.engine.syncNow();

    for (const view of [anna, boris]) {
      const page = view.page;
      await page.keyboard.press('Escape');
      await page.keyboard.press('F3');
      await page.getByTestId('team-calls-dialog').waitFor();
      await waitFor('one open callback', async () => ((await page.getByTestId('team-callbacks').getByRole('option').count()) === 1 ? true : undefined));
      expect(await page.getByTestId('team-calls').getByRole('option').count()).toBe(1);
    }
    const row = await anna.page.getByTestId('team-calls').getByRole('option').first().innerText();
    expect(row).toContain('пропущенный');
    expect(row).toContain('новый');
    expect(row).toContain('support');
    expect(row).toContain('перезвон: никто');
    await axeClean(anna.page);
    await anna.screenshot('team-calls-ru');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'The team’s calls' }).waitFor();
    await axeClean(anna.page);
    await anna.screenshot('team-calls-en');
    await anna.page.keyboard.press('Alt+L');
    await anna.page.getByRole('heading', { name: 'Звонки команды' }).waitFor();

    // Anna takes the callback in two keys from anywhere: F3, Enter (the callbacks list has the focus).
    await anna.page.keyboard.press('Escape');
    await anna.page.keyboard.press('F3');
    await waitFor('the callbacks list focused', async () => ((await anna.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'team-callbacks' ? true : undefined));
    await anna.page.keyboard.press('Enter');
    await anna.page.getByTestId('customer-name').waitFor();
    expect(await anna.page.getByTestId('customer-name').innerText()).toMatch(/Неизвестный абонент/);
    await waitFor('the claim toast', async () => ((await anna.page.getByText(/Перезвон ваш/).count()) > 0 ? true : undefined));

    // Boris's list drops it without a reload (the server pokes his desk, it pulls, the dialog re-reads).
    await waitFor('the callback gone on Boris’s desk', async () => ((await boris.page.getByTestId('team-callbacks').count()) === 0 ? true : undefined), 100);
    expect(await boris.page.getByTestId('team-calls-dialog').innerText()).toContain('Все перезвоны разобраны.');
    expect(await boris.page.getByTestId('team-calls').getByRole('option').first().innerText()).toContain('перезвон: Анна Петрова');
    await noReload(boris.page);
    await boris.screenshot('team-calls-taken-ru');
  });

  it('Shift+F3 marks the team’s missed calls seen; F4 on the card’s number calls it through the softphone', async () => {
    const page = anna.page;
    await page.keyboard.press('F3');
    await page.getByTestId('team-calls-dialog').waitFor();
    await waitFor('one unseen', async () => ((await page.getByTestId('team-unseen').innerText()).includes('1') ? true : undefined));
    await page.keyboard.press('Shift+F3');
    await waitFor('none unseen', async () => ((await page.getByTestId('team-unseen').innerText()).includes(': 0') ? true : undefined));
    expect(await page.getByTestId('team-calls').getByRole('option').first().innerText()).not.toContain('новый');
    await page.keyboard.press('Escape');

    // The card of the caller is on screen (opened by the claim): F4 calls its number.
    await page.getByTestId('dial-number').first().waitFor();
    await page.keyboard.press('F4');
    await waitFor('the softphone ran', () => (existsSync(dialled) && readFileSync(dialled, 'utf8') !== '' ? true : undefined));
    expect(JSON.parse(readFileSync(dialled, 'utf8'))).toEqual([CALLER]);
    await waitFor('the dial toast', async () => ((await page.getByText(`Звонок на ${CALLER} начат`).count()) > 0 ? true : undefined));
    await anna.screenshot('dial-from-card-ru');

    // The settings that made it so: the PBX id and the calls-from-the-card section.
    await page.keyboard.press('Alt+P');
    await page.getByTestId('cti-dial-via').waitFor();
    expect(await page.getByTestId('cti-dial-via').inputValue()).toBe('command');
    await page.getByTestId('cti-ami-pbx').scrollIntoViewIfNeeded();
    await axeClean(page);
    await anna.screenshot('dial-settings-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Calls from the card').waitFor();
    await anna.screenshot('dial-settings-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Escape');
    await noReload(page);
  });

  it('an AMI queue call shows its queue and wait; Alt+R transfers it to the customer’s manager', async () => {
    const page = anna.page;
    peer = await startAmiPeer({ username: 'kartoteka', secret: 's3cret' });
    // Boris's customer: his own claim, synced to Anna's desk.
    await callEngine(borisHost.engine, 'customers.create', { name: 'Вера Клиентова', contacts: [{ kind: 'phone', value: '+79035550101' }], ownerId: (await callEngine(borisHost.engine, 'session.get', {})).user.id });
    await borisHost.engine.syncNow();
    await annaHost.engine.syncNow();
    await callEngine(annaHost.engine, 'cti.updateSettings', {
      ami: { enabled: true, host: '127.0.0.1', port: peer.port, username: 'kartoteka', secret: 's3cret', extension: '101' },
      dial: { transfer: 'blind' },
    });
    await waitFor('the AMI link', async () => ((await callEngine(annaHost.engine, 'cti.status', {})).ami.state === 'connected' ? true : undefined), 100);
    const ev = (name: string, fields: Record<string, string>) => `Event: ${name}\r\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const Q = '1718001100.20';
    await peer.replay(Buffer.from([
      ev('Newchannel', { Channel: 'PJSIP/trunk-00000071', ChannelState: '4', CallerIDNum: '79035550101', Uniqueid: Q, Linkedid: Q }),
      ev('AgentCalled', { Channel: 'PJSIP/trunk-00000071', CallerIDNum: '79035550101', Linkedid: Q, DestChannel: 'Local/101@from-queue-0000000b;2', Queue: 'support' }),
      ev('Newchannel', { Channel: 'PJSIP/101-00000073', ChannelState: '0', CallerIDNum: '101', ConnectedLineNum: '79035550101', Uniqueid: '1718001100.23', Linkedid: Q }),
      ev('DialBegin', { Channel: 'Local/101@from-queue-0000000b;2', CallerIDNum: '79035550101', Linkedid: Q, DestChannel: 'PJSIP/101-00000073', DestChannelState: '0', DestLinkedid: Q }),
      ev('Newstate', { Channel: 'PJSIP/101-00000073', ChannelState: '5', ChannelStateDesc: 'Ringing', ConnectedLineNum: '79035550101', Linkedid: Q }),
      ev('Newstate', { Channel: 'PJSIP/101-00000073', ChannelState: '6', ChannelStateDesc: 'Up', ConnectedLineNum: '79035550101', Linkedid: Q }),
      ev('AgentConnect', { Channel: 'PJSIP/trunk-00000071', CallerIDNum: '79035550101', Linkedid: Q, DestChannel: 'PJSIP/101-00000073', DestLinkedid: Q, Queue: 'support', HoldTime: '12' }),
    ].join('')));
    await waitFor('the queue on the call strip', async () => ((await page.getByTestId('call-line').count()) > 0 ? true : undefined), 100);
    expect(await page.getByTestId('current-call').innerText()).toContain('линия support');
    expect(await page.getByTestId('current-call').innerText()).toContain('ждал(а) 12 с');
    await anna.screenshot('queue-call-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('line support').waitFor();
    await anna.screenshot('queue-call-en');
    await page.keyboard.press('Alt+L');

    peer.onAction = () => ({ response: 'Success', message: 'Redirect successful', then: ev('Hangup', { Channel: 'PJSIP/101-00000073', Linkedid: Q, Cause: '16' }) });
    await page.keyboard.press('Alt+R');
    await waitFor('the transfer toast', async () => ((await page.getByText('Звонок переведён на Борис Сидоров (102)').count()) > 0 ? true : undefined), 100);
    expect(peer.actions).toEqual([expect.objectContaining({ Action: 'Redirect', Channel: 'PJSIP/trunk-00000071', Exten: '102' })]);
    await axeClean(page);
    await anna.screenshot('transfer-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('The call is transferred to Борис Сидоров (102)').waitFor();
    await anna.screenshot('transfer-en');
    await page.keyboard.press('Alt+L');
    await noReload(page);
  });
});
