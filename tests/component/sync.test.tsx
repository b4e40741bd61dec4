import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api/errors.js';
import type { HistoryEntry } from '../../src-shared/api/entities.js';
import type { SyncRejection, SyncStatus } from '../../src-shared/sync/status.js';
import { ROW_HEIGHT } from '../../src-renderer/features/history/Timeline.js';
import { fakeApi, makeCard, makeEntry, OPERATOR, syncStatus, type FakeApi } from './fakeApi.js';
import { renderApp } from './render.js';

const SERVER = 'http://sync.example:8787';
const ONLINE = (over: Partial<SyncStatus> = {}) =>
  syncStatus({ state: 'online', serverUrl: SERVER, user: { id: OPERATOR.id, name: OPERATOR.name, role: 'operator' }, lastSyncAt: Date.now(), ...over });

const EN_SESSION = { user: OPERATOR, settings: { locale: 'en' as const, defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } };

function emitStatus(api: FakeApi, status: SyncStatus) {
  act(() => api.emit({ type: 'sync-status', status }));
}

describe('sync indicator', () => {
  it('is a polite status region that follows sync-status events: each state, pending, progress, skew, rejections', async () => {
    const api = fakeApi();
    renderApp(api);
    const indicator = screen.getByTestId('sync-indicator');
    expect(indicator).toHaveAttribute('role', 'status');
    expect(indicator).toHaveAttribute('aria-live', 'polite');
    await within(indicator).findByText('Не подключено');
    // The shortcut is shown on the button and declared to assistive technology.
    const open = screen.getByTestId('sync-open');
    expect(open).toHaveAttribute('aria-keyshortcuts', 'Alt+S');
    expect(open).toHaveTextContent('Alt+S');

    const labels: Array<[SyncStatus['state'], string]> = [
      ['signed-out', 'Вход не выполнен'],
      ['connecting', 'Подключение…'],
      ['syncing', 'Синхронизация…'],
      ['online', 'В сети'],
      ['offline', 'Нет связи'],
    ];
    for (const [state, text] of labels) {
      emitStatus(api, ONLINE({ state }));
      expect(indicator).toHaveTextContent(text);
      expect(indicator).toHaveAttribute('data-state', state);
    }
    emitStatus(api, ONLINE({ state: 'error', error: 'client_too_old' }));
    expect(indicator).toHaveTextContent('Ошибка: Версия Картотеки устарела для сервера');

    // Pending uploads and the last sync, in words.
    emitStatus(api, ONLINE({ state: 'offline', pendingUploads: 5, lastSyncAt: Date.now() - 2 * 60_000 - 5_000 }));
    expect(within(indicator).getByTestId('sync-pending')).toHaveTextContent('5 к отправке');
    expect(within(indicator).getByTestId('sync-last')).toHaveTextContent('синхронизировано 2 минуты назад');

    // The first sync: a progress bar with rows and percent.
    emitStatus(api, ONLINE({ state: 'syncing', lastSyncAt: null, progress: { done: 2_500, total: 10_000 } }));
    const progress = within(indicator).getByTestId('sync-progress');
    expect(progress).toHaveTextContent(/2\s500 из 10\s000 строк · 25\s?%/);
    const bar = within(indicator).getByRole('progressbar', { name: 'Первая синхронизация' });
    expect(bar).toHaveAttribute('value', '2500');
    expect(bar).toHaveAttribute('max', '10000');
    emitStatus(api, ONLINE({ state: 'syncing', progress: { done: 9_990, total: 10_000 } }));
    expect(within(indicator).getByTestId('sync-progress')).toHaveTextContent(/99\s?%/);
    emitStatus(api, ONLINE());
    expect(within(indicator).queryByTestId('sync-progress')).not.toBeInTheDocument();
    expect(within(indicator).getByTestId('sync-last')).toHaveTextContent('синхронизировано только что');

    // A far-off clock is a visible warning with its minutes; rejected changes are a badge.
    emitStatus(api, ONLINE({ error: 'clock_skew', clockSkewMs: -7 * 60_000 - 10_000, rejected: 3 }));
    expect(within(indicator).getByTestId('sync-clock-skew')).toHaveTextContent('часы расходятся на 7 минут');
    expect(within(indicator).getByTestId('sync-rejected')).toHaveTextContent('3 изменения отклонены');
  });

  it('reads in English with English plurals', async () => {
    const api = fakeApi({ 'session.get': () => EN_SESSION, 'sync.status': () => ONLINE({ pendingUploads: 1, rejected: 1, progress: { done: 1, total: 1 } }) });
    renderApp(api, 'en');
    const indicator = screen.getByTestId('sync-indicator');
    await within(indicator).findByText('Online');
    expect(indicator).toHaveTextContent('1 to upload');
    expect(indicator).toHaveTextContent('1 change rejected');
    expect(indicator).toHaveTextContent('1 of 1 row · 100%');
  });
});

describe('sync panel', () => {
  it('signs in with the keyboard only and explains a wrong password and an unreachable server', async () => {
    const signedIn = ONLINE({ state: 'connecting', lastSyncAt: null });
    const api = fakeApi({
      'sync.signIn': ({ password, serverUrl }) => {
        if (serverUrl.includes('down')) throw new ApiError('offline', 'server unreachable');
        if (password !== 'верный') throw new ApiError('unauthorized', 'bad credentials');
        return signedIn;
      },
    });
    const { user } = renderApp(api);
    await within(screen.getByTestId('sync-indicator')).findByText('Не подключено');

    await user.keyboard('{Alt>}s{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Синхронизация с сервером' });
    expect(within(dialog).getByLabelText('Адрес сервера')).toHaveValue('http://127.0.0.1:8787');
    const username = within(dialog).getByLabelText('Имя пользователя');
    expect(username).toHaveFocus();

    await user.keyboard('olga{Tab}неверный{Enter}');
    expect(api.calls['sync.signIn']).toHaveBeenLastCalledWith({ serverUrl: 'http://127.0.0.1:8787', username: 'olga', password: 'неверный' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Неверное имя пользователя или пароль');
    const password = within(dialog).getByLabelText('Пароль');
    await waitFor(() => expect(password).toHaveFocus());
    expect(password).toHaveValue('');
    expect(password).toHaveAttribute('aria-invalid', 'true');

    // Shift+Tab twice back to the address, which points at a server that is down.
    await user.keyboard('{Shift>}{Tab}{Tab}{/Shift}');
    expect(within(dialog).getByLabelText('Адрес сервера')).toHaveFocus();
    await user.keyboard('{Control>}a{/Control}http://down.example:8787{Tab}{Tab}верный{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Сервер недоступен. Проверьте адрес и подключение к сети');
    // The focus goes to the field at fault, the address.
    await waitFor(() => expect(within(dialog).getByLabelText('Адрес сервера')).toHaveFocus());

    await user.keyboard('{Control>}a{/Control}' + SERVER + '{Tab}{Tab}верный{Enter}');
    expect(api.calls['sync.signIn']).toHaveBeenLastCalledWith({ serverUrl: SERVER, username: 'olga', password: 'верный' });
    const account = await within(dialog).findByTestId('sync-account');
    expect(account).toHaveTextContent(SERVER);
    expect(account).toHaveTextContent(OPERATOR.name);
    expect(account).toHaveTextContent('Оператор');
    // The form is gone; the focus stays in the dialog, on the main action.
    expect(within(dialog).getByRole('button', { name: 'Синхронизировать сейчас' })).toHaveFocus();
    expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Подключение…');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('says when the desktop is too old for the server', async () => {
    const api = fakeApi({
      'session.get': () => EN_SESSION,
      'sync.signIn': () => {
        throw new ApiError('client_too_old', 'client too old');
      },
    });
    const { user } = renderApp(api, 'en');
    await user.click(screen.getByTestId('sync-open'));
    const dialog = await screen.findByRole('dialog', { name: 'Sync with the server' });
    await user.type(within(dialog).getByLabelText('User name'), 'olga');
    await user.type(within(dialog).getByLabelText('Password'), 'secret{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This version of Kartoteka is too old for the server. Please update the application');
  });

  it('lists rejected changes with translated reasons and the server message; Dismiss removes one', async () => {
    const at = Date.now() - 3_600_000;
    let rejections: SyncRejection[] = [
      { id: 7, entity: 'customer', rowId: 'c1', op: 'update', reason: 'owner_locked', message: 'the customer is locked to another manager (u2)', at },
      { id: 8, entity: 'interaction', rowId: 'i1', op: 'update', reason: 'append_only', message: 'interaction entries are append-only', at: at + 1000 },
      { id: 9, entity: 'task', rowId: 't1', op: 'insert', reason: 'out_of_scope', message: 'this customer is outside your scope', at: at - 1000 },
    ];
    const api: FakeApi = fakeApi({
      'sync.status': () => ONLINE({ rejected: rejections.length, pendingUploads: 2 }),
      'sync.rejections': () => rejections,
      'sync.dismissRejection': ({ id }) => {
        rejections = rejections.filter((r) => r.id !== id);
        return { ok: true };
      },
      'sync.now': () => ONLINE({ rejected: rejections.length }),
    });
    const { user } = renderApp(api);
    await within(screen.getByTestId('sync-indicator')).findByText('3 изменения отклонены');
    await user.click(screen.getByTestId('sync-open'));
    const dialog = await screen.findByRole('dialog', { name: 'Синхронизация с сервером' });
    const section = within(dialog).getByTestId('sync-rejections');
    await waitFor(() => expect(within(section).getAllByTestId('sync-rejection')).toHaveLength(3));
    const rows = within(section).getAllByTestId('sync-rejection');
    // Newest first.
    expect(rows[0]).toHaveTextContent('Запись истории · изменение');
    expect(rows[0]).toHaveTextContent('Записи истории не меняют — добавьте исправление');
    expect(rows[0]).toHaveTextContent('interaction entries are append-only');
    expect(rows[1]).toHaveTextContent('Клиент · изменение');
    expect(rows[1]).toHaveTextContent('Клиент закреплён за другим менеджером');
    expect(rows[1]).toHaveTextContent('the customer is locked to another manager (u2)');
    expect(rows[2]).toHaveTextContent('Клиент вне вашей зоны доступа');
    expect(within(dialog).getByTestId('sync-account')).toHaveTextContent('Ждут отправки2');

    const dismiss = within(rows[1]!).getByRole('button', { name: /^Скрыть: Клиент · изменение/ });
    await user.click(dismiss);
    expect(api.calls['sync.dismissRejection']).toHaveBeenCalledWith({ id: 7 });
    await waitFor(() => expect(within(section).getAllByTestId('sync-rejection')).toHaveLength(2));
    expect(section).not.toHaveTextContent('Клиент закреплён за другим менеджером');
    // The focus moves to the next row's Dismiss, not to <body>.
    expect(within(within(section).getAllByTestId('sync-rejection')[1]!).getByRole('button')).toHaveFocus();
    // The engine reports the lower count; the badge follows.
    emitStatus(api, ONLINE({ rejected: 2 }));
    expect(screen.getByTestId('sync-rejected')).toHaveTextContent('2 изменения отклонены');

    await user.click(within(dialog).getByRole('button', { name: 'Синхронизировать сейчас' }));
    expect(api.calls['sync.now']).toHaveBeenCalled();
  });

  it('never lets a rejection pass silently: a toast names the count and the way to the panel', async () => {
    const api = fakeApi({ 'sync.status': () => ONLINE() });
    renderApp(api);
    await within(screen.getByTestId('sync-indicator')).findByText('В сети');

    emitStatus(api, ONLINE({ rejected: 2 }));
    const alert = await screen.findByText('Сервер отклонил 2 изменения — см. «Синхронизация» (Alt+S)');
    expect(alert.closest('[role="alert"]')).not.toBeNull();

    // The same count again, or a lower one (a dismissal), says nothing new.
    emitStatus(api, ONLINE({ rejected: 2, pendingUploads: 1 }));
    emitStatus(api, ONLINE({ rejected: 1 }));
    expect(screen.getAllByText(/^Сервер отклонил/)).toHaveLength(1);

    emitStatus(api, ONLINE({ rejected: 6 }));
    expect(await screen.findByText('Сервер отклонил 5 изменений — см. «Синхронизация» (Alt+S)')).toBeInTheDocument();
    emitStatus(api, ONLINE({ rejected: 7 }));
    expect(await screen.findByText('Сервер отклонил 1 изменение — см. «Синхронизация» (Alt+S)')).toBeInTheDocument();
  });
});

describe('pulled rows', () => {
  it('refresh the open card and its history when data-changed names the customer', async () => {
    const card = makeCard('Иван Петров');
    const id = card.customer.id;
    const pulled = makeEntry(id, 0, { preview: 'Звонок, записанный на другом рабочем месте', occurredAt: Date.now() });
    const updated = { ...card, counts: { ...card.counts, total: 18 }, history: [pulled, ...card.history], historyCount: card.historyCount + 1 };
    let current = card;
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'callerCard.forCustomer': () => current,
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const timeline = await screen.findByTestId('timeline');
    await within(timeline).findByText('Запись номер 0');

    // Another customer's rows: nothing to do.
    act(() => api.emit({ type: 'data-changed', customerIds: ['01900000-0000-7000-8000-00000000ffff'] }));
    expect(api.calls['callerCard.forCustomer']).not.toHaveBeenCalled();

    current = updated;
    act(() => api.emit({ type: 'data-changed', customerIds: ['01900000-0000-7000-8000-00000000ffff', id] }));
    expect(await within(timeline).findByText('Звонок, записанный на другом рабочем месте')).toBeInTheDocument();
    expect(api.calls['callerCard.forCustomer']).toHaveBeenCalledWith({ customerId: id });
    expect(within(timeline).getByRole('heading')).toHaveTextContent('4 записи');
    expect(screen.getByTestId('counts')).toHaveTextContent('Всего 18 контактов');
    expect(within(timeline).getAllByTestId('timeline-entry')[0]).toHaveTextContent('Звонок, записанный на другом рабочем месте');
  });

  it('keep the operator\'s place in a long history instead of jumping to the top', async () => {
    const TOTAL = 1_000;
    const card = makeCard('Иван Петров', { historyCount: TOTAL, history: [] });
    const id = card.customer.id;
    let all: HistoryEntry[] = Array.from({ length: TOTAL }, (_, i) => makeEntry(id, i + 1));
    card.history = all.slice(0, 50);
    let current = card;
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'callerCard.forCustomer': () => current,
      'history.list': ({ offset = 0, limit = 200 }) => ({ total: all.length, entries: all.slice(offset, offset + limit) }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const timeline = await screen.findByTestId('timeline');
    await within(timeline).findByText('Запись номер 1');

    const scroller = screen.getByTestId('timeline-scroller');
    scroller.scrollTop = ROW_HEIGHT * 300;
    fireEvent.scroll(scroller);
    await within(timeline).findByText('Запись номер 301');

    // Two calls logged elsewhere arrive at the head.
    const fresh = [makeEntry(id, 0, { preview: 'Новая А' }), makeEntry(id, 0, { preview: 'Новая Б' })];
    all = [...fresh, ...all];
    current = { ...card, history: all.slice(0, 50), historyCount: all.length };
    act(() => api.emit({ type: 'data-changed', customerIds: [id] }));
    await waitFor(() => expect(within(timeline).getByRole('heading')).toHaveTextContent('1 002 записи'));
    await within(timeline).findByText('Запись номер 301');
    // The same entry is still at the top of the viewport: two rows further down the list.
    await waitFor(() => expect(scroller.scrollTop).toBe(ROW_HEIGHT * 302));
  });
});

describe('signing in', () => {
  it('shows the signed-in account as the operator once a sync status names it', async () => {
    const serverUser = { id: '01a20998-1251-77a1-b08d-91de44a41b46', name: 'Анна Петрова', extension: null, role: 'operator' as const };
    let signedIn = false;
    const api = fakeApi({
      'session.get': () => ({ user: signedIn ? serverUser : OPERATOR, settings: { locale: 'ru', defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } }),
    });
    const { container } = renderApp(api);
    await waitFor(() => expect(container.querySelector('.operator-card .user')).toHaveTextContent(OPERATOR.name));
    signedIn = true;
    emitStatus(api, ONLINE({ user: { id: serverUser.id, name: serverUser.name, role: 'operator' } }));
    await waitFor(() => expect(container.querySelector('.operator-card .user')).toHaveTextContent('Анна Петрова'));
  });
});
