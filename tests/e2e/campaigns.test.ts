// Campaigns end to end (issue 20), in Chromium against a real server: a supervisor records a campaign
// in the form (Ctrl+Shift+M) and saves it with Ctrl+Enter; the operator's desktop has it after a sync,
// the card of a customer of its segment shows it, and Alt+1 records the response; the supervisor's
// figures count it. axe finds nothing serious; screenshots in both languages:
// test-results/e2e/campaign-form-*.png, campaign-card-*.png, campaign-figures-*.png. Tags and
// segments: a supervisor saves a segment and imports a list; the operator's card shows the segment
// and the list's tag, Ctrl+Shift+G puts another on, and search finds the customer by #tag
// (segments-*.png, card-labels-*.png). Loyalty: a supervisor sets a programme; the operator issues a
// card, records a purchase and spends points on the card; the programme's figures count them
// (loyalty-card-*.png, loyalty-programmes-*.png). A template set by the supervisor fills the
// operator's letter (compose-template-*.png).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src-server/users.js';
import { callEngine, launchBrowser, openApp, runAxe, startAppHost, startSyncServer, type AppHost, type AppPage, type SyncServer } from './support/index.js';

const PASSWORD = 'team-password-123';
let server: SyncServer;
let browser: Browser;
let supHost: AppHost;
let opHost: AppHost;
let supView: AppPage;
let opView: AppPage;

async function axeClean(page: Page): Promise<void> {
  const report = await runAxe(page);
  expect(report.blocking, JSON.stringify(report.blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  server = await startSyncServer();
  const db = server.current().db;
  await createUser(db, { username: 'svetlana', password: PASSWORD, name: 'Светлана Руководитель', role: 'supervisor', teamId: null, scope: 'all', extension: null });
  await createUser(db, { username: 'olga', password: PASSWORD, name: 'Ольга Смирнова', role: 'operator', teamId: null, scope: 'all', extension: null });
  supHost = await startAppHost({ demo: false, name: 'campaign-sup', sync: { pollMs: 10_000 } });
  opHost = await startAppHost({ demo: false, name: 'campaign-op', sync: { pollMs: 10_000 } });
  await callEngine(supHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await callEngine(opHost.engine, 'sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await callEngine(opHost.engine, 'customers.create', { name: 'Ирина Волкова', segment: 'VIP', contacts: [{ kind: 'phone', value: '+79165550101' }] });
  await callEngine(opHost.engine, 'sync.now', {});
  browser = await launchBrowser();
  supView = await openApp(browser, supHost.url, { viewport: { width: 1366, height: 900 } });
  opView = await openApp(browser, opHost.url, { viewport: { width: 1366, height: 900 } });
});

afterAll(async () => {
  await supView?.close();
  await opView?.close();
  await browser?.close();
  await supHost?.stop();
  await opHost?.stop();
  await server?.destroy();
});

describe('campaigns', () => {
  it('a supervisor records a campaign in the form and saves it with Ctrl+Enter', async () => {
    const page = supView.page;
    await page.getByTestId('supervisor-nav').waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.getByTestId('campaigns-view').waitFor();
    await page.getByTestId('campaign-new').click();
    const form = page.getByTestId('campaign-form');
    await form.getByLabel('Название').fill('VIP: скидка 10% на обслуживание');
    await form.getByLabel('Текст или предложение').fill('Скидка 10% на годовое обслуживание при оплате до конца месяца.');
    await form.getByLabel('Сегменты', { exact: false }).fill('VIP');
    await axeClean(page);
    await supView.screenshot('campaign-form-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('Text or offer').waitFor();
    await supView.screenshot('campaign-form-en');
    await page.keyboard.press('Alt+L');
    await form.getByLabel('Название').focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('campaign-row').waitFor();
    expect(await page.getByTestId('campaign-row').textContent()).toContain('VIP: скидка 10% на обслуживание');
    await callEngine(supHost.engine, 'sync.now', {});
  });

  it('the operator sees it on the card of a VIP customer and records the response with Alt+1', async () => {
    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-01-01');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-name').waitFor();
    const panel = page.getByTestId('campaigns');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Скидка 10% на годовое обслуживание');
    await axeClean(page);
    await opView.screenshot('campaign-card-ru');
    await page.keyboard.press('Alt+1');
    await panel.getByTestId('campaign-response').waitFor();
    expect(await panel.getByTestId('campaign-response').textContent()).toContain('Интересно');
    await page.keyboard.press('Alt+L');
    await page.getByText('Response: Interested', { exact: false }).waitFor();
    await opView.screenshot('campaign-card-en');
    await page.keyboard.press('Alt+L');
    await callEngine(opHost.engine, 'sync.now', {});
  });

  it('the supervisor’s figures count the response', async () => {
    const page = supView.page;
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('processes-view').waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.getByTestId('campaigns-view').waitFor();
    await page.getByText('1 (Интересно: 1)').waitFor();
    expect(await page.getByTestId('campaign-reach').textContent()).toBe('1');
    await axeClean(page);
    await supView.screenshot('campaign-figures-ru');
    await page.keyboard.press('Alt+L');
    await page.getByText('1 (Interested: 1)').waitFor();
    await supView.screenshot('campaign-figures-en');
    await page.keyboard.press('Alt+L');
    expect(supView.consoleErrors).toEqual([]);
    expect(opView.consoleErrors).toEqual([]);
  });

  it('greetings: a supervisor sets a rule under Campaigns; the operator records a customer’s own date on the card', async () => {
    const sup = supView.page;
    await sup.getByTestId('greeting-rule-new').click();
    const form = sup.getByTestId('greeting-rule-form');
    await form.getByLabel('Название').fill('Питомцы клиентов');
    await form.getByLabel('Повод').selectOption('customer_date');
    await form.getByLabel('Какая дата', { exact: false }).fill('День рождения собаки');
    await form.getByLabel('Тема письма').fill('С праздником вашего питомца!');
    await form.getByLabel('Название').focus();
    await sup.keyboard.press('Control+Enter');
    await sup.getByTestId('greeting-rule').waitFor();
    await axeClean(sup);
    await supView.screenshot('greeting-rules-ru');

    const page = opView.page;
    const panel = page.getByTestId('greetings');
    await panel.waitFor();
    await panel.getByLabel('Что за дата').fill('День рождения собаки');
    await panel.getByLabel('День').selectOption('8');
    await panel.getByLabel('Месяц').selectOption('3');
    await panel.getByLabel('Что за дата').press('Enter');
    await panel.getByTestId('greeting-date').waitFor();
    expect(await panel.getByTestId('greeting-date').textContent()).toContain('8 марта · День рождения собаки');
    await axeClean(page);
    await opView.screenshot('greetings-card-ru');
    await page.keyboard.press('Alt+L');
    await panel.getByText('Dates and greetings').waitFor();
    await opView.screenshot('greetings-card-en');
    await page.keyboard.press('Alt+L');
    expect(opView.consoleErrors).toEqual([]);
  });

  it('tags and segments: a supervisor saves a segment and imports a list; the operator sees both on the card, tags from the keyboard and finds by #tag', async () => {
    const sup = supView.page;
    await sup.getByTestId('segment-new').click();
    const form = sup.getByTestId('segment-form');
    await form.getByLabel('Название').fill('Постоянные VIP');
    await form.getByLabel('Поле «Сегмент» карточки').fill('vip');
    await form.getByLabel('Без жалоб, дней').fill('90');
    await form.getByLabel('Название').focus();
    await sup.keyboard.press('Control+Enter');
    await sup.getByTestId('segment-members').getByText('1 клиент на этом компьютере').waitFor();
    const importer = sup.getByTestId('tag-import');
    await importer.getByLabel('Тег для списка').fill('Выставка 2026');
    await importer.getByLabel('Список').fill('телефон;имя\n8 (916) 555-01-01;Ирина\n+7 999 000-00-00');
    await importer.getByTestId('tag-import-run').click();
    await importer.getByTestId('tag-import-report').getByText('Отмечено 1, уже было 0, не найдено строк: 2').waitFor();
    await importer.getByText('строка 3: +7 999 000-00-00').waitFor();
    await sup.getByTestId('segments-editor').scrollIntoViewIfNeeded();
    await axeClean(sup);
    await supView.screenshot('segments-ru');
    await sup.keyboard.press('Alt+L');
    await sup.getByText('Tagged 1, already tagged 0, lines not found: 2').waitFor();
    await supView.screenshot('segments-en');
    await sup.keyboard.press('Alt+L');
    await callEngine(supHost.engine, 'sync.now', {});

    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('Alt+D');
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-01-01');
    await page.keyboard.press('Enter');
    const labels = page.getByTestId('labels');
    await labels.getByTestId('tag-chip').filter({ hasText: 'Выставка 2026' }).waitFor();
    expect(await labels.getByTestId('segment-badge').allTextContents()).toEqual(['VIP', 'Постоянные VIP']);
    await page.keyboard.press('Control+Shift+G');
    await page.keyboard.type('Опт');
    await page.keyboard.press('Enter');
    await labels.getByTestId('tag-chip').filter({ hasText: 'Опт' }).waitFor();
    await axeClean(page);
    await opView.screenshot('card-labels-ru');
    await page.keyboard.press('Alt+L');
    await labels.getByRole('button', { name: 'Remove tag “Опт”' }).waitFor();
    await opView.screenshot('card-labels-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Control+K');
    await page.getByTestId('search-input').waitFor();
    await page.keyboard.type('#опт');
    await page.locator('.search-option').filter({ hasText: 'Ирина Волкова' }).first().waitFor();
    await page.keyboard.press('Escape');
    expect(opView.consoleErrors).toEqual([]);
    expect(supView.consoleErrors).toEqual([]);
  });

  it('loyalty: a supervisor sets a programme; the operator issues a card, records a purchase and spends points; the figures count them', async () => {
    const sup = supView.page;
    await sup.getByTestId('loyalty-new').click();
    const form = sup.getByTestId('loyalty-form');
    await form.getByLabel('Название', { exact: true }).fill('Клуб друзей');
    await form.getByLabel('Баллов за каждые 100 ₽').fill('5');
    await form.getByLabel('Уровень 1: название').fill('Базовый');
    await form.getByRole('button', { name: 'Добавить уровень' }).click();
    await form.getByLabel('Уровень 2: название').fill('Серебро');
    await form.getByLabel('Уровень 2: с баллов').fill('500');
    await form.getByLabel('Уровень 2: скидка, %').fill('5');
    await form.getByLabel('Название', { exact: true }).focus();
    await sup.keyboard.press('Control+Enter');
    await sup.getByTestId('loyalty-programme').waitFor();
    await callEngine(supHost.engine, 'sync.now', {});

    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('Alt+D');
    await page.keyboard.press('F2');
    await page.keyboard.type('+7 916 555-01-01');
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('loyalty');
    const issue = panel.getByTestId('loyalty-issue');
    await issue.getByLabel('Номер карты').fill('7700-0001');
    await issue.getByLabel('Номер карты').press('Enter');
    await panel.getByTestId('loyalty-standing').waitFor();
    const purchase = panel.getByTestId('loyalty-purchase');
    await purchase.getByLabel('Сумма, ₽').fill('12 000');
    await purchase.getByLabel('Номер чека').fill('R-1');
    await purchase.getByLabel('Номер чека').press('Enter');
    await panel.getByTestId('loyalty-balance').getByText('600').waitFor();
    await panel.getByTestId('loyalty-redeem').getByLabel('Баллов').fill('100');
    await panel.getByTestId('loyalty-redeem').getByLabel('Баллов').press('Enter');
    await panel.getByTestId('loyalty-balance').getByText('500').waitFor();
    expect(await panel.getByTestId('loyalty-level').textContent()).toBe('Серебро · скидка 5%');
    await panel.scrollIntoViewIfNeeded();
    await axeClean(page);
    await opView.screenshot('loyalty-card-ru');
    await page.keyboard.press('Alt+L');
    await panel.getByText('Loyalty programme').waitFor();
    await opView.screenshot('loyalty-card-en');
    await page.keyboard.press('Alt+L');
    await callEngine(opHost.engine, 'sync.now', {});

    await sup.keyboard.press('Control+Shift+E');
    await sup.getByTestId('processes-view').waitFor();
    await sup.keyboard.press('Control+Shift+M');
    const figures = sup.getByTestId('loyalty-figures');
    await figures.getByText('Покупок: 1', { exact: false }).waitFor();
    expect(await figures.textContent()).toContain('Списано: 100');
    await sup.getByTestId('loyalty-programmes').scrollIntoViewIfNeeded();
    await axeClean(sup);
    await supView.screenshot('loyalty-programmes-ru');
    await sup.keyboard.press('Alt+L');
    await figures.getByText('Purchases: 1', { exact: false }).waitFor();
    await supView.screenshot('loyalty-programmes-en');
    await sup.keyboard.press('Alt+L');
    expect(opView.consoleErrors).toEqual([]);
    expect(supView.consoleErrors).toEqual([]);
  });

  it('an email template set by the supervisor fills the operator\'s letter', async () => {
    const sup = supView.page;
    await sup.getByTestId('template-new').click();
    const form = sup.getByTestId('template-form');
    await form.getByLabel('Название').fill('Заказ отправлен');
    await form.getByLabel('Тема').fill('Ваш заказ в пути');
    await form.getByLabel('Текст письма').fill('{{name}}, ваш заказ отправлен.\n{{operator}}');
    await form.getByLabel('Название').focus();
    await sup.keyboard.press('Control+Enter');
    await sup.getByTestId('template').waitFor();
    await callEngine(supHost.engine, 'sync.now', {});
    await callEngine(opHost.engine, 'sync.now', {});
    const page = opView.page;
    await page.keyboard.press('Control+Shift+L');
    const dialog = page.getByTestId('compose-dialog');
    await dialog.getByLabel('Шаблон').selectOption({ label: 'Заказ отправлен' });
    expect(await dialog.getByLabel('Текст письма').inputValue()).toBe('Ирина Волкова, ваш заказ отправлен.\nОльга Смирнова');
    await axeClean(page);
    await opView.screenshot('compose-template-ru');
    await page.keyboard.press('Alt+L');
    await dialog.getByLabel('Template').waitFor();
    await opView.screenshot('compose-template-en');
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Escape');
    expect(opView.consoleErrors).toEqual([]);
  });
});
