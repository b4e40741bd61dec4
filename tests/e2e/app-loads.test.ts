// Smoke test of the whole browser path: built renderer → host → WebSocket → engine → SQLite, in
// Chromium. If this fails, every other e2e test would fail for the same reason; it says so first.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, runAxe, startAppHost, type AppHost, type AppPage } from './support/index.js';

let app: AppHost;
let browser: Browser;
let view: AppPage;
let userName: string;

beforeAll(async () => {
  app = await startAppHost({ demo: { customers: 300, seed: 1 } });
  const session = await app.engine.handlers['session.get']({});
  userName = session.user.name;
  browser = await launchBrowser();
  view = await openApp(browser, app.url);
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
});

describe('the app in Chromium through the host', () => {
  it('loads, connects and shows the session user, with no console errors', async () => {
    const header = view.page.getByRole('banner');
    await header.getByText(userName).waitFor({ state: 'visible' });
    // The token left the address bar once read (it would otherwise end up in screenshots).
    expect(new URL(view.page.url()).searchParams.get('token')).toBeNull();
    await view.screenshot('app-loads');
    expect(view.consoleErrors).toEqual([]);
    expect(app.internalErrors).toEqual([]);
  });

  it('has its icon: the favicon the page names is served as an image', async () => {
    const href = await view.page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? null);
    expect(href).not.toBeNull();
    const res = await view.page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/svg+xml');
  });

  it('has no serious or critical accessibility issues', async () => {
    const report = await runAxe(view.page);
    expect(report.blocking).toEqual([]);
  });
});
