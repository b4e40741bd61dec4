// Texts the system wrote about a missed call (the entry's notes, its callback task) are shown in the
// reader's language, whichever language wrote them (issue 17).
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, makeCard, makeEntry, makeTask } from './fakeApi.js';
import { renderApp } from './render.js';

describe('system-written text', () => {
  it('follows the UI language: a missed call written in Russian reads in English after Alt+L', async () => {
    const base = makeCard('Неизвестный абонент +7 916 555-01-01');
    const id = base.customer.id;
    const card = {
      ...base,
      history: [makeEntry(id, 0, { channel: 'call', outcome: 'missed', preview: 'Пропущенный звонок: звонил 23 с, никто не ответил.' })],
      historyCount: 1,
      openTasks: [makeTask(id, { title: 'Перезвонить: пропущенный звонок +7 916 555-01-01' })],
    };
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79165550101', matches: [card] }),
      'callerCard.forCustomer': () => card,
      'history.list': () => ({ total: 1, entries: card.history }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '+79165550101{Enter}');
    await screen.findByTestId('customer-name');
    expect(await screen.findByText('Пропущенный звонок: звонил 23 с, никто не ответил.')).toBeInTheDocument();
    await user.keyboard('{Alt>}l{/Alt}');
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')[0]).toHaveTextContent('Missed call: rang for 23 s, nobody answered.'));
    expect(within(screen.getByTestId('tasks')).getByText('Call back: missed call from +7 916 555-01-01')).toBeInTheDocument();
  });
});
