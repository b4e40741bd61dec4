import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api/errors.js';
import type { CustomerCard, HistoryEntry } from '../../src-shared/api/entities.js';
import type { ApiInput } from '../../src-shared/api/methods.js';
import { fakeApi, makeCard, makeEntry, makeTask, OPERATOR, type Impl } from './fakeApi.js';
import { renderApp } from './render.js';

function logged(card: CustomerCard, over: Partial<HistoryEntry>) {
  return { interaction: makeEntry(card.customer.id, 0, over), case: null, task: null };
}

/** A card whose history grows when something is logged, as the engine's would. */
function setup(impl: (card: CustomerCard, state: { card: CustomerCard }) => Impl) {
  const card = makeCard('Иван Петров');
  const state = { card };
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [state.card] }),
    'callerCard.forCustomer': () => state.card,
    'history.list': ({ offset = 0, limit = 200 }) => ({ total: state.card.historyCount, entries: state.card.history.slice(offset, offset + limit) }),
    ...impl(card, state),
  });
  return { api, card, state };
}

async function openCard(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByLabelText('Входящий звонок'), '+79161234567{Enter}');
  await screen.findByTestId('customer-name');
}

describe('call logging', () => {
  it('is completed with the keyboard alone, with a follow-up, and the entry heads the timeline', async () => {
    const { api, card } = setup((card, state) => ({
      'interactions.logCall': (input) => {
        const entry = makeEntry(card.customer.id, 0, { preview: input.notes ?? '', reason: input.reason, channel: 'call', user: OPERATOR });
        const task = input.followUp ? makeTask(card.customer.id, { title: input.followUp.title, dueAt: input.followUp.dueAt }) : null;
        state.card = { ...state.card, history: [entry, ...state.card.history], historyCount: state.card.historyCount + 1, openTasks: task ? [task, ...state.card.openTasks] : state.card.openTasks };
        return { interaction: entry, case: null, task };
      },
    }));
    const { user, stores } = renderApp(api);
    const startedAt = Date.now() - 95_000;
    act(() => api.emit({ type: 'incoming-call', number: '+79161234567', startedAt }));
    await screen.findByTestId('customer-name');

    await user.keyboard('{Alt>}c{/Alt}');
    const form = await screen.findByTestId('log-call-form');
    // Focus starts on the reason, none picked yet: a reason is required, not defaulted to "Other".
    expect(within(form).getByRole('radio', { name: 'Жалоба' })).toHaveFocus();
    expect(within(form).getAllByRole('radio', { checked: true }).map((r) => r.getAttribute('value'))).not.toContain('other');
    // The time comes from the call (95 s ago), shown and out of the Tab order.
    expect(within(form).getByTestId('call-time-summary')).toHaveTextContent(/1 мин 3\d с/);

    await user.keyboard('1'); // its digit picks "complaint" and moves on to the notes
    expect(within(form).getByRole('radio', { name: 'Жалоба' })).toBeChecked();
    expect(within(form).getByTestId('call-notes')).toHaveFocus();
    await user.keyboard('Клиент недоволен задержкой');
    await user.tab();
    await user.keyboard('Мастер назначен');
    await user.tab();
    await user.keyboard('Перезвоним завтра');
    await user.tab(); // mood group, on "not recorded"
    await user.keyboard('{ArrowLeft}'); // wraps to "angry"
    expect(within(form).getByRole('radio', { name: 'Раздражён' })).toBeChecked();
    await user.tab(); // direction, from the call
    expect(within(form).getByRole('radio', { name: 'Входящий' })).toHaveFocus();
    await user.tab(); // case group, on "no case"
    await user.keyboard('{ArrowRight}'); // the open case
    expect(within(form).getByRole('radio', { name: card.openCases[0]!.subject })).toBeChecked();
    await user.tab(); // follow-up checkbox
    await user.keyboard(' ');
    expect(within(form).getByTestId('followup-fields')).toBeInTheDocument();
    await user.tab(); // task kind
    await user.tab(); // task title
    expect(within(form).getByTestId('followup-title')).toHaveFocus();
    expect(within(form).getByTestId('followup-title')).toHaveValue('Перезвонить');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(api.calls['interactions.logCall']).toHaveBeenCalledTimes(1));
    const input = api.calls['interactions.logCall'].mock.calls[0]![0] as ApiInput<'interactions.logCall'>;
    expect(input).toMatchObject({
      customerId: card.customer.id,
      direction: 'in',
      startedAt,
      reason: 'complaint',
      mood: 'angry',
      outcome: 'Мастер назначен',
      promise: 'Перезвоним завтра',
      notes: 'Клиент недоволен задержкой',
      caseId: card.openCases[0]!.id,
      followUp: { kind: 'callback', title: 'Перезвонить' },
    });
    expect(input.followUp!.dueAt).toBeGreaterThan(Date.now());
    expect(input.durationS).toBeGreaterThanOrEqual(95);

    await waitFor(() => expect(screen.queryByTestId('log-call-form')).not.toBeInTheDocument());
    expect(await screen.findByText('Звонок записан')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')[0]).toHaveTextContent('Клиент недоволен задержкой'));
    expect(within(screen.getByTestId('tasks')).getAllByText('Перезвонить').length).toBeGreaterThan(0);
    expect(stores.card.getState().callStartedAt).toBe(startedAt);
  });

  it('shows API validation errors next to the field and in the alert region', async () => {
    const { api } = setup(() => ({
      'interactions.logCall': () => {
        throw new ApiError('validation', 'bad input', { notes: 'String must contain at most 10000000 characters' });
      },
    }));
    const { user } = renderApp(api);
    await openCard(user);
    await user.click(screen.getByRole('button', { name: 'Записать звонок' }));
    const form = await screen.findByTestId('log-call-form');
    // Saved without a reason: said next to the reason, nothing sent.
    await user.click(within(form).getByTestId('save'));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Выберите причину обращения');
    expect(api.calls['interactions.logCall']).not.toHaveBeenCalled();
    await user.click(within(form).getByRole('radio', { name: 'Продажа' }));
    await user.type(within(form).getByLabelText('Заметки'), 'x');
    await user.click(within(form).getByTestId('save'));

    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Проверьте заполнение полей');
    const notes = within(form).getByLabelText('Заметки');
    expect(notes).toHaveAttribute('aria-invalid', 'true');
    expect(notes).toHaveAccessibleDescription(/at most 10000000/);
    expect(screen.getByTestId('log-call-form')).toBeInTheDocument();
  });
});

describe('email logging', () => {
  it('sends addresses, subject, body and an attachment read as base64', async () => {
    const { api, card } = setup((card) => ({ 'interactions.logEmail': () => logged(card, { channel: 'email' }) }));
    const { user } = renderApp(api);
    await openCard(user);
    await user.keyboard('{Alt>}e{/Alt}');
    const form = await screen.findByTestId('log-email-form');
    expect(within(form).getByLabelText('От')).toHaveValue('ivan@example.ru');
    await user.type(within(form).getByLabelText('Кому (через запятую)'), 'support@company.ru, sales@company.ru');
    await user.type(within(form).getByLabelText('Тема письма'), 'Счёт за май');
    await user.type(within(form).getByLabelText('Текст письма'), 'Прошу выслать счёт');
    await user.upload(within(form).getByLabelText('Вложения'), new File(['hello'], 'scan.txt', { type: 'text/plain' }));
    expect(within(form).getByText(/Выбран 1 файл/)).toBeInTheDocument();
    await user.click(within(form).getByRole('radio', { name: 'Продажа' }));
    await user.click(within(form).getByTestId('save'));

    await waitFor(() => expect(api.calls['interactions.logEmail']).toHaveBeenCalledTimes(1));
    expect(api.calls['interactions.logEmail']).toHaveBeenCalledWith(
      expect.objectContaining({
        customerId: card.customer.id,
        direction: 'in',
        from: 'ivan@example.ru',
        to: ['support@company.ru', 'sales@company.ru'],
        cc: [],
        subject: 'Счёт за май',
        body: 'Прошу выслать счёт',
        reason: 'sales',
        attachments: [{ fileName: 'scan.txt', mimeType: 'text/plain', contentBase64: btoa('hello') }],
      }),
    );
    expect(await screen.findByText('Письмо записано')).toBeInTheDocument();
  });

  it('imports an .eml file after a look at it, says a stranger sent it, and reports a broken one', async () => {
    const { api, card } = setup((card) => ({
      'interactions.previewEml': ({ contentBase64 }) => {
        if (contentBase64 === btoa('garbage')) throw new ApiError('bad_eml', 'cannot parse');
        return { from: 'stranger@example.org', to: ['support@company.ru'], subject: 'Счёт', date: null, text: 'Добрый день', attachments: [{ fileName: 'act.pdf', mimeType: 'application/pdf', size: 1024 }], sender: 'unknown', others: [] };
      },
      'interactions.importEml': () => logged(card, { channel: 'email' }),
      'contacts.add': () => card.customer.contacts[0]!,
    }));
    const { user } = renderApp(api);
    await openCard(user);
    await user.keyboard('{Alt>}e{/Alt}');
    const form = await screen.findByTestId('log-email-form');
    // The reason first: its digit moves to the import.
    await user.keyboard('2');
    expect(within(form).getByTestId('import-eml')).toHaveFocus();
    await user.upload(within(form).getByLabelText('Импорт файла .eml'), new File(['garbage'], 'broken.eml', { type: 'message/rfc822' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Файл .eml повреждён');
    expect(api.calls['interactions.importEml']).not.toHaveBeenCalled();

    await user.upload(within(form).getByLabelText('Импорт файла .eml'), new File(['From: stranger'], 'letter.eml', { type: 'message/rfc822' }));
    const preview = await within(form).findByTestId('eml-preview');
    expect(preview).toHaveTextContent('Счёт');
    expect(preview).toHaveTextContent('act.pdf');
    // Nothing is filed before the operator says so; a stranger is said first, adding the address focused.
    expect(within(preview).getByTestId('eml-sender-warning')).toHaveTextContent('stranger@example.org');
    expect(api.calls['interactions.importEml']).not.toHaveBeenCalled();
    await waitFor(() => expect(within(preview).getByTestId('eml-add-sender')).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.calls['interactions.importEml']).toHaveBeenCalledWith(expect.objectContaining({ customerId: card.customer.id, reason: 'service_request', fileName: 'letter.eml' })));
    expect(api.calls['contacts.add']).toHaveBeenCalledWith(expect.objectContaining({ customerId: card.customer.id, kind: 'email', value: 'stranger@example.org' }));
  });
});

describe('fax logging', () => {
  it('validates number, pages and documents before calling the API', async () => {
    const { api, card } = setup((card) => ({ 'interactions.logFax': () => logged(card, { channel: 'fax' }) }));
    const { user } = renderApp(api);
    await openCard(user);
    await user.keyboard('{Alt>}f{/Alt}');
    const form = await screen.findByTestId('log-fax-form');
    await user.keyboard('4');
    const pages = within(form).getByLabelText('Страниц');
    await user.clear(pages);
    await user.type(pages, '0');
    await user.keyboard('{Control>}{Enter}{/Control}');

    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Обязательное поле');
    expect(alert).toHaveTextContent('Целое число от 1 до 1000');
    expect(alert).toHaveTextContent('Приложите хотя бы один документ');
    expect(within(form).getByLabelText('Номер факса')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls['interactions.logFax']).not.toHaveBeenCalled();

    // A file that is neither PDF nor TIFF is refused even if the picker's filter is bypassed.
    await userEvent
      .setup({ applyAccept: false })
      .upload(within(form).getByLabelText('Документы (PDF или TIFF)'), new File(['x'], 'notes.docx', { type: 'application/msword' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(within(form).getByRole('alert')).toHaveTextContent('Только PDF или TIFF: notes.docx'));

    await user.type(within(form).getByLabelText('Номер факса'), '+7 495 111-22-33');
    await user.clear(pages);
    await user.type(pages, '3');
    await user.upload(within(form).getByLabelText('Документы (PDF или TIFF)'), new File(['%PDF-1.4'], 'order.pdf', { type: 'application/pdf' }));
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(api.calls['interactions.logFax']).toHaveBeenCalledTimes(1));
    expect(api.calls['interactions.logFax']).toHaveBeenCalledWith(
      expect.objectContaining({
        customerId: card.customer.id,
        number: '+7 495 111-22-33',
        pages: 3,
        documents: [{ fileName: 'order.pdf', mimeType: 'application/pdf', contentBase64: btoa('%PDF-1.4') }],
      }),
    );
  });

  it('shows the API error of a rejected document', async () => {
    const { api } = setup(() => ({
      'interactions.logFax': () => {
        throw new ApiError('bad_attachment', 'not a PDF');
      },
    }));
    const { user } = renderApp(api);
    await openCard(user);
    await user.click(screen.getByRole('button', { name: 'Записать факс' }));
    const form = await screen.findByTestId('log-fax-form');
    await user.keyboard('4');
    await user.type(within(form).getByLabelText('Номер факса'), '+7 495 111-22-33');
    await user.upload(within(form).getByLabelText('Документы (PDF или TIFF)'), new File(['nope'], 'fake.pdf', { type: 'application/pdf' }));
    await user.click(within(form).getByTestId('save'));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Содержимое файла не соответствует его типу');
  });
});
