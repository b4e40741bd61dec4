// The call lifecycle on screen (docs/cti.md): ringing pops the card, a second call queues and is
// chosen with the keyboard, the hang-up opens the wrap-up form with the call's times, missed calls,
// the transfer hint, the away toggle, and the telephony settings panel.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallInfo, CallState, CtiSettingsView } from '../../src-shared/api/cti.js';
import type { CustomerCard } from '../../src-shared/api/entities.js';
import type { ApiInput } from '../../src-shared/api/methods.js';
import { toLocalInput } from '../../src-renderer/i18n/format.js';
import { callInfo, callState, fakeApi, makeCard, makeEntry, MANAGER, missedCall, SOURCE_OFF, type Impl } from './fakeApi.js';
import { renderApp } from './render.js';

// The machine running these is shared: keyboard-heavy tests get room.
vi.setConfig({ testTimeout: 30_000 });

const ANNA = '+79161234567';
const BORIS = '+79035550011';
const VERA = '+79267770022';

/** Cards by number, as callerCard.lookup would find them; unknown numbers have no match. */
function setup(cards: Record<string, CustomerCard>, impl: Impl = {}) {
  let state: CallState = callState();
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: cards[number] ? [cards[number]] : [] }),
    'callerCard.forCustomer': ({ customerId }) => Object.values(cards).find((c) => c.customer.id === customerId)!,
    'history.list': ({ customerId }) => {
      const c = Object.values(cards).find((x) => x.customer.id === customerId);
      return { total: c?.historyCount ?? 0, entries: c?.history ?? [] };
    },
    'calls.state': () => state,
    ...impl,
  });
  /** What the engine does on a change: a call-state event (and, for a new active live call, incoming-call). */
  const push = (next: CallState, pop?: CallInfo) => {
    state = next;
    act(() => {
      if (pop) api.emit({ type: 'incoming-call', number: pop.number, startedAt: pop.ringingAt, callId: pop.callId });
      api.emit({ type: 'call-state', state: next });
    });
  };
  return { api, push };
}

function customerOf(card: CustomerCard) {
  return { customerId: card.customer.id, name: card.customer.name, owner: card.customer.owner ? { id: card.customer.owner.id, name: card.customer.owner.name, extension: card.customer.owner.extension } : null };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ringing', () => {
  it('pops the caller card in the render after the event, with the operator state and the ringing call', async () => {
    const anna = makeCard('Анна Иванова', { phone: ANNA });
    const { api, push } = setup({ [ANNA]: anna });
    renderApp(api);
    const state = screen.getByTestId('operator-state');
    await waitFor(() => expect(state).toHaveTextContent('Свободен'));
    expect(state).toHaveAttribute('role', 'status');

    const call = callInfo({ number: ANNA, customers: [customerOf(anna)] });
    push(callState({ operatorState: 'ringing', active: call }), call);
    // The lookup started inside the event's own task: nothing waits for another event or timer.
    expect(api.calls['callerCard.lookup']).toHaveBeenCalledTimes(1);
    expect(api.calls['callerCard.lookup']).toHaveBeenCalledWith({ number: ANNA });
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Анна Иванова');
    expect(state).toHaveTextContent('Входящий вызов');
    expect(state).toHaveAttribute('data-state', 'ringing');
    const current = screen.getByTestId('current-call');
    expect(current).toHaveAttribute('data-call-id', call.callId);
    expect(current).toHaveTextContent('Звонит');
    expect(current).toHaveTextContent('Анна Иванова');

    // Answered: the call timer runs.
    const answered = { ...call, state: 'answered' as const, answeredAt: Date.now() - 65_000, durationS: 65 };
    push(callState({ operatorState: 'on_call', active: answered }));
    expect(state).toHaveTextContent('Разговор');
    expect(screen.getByRole('timer', { name: 'Длительность разговора' })).toHaveTextContent('01:05');
  });

  it('pops the quick-create form for an unknown number', async () => {
    const { api, push } = setup({});
    renderApp(api);
    const call = callInfo({ number: '+79990001122' });
    push(callState({ operatorState: 'ringing', active: call }), call);
    expect(await screen.findByRole('heading', { name: 'Неизвестный абонент' })).toBeInTheDocument();
    expect(screen.getByTestId('customer-form')).toBeInTheDocument();
  });
});

describe('two calls at once', () => {
  it('queues the second call in a visible list; Alt+Q, arrows and Enter open a queued call’s card', async () => {
    const anna = makeCard('Анна Иванова', { phone: ANNA });
    const boris = makeCard('Борис Смирнов', { phone: BORIS });
    const vera = makeCard('Вера Козлова', { phone: VERA });
    const { api, push } = setup({ [ANNA]: anna, [BORIS]: boris, [VERA]: vera });
    const { user } = renderApp(api);
    const first = callInfo({ number: ANNA, state: 'answered', answeredAt: Date.now() - 30_000, customers: [customerOf(anna)] });
    push(callState({ operatorState: 'on_call', active: first }), first);
    await screen.findByText('Анна Иванова', { selector: '[data-testid=customer-name]' });

    // Two more ring while the first is in conversation: they queue and the card stays.
    const second = callInfo({ number: BORIS, customers: [customerOf(boris)] });
    const third = callInfo({ number: VERA, customers: [customerOf(vera)] });
    push(callState({ operatorState: 'on_call', active: first, queue: [second, third] }));
    const queue = screen.getByTestId('call-queue');
    expect(queue).toHaveTextContent('Другие звонки: 2');
    const items = within(queue).getAllByTestId('queued-call');
    expect(items.map((b) => b.getAttribute('data-call-id'))).toEqual([second.callId, third.callId]);
    expect(items[0]).toHaveTextContent('Борис Смирнов');
    expect(items[0]).toHaveTextContent('Звонит');
    expect(screen.getByTestId('customer-name')).toHaveTextContent('Анна Иванова');
    expect(api.calls['callerCard.lookup']).toHaveBeenCalledTimes(1);

    // Keyboard only: Alt+Q focuses the list, ↓ moves to the third call, Enter opens its card.
    await user.keyboard('{Alt>}q{/Alt}');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('customer-name')).toHaveTextContent('Вера Козлова'));
    expect(api.calls['callerCard.lookup']).toHaveBeenLastCalledWith({ number: VERA });
    expect(screen.getByTestId('current-call')).toHaveAttribute('data-call-id', third.callId);
    // The first call is listed now, so the operator can go back to it the same way.
    const now = within(screen.getByTestId('call-queue')).getAllByTestId('queued-call');
    expect(now.map((b) => b.getAttribute('data-call-id'))).toEqual([first.callId, second.callId]);
    expect(document.getElementById('main')).toHaveFocus();
  });
});

describe('hang-up and wrap-up', () => {
  it('opens the call form prefilled with the call’s start and duration; saving logs it with the callId and ends the wrap-up', async () => {
    const anna = makeCard('Анна Иванова', { phone: ANNA });
    const { api, push } = setup(
      { [ANNA]: anna },
      {
        'interactions.logCall': () => ({ interaction: makeEntry(anna.customer.id, 0, { channel: 'call' }), case: null, task: null }),
        'calls.wrapUpDone': () => callState({ operatorState: 'available' }),
      },
    );
    const { user } = renderApp(api);
    const ringingAt = Date.now() - 200_000;
    const answeredAt = ringingAt + 12_000;
    const call = callInfo({ number: ANNA, ringingAt, customers: [customerOf(anna)] });
    push(callState({ operatorState: 'ringing', active: call }), call);
    await screen.findByTestId('customer-name');
    push(callState({ operatorState: 'on_call', active: { ...call, state: 'answered', answeredAt, durationS: 0 } }));
    expect(screen.queryByTestId('log-call-form')).not.toBeInTheDocument();

    const hungUpAt = answeredAt + 125_000;
    push(callState({ operatorState: 'wrap_up', active: { ...call, state: 'ended', answeredAt, hungUpAt, durationS: 125 } }));
    const form = await screen.findByTestId('log-call-form');
    expect(screen.getByTestId('operator-state')).toHaveTextContent('Обработка звонка');
    expect(screen.getByTestId('current-call')).toHaveTextContent('Завершён — обработка');
    // The call's time and duration, from the call, shown and out of the way.
    expect(within(form).getByTestId('call-time-summary')).toHaveTextContent('2 мин 5 с');
    expect(within(form).getByRole('radio', { name: 'Входящий' })).toBeChecked();

    await user.keyboard('3');
    await user.type(within(form).getByLabelText('Заметки'), 'Уточнила адрес доставки');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['interactions.logCall']).toHaveBeenCalledTimes(1));
    const input = api.calls['interactions.logCall'].mock.calls[0]![0] as ApiInput<'interactions.logCall'>;
    expect(input).toMatchObject({ customerId: anna.customer.id, direction: 'in', reason: 'information', startedAt: answeredAt, durationS: 125, callId: call.callId, notes: 'Уточнила адрес доставки' });
    await waitFor(() => expect(api.calls['calls.wrapUpDone']).toHaveBeenCalledWith({ callId: call.callId }));
    await waitFor(() => expect(screen.queryByTestId('log-call-form')).not.toBeInTheDocument());
    expect(screen.getByTestId('operator-state')).toHaveTextContent('Свободен');
    expect(screen.queryByTestId('call-strip')).not.toBeInTheDocument();
  });

  it('a form opened during the call stays open at the hang-up and takes the final duration', async () => {
    const anna = makeCard('Анна Иванова', { phone: ANNA });
    const { api, push } = setup({ [ANNA]: anna });
    const { user } = renderApp(api);
    const answeredAt = Date.now() - 40_000;
    const call = callInfo({ number: ANNA, state: 'answered', answeredAt, customers: [customerOf(anna)] });
    push(callState({ operatorState: 'on_call', active: call }), call);
    await screen.findByTestId('customer-name');
    await user.keyboard('{Alt>}c{/Alt}');
    const form = await screen.findByTestId('log-call-form');
    expect(within(form).getByTestId('call-time-summary')).toHaveTextContent(/\d+ с/);
    await user.type(within(form).getByLabelText('Заметки'), 'Пишу во время разговора');

    push(callState({ operatorState: 'wrap_up', active: { ...call, state: 'ended', hungUpAt: answeredAt + 300_000, durationS: 300 } }));
    expect(screen.getByTestId('log-call-form')).toBe(form);
    expect(within(form).getByTestId('call-time-summary')).toHaveTextContent('5 мин');
    // The time can still be changed, on request.
    await user.click(within(form).getByTestId('call-time-change'));
    expect(within(form).getByTestId('call-duration')).toHaveValue('300');
    expect(within(form).getByTestId('call-started-at')).toHaveValue(toLocalInput(answeredAt));
    expect(within(form).getByLabelText('Заметки')).toHaveValue('Пишу во время разговора');
  });
});

describe('missed calls', () => {
  it('counts them in the header, says a callback task was created, lists them (Alt+M) and dismisses one or all', async () => {
    const m1 = missedCall({ number: '+79031112233' });
    const m2 = missedCall({ number: '', interactionId: null, taskId: null, error: 'withheld number: nothing to call back' });
    let missed = [m1, m2];
    const { api, push } = setup(
      {},
      {
        'calls.dismissMissed': ({ callId }) => {
          missed = callId ? missed.filter((m) => m.callId !== callId) : [];
          return callState({ missed });
        },
      },
    );
    const { user } = renderApp(api);
    const badge = screen.getByTestId('missed-calls');
    await waitFor(() => expect(screen.getByTestId('operator-state')).toHaveTextContent('Свободен'));
    expect(badge).toHaveTextContent('Пропущенные');
    expect(badge).toHaveAttribute('aria-keyshortcuts', 'Alt+M');

    push(callState({ missed: [m1] }));
    expect(badge).toHaveTextContent('1 пропущенный');
    expect(await screen.findByText('Пропущенный звонок +7 903 111 22 33: создана задача перезвонить')).toBeInTheDocument();
    push(callState({ missed }));
    expect(badge).toHaveTextContent('2 пропущенных');

    await user.keyboard('{Alt>}m{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Пропущенные звонки' });
    const rows = within(dialog).getAllByTestId('missed-call');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('+7 903 111 22 33');
    expect(within(rows[0]!).getByTestId('missed-outcome')).toHaveTextContent('Создана задача «Перезвонить» для команды');
    expect(rows[1]).toHaveTextContent('Номер скрыт');
    expect(within(rows[1]!).getByTestId('missed-outcome')).toHaveTextContent('перезвонить некуда');

    await user.click(within(rows[0]!).getByRole('button', { name: /^Скрыть: \+7 903 111 22 33/ }));
    expect(api.calls['calls.dismissMissed']).toHaveBeenCalledWith({ callId: m1.callId });
    await waitFor(() => expect(within(dialog).getAllByTestId('missed-call')).toHaveLength(1));
    expect(badge).toHaveTextContent('1 пропущенный');
    await user.click(within(dialog).getByTestId('missed-dismiss-all'));
    expect(api.calls['calls.dismissMissed']).toHaveBeenLastCalledWith({});
    expect(await within(dialog).findByText('Пропущенных звонков нет')).toBeInTheDocument();
    expect(badge).toHaveTextContent('Пропущенные');
  });
});

describe('transfer hint', () => {
  it('says whose customer the caller is, with the extension and the one-key transfer (Alt+R copies the extension)', async () => {
    const anna = makeCard('Анна Иванова', { phone: ANNA });
    const { api, push } = setup({ [ANNA]: anna });
    const { user } = renderApp(api);
    // After user-event's set-up, which puts its own clipboard stub in place.
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const call = callInfo({ number: ANNA, customers: [customerOf(anna)], transfer: { toUserId: MANAGER.id, toName: MANAGER.name, extension: '201' } });
    push(callState({ operatorState: 'ringing', active: call }), call);
    const hint = await screen.findByTestId('transfer-hint');
    expect(hint).toHaveTextContent('Клиент менеджера Пётр Менеджеров — доб. 201, перевод: Alt+R');
    expect(within(hint).getByRole('button', { name: 'Перевести' })).toHaveAttribute('aria-keyshortcuts', 'Alt+R');

    await user.keyboard('{Alt>}r{/Alt}');
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('201'));
    expect(await screen.findByText('Добавочный 201 скопирован — переведите звонок менеджеру Пётр Менеджеров')).toBeInTheDocument();

    // In English, and without an extension on record.
    await user.keyboard('{Alt>}l{/Alt}');
    push(callState({ operatorState: 'ringing', active: { ...call, transfer: { toUserId: MANAGER.id, toName: 'Peter Manager', extension: null } } }));
    await waitFor(() => expect(screen.getByTestId('transfer-hint')).toHaveTextContent('Customer of Peter Manager — no extension on record'));
    push(callState({ operatorState: 'ringing', active: call }));
    expect(screen.getByTestId('transfer-hint')).toHaveTextContent('Customer of Пётр Менеджеров — ext. 201, transfer: Alt+R');

    // No hint for a caller who is not someone else's customer.
    push(callState({ operatorState: 'ringing', active: { ...call, transfer: null } }));
    expect(screen.queryByTestId('transfer-hint')).not.toBeInTheDocument();
  });
});

describe('away', () => {
  it('toggles by Alt+A (and the button), shows it in the header and lists the call shortcuts in F1 help', async () => {
    let away = false;
    const { api } = setup(
      {},
      {
        'calls.setAway': (input) => {
          away = input.away;
          return callState({ away, operatorState: away ? 'away' : 'available' });
        },
      },
    );
    const { user } = renderApp(api);
    const state = screen.getByTestId('operator-state');
    const toggle = screen.getByTestId('away-toggle');
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(toggle).toHaveAttribute('aria-keyshortcuts', 'Alt+A');
    expect(toggle).toHaveTextContent('Alt+A');

    await user.keyboard('{Alt>}a{/Alt}');
    expect(api.calls['calls.setAway']).toHaveBeenLastCalledWith({ away: true });
    await waitFor(() => expect(state).toHaveTextContent('Нет на месте'));
    expect(state).toHaveAttribute('data-state', 'away');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');

    await user.keyboard('{Alt>}a{/Alt}');
    expect(api.calls['calls.setAway']).toHaveBeenLastCalledWith({ away: false });
    await waitFor(() => expect(state).toHaveTextContent('Свободен'));

    await user.click(toggle);
    expect(api.calls['calls.setAway']).toHaveBeenLastCalledWith({ away: true });

    await user.keyboard('{F1}');
    const help = await screen.findByRole('dialog', { name: 'Горячие клавиши' });
    expect(within(help).getByTestId('shortcut-away')).toHaveTextContent('Alt+A');
    expect(within(help).getByTestId('shortcut-callQueue')).toHaveTextContent('Alt+Q');
    expect(within(help).getByTestId('shortcut-transfer')).toHaveTextContent('Alt+R');
    expect(within(help).getByTestId('shortcut-missedCalls')).toHaveTextContent('Alt+M');
    expect(within(help).getByTestId('shortcut-ctiSettings')).toHaveTextContent('Alt+P');
  });
});

describe('telephony settings', () => {
  it('shows the sources’ status and saves webhook, softphone and AMI settings (Alt+P)', async () => {
    const view: CtiSettingsView = {
      webhook: { enabled: false, port: 8789, secret: null, listenOnLan: false, pbxId: '' },
      softphone: { handleTel: false, handleCallto: false },
      ami: { enabled: false, host: '', port: 5038, username: '', extension: '', endpoint: '', pbxId: '', secretSet: false },
      dial: { via: 'ami', template: '', amiChannel: 'PJSIP/{extension}', amiContext: 'from-internal', transfer: 'hint' },
    };
    const { api } = setup(
      {},
      {
        'cti.settings': () => view,
        'cti.updateSettings': (patch) => ({
          webhook: { ...view.webhook, ...patch.webhook, secret: patch.webhook?.secret ?? 'generated-secret-0123456789' },
          softphone: { ...view.softphone, ...patch.softphone },
          ami: { ...view.ami, ...patch.ami, secretSet: Boolean(patch.ami?.secret) },
          dial: { ...view.dial, ...patch.dial },
        }),
        'cti.status': () => ({ webhook: SOURCE_OFF, ami: { state: 'auth_failed', error: 'Authentication failed', port: null, nextAttemptAt: null } }),
      },
    );
    const { user } = renderApp(api);
    await user.keyboard('{Alt>}p{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Настройки телефонии' });
    await within(dialog).findByTestId('cti-settings-form');
    expect(within(dialog).getByTestId('cti-status-ami')).toHaveTextContent('Неверный пользователь или пароль — Authentication failed');
    expect(within(dialog).getByTestId('cti-status-webhook')).toHaveTextContent('Выключен');

    await user.click(within(dialog).getByLabelText('Принимать события звонков по HTTP'));
    const port = within(dialog).getByLabelText('Порт');
    await user.clear(port);
    await user.type(port, '80');
    await user.click(within(dialog).getByTestId('cti-save'));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Порт — целое число от 1024 до 65535');
    expect(api.calls['cti.updateSettings']).not.toHaveBeenCalled();
    await user.clear(port);
    await user.type(port, '8790');
    await user.click(within(dialog).getByLabelText('Ссылки tel: — входящий звонок'));
    await user.click(within(dialog).getByLabelText('Подключаться к Asterisk Manager Interface'));
    await user.type(within(dialog).getByLabelText('Адрес АТС'), 'pbx.local');
    await user.type(within(dialog).getByLabelText('Пользователь AMI'), 'kartoteka');
    await user.type(within(dialog).getByLabelText('Пароль AMI (secret)'), 's3cret');
    await user.type(within(dialog).getByLabelText('Добавочный оператора'), '101');

    act(() => api.emit({ type: 'cti-status', status: { webhook: { state: 'listening', error: null, port: 8790, nextAttemptAt: null }, ami: { state: 'connected', error: null, port: null, nextAttemptAt: null } } }));
    expect(within(dialog).getByTestId('cti-status-webhook')).toHaveTextContent('Принимает события · порт 8790');
    expect(within(dialog).getByTestId('cti-status-ami')).toHaveTextContent('Подключён');
    // The PBX's id (the same on every desk), and calls from the card through a softphone link.
    await user.type(within(dialog).getByTestId('cti-ami-pbx'), 'office-1');
    await user.selectOptions(within(dialog).getByTestId('cti-dial-via'), 'url');
    await user.type(within(dialog).getByTestId('cti-dial-template'), 'tel:');
    await user.keyboard('{Control>}{Enter}{/Control}');
    // A link without {number} is refused before anything is saved.
    await waitFor(() => expect(within(dialog).getAllByText('Шаблон должен содержать {number}').length).toBeGreaterThan(0));
    expect(api.calls['cti.updateSettings']).not.toHaveBeenCalled();
    await user.type(within(dialog).getByTestId('cti-dial-template'), '{{number}');
    await user.selectOptions(within(dialog).getByTestId('cti-transfer-mode'), 'blind');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['cti.updateSettings']).toHaveBeenCalledTimes(1));
    expect(api.calls['cti.updateSettings']).toHaveBeenCalledWith({
      webhook: { enabled: true, port: 8790, secret: null, listenOnLan: false, pbxId: '' },
      softphone: { handleTel: true, handleCallto: false },
      ami: { enabled: true, host: 'pbx.local', port: 5038, username: 'kartoteka', extension: '101', endpoint: '', pbxId: 'office-1', secret: 's3cret' },
      dial: { via: 'url', template: 'tel:{number}', amiChannel: 'PJSIP/{extension}', amiContext: 'from-internal', transfer: 'blind' },
    });
    // The generated webhook secret is shown for copying into the PBX; the AMI secret is never echoed.
    await waitFor(() => expect(within(dialog).getByTestId('cti-webhook-secret')).toHaveValue('generated-secret-0123456789'));
    expect(within(dialog).getByTestId('cti-ami-secret')).toHaveValue('');
    expect(within(dialog).getByText('Пароль задан — оставьте поле пустым, чтобы не менять')).toBeInTheDocument();
    expect(await screen.findByText('Настройки телефонии сохранены')).toBeInTheDocument();
  });
});
