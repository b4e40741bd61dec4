// The team inbox of shared mailboxes (F8), by keyboard: ↓ moves, A opens the customer search and Enter on a
// hit attaches the message; N makes a customer of the sender; S marks spam. A colleague's earlier
// decision is told in words; without a server the dialog says why there is nothing.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src-shared/index.js';
import type { TeamInbox, TriageDecideRequest, TriageItem } from '../../src-shared/mail/protocol.js';
import { fakeApi, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

function item(n: number, over: Partial<TriageItem> = {}): TriageItem {
  return {
    messageId: `m${n}@mail.example`, mailboxId: 'support', mailboxName: 'Поддержка', sender: `person${n}@mail.example`, senderName: `Отправитель ${n}`,
    subject: `Вопрос ${n}`, receivedAt: Date.UTC(2026, 11, 7, 9, n), size: 1200, preview: `Здравствуйте, вопрос номер ${n}`, ...over,
  };
}

function setUp(inbox: TeamInbox, decide: (input: TriageDecideRequest) => unknown = () => ({ customerId: uuid(), interactionId: uuid(), alsoResolved: 0 })) {
  const customerId = uuid();
  const decisions: TriageDecideRequest[] = [];
  const api = fakeApi({
    'inbox.list': () => inbox,
    'inbox.decide': (input) => {
      decisions.push(input);
      return decide(input) as never;
    },
    'search.query': () => ({
      customers: [{ customerId, name: 'Иван Кузнецов', organisation: null, phone: '+7 916 555-00-01', email: null, matched: 'name', lastContactAt: null, openCases: 0, rank: 1 }],
      interactions: [],
    }),
  });
  return { api, decisions, customerId };
}

async function open(api: ReturnType<typeof fakeApi>) {
  const { user } = renderApp(api);
  await screen.findByTestId('incoming-number');
  await user.keyboard('{F8}');
  const dialog = await screen.findByTestId('team-inbox-dialog');
  return { user, dialog };
}

describe('the team inbox', () => {
  it('lists the waiting messages and attaches the second one to a customer found by name: ↓ A, type, Enter', async () => {
    const { api, decisions, customerId } = setUp({ available: true, live: true, items: [item(1), item(2)], total: 2 });
    const { user, dialog } = await open(api);
    const list = await within(dialog).findByTestId('inbox-list');
    await waitFor(() => expect(list).toHaveFocus());
    expect(within(dialog).getByTestId('inbox-status')).toHaveTextContent('Ждут разбора: 2');
    // jsdom lays nothing out, so the virtualised rows are not drawn here (tests/e2e/team-inbox shows
    // them); the list names its row in focus.
    expect(list).toHaveAttribute('aria-activedescendant', 'inbox-list-m1@mail.example');
    await user.keyboard('{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', 'inbox-list-m2@mail.example');
    expect(within(dialog).getByRole('group', { name: 'Что сделать с письмом от Отправитель 2 <person2@mail.example>' })).toBeInTheDocument();
    await user.keyboard('a');
    const picker = within(dialog).getByTestId('inbox-picker');
    expect(picker).toHaveFocus();
    await user.keyboard('Кузнецов');
    await within(dialog).findAllByTestId('inbox-picker-hit');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(decisions).toEqual([{ messageId: 'm2@mail.example', decision: { action: 'attach', customerId } }]));
    expect(await screen.findByText('Письмо привязано к клиенту Иван Кузнецов.')).toBeInTheDocument();
  });

  it('makes a customer with N and marks spam with S, telling how many more went the same way', async () => {
    const { api, decisions } = setUp({ available: true, live: true, items: [item(1), item(2)], total: 2 }, () => ({ customerId: null, interactionId: null, alsoResolved: 3 }));
    const { user, dialog } = await open(api);
    await waitFor(() => expect(within(dialog).getByTestId('inbox-list')).toHaveFocus());
    await user.keyboard('n');
    await waitFor(() => expect(decisions).toHaveLength(1));
    await waitFor(() => expect(within(dialog).getByTestId('inbox-list')).toBeInTheDocument());
    within(dialog).getByTestId('inbox-list').focus();
    await user.keyboard('{ArrowDown}s');
    await waitFor(() => expect(decisions.map((d) => d.decision.action)).toEqual(['create', 'spam']));
    expect(decisions[1]!.messageId).toBe('m2@mail.example');
    expect(await screen.findByText(/Отправитель person2@mail.example помечен как спам\. Ещё 3 письма этого отправителя разобраны так же\./)).toBeInTheDocument();
  });

  it('says so when a colleague decided first, and when there is no server', async () => {
    const { api } = setUp({ available: true, live: true, items: [item(1)], total: 1 }, () => {
      throw new ApiError('conflict', 'the message has already left the team inbox');
    });
    const { user, dialog } = await open(api);
    await waitFor(() => expect(within(dialog).getByTestId('inbox-list')).toHaveFocus());
    await user.keyboard('s');
    expect(await screen.findByText('Это письмо уже разобрал коллега.')).toBeInTheDocument();

    const offline = setUp({ available: false, live: false, items: [], total: 0 });
    const list = vi.fn(() => ({ available: false, live: false, items: [], total: 0 }));
    (offline.api as unknown as Record<string, unknown>)['inbox.list'] = list;
    document.body.innerHTML = '';
    const second = await open(offline.api);
    expect(await within(second.dialog).findByTestId('inbox-status')).toHaveTextContent('через центральный сервер');
  });
});
