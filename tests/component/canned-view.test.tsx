// The supervisors' canned outcomes and note templates (Alt+K): added from the keyboard for a reason
// or for every reason, listed by kind, removed; an operator has no such view.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CannedText } from '../../src-shared/api/entities.js';
import { fakeApi, OPERATOR } from './fakeApi.js';
import { renderApp } from './render.js';

const SUPERVISOR = { ...OPERATOR, role: 'supervisor' as const };

describe('canned texts view', () => {
  it('adds an outcome for a reason and a template for every reason, lists them by kind, removes one', async () => {
    let list: CannedText[] = [];
    const api = fakeApi({
      'session.get': () => ({ user: SUPERVISOR, settings: { locale: 'ru', defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } }),
      'canned.all': () => list,
      'canned.save': (input) => {
        const saved: CannedText = { id: crypto.randomUUID(), kind: input.kind, reason: input.reason, text: input.text, position: list.length };
        list = [...list, saved];
        return saved;
      },
      'canned.remove': ({ id }) => {
        list = list.filter((c) => c.id !== id);
        return { ok: true };
      },
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}k{/Alt}');
    const view = await screen.findByTestId('canned-view');
    await user.selectOptions(within(view).getByTestId('canned-reason'), 'complaint');
    await user.click(within(view).getByTestId('canned-text'));
    await user.keyboard('Оформлен возврат{Enter}');
    await waitFor(() => expect(api.calls['canned.save']).toHaveBeenCalledWith({ kind: 'outcome', reason: 'complaint', text: 'Оформлен возврат' }));
    expect(within(view).getByTestId('canned-text')).toHaveFocus();
    await user.click(within(view).getByRole('radio', { name: 'Шаблон заметки' }));
    await user.selectOptions(within(view).getByTestId('canned-reason'), '');
    await user.click(within(view).getByTestId('canned-text'));
    await user.keyboard('Суть: … Обещали: …{Enter}');
    await waitFor(() => expect(within(view).getByTestId('canned-notes')).toHaveTextContent('Любая причинаСуть: … Обещали: …'));
    expect(within(view).getByTestId('canned-outcomes')).toHaveTextContent('ЖалобаОформлен возврат');
    await user.click(within(view).getByRole('button', { name: 'Удалить: Оформлен возврат' }));
    await waitFor(() => expect(within(view).queryByTestId('canned-outcomes')).not.toBeInTheDocument());
  });

  it('is not offered to an operator', async () => {
    const api = fakeApi({ 'canned.all': () => [] });
    const { user } = renderApp(api);
    await screen.findByTestId('incoming-number');
    await user.keyboard('{Alt>}k{/Alt}');
    expect(screen.queryByTestId('canned-view')).not.toBeInTheDocument();
  });
});
