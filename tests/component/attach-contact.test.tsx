// An unknown caller who is in fact a known customer calling from a new number: from the unknown
// caller's card the operator searches, picks with the keyboard, confirms, and the number becomes the
// customer's; the card reopens on them with the call still attached (its start and its call id).
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CustomerCard } from '../../src-shared/api/entities.js';
import { fakeApi, makeCard } from './fakeApi.js';
import { renderApp } from './render.js';

describe('attaching an unknown number to an existing customer', () => {
  it('search, ↓ and Enter to pick, confirm: the number is added and the card opens on the customer with the call', async () => {
    const olga = makeCard('Ольга Смирнова');
    const pavel = makeCard('Павел Орлов');
    let attached = false;
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79035550000', matches: attached ? [olga] : ([] as CustomerCard[]) }),
      'search.query': () => ({
        customers: [
          { customerId: pavel.customer.id, name: 'Павел Орлов', organisation: null, phone: '+7 916 000-00-01', email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 1 },
          { customerId: olga.customer.id, name: 'Ольга Смирнова', organisation: 'ООО «Ромашка»', phone: null, email: 'olga@example.ru', matched: 'name', lastContactAt: null, openCases: 0, rank: 2 },
        ],
        interactions: [],
      }),
      'contacts.add': ({ customerId, kind, value }) => {
        attached = true;
        return { id: olga.customer.id, customerId, kind, raw: value, normalized: '+79035550000', label: null };
      },
    });
    const { user } = renderApp(api);
    await screen.findByTestId('incoming-number');
    act(() => api.emit({ type: 'incoming-call', number: '+79035550000', startedAt: Date.UTC(2026, 11, 6, 9, 0), callId: 'pbx-call-7' }));
    const box = await screen.findByTestId('attach-contact');
    await user.click(within(box).getByTestId('attach-search'));
    await user.keyboard('Ромашка');
    await within(box).findAllByTestId('attach-search-hit');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(within(box).getByTestId('attach-question')).toHaveTextContent('Добавить +79035550000 клиенту «Ольга Смирнова»?');
    expect(within(box).getByTestId('attach-confirm')).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.calls['contacts.add']).toHaveBeenCalledWith({ customerId: olga.customer.id, kind: 'phone', value: '+79035550000', acknowledgeDuplicate: false }));
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Ольга Смирнова');
    // The card still carries the call: logging it now logs it for Ольга.
    expect(api.calls['callerCard.lookup']).toHaveBeenLastCalledWith({ number: '+79035550000' });
    expect(screen.getByTestId('call-start')).toBeInTheDocument();
  });
});
