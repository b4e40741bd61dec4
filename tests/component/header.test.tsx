import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-shared/sync/status.js';
import { fakeApi, OPERATOR, syncStatus } from './fakeApi.js';
import { renderApp } from './render.js';

const OFFLINE = (over: Partial<SyncStatus> = {}) =>
  syncStatus({
    state: 'offline',
    serverUrl: 'http://sync.example:8787',
    user: { id: OPERATOR.id, name: OPERATOR.name, role: 'operator' },
    lastSyncAt: Date.now() - 3 * 60_000,
    pendingUploads: 4,
    ...over,
  });

describe('header', () => {
  it('tabs from the skip link to the incoming number first, then the top bar, then the call bar', async () => {
    const { user } = renderApp(fakeApi());
    await waitFor(() => expect(screen.getByTestId('away-toggle')).toBeEnabled());
    const order: Array<string | null> = [];
    for (let i = 0; i < 12; i++) {
      await user.tab();
      const el = document.activeElement as HTMLElement;
      order.push(el.dataset.testid ?? el.getAttribute('href') ?? el.textContent);
    }
    expect(order).toEqual([
      '#main',
      'incoming-number',
      'Найти',
      'home-open',
      'search-open',
      'sync-open',
      'away-toggle',
      'missed-calls',
      'my-tasks-open',
      'cti-settings-open',
      'language-switch',
      'help-open',
    ]);
  });

  it("shows the operator's name with their state, and every header button with its shortcut", async () => {
    renderApp(fakeApi());
    const banner = screen.getByRole('banner');
    await within(banner).findByText('Ольга Операторова');
    await waitFor(() => expect(screen.getByTestId('operator-state')).toHaveTextContent('Свободен'));
    const keys: Record<string, string> = {
      'search-open': 'Ctrl+K',
      'sync-open': 'Alt+S',
      'away-toggle': 'Alt+A',
      'missed-calls': 'Alt+M',
      'home-open': 'Alt+D',
      'my-tasks-open': 'Alt+Y',
      'cti-settings-open': 'Alt+P',
      'language-switch': 'Alt+L',
      'help-open': 'F1/?',
    };
    for (const [id, shown] of Object.entries(keys)) expect(within(banner).getByTestId(id)).toHaveTextContent(shown);
  });

  it('keeps the sync chip short: state, pending count and marks on screen, the sentences for screen readers and in the tooltip', async () => {
    const api = fakeApi({ 'sync.status': () => OFFLINE({ rejected: 2, error: 'clock_skew', clockSkewMs: 9 * 60_000 }) });
    renderApp(api);
    const indicator = screen.getByTestId('sync-indicator');
    await within(indicator).findByText('Нет связи');
    const pending = within(indicator).getByTestId('sync-pending');
    expect(pending).toHaveTextContent('4 к отправке');
    // On screen: "↑ 4"; the words are visually hidden.
    expect(pending.querySelector('[aria-hidden="true"]')).toHaveTextContent('↑ 4');
    expect(within(indicator).getByTestId('sync-last')).toHaveClass('visually-hidden');
    const chip = indicator.parentElement!;
    expect(chip.title).toContain('Нет связи');
    expect(chip.title).toContain('4 к отправке');
    expect(chip.title).toContain('синхронизировано 3 минуты назад');
    expect(chip.title).toContain('2 изменения отклонены');
    expect(chip.title).toContain('часы расходятся на 9 минут');
    // The panel button is in the chip and keeps its name.
    expect(within(chip).getByRole('button', { name: 'Синхронизация' })).toBe(screen.getByTestId('sync-open'));
  });
});
