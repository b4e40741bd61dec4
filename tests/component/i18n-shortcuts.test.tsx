import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src-renderer/i18n/index.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ru } from '../../src-renderer/i18n/ru.js';
import { SHORTCUTS } from '../../src-renderer/lib/keymap.js';
import { API_ERROR_CODES } from '../../src-shared/api/errors.js';
import { fakeApi, makeCard } from './fakeApi.js';
import { renderApp } from './render.js';

/** Keys with plural suffixes folded, so ru's _few/_many and en's _one/_other compare equal. */
function keys(obj: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix + k.replace(/_(one|few|many|other)$/, '');
    if (v && typeof v === 'object') for (const sub of keys(v as object, `${path}.`)) out.add(sub);
    else out.add(path);
  }
  return out;
}

describe('i18n', () => {
  it('has the same keys in Russian and English, including every API error code', () => {
    expect([...keys(en)].sort()).toEqual([...keys(ru)].sort());
    for (const code of API_ERROR_CODES) {
      expect(ru.error[code]).toBeTruthy();
      expect(en.error[code]).toBeTruthy();
    }
  });

  it('uses Russian plural forms', () => {
    const i18n = createI18n('ru');
    expect(i18n.t('cases.openFor', { count: 1 })).toBe('открыто 1 день');
    expect(i18n.t('cases.openFor', { count: 3 })).toBe('открыто 3 дня');
    expect(i18n.t('cases.openFor', { count: 12 })).toBe('открыто 12 дней');
    expect(i18n.t('cases.openFor', { count: 21 })).toBe('открыто 21 день');
    expect(i18n.t('history.faxPages', { count: 22 })).toBe('22 страницы');
    const eng = createI18n('en');
    expect(eng.t('cases.openFor', { count: 1 })).toBe('open 1 day');
    expect(eng.t('cases.openFor', { count: 12 })).toBe('open 12 days');
  });

  it('switches the UI to English from the button and by Alt+L, and persists the choice', async () => {
    const card = makeCard('Иван Петров');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }) });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '+79161234567{Enter}');
    await screen.findByTestId('customer-name');
    expect(screen.getByRole('button', { name: 'Записать звонок' })).toBeInTheDocument();

    await user.click(screen.getByTestId('language-switch'));
    expect(await screen.findByRole('button', { name: 'Log call' })).toBeInTheDocument();
    expect(screen.getByLabelText('Incoming call')).toBeInTheDocument();
    expect(screen.getByTestId('case-age')).toHaveTextContent('open 12 days');
    expect(screen.getByTestId('manager')).toHaveTextContent('Locked to the manager');
    expect(document.documentElement.lang).toBe('en');
    expect(api.calls['settings.update']).toHaveBeenLastCalledWith({ locale: 'en' });

    await user.keyboard('{Alt>}l{/Alt}');
    expect(await screen.findByRole('button', { name: 'Записать звонок' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ru');
    expect(api.calls['settings.update']).toHaveBeenLastCalledWith({ locale: 'ru' });
  });

  it('starts in the language saved in the settings', async () => {
    const api = fakeApi({
      'session.get': () => ({
        user: { id: '01900000-0000-7000-8000-000000000001', name: 'Olga', extension: null, role: 'operator' },
        settings: { locale: 'en', defaultCountry: 'RU' },
        store: { customers: 0, interactions: 0 },
      }),
    });
    renderApp(api);
    expect(await screen.findByLabelText('Incoming call')).toBeInTheDocument();
  });
});

describe('shortcuts', () => {
  it('lists every shortcut in the help dialog (F1 and ?), and Esc returns focus', async () => {
    const { user } = renderApp(fakeApi());
    const input = screen.getByTestId('incoming-number');
    await user.keyboard('{F2}');
    expect(input).toHaveFocus();

    await user.keyboard('{F1}');
    const help = await screen.findByRole('dialog', { name: 'Горячие клавиши' });
    expect(help).toHaveAttribute('aria-modal', 'true');
    for (const s of SHORTCUTS) expect(within(help).getByTestId(`shortcut-${s.id}`)).toBeInTheDocument();
    expect(within(help).getByText('Записать звонок')).toBeInTheDocument();
    expect(within(help).getByTestId('shortcut-search')).toHaveTextContent('Ctrl+K');
    expect(within(help).getByTestId('shortcut-logCall')).toHaveTextContent('Alt+C');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(input).toHaveFocus();

    // '?' opens help too, but not while typing into a field.
    await user.keyboard('?');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('?');
    expect(await screen.findByRole('dialog', { name: 'Горячие клавиши' })).toBeInTheDocument();
  });

  it('declares shortcuts on buttons and traps focus in dialogs', async () => {
    const card = makeCard('Иван Петров');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }) });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '+79161234567{Enter}');
    await screen.findByTestId('customer-name');
    expect(screen.getByTestId('log-call')).toHaveAttribute('aria-keyshortcuts', 'Alt+C');
    expect(screen.getByTestId('search-open')).toHaveAttribute('aria-keyshortcuts', 'Control+K');

    await user.keyboard('{Alt>}n{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Новое дело' });
    expect(within(dialog).getByLabelText('Тема')).toHaveFocus();
    for (let i = 0; i < 20; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('Ctrl+K searches customers and notes; arrows and Enter open the card', async () => {
    const a = makeCard('Анна Смирнова');
    const b = makeCard('Борис Смирнов');
    const api = fakeApi({
      'search.query': () => ({
        customers: [
          { customerId: a.customer.id, name: 'Анна Смирнова', organisation: null, phone: '+7 916 000-00-01', email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 1 },
          { customerId: b.customer.id, name: 'Борис Смирнов', organisation: 'ООО «Ромашка»', phone: null, email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 0.5 },
        ],
        interactions: [],
      }),
      'callerCard.forCustomer': ({ customerId }) => (customerId === a.customer.id ? a : b),
    });
    const { user } = renderApp(api);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Поиск по клиентам и заметкам' });
    const box = within(dialog).getByRole('combobox');
    expect(box).toHaveFocus();
    await user.keyboard('Смирн');
    await within(dialog).findByText('Найдено 2 результата');
    expect(api.calls['search.query']).toHaveBeenLastCalledWith({ q: 'Смирн', limit: 20 });
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getByRole('option', { name: /Борис Смирнов/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.calls['callerCard.forCustomer']).toHaveBeenCalledWith({ customerId: b.customer.id });
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Борис Смирнов');
  });
});
