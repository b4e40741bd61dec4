// Canned outcomes and note templates in the call form (issue 16): the outcomes the supervisor set for
// the chosen reason are offered with the general ones after them; a note template is added to the
// notes on its own line; what is offered follows the reason; the call is logged with both.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CannedText } from '../../src-shared/api/entities.js';
import type { Reason } from '../../src-shared/domain.js';
import { fakeApi, makeCard, makeEntry } from './fakeApi.js';
import { renderApp } from './render.js';

const canned = (kind: CannedText['kind'], reason: Reason | null, text: string, position = 0): CannedText => ({ id: crypto.randomUUID(), kind, reason, text, position });
const TEXTS = [
  canned('outcome', 'complaint', 'Оформлен возврат'),
  canned('outcome', 'complaint', 'Передано в отдел качества', 1),
  canned('outcome', null, 'Перезвонить позже'),
  canned('note', 'complaint', 'Суть жалобы: … Чего хочет клиент: …'),
];

describe('canned outcomes and notes in the call form', () => {
  it('offers the reason\'s outcomes, adds a template to the notes, and logs both', async () => {
    const card = makeCard('Иван Петров');
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
      'callerCard.forCustomer': () => card,
      'canned.list': ({ reason }) => {
        const forReason = TEXTS.filter((c) => c.reason === reason || c.reason === null);
        return { outcomes: forReason.filter((c) => c.kind === 'outcome'), notes: forReason.filter((c) => c.kind === 'note') };
      },
      'interactions.logCall': () => ({ interaction: makeEntry(card.customer.id, 0), case: null, task: null }),
    });
    const { user } = renderApp(api);
    act(() => api.emit({ type: 'incoming-call', number: '+79161234567', startedAt: Date.now() - 60_000 }));
    await screen.findByTestId('customer-name');
    await user.keyboard('{Alt>}c{/Alt}');
    const form = await screen.findByTestId('log-call-form');
    // Reason "other": only the general outcome, no note template.
    await waitFor(() => expect([...within(form).getByTestId('outcome-options').querySelectorAll('option')].map((o) => o.value)).toEqual(['Перезвонить позже']));
    expect(within(form).queryByTestId('note-template')).not.toBeInTheDocument();

    await user.click(within(form).getByRole('radio', { name: 'Жалоба' }));
    await waitFor(() => expect([...within(form).getByTestId('outcome-options').querySelectorAll('option')].map((o) => o.value))
      .toEqual(['Оформлен возврат', 'Передано в отдел качества', 'Перезвонить позже']));
    expect(within(form).getByTestId('log-outcome')).toHaveAccessibleDescription(/итоги, заданные руководителем/);

    await user.click(within(form).getByTestId('log-outcome'));
    await user.keyboard('Оформлен возврат');
    await user.click(within(form).getByTestId('call-notes'));
    await user.keyboard('Звонил второй раз.');
    await user.click(within(form).getByTestId('note-template'));
    await user.keyboard('Суть жалобы: … Чего хочет клиент: …');
    expect(within(form).getByTestId('call-notes')).toHaveValue('Звонил второй раз.\nСуть жалобы: … Чего хочет клиент: …');
    expect(within(form).getByTestId('note-template')).toHaveValue('');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['interactions.logCall']).toHaveBeenCalledWith(expect.objectContaining({
      reason: 'complaint', outcome: 'Оформлен возврат', notes: 'Звонил второй раз.\nСуть жалобы: … Чего хочет клиент: …',
    })));
  });
});
