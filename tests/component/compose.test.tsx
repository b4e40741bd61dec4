// Writing a letter from the card (issue 20): the customer's address on the card opens a new letter
// to it; an inbound email opened in full offers Reply, which quotes it, answers its subject and offers
// its attachments to send again; Ctrl+Enter sends; the timeline shows where a letter's delivery stands.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, Interaction, OpenedEntry } from '../../src-shared/api/entities.js';
import { fakeApi, makeCard, makeEntry, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

function full(entry: HistoryEntry, over: Partial<Interaction> = {}): Interaction {
  return { ...entry, notes: '', number: null, emailFrom: null, emailTo: [], emailCc: [], emailBody: null, attachments: [], recording: null, line: null, waitS: null, ivrPath: null, ivrDigits: null, ...over };
}

describe('writing a letter from the card', () => {
  it('a new letter to the customer’s address, sent with Ctrl+Enter', async () => {
    const card = makeCard('Ольга Смирнова');
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'emails.send': () => ({ interaction: makeEntry(card.customer.id, 0, { channel: 'email', direction: 'out', delivery: 'queued' }), case: null, task: null }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    await user.click(await screen.findByTestId('write-email'));
    const dialog = await screen.findByTestId('compose-dialog');
    expect(within(dialog).getByLabelText('Кому')).toHaveValue('ivan@example.ru');
    await user.type(within(dialog).getByLabelText('Тема'), 'Счёт за март');
    await user.type(within(dialog).getByLabelText('Текст письма'), 'Добрый день!');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['emails.send']).toHaveBeenCalledWith(expect.objectContaining({
      customerId: card.customer.id, to: ['ivan@example.ru'], subject: 'Счёт за март', body: 'Добрый день!', inReplyTo: null, attachmentIds: [],
    })));
    expect(await screen.findByText('Письмо записано в историю и поставлено в очередь на отправку')).toBeInTheDocument();
  });

  it('a template fills the subject and the text with the customer, their organisation and the operator', async () => {
    const card = makeCard('Ольга Смирнова');
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'templates.list': () => [
        { id: uuid(), name: 'Заказ отправлен', subject: 'Заказ для {{organisation}}', body: '{{name}}, ваш заказ в пути.\n{{operator}}', active: true },
        { id: uuid(), name: 'Старый', subject: 'x', body: 'x', active: false },
      ],
      'emails.send': () => ({ interaction: makeEntry(card.customer.id, 0, { channel: 'email', direction: 'out', delivery: 'queued' }), case: null, task: null }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    await user.click(await screen.findByTestId('write-email'));
    const dialog = await screen.findByTestId('compose-dialog');
    const picker = await within(dialog).findByLabelText('Шаблон');
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Без шаблона', 'Заказ отправлен']);
    await user.selectOptions(picker, 'Заказ отправлен');
    expect(within(dialog).getByLabelText('Тема')).toHaveValue('Заказ для ООО «Ромашка»');
    expect(within(dialog).getByLabelText('Текст письма')).toHaveValue('Ольга Смирнова, ваш заказ в пути.\nОльга Операторова');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['emails.send']).toHaveBeenCalledWith(expect.objectContaining({ subject: 'Заказ для ООО «Ромашка»' })));
  });

  it('a reply quotes the letter, answers its subject, sends its attachments again when ticked; the timeline shows the delivery', async () => {
    const card = makeCard('Ольга Смирнова', { historyCount: 2, history: [] });
    const question = makeEntry(card.customer.id, 0, { channel: 'email', direction: 'in', subject: 'Вопрос по счёту' });
    const sent = makeEntry(card.customer.id, 1, { channel: 'email', direction: 'out', subject: 'Re: Старое', delivery: 'failed' });
    card.history = [question, sent];
    const pdf = uuid();
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'history.list': () => ({ total: 2, entries: [question, sent] }),
      'interactions.open': ({ id }): OpenedEntry => ({
        entry: full(question, { id, emailFrom: 'olga@example.org', emailBody: 'Пришлите счёт ещё раз.', attachments: [{ id: pdf, fileName: 'Счёт №17.pdf', mimeType: 'application/pdf', size: 10, sha256: '0'.repeat(64) }] }),
        chain: [question], case: null, thread: [],
      }),
      'emails.send': () => ({ interaction: makeEntry(card.customer.id, 2, { channel: 'email', direction: 'out', delivery: 'queued' }), case: null, task: null }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const timeline = await screen.findByTestId('timeline');
    expect(await within(timeline).findByTestId('entry-delivery')).toHaveTextContent('не отправлено');
    const opens = await within(timeline).findAllByTestId('entry-open');
    await user.click(opens[0]!);
    await user.click(await screen.findByTestId('entry-reply'));
    const dialog = await screen.findByTestId('compose-dialog');
    expect(within(dialog).getByLabelText('Тема')).toHaveValue('Re: Вопрос по счёту');
    expect((within(dialog).getByLabelText('Текст письма') as HTMLTextAreaElement).value).toContain('> Пришлите счёт ещё раз.');
    await user.click(within(dialog).getByLabelText('Счёт №17.pdf'));
    await user.click(within(dialog).getByTestId('compose-send'));
    await waitFor(() => expect(api.calls['emails.send']).toHaveBeenCalledWith(expect.objectContaining({ to: ['olga@example.org'], inReplyTo: question.id, attachmentIds: [pdf] })));
  });
});
