// Loyalty in the renderer (issue 20): the card shows the level, the points and what the customer is
// close to; a purchase and a redemption are recorded from the panel's forms; a customer without a card
// is issued one; supervisors set a programme's levels and see how it works, by level.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LoyaltyProgrammeView, LoyaltyStanding } from '../../src-shared/loyalty/loyalty.js';
import { cachedAnswer, fakeApi, makeCard, supervisorSession, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

const programme: LoyaltyProgrammeView = {
  id: uuid(), name: 'Клуб друзей', pointsPer100: 5, active: true,
  levels: [{ name: 'Базовый', minPoints: 0, discountPct: 0 }, { name: 'Серебро', minPoints: 500, discountPct: 5 }, { name: 'Золото', minPoints: 2000, discountPct: 10 }],
};

function standing(over: Partial<LoyaltyStanding> = {}): LoyaltyStanding {
  return {
    programmeId: programme.id, programmeName: programme.name, card: { id: uuid(), number: '7700-0001', kind: 'personal' }, balance: 800, lifetime: 800,
    level: programme.levels[1]!, next: { name: 'Золото', pointsToGo: 1200 },
    recent: [{ id: uuid(), kind: 'accrual', points: 500, amountKopecks: 1_000_050, receipt: 'R-3', at: Date.UTC(2026, 2, 10, 9), by: 'Анна', note: null }],
    ...over,
  };
}

describe('loyalty', () => {
  it('the card shows the level, the points and the next level; a purchase and a redemption are recorded', async () => {
    const card = makeCard('Ирина Ветрова');
    let current = standing();
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'loyalty.programmes': () => [programme],
      'loyalty.forCustomer': () => [current],
      'loyalty.purchase': () => [(current = { ...current, balance: 900, lifetime: 900, next: { name: 'Золото', pointsToGo: 1100 } })],
      'loyalty.redeem': ({ points }) => [(current = { ...current, balance: current.balance - points })],
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const panel = await screen.findByTestId('loyalty');
    expect(within(panel).getByTestId('loyalty-level')).toHaveTextContent('Серебро · скидка 5%');
    expect(within(panel).getByTestId('loyalty-balance')).toHaveTextContent('800 баллов');
    expect(within(panel).getByTestId('loyalty-next')).toHaveTextContent('До уровня «Золото»: 1 200 баллов');
    expect(within(panel).getByRole('meter', { name: 'Путь к следующему уровню' })).toHaveAttribute('value', '300');
    expect(panel).toHaveTextContent('чек R-3');
    const purchase = within(panel).getByTestId('loyalty-purchase');
    await user.type(within(purchase).getByLabelText('Сумма, ₽'), '2 000,50');
    await user.type(within(purchase).getByLabelText('Номер чека'), 'R-4{Enter}');
    await waitFor(() => expect(api.calls['loyalty.purchase']).toHaveBeenCalledWith({ customerId: card.customer.id, programmeId: programme.id, amount: 2000.5, receipt: 'R-4' }));
    expect(await screen.findByText('Покупка записана: +100 баллов')).toBeInTheDocument();
    await user.type(within(within(panel).getByTestId('loyalty-redeem')).getByLabelText('Баллов'), '300{Enter}');
    await waitFor(() => expect(api.calls['loyalty.redeem']).toHaveBeenCalledWith({ customerId: card.customer.id, programmeId: programme.id, points: 300, note: null }));
    await waitFor(() => expect(within(screen.getByTestId('loyalty')).getByTestId('loyalty-balance')).toHaveTextContent('600'));
  });

  it('a customer without a card is issued one', async () => {
    const card = makeCard('Павел');
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'loyalty.programmes': () => [programme],
      'loyalty.forCustomer': () => [],
      'loyalty.issueCard': () => [standing({ balance: 0, lifetime: 0, level: programme.levels[0]!, next: { name: 'Серебро', pointsToGo: 500 }, recent: [] })],
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const issue = await screen.findByTestId('loyalty-issue');
    await user.type(within(issue).getByLabelText('Номер карты'), '7700-0002');
    await user.selectOptions(within(issue).getByLabelText('Вид карты'), 'bearer');
    await user.click(within(issue).getByRole('button', { name: 'Выдать карту' }));
    await waitFor(() => expect(api.calls['loyalty.issueCard']).toHaveBeenCalledWith({ customerId: card.customer.id, programmeId: programme.id, number: '7700-0002', kind: 'bearer' }));
    expect(await screen.findByTestId('loyalty-standing')).toHaveTextContent('Карта 7700-0001');
  });

  it('with no programme and no points, the card shows no loyalty panel', async () => {
    const card = makeCard('Павел');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }), 'loyalty.programmes': () => [], 'loyalty.forCustomer': () => [] });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    await screen.findByTestId('customer-name');
    await waitFor(() => expect(api.calls['loyalty.forCustomer']).toHaveBeenCalled());
    expect(screen.queryByTestId('loyalty')).not.toBeInTheDocument();
  });

  it('a supervisor sets a programme\'s levels and sees how members of each level buy', async () => {
    let list: LoyaltyProgrammeView[] = [];
    const api = fakeApi({
      'session.get': supervisorSession(),
      'supervisor.board': () => cachedAnswer({ entries: [], serverTimeMs: Date.now(), day: '2026-03-10', timeZone: 'Europe/Moscow' }),
      'campaigns.list': () => [],
      'campaigns.figures': () => ({ figures: null, available: false, live: false, fetchedAt: null }),
      'loyalty.programmes': () => list,
      'loyalty.saveProgramme': (input) => (list = [{ ...input, id: uuid() }]),
      'loyalty.figures': () => ({
        available: true, live: true, fetchedAt: Date.now(), figures: {
          computedAtMs: Date.now(), programmes: list.map((p) => ({
            programmeId: p.id, name: p.name, cards: 1, members: 2, purchases: 3, amountKopecks: 180_000, accrued: 36, redeemed: 15, outstanding: 21,
            byLevel: [
              { level: 'Старт', discountPct: 0, members: 1, purchases: 1, amountKopecks: 30_000, purchasesPerMember: 1, averageKopecks: 30_000 },
              { level: 'Плюс', discountPct: 3, members: 1, purchases: 2, amountKopecks: 150_000, purchasesPerMember: 2, averageKopecks: 75_000 },
            ],
          })),
        },
      }),
    });
    const { user } = renderApp(api);
    await user.keyboard('{Control>}{Shift>}m{/Shift}{/Control}');
    const section = await screen.findByTestId('loyalty-programmes');
    await user.click(within(section).getByTestId('loyalty-new'));
    const form = within(section).getByTestId('loyalty-form');
    await user.type(within(form).getByLabelText('Название'), 'Бонусы');
    await user.clear(within(form).getByLabelText('Баллов за каждые 100 ₽'));
    await user.type(within(form).getByLabelText('Баллов за каждые 100 ₽'), '2');
    await user.type(within(form).getByLabelText('Уровень 1: название'), 'Старт');
    await user.click(within(form).getByRole('button', { name: 'Добавить уровень' }));
    await user.type(within(form).getByLabelText('Уровень 2: название'), 'Плюс');
    await user.type(within(form).getByLabelText('Уровень 2: с баллов'), '25');
    await user.clear(within(form).getByLabelText('Уровень 2: скидка, %'));
    await user.type(within(form).getByLabelText('Уровень 2: скидка, %'), '3');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['loyalty.saveProgramme']).toHaveBeenCalledWith({
      name: 'Бонусы', pointsPer100: 2, active: true, levels: [{ name: 'Старт', minPoints: 0, discountPct: 0 }, { name: 'Плюс', minPoints: 25, discountPct: 3 }],
    }));
    const rows = await within(screen.getByTestId('loyalty-programmes')).findAllByTestId('loyalty-level-row');
    const cells = rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent?.replace(/\s/gu, ' ')));
    expect(cells).toEqual([['Старт · скидка 0%', '1', '1', '300,00 ₽'], ['Плюс · скидка 3%', '1', '2', '750,00 ₽']]);
  });
});
