// Debian's Chromium driven by playwright-core (no Playwright browser download exists here). A page
// opened through openApp() records every console error and uncaught exception, so a test can assert
// that the app ran clean — CSP violations and failed requests show up there too.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './app-host.js';

export const CHROMIUM_PATH = process.env.KARTOTEKA_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(ROOT, 'test-results', 'e2e');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface AppPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** console.error calls, uncaught exceptions and failed requests, in order. */
  readonly consoleErrors: string[];
  /** Saves test-results/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  locale?: string;
  viewport?: { width: number; height: number };
}

export async function openApp(browser: Browser, url: string, options: OpenAppOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'ru-RU',
    viewport: options.viewport ?? { width: 1400, height: 900 },
    // Nothing here may reach the internet: a stray request to another origin is an error.
    serviceWorkers: 'block',
  });
  const consoleErrors: string[] = [];
  const origin = new URL(url).origin;
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(`${origin}/`) || target.startsWith('data:') || target.startsWith('blob:')) return route.continue();
    consoleErrors.push(`blocked request to another origin: ${target}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    // A WebSocket closed by page teardown is not a failure of the app.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.url().startsWith('ws')) return;
    consoleErrors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  // The app's keyboard listener is attached after its first render, a moment after 'load': a key
  // pressed before that would be lost (App.tsx marks <html data-app-ready>).
  await page.waitForSelector('html[data-app-ready="yes"]', { state: 'attached' });
  return {
    page,
    context,
    consoleErrors,
    async screenshot(name: string) {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}
