// The card says how often the customer has been in touch, a repeated call in a day stands out, and
// each mood carries its date (issue 17).
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, makeCard } from './fakeApi.js';
import { renderApp } from './render.js';

describe('the card\'s recency', () => {
  it('counts calls in 24 h and entries in 7 and 30 days; two calls or more in a day stand out; moods are dated', async () => {
    const card = makeCard('Часто Звонящая', { recency: { callsIn24h: 3, entries7d: 5, entries30d: 9 } });
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
      'callerCard.forCustomer': () => card,
      'history.list': () => ({ total: card.historyCount, entries: card.history }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '+79161234567{Enter}');
    const recency = await screen.findByTestId('recency');
    expect(recency).toHaveTextContent('звонков за сутки: 3 · записей за 7 дней: 5 · за 30 дней: 9');
    expect(within(recency).getByTestId('recency-24h')).toHaveClass('recency-alert');
    const moods = within(screen.getByTestId('moods')).getAllByRole('listitem');
    const yesterday = new Intl.DateTimeFormat('ru', { day: 'numeric', month: 'short' }).format(card.recentMoods[0]!.occurredAt).replace('.', '');
    expect(moods[0]!.textContent).toContain(yesterday.slice(0, 2).trim());
    expect(moods[0]!.querySelector('.mood-date')).not.toBeNull();
  });
});
