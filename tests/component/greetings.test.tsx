// Greetings on the card and the home screen (issue 20): the customer's own dates are listed and added
// from the keyboard-friendly form, the stop is a checkbox; the day's list says how each is greeted.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CustomerGreetings } from '../../src-shared/greetings/greeting.js';
import { fakeApi, makeCard, makeEntry, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

describe('greetings', () => {
  it('the card lists the customer’s own dates, adds one, and records their stop', async () => {
    const card = makeCard('Пётр Собачник');
    let state: CustomerGreetings = { dates: [{ id: uuid(), label: 'День рождения собаки', monthDay: '03-08' }], optedOut: false };
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'greetings.dates': () => state,
      'greetings.addDate': ({ label, monthDay }) => (state = { ...state, dates: [...state.dates, { id: uuid(), label, monthDay }] }),
      'greetings.setOptOut': ({ optOut }) => (state = { ...state, optedOut: optOut }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const panel = await screen.findByTestId('greetings');
    expect(within(panel).getByTestId('greeting-date')).toHaveTextContent('8 марта · День рождения собаки');
    await user.type(within(panel).getByLabelText('Что за дата'), 'Годовщина свадьбы');
    await user.selectOptions(within(panel).getByLabelText('День'), '14');
    await user.selectOptions(within(panel).getByLabelText('Месяц'), '2');
    await user.click(within(panel).getByRole('button', { name: 'Добавить дату' }));
    await waitFor(() => expect(api.calls['greetings.addDate']).toHaveBeenCalledWith({ customerId: card.customer.id, label: 'Годовщина свадьбы', monthDay: '02-14' }));
    expect(await within(panel).findByText(/14 февраля/)).toBeInTheDocument();
    await user.click(within(panel).getByLabelText('Клиент просит не присылать поздравлений'));
    await waitFor(() => expect(api.calls['greetings.setOptOut']).toHaveBeenCalledWith({ customerId: card.customer.id, optOut: true }));
  });

  it('a greeting sent by SMS shows on the history as an SMS to the number, with its delivery', async () => {
    const card = makeCard('Анна Белова', { historyCount: 1, history: [] });
    const sms = makeEntry(card.customer.id, 0, { channel: 'sms', direction: 'out', reason: 'other', number: '+79160000001', preview: 'Анна Белова, с днём рождения!', delivery: 'sent' });
    card.history = [sms];
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'history.list': () => ({ total: 1, entries: [sms] }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const row = await screen.findByText('Анна Белова, с днём рождения!', { exact: false });
    const entry = row.closest('[data-entry-id]') ?? row.parentElement!;
    expect(entry).toHaveTextContent('SMS');
    expect(within(entry as HTMLElement).getByTestId('entry-number')).toHaveTextContent('+7 916 000 00 01');
    expect(within(entry as HTMLElement).getByTestId('entry-delivery')).toHaveTextContent('отправлено');
  });

  it('the home screen lists whom to greet today and how', async () => {
    const api = fakeApi({
      'greetings.today': () => ({
        day: '2026-03-08', greetings: [
          { customerId: uuid(), customerName: 'Анна Белова', occasion: 'birthday', label: 'Дни рождения', ruleId: uuid(), channel: 'email', optedOut: false },
          { customerId: uuid(), customerName: 'Ольга Молчунья', occasion: 'birthday', label: 'Дни рождения', ruleId: uuid(), channel: 'email', optedOut: true },
          { customerId: uuid(), customerName: 'Пётр Собачник', occasion: 'customer_date', label: 'День рождения собаки', ruleId: null, channel: null, optedOut: false },
        ],
      }),
    });
    renderApp(api);
    const panel = await screen.findByTestId('home-greetings');
    const rows = await within(panel).findAllByTestId('greeting-today');
    expect(rows.map((r) => r.textContent)).toEqual([
      'Анна Белова · день рождения · письмо отправит сервер',
      'Ольга Молчунья · день рождения · просил не поздравлять',
      'Пётр Собачник · День рождения собаки · правила нет',
    ]);
  });
});
