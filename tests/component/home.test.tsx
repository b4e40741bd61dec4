// The home screens (issue 17): the operator's day — my calls today with their counts, my tasks due
// today, the team's missed calls and what became of each, the supervisor's comments unread until
// seen — and the supervisor's home, the board under today's queue numbers with where they come from.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HomeDay, HomeReviews, QueueStatsResponse } from '../../src-shared/index.js';
import { boardEntry, boardResponse, cachedAnswer, fakeApi, makeCard, makeTask, supervisorSession, uuid } from './fakeApi.js';
import { renderApp } from './render.js';
import { COMPONENT_NOW } from './setup.js';

const MIN = 60_000;
const anna = makeCard('Анна Петрова');
const oleg = makeCard('Олег Сидоров');

function day(): HomeDay {
  return {
    myCalls: [
      { id: uuid(), customerId: oleg.customer.id, customerName: 'Олег Сидоров', occurredAt: COMPONENT_NOW - 20 * MIN, direction: 'out', durationS: 45, reason: 'sales', outcome: null, number: '+79165550102' },
      { id: uuid(), customerId: anna.customer.id, customerName: 'Анна Петрова', occurredAt: COMPONENT_NOW - 60 * MIN, direction: 'in', durationS: 125, reason: 'complaint', outcome: null, number: '+79165550101' },
    ],
    myCallsCount: { in: 1, out: 1, talkS: 170 },
    missed: [
      { id: uuid(), customerId: oleg.customer.id, customerName: 'Олег Сидоров', occurredAt: COMPONENT_NOW - 10 * MIN, number: '+79165550102', callback: { id: uuid(), status: 'open', assigneeName: null }, calledBackAt: null },
      { id: uuid(), customerId: anna.customer.id, customerName: 'Unknown caller +7 916 555 01 01', occurredAt: COMPONENT_NOW - 90 * MIN, number: '+79165550101', callback: { id: uuid(), status: 'open', assigneeName: null }, calledBackAt: COMPONENT_NOW - 60 * MIN },
    ],
    missedOpen: 1,
  };
}

function reviews(): HomeReviews {
  const base = { authorId: uuid(), authorName: 'Светлана Руководитель', customerId: anna.customer.id, customerName: 'Анна Петрова', channel: 'call' as const, occurredAt: COMPONENT_NOW - 60 * MIN };
  return {
    comments: [
      { ...base, id: uuid(), interactionId: uuid(), text: 'Назовите клиенту срок ответа', at: COMPONENT_NOW - 5 * MIN, seenAt: null },
      { ...base, id: uuid(), interactionId: uuid(), text: 'Хорошо отработано', at: COMPONENT_NOW - 2 * 24 * 60 * MIN, seenAt: COMPONENT_NOW - 24 * 60 * MIN },
    ],
    unread: 1,
    available: true,
    live: true,
    fetchedAt: COMPONENT_NOW,
  };
}

describe('the operator home', () => {
  it("shows the day: my calls with their counts, tasks due, the team's missed calls and unread comments", async () => {
    const tasks = [
      makeTask(anna.customer.id, { customerName: 'Анна Петрова', title: 'Перезвонить Анне', dueAt: COMPONENT_NOW - 30 * MIN }),
      makeTask(oleg.customer.id, { customerName: 'Олег Сидоров', title: 'Отправить предложение', dueAt: COMPONENT_NOW + 3 * 24 * 60 * MIN }),
    ];
    const api = fakeApi({ 'home.day': () => day(), 'home.reviews': () => reviews(), 'tasks.list': () => tasks, 'callerCard.forCustomer': ({ customerId }) => (customerId === anna.customer.id ? anna : oleg) });
    const { user } = renderApp(api);
    const home = await screen.findByTestId('home');
    expect(within(home).getByRole('heading', { level: 2 })).toHaveTextContent(/^Сегодня, понедельник, 16 марта$/);

    const calls = within(home).getByTestId('home-calls');
    await within(calls).findByText('2 звонка: входящих 1, исходящих 1, разговор 02:50');
    const callRows = within(within(calls).getByTestId('home-calls-list')).getAllByRole('button');
    expect(callRows.map((b) => b.textContent)).toEqual([expect.stringContaining('Олег Сидоров'), expect.stringContaining('Анна Петрова')]);
    expect(callRows[1]).toHaveTextContent('входящий');
    expect(callRows[1]).toHaveTextContent('02:05');
    // A list is one tab stop; the arrows move in it.
    expect(callRows.map((b) => b.tabIndex)).toEqual([0, -1]);

    // Only what is due by the end of today.
    const due = within(home).getByTestId('home-tasks');
    await within(due).findByText('Перезвонить Анне');
    expect(within(due).queryByText('Отправить предложение')).toBeNull();
    expect(within(due).getByText('просрочена')).toBeInTheDocument();

    const missed = within(home).getByTestId('home-missed');
    expect(within(missed).getByText('Без ответа: 1 из 2')).toBeInTheDocument();
    const missedRows = within(missed).getAllByRole('button');
    expect(missedRows[0]).toHaveTextContent('ждёт перезвона: команда');
    expect(missedRows[0]).toHaveTextContent('+7 916 555 01 02');
    // What the system wrote in English reads in Russian here.
    expect(missedRows[1]).toHaveTextContent('Неизвестный абонент +7 916 555 01 01');
    expect(missedRows[1]).toHaveTextContent(/перезвонили в \d\d:\d\d/);

    const comments = within(home).getByTestId('home-reviews');
    expect(within(comments).getByTestId('home-reviews-unread')).toHaveTextContent('1 новое');

    // Enter on a call opens its customer's card; Alt+D comes back to the day.
    callRows[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(callRows[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.calls['callerCard.forCustomer']).toHaveBeenLastCalledWith({ customerId: anna.customer.id }));
    await waitFor(() => expect(screen.queryByTestId('home')).toBeNull());
    await user.keyboard('{Alt>}d{/Alt}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: /^Сегодня/ })).toHaveFocus());
  });

  it('opens a new comment on its entry and marks it read; a comment added elsewhere arrives by the event', async () => {
    let current = reviews();
    const api = fakeApi({ 'home.reviews': () => current, 'home.markReviewsSeen': () => ({ marked: 1 }), 'interactions.open': () => new Promise(() => undefined) });
    const { user } = renderApp(api);
    const comments = await screen.findByTestId('home-reviews');
    const first = await within(comments).findByRole('button', { name: /Назовите клиенту срок ответа/ });
    expect(first).toHaveTextContent('новое');
    await user.click(first);
    expect(api.calls['home.markReviewsSeen']).toHaveBeenCalledWith({ ids: [current.comments[0]!.id] });
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(within(comments).queryByTestId('home-reviews-unread')).toBeNull());
    expect(within(comments).queryByText('новое')).toBeNull();

    current = { ...reviews(), comments: [{ ...reviews().comments[0]!, id: uuid(), text: 'Уточните адрес доставки' }], unread: 1 };
    act(() => api.emit({ type: 'review-comments' }));
    expect(await within(comments).findByText('Уточните адрес доставки')).toBeInTheDocument();
    expect(within(comments).getByTestId('home-reviews-unread')).toHaveTextContent('1 новое');
  });

  it('says when there is no server to bring comments, and re-reads the day when data changes', async () => {
    const api = fakeApi();
    renderApp(api);
    const home = await screen.findByTestId('home');
    expect(await within(home).findByText('Замечания приходят с сервера: подключитесь к нему (Alt+S).')).toBeInTheDocument();
    expect(within(home).getByText('Сегодня звонков ещё не было.')).toBeInTheDocument();
    expect(within(home).getByText('Сегодня пропущенных звонков нет.')).toBeInTheDocument();
    const reads = api.calls['home.day'].mock.calls.length;
    act(() => api.emit({ type: 'data-changed', customerIds: [anna.customer.id] }));
    await waitFor(() => expect(api.calls['home.day'].mock.calls.length).toBeGreaterThan(reads));
    const { from, to } = api.calls['home.day'].mock.calls[0]![0] as { from: number; to: number };
    expect(from).toBeLessThanOrEqual(COMPONENT_NOW);
    expect(to).toBeGreaterThan(COMPONENT_NOW);
  });
});

describe('the supervisor home', () => {
  it("is the board under today's queue numbers, saying whether they come from queue events", async () => {
    const stats: QueueStatsResponse = {
      day: '2026-03-16', timeZone: 'Europe/Moscow', serverTimeMs: COMPONENT_NOW, answerWithinS: 20,
      sources: [
        { sourceId: 'novofon', name: 'Новофон', kind: 'zadarma', waitingNow: 2, longestWaitMs: 75_000, offered: 30, answered: 27, answeredWithin: 22, abandoned: 3, asaMs: 15_000, handlingMs: 190_000, basis: 'lifecycle' },
        { sourceId: 'ami-1', name: 'support · AMI', kind: 'asterisk', waitingNow: 0, longestWaitMs: null, offered: 10, answered: 9, answeredWithin: 8, abandoned: 1, asaMs: 11_000, handlingMs: 170_000, basis: 'queue_events' },
      ],
      total: { waitingNow: 2, longestWaitMs: 75_000, offered: 40, answered: 36, answeredWithin: 30, abandoned: 4, asaMs: 14_000, handlingMs: 185_000, basis: 'lifecycle' },
    };
    const api = fakeApi({
      'session.get': supervisorSession(),
      'supervisor.board': () => cachedAnswer(boardResponse([boardEntry({ name: 'Анна Иванова', state: 'on_call' })])),
      'supervisor.queueStats': () => cachedAnswer(stats),
    });
    renderApp(api);
    const numbers = await screen.findByTestId('queue-numbers');
    await waitFor(() => expect(within(numbers).getByTestId('queue-waiting')).toHaveTextContent(/Ждут ответа2дольше всех 01:1\d/));
    expect(within(numbers).getByTestId('queue-sl')).toHaveTextContent('75');
    expect(within(numbers).getByTestId('queue-sl')).toHaveTextContent('отвечено за 20 с: 30 из 40');
    expect(within(numbers).getByTestId('queue-asa')).toHaveTextContent('00:14');
    expect(within(numbers).getByTestId('queue-abandon')).toHaveTextContent('10');
    expect(within(numbers).getByTestId('queue-handling')).toHaveTextContent('03:05');
    expect(within(numbers).getByTestId('queue-basis')).toHaveTextContent('числа выведены из хода звонков');
    // Each PBX (and each queue of the desktop's own AMI link) has its row.
    const rows = within(numbers).getAllByTestId('queue-source');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/^Новофон2/), expect.stringMatching(/^support · AMI0/)]);
    expect(await screen.findByTestId('board-table')).toBeInTheDocument();
  });
});
