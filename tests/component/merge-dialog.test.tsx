// Merging a duplicate from the card, by keyboard: Alt+O, type, ↓ Enter to pick the other card, the
// differing fields side by side with the survivor's values chosen (or the other's where the survivor
// has none), a choice changed, Ctrl+Enter: the merge is asked with each field's side, and the card
// opens on the survivor. Offline, the operator is told the merge needs the server.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/index.js';
import { fakeApi, makeCard } from './fakeApi.js';
import { renderApp } from './render.js';

function setUp(failWith?: ApiError) {
  const ivan = makeCard('Иван Кузнецов', { phone: '+7 916 555-00-01' });
  const dup = makeCard('Кузнецов И.', { phone: '+7 916 555-00-02' });
  const duplicate = { ...dup.customer, organisation: null, segment: 'B2B', birthday: '1980-03-01', owner: null, ownerLocked: false };
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79165550001', matches: [ivan] }),
    'callerCard.forCustomer': () => ivan,
    'search.query': () => ({
      customers: [
        { customerId: ivan.customer.id, name: 'Иван Кузнецов', organisation: 'ООО «Ромашка»', phone: '+7 916 555-00-01', email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 1 },
        { customerId: duplicate.id, name: 'Кузнецов И.', organisation: null, phone: '+7 916 555-00-02', email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 2 },
      ],
      interactions: [],
    }),
    'customers.get': () => duplicate,
    'merge.customers': ({ fromId, intoId }) => {
      if (failWith) throw failWith;
      return { id: crypto.randomUUID(), fromId, survivorId: intoId, moved: { interaction: 3 }, byUserId: crypto.randomUUID(), at: Date.now() };
    },
  });
  return { api, ivan, duplicate };
}

async function openMerge(api: ReturnType<typeof fakeApi>) {
  const { user } = renderApp(api);
  await screen.findByTestId('incoming-number');
  act(() => api.emit({ type: 'incoming-call', number: '+79165550001', startedAt: Date.UTC(2026, 11, 6, 9, 0), callId: 'c-1' }));
  await screen.findByTestId('customer-name');
  await user.keyboard('{Alt>}o{/Alt}');
  const dialog = await screen.findByTestId('merge-dialog');
  expect(within(dialog).getByTestId('merge-search')).toHaveFocus();
  await user.keyboard('Кузнецов');
  // The card's own customer is not offered.
  expect(await within(dialog).findAllByTestId('merge-search-hit')).toHaveLength(1);
  await user.keyboard('{Enter}');
  await within(dialog).findByTestId('merge-form');
  return { user, dialog };
}

describe('merging two customers', () => {
  it('by keyboard: pick the other card, see the differences, change one, Ctrl+Enter merges with each field\'s side', async () => {
    const { api, ivan, duplicate } = setUp();
    const { user, dialog } = await openMerge(api);
    expect(within(dialog).getByTestId('merge-keep-this')).toHaveFocus();
    const rows = within(within(dialog).getByTestId('merge-fields')).getAllByRole('row').slice(1).map((r) => r.querySelector('th')?.textContent);
    expect(rows).toEqual(['Имя', 'Организация', 'День рождения', 'Сегмент', 'Ответственный менеджер']);
    // The survivor's values by default; its missing birthday comes from the other card.
    expect(within(dialog).getByTestId('merge-name-this')).toBeChecked();
    expect(within(dialog).getByTestId('merge-birthday-other')).toBeChecked();
    await user.click(within(dialog).getByTestId('merge-segment-other'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['merge.customers']).toHaveBeenCalledWith({
      fromId: duplicate.id, intoId: ivan.customer.id,
      fields: { name: 'into', organisation: 'into', birthday: 'from', segment: 'from', owner: 'into' },
    }));
    await waitFor(() => expect(screen.queryByTestId('merge-dialog')).not.toBeInTheDocument());
    expect(api.calls['callerCard.forCustomer']).toHaveBeenLastCalledWith({ customerId: ivan.customer.id });
  });

  it('keeping the other card sends it as the survivor', async () => {
    const { api, ivan, duplicate } = setUp();
    const { user, dialog } = await openMerge(api);
    await user.keyboard('{ArrowDown}');
    expect(within(dialog).getByTestId('merge-keep-other')).toBeChecked();
    await user.click(within(dialog).getByTestId('merge-confirm'));
    await waitFor(() => expect(api.calls['merge.customers']).toHaveBeenCalledWith(expect.objectContaining({ fromId: ivan.customer.id, intoId: duplicate.id })));
  });

  it('from search: Ctrl+K, the duplicate found, Alt+O opens the merge with it picked', async () => {
    const { api, ivan, duplicate } = setUp();
    const { user } = renderApp(api);
    await screen.findByTestId('incoming-number');
    act(() => api.emit({ type: 'incoming-call', number: '+79165550001', startedAt: Date.UTC(2026, 11, 6, 9, 0), callId: 'c-2' }));
    await screen.findByTestId('customer-name');
    await user.keyboard('{Control>}k{/Control}');
    const search = await screen.findByTestId('search-dialog');
    expect(search).toHaveAccessibleDescription(/Alt\+O — объединить/);
    await user.keyboard('Кузнецов');
    await within(search).findAllByRole('option');
    await user.keyboard('{ArrowDown}{Alt>}o{/Alt}');
    const dialog = await screen.findByTestId('merge-dialog');
    await within(dialog).findByTestId('merge-form');
    expect(within(dialog).getByTestId('merge-keep-other')).toHaveAccessibleName(`Оставить «${duplicate.name}»`);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['merge.customers']).toHaveBeenCalledWith(expect.objectContaining({ fromId: duplicate.id, intoId: ivan.customer.id })));
  });

  it('offline: says the merge needs the server, and the dialog stays', async () => {
    const { api } = setUp(new ApiError('offline', 'merging customers needs the central server'));
    const { user, dialog } = await openMerge(api);
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/сервер|связ/i);
    expect(screen.getByTestId('merge-dialog')).toBeInTheDocument();
  });
});
