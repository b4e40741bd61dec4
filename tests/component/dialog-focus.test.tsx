// Two defects of the operator's minute (issue 17), in the app:
//  - Save clicked with the mouse is disabled while it saves, and Chromium then drops the focus to the
//    page, outside the dialog, where Esc no longer reached it. The dialog takes the focus back, so
//    after a failed save Esc still closes it; after a save whose opener is gone, the main region has it.
//  - A call that rings while a dialog is open popped its card underneath. A dialog holding nothing
//    typed (search, help) gives way; a form stays, and the ring is said above it.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/index.js';
import { callInfo, callState, fakeApi, makeCard } from './fakeApi.js';
import { renderApp } from './render.js';

const ivan = makeCard('Иван Петров');
const anna = makeCard('Анна Смирнова');

describe('dialog focus after a mouse save', () => {
  it('a failed save leaves the focus in the dialog, where Esc closes it', async () => {
    let fail: (e: unknown) => void = () => undefined;
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [ivan] }),
      'tasks.create': () => new Promise((_ok, reject) => (fail = reject)),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    await screen.findByTestId('customer-name');
    await user.keyboard('{Alt>}t{/Alt}');
    const dialog = await screen.findByTestId('task-dialog');
    await user.type(within(dialog).getByTestId('task-title'), 'Перезвонить');
    await user.click(within(dialog).getByTestId('save'));
    // What Chromium does to a focused button that becomes disabled.
    act(() => (document.activeElement as HTMLElement).blur());
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    await act(async () => fail(new ApiError('conflict', 'changed meanwhile')));
    await within(dialog).findByRole('alert');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('task-dialog')).toBeNull());
  });
});

describe('a ring while a dialog is open', () => {
  it('closes the search so the card shows; keeps a form and says the ring above it', async () => {
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [number === '+79161234567' ? ivan : anna] }),
    });
    const { user } = renderApp(api);
    await user.keyboard('{Control>}k{/Control}');
    await screen.findByTestId('search-dialog');
    act(() => api.emit({ type: 'incoming-call', number: '+79169998877', startedAt: Date.now(), callId: 'c1' }));
    await waitFor(() => expect(screen.queryByTestId('search-dialog')).toBeNull());
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Анна Смирнова');

    // A log form half filled for Анна: a second call rings; the form stays, the ring shows above it.
    await user.keyboard('{Alt>}c{/Alt}');
    const form = await screen.findByRole('dialog');
    const ringing = callInfo({ callId: 'c2', number: '+79161234567', state: 'ringing', customers: [{ customerId: ivan.customer.id, name: 'Иван Петров', owner: null }] });
    act(() => {
      api.emit({ type: 'call-state', state: callState({ active: ringing }) });
      api.emit({ type: 'incoming-call', number: '+79161234567', startedAt: Date.now(), callId: 'c2' });
    });
    expect(await screen.findByTestId('ring-over-dialog')).toHaveTextContent('Звонит Иван Петров');
    expect(form).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('ring-over-dialog')).toBeNull());
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Иван Петров');
  });
});
