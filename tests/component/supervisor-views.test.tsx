// The supervisor area in the renderer: only supervisors get it; each view renders the server's data;
// the queue is driven from the keyboard and reassigns the selected ids; pushes refetch the board;
// offline answers carry a banner with their time; the figures export as CSV through the API.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api/errors.js';
import {
  OPERATOR, boardEntry, boardResponse, cachedAnswer, fakeApi, figuresResponse, queueItem, reviewItem, supervisorSession, type Impl,
} from './fakeApi.js';
import { renderApp } from './render.js';

function supervisorApi(impl: Impl = {}) {
  const anna = boardEntry({ name: 'Анна Иванова', state: 'on_call', callerName: 'Пётр Сидоров', handledToday: 7 });
  const boris = boardEntry({ name: 'Борис Смирнов', state: 'away', handledToday: 2 });
  return fakeApi({
    'session.get': supervisorSession(),
    'supervisor.board': () => cachedAnswer(boardResponse([anna, boris])),
    'supervisor.queue': () => cachedAnswer({ items: [], total: 0, serverTimeMs: Date.now(), dueSoonMs: 3600_000 }),
    'supervisor.figures': () => cachedAnswer(figuresResponse()),
    'supervisor.interactions': () => cachedAnswer({ items: [], nextCursor: null }),
    'supervisor.teamIssues': () => cachedAnswer({ conflicts: [], rejections: [], reassignments: [] }),
    ...impl,
  });
}

describe('supervisor area', () => {
  it('an operator gets no supervisor entry point, and the supervisor keys do nothing', async () => {
    const api = fakeApi();
    const { user } = renderApp(api);
    await screen.findByTestId('incoming-number');
    await waitFor(() => expect(api.calls['session.get']).toHaveBeenCalled());
    expect(screen.queryByTestId('supervisor-nav')).not.toBeInTheDocument();
    await user.keyboard('{Alt>}b{/Alt}');
    expect(screen.queryByTestId('supervisor-area')).not.toBeInTheDocument();
    expect(api.calls['supervisor.board']).not.toHaveBeenCalled();
    await user.keyboard('{F1}');
    const help = await screen.findByRole('dialog');
    expect(within(help).queryByTestId('shortcut-supervisorBoard')).not.toBeInTheDocument();
  });

  it('the team board shows each operator with state in words, the caller on a call and handled today; Alt+B opens it', async () => {
    const api = supervisorApi();
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    expect(screen.getByTestId('supervisor-open-board')).toHaveAttribute('aria-keyshortcuts', 'Alt+B');
    await user.keyboard('{Alt>}b{/Alt}');
    const rows = await screen.findAllByTestId('board-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('board-state')).toHaveTextContent('На звонке');
    expect(within(rows[0]!).getByTestId('board-caller')).toHaveTextContent('Пётр Сидоров');
    expect(within(rows[0]!).getByTestId('board-handled')).toHaveTextContent('7');
    expect(within(rows[0]!).getByTestId('board-since')).toHaveTextContent(/^1:0\d$/);
    expect(within(rows[1]!).getByTestId('board-state')).toHaveTextContent('Нет на месте');
    expect(within(rows[1]!).getByTestId('board-caller')).toHaveTextContent('—');

    // The clock in the state ticks by itself, without a refetch.
    const since = within(rows[0]!).getByTestId('board-since');
    const first = since.textContent;
    // The wall clock (frozen in component tests) moves on two seconds; the board's own timer re-reads it.
    vi.setSystemTime(Date.now() + 2_000);
    await waitFor(() => expect(since.textContent).not.toBe(first), { timeout: 5_000 });
    // Once for the supervisor's home (the board with the queue numbers), once for Alt+B: no refetch.
    expect(api.calls['supervisor.board']).toHaveBeenCalledTimes(2);

    // The F1 help lists the supervisor keys to a supervisor.
    await user.keyboard('{F1}');
    const help = await screen.findByRole('dialog', { name: 'Горячие клавиши' });
    expect(within(help).getByTestId('shortcut-supervisorQueue')).toHaveTextContent('Alt+W');
    expect(within(help).getByTestId('shortcut-reassign')).toHaveTextContent('Alt+X');
  });

  it('a supervisor-changed event refetches the board without a reload', async () => {
    let handled = 1;
    const api = supervisorApi({ 'supervisor.board': () => cachedAnswer(boardResponse([boardEntry({ name: 'Анна Иванова', handledToday: handled })])) });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.click(screen.getByTestId('supervisor-open-board'));
    expect(await screen.findByTestId('board-handled')).toHaveTextContent('1');
    handled = 2;
    act(() => api.emit({ type: 'supervisor-changed', topics: ['board'] }));
    await waitFor(() => expect(screen.getByTestId('board-handled')).toHaveTextContent('2'));
    // The home's read, the button's, and the event's.
    expect(api.calls['supervisor.board']).toHaveBeenCalledTimes(3);
  });

  it('offline answers show a banner with the time of the last sync', async () => {
    const fetchedAt = new Date(2026, 10, 22, 18, 45).getTime();
    const api = supervisorApi({ 'supervisor.figures': () => cachedAnswer(figuresResponse(), fetchedAt, false) });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}g{/Alt}');
    const banner = await screen.findByTestId('supervisor-offline');
    expect(banner).toHaveTextContent('Нет связи с сервером — данные на');
    expect(banner).toHaveTextContent('18:45');
    expect(banner).toHaveTextContent('22 нояб');
  });

  it('an error is shown with its translated code', async () => {
    const api = supervisorApi({
      'supervisor.board': () => {
        throw new ApiError('offline', 'nothing cached');
      },
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}b{/Alt}');
    expect(await screen.findByTestId('supervisor-board-error')).toHaveTextContent('Центральный сервер недоступен');
  });

  it('work queues: overdue and due-soon items are marked in words; keyboard multi-select and Alt+X reassign the selected ids', async () => {
    const items = [
      queueItem({ title: 'Перезвонить А', due: 'overdue', dueAt: Date.now() - 3600_000 }),
      queueItem({ title: 'Перезвонить Б', due: 'due_soon' }),
      queueItem({ kind: 'case', title: 'Жалоба на счёт', taskKind: null }),
      queueItem({ title: 'Перезвонить Г' }),
    ];
    const target = boardEntry({ name: 'Борис Смирнов' });
    const api = supervisorApi({
      'supervisor.queue': () => cachedAnswer({ items, total: items.length, serverTimeMs: Date.now(), dueSoonMs: 3600_000 }),
      'supervisor.board': () => cachedAnswer(boardResponse([target])),
      'supervisor.reassign': (req) => ({ results: req.items.map((i) => ({ kind: i.kind, id: i.id, status: 'reassigned' as const, previousUserId: OPERATOR.id })) }),
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}w{/Alt}');
    const rows = await screen.findAllByTestId('queue-row');
    expect(rows).toHaveLength(4);
    expect(within(rows[0]!).getByTestId('queue-due')).toHaveTextContent('Просрочено');
    expect(within(rows[1]!).getByTestId('queue-due')).toHaveTextContent('Скоро срок');
    expect(screen.getByTestId('queue-reassign')).toBeDisabled();

    // Space selects the first, ↓↓ moves to the third, Shift+↓ extends to the fourth.
    act(() => rows[0]!.focus());
    await user.keyboard(' ');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(rows[2]).toHaveFocus();
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(rows[0]).toHaveAttribute('aria-selected', 'true');
    expect(rows[1]).toHaveAttribute('aria-selected', 'false');
    expect(rows[2]).toHaveAttribute('aria-selected', 'true');
    expect(rows[3]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('queue-selected')).toHaveTextContent('Выбрано 3');

    await user.keyboard('{Alt>}x{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Переназначить 3 элемента' });
    // The reason is required, and the dialog says that moving the owner lifts the lock.
    expect(within(dialog).getByTestId('reassign-owner-hint')).toHaveTextContent('снимает закрепление');
    await user.selectOptions(within(dialog).getByTestId('reassign-target'), target.userId);
    await user.click(within(dialog).getByTestId('reassign-submit'));
    expect(await within(dialog).findByText('Укажите причину', { selector: 'li' })).toBeInTheDocument();
    expect(api.calls['supervisor.reassign']).not.toHaveBeenCalled();

    await user.type(within(dialog).getByTestId('reassign-reason'), 'Отпуск');
    await user.click(within(dialog).getByTestId('reassign-submit'));
    await waitFor(() => expect(api.calls['supervisor.reassign']).toHaveBeenCalledTimes(1));
    expect(api.calls['supervisor.reassign']).toHaveBeenCalledWith({
      items: [items[0], items[2], items[3]].map((i) => ({ kind: i!.kind, id: i!.id })),
      toUserId: target.userId,
      reason: 'Отпуск',
    });
    const results = await within(dialog).findAllByTestId('reassign-result');
    expect(results).toHaveLength(3);
    expect(results[0]).toHaveTextContent('переназначено');
  });

  it('Ctrl+A selects every item; moving the owner adds each customer once; the listed stamps are sent as seen', async () => {
    const customerId = '01900000-0000-7000-8000-000000009999';
    const items = [
      queueItem({ customerId, assigneeStamp: 'a-1', ownerStamp: 'o-1' }),
      queueItem({ customerId, ownerStamp: 'o-1' }),
      queueItem({ kind: 'case', customerId: null, customerName: null }),
    ];
    const target = boardEntry({ name: 'Борис Смирнов' });
    const api = supervisorApi({
      'supervisor.queue': () => cachedAnswer({ items, total: 3, serverTimeMs: Date.now(), dueSoonMs: 3600_000 }),
      'supervisor.board': () => cachedAnswer(boardResponse([target])),
      'supervisor.reassign': (req) => ({ results: req.items.map((i) => ({ kind: i.kind, id: i.id, status: 'reassigned' as const, previousUserId: null })) }),
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.click(screen.getByTestId('supervisor-open-queue'));
    const rows = await screen.findAllByTestId('queue-row');
    act(() => rows[0]!.focus());
    await user.keyboard('{Control>}a{/Control}');
    for (const row of rows) expect(row).toHaveAttribute('aria-selected', 'true');
    await user.click(screen.getByTestId('queue-reassign'));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByTestId('reassign-target'), target.userId);
    await user.type(within(dialog).getByTestId('reassign-reason'), 'Новый менеджер');
    await user.click(within(dialog).getByTestId('reassign-owner'));
    await user.click(within(dialog).getByTestId('reassign-submit'));
    await waitFor(() => expect(api.calls['supervisor.reassign']).toHaveBeenCalled());
    const sent = api.calls['supervisor.reassign'].mock.calls[0]![0];
    // Each customer once; the stamps as listed go back so the server can spot concurrent edits.
    expect(sent.items).toEqual([
      { kind: 'task', id: items[0]!.id, seen: 'a-1' },
      { kind: 'task', id: items[1]!.id },
      { kind: 'case', id: items[2]!.id },
      { kind: 'customer', id: customerId, seen: 'o-1' },
    ]);
  });

  it('figures: the team table with its total row, three charts with titles and their numbers, presets; CSV export calls the API', async () => {
    const api = supervisorApi({ 'supervisor.figuresCsv': () => ({ fileName: 'figures-2026-11-23_2026-11-23.csv', csv: '\uFEFFa,b\r\n' }) });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}g{/Alt}');
    const table = await screen.findByTestId('figures-table');
    // "Today" is the centre's day the board reported, not the test machine's calendar.
    expect(api.calls['supervisor.figures']).toHaveBeenCalledWith({ from: '2026-11-23', to: '2026-11-23' });
    expect(within(table).getAllByTestId('figures-row')).toHaveLength(1);
    expect(within(table).getByTestId('figures-total')).toHaveTextContent('Итого по команде');
    expect(within(table).getAllByTestId('figures-row')[0]).toHaveTextContent('Анна Иванова');
    // Every column the CSV has is on screen; handling time as minutes and seconds (95.4 s → 01:35).
    for (const h of ['Продажи', 'Другое', 'Среднее время, мин:с']) expect(within(table).getByRole('columnheader', { name: h })).toBeInTheDocument();
    expect(within(table).getAllByTestId('figures-row')[0]).toHaveTextContent('01:35');
    for (const id of ['chart-by-hour', 'chart-by-reason', 'chart-by-channel']) {
      const fig = screen.getByTestId(id);
      expect(within(fig).getByRole('img')).toHaveAccessibleName(/^График/);
      expect(within(fig).getByRole('table')).toBeInTheDocument();
    }
    expect(within(screen.getByTestId('chart-by-reason')).getByRole('table')).toHaveTextContent('Жалоба3');

    await user.click(screen.getByTestId('figures-preset-7'));
    await waitFor(() => expect(api.calls['supervisor.figures']).toHaveBeenCalledTimes(2));
    const range = api.calls['supervisor.figures'].mock.calls[1]![0];
    expect(range).toEqual({ from: '2026-11-17', to: '2026-11-23' });

    await user.click(screen.getByTestId('figures-csv'));
    await waitFor(() => expect(api.calls['supervisor.figuresCsv']).toHaveBeenCalledWith(range));
    expect(await screen.findByText('Сохранён файл figures-2026-11-23_2026-11-23.csv')).toBeInTheDocument();
  });

  it('review: filters, load more, comments, the team issues; a customer opens in the card', async () => {
    const first = reviewItem({ summary: 'Первая страница', comments: 1 });
    const second = reviewItem({ summary: 'Вторая страница' });
    const api = supervisorApi({
      'supervisor.interactions': (q) =>
        cachedAnswer(q.cursor ? { items: [second], nextCursor: null } : { items: [first], nextCursor: 'c1' }),
      'supervisor.comments': () => [{ id: first.id, interactionId: first.id, authorId: OPERATOR.id, authorName: 'Светлана', text: 'Хорошо', at: Date.now() }],
      'supervisor.addComment': (c) => ({ id: second.id, interactionId: c.interactionId, authorId: OPERATOR.id, authorName: 'Светлана', text: c.text, at: Date.now() }),
      'supervisor.teamIssues': () =>
        cachedAnswer({
          conflicts: [],
          rejections: [{ id: 1, userId: OPERATOR.id, userName: 'Ольга', entity: 'customer', rowId: first.id, reason: 'owner_locked', message: 'locked', at: Date.now() }],
          reassignments: [],
        }),
      'callerCard.forCustomer': () => {
        throw new ApiError('not_found', 'x');
      },
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}v{/Alt}');
    expect(await screen.findByText('Первая страница')).toBeInTheDocument();
    expect(within(screen.getByTestId('issues-rejections')).getByText('Ольга')).toBeInTheDocument();

    await user.click(screen.getByTestId('review-more'));
    expect(await screen.findByText('Вторая страница')).toBeInTheDocument();
    expect(api.calls['supervisor.interactions'].mock.calls[1]![0]).toMatchObject({ cursor: 'c1' });

    await user.selectOptions(screen.getByTestId('review-filter-reason'), 'complaint');
    await user.click(screen.getByTestId('review-apply'));
    await waitFor(() => expect(api.calls['supervisor.interactions']).toHaveBeenLastCalledWith({ reason: 'complaint', limit: 50 }));

    await user.click((await screen.findAllByTestId('review-comments-toggle'))[0]!);
    expect(await screen.findByTestId('review-comment')).toHaveTextContent('Хорошо');
    await user.type(screen.getByTestId('review-comment-text'), 'Вежливо');
    await user.click(screen.getByTestId('review-comment-add'));
    await waitFor(() => expect(screen.getAllByTestId('review-comment')).toHaveLength(2));
    expect(screen.getAllByTestId('review-comments-toggle')[0]).toHaveTextContent('2 комментария');
    expect(api.calls['supervisor.addComment']).toHaveBeenCalledWith({ interactionId: first.id, text: 'Вежливо' });

    await user.click(screen.getAllByTestId('review-open-card')[0]!);
    await waitFor(() => expect(api.calls['callerCard.forCustomer']).toHaveBeenCalledWith({ customerId: first.customerId }));
    expect(screen.queryByTestId('supervisor-area')).not.toBeInTheDocument();
  });
});
