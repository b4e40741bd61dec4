// An edit a colleague's concurrent write overwrote is shown to its author (issue 16): a toast says so
// when it arrives, the sync indicator marks it, and the sync dialog (Alt+S) lists the field, the
// author's value and the value that won, with "Apply mine again" focused: one Enter puts it back.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OverwrittenEntry, SyncStatus } from '../../src-shared/sync/status.js';
import { fakeApi, OPERATOR, syncStatus, type FakeApi } from './fakeApi.js';
import { renderApp } from './render.js';

const ONLINE = (over: Partial<SyncStatus> = {}) =>
  syncStatus({ state: 'online', serverUrl: 'http://sync.example:8787', user: { id: OPERATOR.id, name: OPERATOR.name, role: 'operator' }, lastSyncAt: Date.now(), ...over });

describe('my overwritten edits', () => {
  it('are announced, marked, listed with both values, and put back with one Enter', async () => {
    let list: OverwrittenEntry[] = [{
      id: 41, entity: 'customer', rowId: crypto.randomUUID(), field: 'segment', myValue: 'VIP', keptValue: 'B2B', customerId: null, label: 'Ирина Лебедева', at: Date.UTC(2026, 11, 6, 10, 5),
    }];
    const api: FakeApi = fakeApi({
      'sync.status': () => ONLINE(),
      'sync.overwritten': () => list,
      'sync.reapplyOverwritten': ({ id }) => {
        list = list.filter((e) => e.id !== id);
        return { ok: true };
      },
    });
    const { user } = renderApp(api);
    await screen.findByTestId('sync-indicator');
    act(() => api.emit({ type: 'sync-status', status: ONLINE({ overwritten: 1 }) }));
    expect(await screen.findByText(/Коллега одновременно изменил то же поле: 1 ваша правка перезаписана/)).toBeInTheDocument();
    expect(within(screen.getByTestId('sync-indicator')).getByTestId('sync-overwritten')).toHaveTextContent('1 ваша правка перезаписана');

    await user.keyboard('{Alt>}s{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Синхронизация с сервером' });
    const row = await within(dialog).findByTestId('overwritten-edit');
    expect(row).toHaveTextContent('Ирина Лебедева');
    expect(row).toHaveTextContent('Сегмент');
    expect(within(row).getByTestId('overwritten-mine')).toHaveTextContent('VIP');
    expect(within(row).getByTestId('overwritten-kept')).toHaveTextContent('B2B');
    await waitFor(() => expect(within(row).getByTestId('overwritten-reapply')).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.calls['sync.reapplyOverwritten']).toHaveBeenCalledWith({ id: 41 }));
    expect(await screen.findByText('Ваше значение возвращено: Сегмент')).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).queryByTestId('overwritten-edit')).not.toBeInTheDocument());
  });
});
