// A broken link to the PBX is said in the header (issue 18): the Telephony button (Alt+P) reads
// "Telephony: ⚠ No link, retrying" with the reason as its description, and turns back when the
// link returns; a desk whose phone link is broken would otherwise never pop a card, silently.
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, SOURCE_OFF } from './fakeApi.js';
import { renderApp } from './render.js';

describe('the telephony link in the header', () => {
  it('says the link is down, with its reason, and clears when it is back', async () => {
    const api = fakeApi({ 'cti.status': () => ({ webhook: SOURCE_OFF, ami: { state: 'backoff', error: 'connect ECONNREFUSED 10.0.0.5:5038', port: null, nextAttemptAt: Date.now() + 8_000 } }) });
    renderApp(api);
    const button = screen.getByTestId('cti-settings-open');
    await waitFor(() => expect(button).toHaveAttribute('data-link', 'backoff'));
    expect(button).toHaveTextContent('Телефония: ⚠ Нет связи, повтор');
    expect(button).toHaveAttribute('title', 'connect ECONNREFUSED 10.0.0.5:5038');
    expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+P');
    act(() => api.emit({ type: 'cti-status', status: { webhook: SOURCE_OFF, ami: { state: 'connected', error: null, port: null, nextAttemptAt: null } } }));
    await waitFor(() => expect(button).toHaveAttribute('data-link', 'ok'));
    expect(button).toHaveTextContent(/^Телефония/);
    expect(button).not.toHaveAttribute('title');
  });
});
