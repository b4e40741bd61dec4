// An unknown caller who is nobody's customer (issue 17): Alt+Z opens "No customer", the kind is
// required (said next to it, nothing sent), its digit picks it; spam marks the number and the screen
// returns to the day; a number marked as spam says so first on its card, with "Not spam".
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { NumberMarks } from '../../src-shared/index.js';
import { fakeApi, uuid } from './fakeApi.js';
import { renderApp } from './render.js';
import { COMPONENT_NOW } from './setup.js';

const NONE: NumberMarks = { spam: null, withoutCustomer: [] };

describe('marks on numbers', () => {
  it('logs nothing without a kind; the digit for spam marks the number and goes home', async () => {
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+74956003344', matches: [], numberMarks: NONE }),
      'numbers.markSpam': ({ number }) => ({ id: uuid(), number, kind: 'spam', reason: null, notes: '', at: COMPONENT_NOW, durationS: null, byName: 'Ольга Операторова' }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+7 495 600-33-44{Enter}');
    await screen.findByTestId('customer-form');
    await user.keyboard('{Alt>}z{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Без клиента: +7 495 600 33 44' });
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(dialog).findAllByText('Выберите, что это за звонок (цифра 1–3)')).not.toHaveLength(0);
    expect(api.calls['numbers.markSpam']).not.toHaveBeenCalled();
    within(dialog).getByRole('radio', { name: /Спам/ }).focus();
    await user.keyboard('2');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['numbers.markSpam']).toHaveBeenCalledWith({ number: '+74956003344', notes: '' }));
    expect(api.calls['numbers.logWithoutCustomer']).not.toHaveBeenCalled();
    await screen.findByTestId('home');
    expect(await screen.findByText('Номер +7 495 600 33 44 отмечен как спам')).toBeInTheDocument();
  });

  it('says first that a number is marked as spam, by whom and when; "Not spam" lifts it', async () => {
    let marks: NumberMarks = { spam: { id: uuid(), number: '+74956003344', kind: 'spam', reason: null, notes: 'Робот', at: COMPONENT_NOW - 3_600_000, durationS: null, byName: 'Борис Орлов' }, withoutCustomer: [] };
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+74956003344', matches: [], numberMarks: marks }),
      'numbers.unmarkSpam': () => {
        marks = NONE;
        return { removed: 1 };
      },
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '84956003344{Enter}');
    const banner = await screen.findByTestId('spam-banner');
    expect(banner).toHaveTextContent(/Этот номер отмечен как спам: Борис Орлов, .*Робот/);
    await user.click(within(banner).getByRole('button', { name: 'Не спам' }));
    await waitFor(() => expect(screen.queryByTestId('spam-banner')).toBeNull());
    expect(api.calls['numbers.unmarkSpam']).toHaveBeenCalledWith({ number: '+74956003344' });
  });
});
