import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/api/entities.js';
import { ROW_HEIGHT } from '../../src-renderer/features/history/Timeline.js';
import { fakeApi, makeCard, makeEntry } from './fakeApi.js';
import { renderApp } from './render.js';

const TOTAL = 10_000;

function setup() {
  const card = makeCard('Иван Петров', { historyCount: TOTAL, history: [] });
  const id = card.customer.id;
  // Deterministic rows by position; every third is an email so a channel filter has a known size.
  const all: HistoryEntry[] = Array.from({ length: TOTAL }, (_, i) => makeEntry(id, i));
  card.history = all.slice(0, 50);
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
    'history.list': ({ channel, offset = 0, limit = 200 }) => {
      const rows = channel ? all.filter((e) => e.channel === channel) : all;
      return { total: rows.length, entries: rows.slice(offset, offset + limit) };
    },
  });
  return { api, card };
}

describe('history timeline', () => {
  it('renders only a window of 10,000 entries and fetches pages as it scrolls', async () => {
    const { api } = setup();
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');

    const timeline = await screen.findByTestId('timeline');
    await within(timeline).findByText('Запись номер 0');
    expect(within(timeline).getByRole('heading')).toHaveTextContent('10 000 записей');
    const rows = within(timeline).getAllByTestId('timeline-entry');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(api.calls['history.list']).toHaveBeenCalledTimes(1);
    expect(api.calls['history.list']).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 0, limit: 200 }));

    const scroller = screen.getByTestId('timeline-scroller');
    scroller.scrollTop = ROW_HEIGHT * 5_000;
    fireEvent.scroll(scroller);
    await within(timeline).findByText('Запись номер 5000');
    expect(api.calls['history.list']).toHaveBeenCalledWith(expect.objectContaining({ offset: 5_000 }));
    // Still a window, never the whole list, and pages in between were never fetched.
    expect(within(timeline).getAllByTestId('timeline-entry').length).toBeLessThan(60);
    expect(api.calls['history.list']).not.toHaveBeenCalledWith(expect.objectContaining({ offset: 2_000 }));
    const item = within(timeline).getByText('Запись номер 5000').closest('li');
    expect(item).toHaveAttribute('aria-setsize', String(TOTAL));
    expect(item).toHaveAttribute('aria-posinset', '5001');
  });

  it('filters by channel through history.list', async () => {
    const { api } = setup();
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const timeline = await screen.findByTestId('timeline');
    await within(timeline).findByText('Запись номер 0');

    await user.selectOptions(within(timeline).getByLabelText('Канал'), 'email');
    await waitFor(() => expect(api.calls['history.list']).toHaveBeenLastCalledWith(expect.objectContaining({ channel: 'email', offset: 0 })));
    await within(timeline).findByText(/Запись номер 1$/);
    expect(within(timeline).queryByText('Запись номер 0')).not.toBeInTheDocument();
    expect(within(timeline).getByRole('heading')).toHaveTextContent('3 333 записи');
    for (const row of within(timeline).getAllByTestId('timeline-entry')) expect(row).toHaveTextContent('Письмо');
  });

  it('keeps the rows’ words in step with the UI language, and each Correct button names its own entry', async () => {
    const { api } = setup();
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const timeline = await screen.findByTestId('timeline');
    const first = (await within(timeline).findByText('Запись номер 0')).closest('article') as HTMLElement;
    expect(first).toHaveTextContent('Входящий');
    const time = within(first).getByRole('time').textContent ?? '';
    expect(within(first).getByRole('button', { name: `Исправить запись от ${time}` })).toBeInTheDocument();

    await user.click(screen.getByTestId('language-switch'));
    await waitFor(() => expect(within(timeline).getByText('Запись номер 0').closest('article')).toHaveTextContent('Inbound'));
    const row = within(timeline).getByText('Запись номер 0').closest('article') as HTMLElement;
    expect(row).toHaveTextContent('Call');
    expect(row).not.toHaveTextContent('Входящий');
    const enTime = within(row).getByRole('time').textContent ?? '';
    expect(within(row).getByRole('button', { name: `Correct the entry of ${enTime}` })).toBeInTheDocument();
    expect(within(timeline).getByRole('heading')).toHaveTextContent('10,000 entries');
  });
});
