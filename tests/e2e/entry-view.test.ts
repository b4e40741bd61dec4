// Entries opened in full, in Chromium (issue 16): an imported HTML email that carries a script, a
// remote tracking image, a remote background and an inline image; a three-page fax as a PDF (CCITT
// pages, as tiff2pdf writes them) and as a TIFF (CCITT group 4); a call with its correction. The
// operator opens each from the timeline with the keyboard and closes it with Esc. No script runs and
// no request leaves the machine; the fax pages are drawn (pixels on the canvas, page turning with
// PgDn); axe finds nothing serious; screenshots in both languages go to test-results/e2e/entry-*.png.
import { readFileSync } from 'node:fs';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, waitFor, type AppHost, type AppPage } from './support/index.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const PNG_RED = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR42mP8z8DAwMDAxMDAAAAkEgEB3n3z3gAAAABJRU5ErkJggg==';
const NUMBER = '+79165550101';

let app: AppHost;
let browser: Browser;
let view: AppPage;
const remote: string[] = [];

function emailWithScript(): string {
  const html = [
    '<html><head><script>document.title = "ran"; window.__ran = true;</script><style>body{background:red}</style></head><body>',
    '<h1 style="color:#1f5fbf;position:fixed;top:0">Акт сверки за ноябрь</h1>',
    '<p onmouseover="window.__ran = true">Добрый день! Во вложении &mdash; акт сверки &laquo;ООО Ромашка&raquo;.</p>',
    '<p><img src="cid:logo@romashka" alt="Логотип Ромашки" width="48" height="48"></p>',
    '<img src="http://tracker.example/open.gif?id=42" width="1" height="1">',
    '<div style="background-image:url(https://tracker.example/bg.png);padding:8px;border:1px solid #ccc">С уважением, бухгалтерия</div>',
    '<a href="https://romashka.example/pay">Оплатить счёт</a>',
    '</body></html>',
  ].join('\r\n');
  return [
    'From: =?UTF-8?B?0JHRg9GF0LPQsNC70YLQtdGA0LjRjw==?= <buh@romashka.example>', 'To: support@kartoteka.example', 'Subject: =?UTF-8?B?0JDQutGCINGB0LLQtdGA0LrQuA==?=',
    'Date: Tue, 01 Dec 2026 10:00:00 +0300', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="rel"', '',
    '--rel', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html,
    '--rel', 'Content-Type: image/png; name="logo.png"', 'Content-ID: <logo@romashka>', 'Content-Disposition: inline; filename="logo.png"', 'Content-Transfer-Encoding: base64', '', PNG_RED,
    '--rel--', '',
  ].join('\r\n');
}

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

/** Focuses the timeline line of the entry with this preview text and presses Enter. */
async function openByKeyboard(page: Page, text: string): Promise<void> {
  const line = page.getByTestId('entry-open').filter({ hasText: text }).first();
  await line.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('entry-view').waitFor();
}

/** How many of the canvas's pixels are dark (a drawn fax page has text and a bar on white). */
function darkPixels(page: Page): Promise<number> {
  return page.getByTestId('fax-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 3]! > 0) dark++;
    return dark;
  });
}

beforeAll(async () => {
  app = await startAppHost({ demo: false, name: 'entries' });
  const customer = await callEngine(app.engine, 'customers.create', { name: 'ООО «Ромашка»', contacts: [{ kind: 'phone', value: NUMBER }, { kind: 'email', value: 'buh@romashka.example' }] });
  await callEngine(app.engine, 'interactions.importEml', { customerId: customer.id, direction: 'in', reason: 'information', fileName: 'akt.eml', contentBase64: Buffer.from(emailWithScript()).toString('base64') });
  for (const [file, mimeType, notes] of [['fax/fax-3-pages-ccitt.pdf', 'application/pdf', 'Факс PDF: заявка на поставку'], ['fax/fax-3-pages-g4.tiff', 'image/tiff', 'Факс TIFF: договор']] as const) {
    await callEngine(app.engine, 'interactions.logFax', {
      customerId: customer.id, direction: 'in', reason: 'sales', number: NUMBER, occurredAt: Date.UTC(2026, 11, 1, 9, 0), notes, pages: 3,
      documents: [{ fileName: file.split('/')[1]!, mimeType, contentBase64: readFileSync(new URL(file, FIXTURES)).toString('base64') }],
    });
  }
  const call = await callEngine(app.engine, 'interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.UTC(2026, 11, 2, 8, 0), durationS: 184, reason: 'complaint', mood: 'negative', outcome: 'перезвонить', notes: 'Товар пришёл разбитым', promise: 'Курьер заберёт завтра' });
  await callEngine(app.engine, 'interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.UTC(2026, 11, 2, 8, 0), durationS: 184, reason: 'complaint', mood: 'angry', outcome: 'замена согласована', notes: 'Товар пришёл разбитым; замену согласовали', promise: 'Курьер привезёт замену завтра до 12:00', correctsId: call.interaction.id, newCase: { subject: 'Разбитый товар', category: 'complaint' } });
  browser = await launchBrowser();
  view = await openApp(browser, app.url, { viewport: { width: 1280, height: 900 } });
  view.page.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:') remote.push(request.url());
  });
  await view.page.getByRole('banner').waitFor();
  await view.page.keyboard.press('F2');
  await view.page.keyboard.type(NUMBER);
  await view.page.keyboard.press('Enter');
  await view.page.getByTestId('customer-name').waitFor();
});

afterAll(async () => {
  await view?.close();
  await browser?.close();
  await app?.stop();
});

describe('entries opened in full', () => {
  it('an HTML email: no script runs, nothing remote is fetched, the inline image shows, the blocked images are said', async () => {
    const { page } = view;
    await openByKeyboard(page, 'Акт сверки');
    const body = page.getByTestId('email-html');
    await body.getByText('Акт сверки за ноябрь').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    expect(await page.title()).not.toBe('ran');
    await body.getByText('Добрый день!', { exact: false }).hover();
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    const logo = body.getByAltText('Логотип Ромашки');
    await waitFor('the inline image decoded', () => logo.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth === 8 ? true : undefined)));
    expect(await page.getByTestId('email-blocked').innerText()).toContain('Не загружено 2 внешних изображения');
    expect(await body.getByText('Акт сверки за ноябрь').evaluate((el) => getComputedStyle(el).position)).toBe('static');
    expect(await page.getByTestId('entry-attachments').innerText()).toContain('logo.png');
    await axeClean(page);
    await view.screenshot('entry-email-ru');
    await page.getByTestId('email-show-text').click();
    expect(await page.getByTestId('email-text').innerText()).toContain('акт сверки «ООО Ромашка»');
    await page.keyboard.press('Escape');
    await page.getByTestId('entry-dialog').waitFor({ state: 'detached' });
    expect(view.consoleErrors, view.consoleErrors.join('\n')).toEqual([]);
    expect(remote).toEqual([]);
  });

  it('a fax of three pages as PDF and as TIFF: each page drawn, turned with PgDn', async () => {
    const { page } = view;
    for (const [text, shot] of [['Факс PDF', 'entry-fax-pdf-ru'], ['Факс TIFF', 'entry-fax-tiff-ru']] as const) {
      await openByKeyboard(page, text);
      const pageOf = page.getByTestId('fax-page-of');
      await waitFor(`${text}: page 1 of 3`, async () => ((await pageOf.innerText()) === 'Страница 1 из 3' ? true : undefined));
      await waitFor(`${text}: page 1 drawn`, async () => ((await darkPixels(page)) > 1000 ? true : undefined));
      await page.getByTestId('fax-page').focus();
      const first = await page.getByTestId('fax-canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
      await page.keyboard.press('PageDown');
      await waitFor(`${text}: page 2`, async () => ((await page.getByTestId('fax-canvas').getAttribute('data-page')) === '2' ? true : undefined));
      await waitFor(`${text}: page 2 drawn differently`, async () => ((await page.getByTestId('fax-canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL())) !== first ? true : undefined));
      await axeClean(page);
      await view.screenshot(shot);
      await page.keyboard.press('Escape');
      await page.getByTestId('entry-dialog').waitFor({ state: 'detached' });
    }
    expect(remote).toEqual([]);
  });

  it('a corrected call: its notes, promise, case, mood and outcome, and both versions; in English too', async () => {
    const { page } = view;
    await openByKeyboard(page, 'замену согласовали');
    expect(await page.getByTestId('entry-promise').innerText()).toBe('Курьер привезёт замену завтра до 12:00');
    expect(await page.getByTestId('entry-case').innerText()).toContain('Разбитый товар');
    expect(await page.getByTestId('entry-chain').getByRole('listitem').count()).toBe(2);
    await axeClean(page);
    await view.screenshot('entry-call-ru');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+L');
    await openByKeyboard(page, 'замену согласовали');
    await page.getByText('Corrections').waitFor();
    await view.screenshot('entry-call-en');
    await page.keyboard.press('Escape');
    await openByKeyboard(page, 'Акт сверки');
    await page.getByTestId('email-blocked').getByText('2 remote images were not loaded', { exact: false }).waitFor();
    await view.screenshot('entry-email-en');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+L');
    expect(view.consoleErrors, view.consoleErrors.join('\n')).toEqual([]);
    expect(remote).toEqual([]);
  });
});
