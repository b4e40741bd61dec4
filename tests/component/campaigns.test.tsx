import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CardCampaign } from '../../src-shared/campaigns/campaign.js';
import { fakeApi, makeCard, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

function campaign(over: Partial<CardCampaign> = {}): CardCampaign {
  return {
    id: uuid(), name: 'VIP: скидка 10%', kind: 'discount', startsOn: '2026-03-01', endsOn: '2026-03-31', offer: 'Скидка 10% на годовое обслуживание',
    channel: 'call', segments: ['VIP'], followUpProcessId: null, followUpOn: [], active: true, response: null, ...over,
  };
}

describe('campaigns on the card', () => {
  it('shows the campaigns that apply, and records a response in one key for the current one', async () => {
    const first = campaign({ name: 'День открытых дверей', kind: 'event', offer: 'Приглашаем 14 марта', endsOn: '2026-03-14' });
    const second = campaign({ response: { kind: 'info', at: Date.parse('2026-03-09T10:00:00Z'), by: 'Анна' } });
    const card = makeCard('Ирина', { campaigns: [first, second] });
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
      'campaigns.respond': () => [first, second],
    });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '8 (916) 123-45-67{Enter}');
    const rows = await screen.findAllByTestId('campaign');
    expect(rows[0]).toHaveTextContent('День открытых дверей');
    expect(rows[0]).toHaveTextContent('Приглашаем 14 марта');
    expect(within(rows[1]!).getByTestId('campaign-response')).toHaveTextContent('Ответ: Запросил информацию · Анна');
    // The first is current: its buttons show Alt+1…4.
    expect(within(rows[0]!).getByRole('button', { name: 'Отказ' })).toHaveAttribute('aria-keyshortcuts', 'Alt+2');
    expect(within(rows[1]!).getByRole('button', { name: 'Отказ' })).not.toHaveAttribute('aria-keyshortcuts');

    await user.keyboard('{Alt>}2{/Alt}');
    await waitFor(() => expect(api.calls['campaigns.respond']).toHaveBeenCalledWith(expect.objectContaining({ campaignId: first.id, kind: 'declined', channel: 'call' })));
    expect(await screen.findByText('Ответ записан: Отказ')).toBeInTheDocument();

    await user.click(within(rows[1]!).getByText('Скидка 10% на годовое обслуживание'));
    await user.keyboard('{Alt>}3{/Alt}');
    await waitFor(() => expect(api.calls['campaigns.respond']).toHaveBeenLastCalledWith(expect.objectContaining({ campaignId: second.id, kind: 'purchased' })));
  });

  it('shows nothing when no campaign applies, and Alt+1 does nothing', async () => {
    const card = makeCard('Павел');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }) });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '8 (916) 123-45-67{Enter}');
    await screen.findByTestId('customer-name');
    expect(screen.queryByTestId('campaigns')).toBeNull();
    await user.keyboard('{Alt>}1{/Alt}');
    expect(api.calls['campaigns.respond']).not.toHaveBeenCalled();
  });
});
