// Every history entry opens in full from the timeline (Enter on its line, or a click), and Esc closes
// it: an HTML email with a script, a remote tracking image and an inline image shows sanitised (no
// script element, nothing remote, the inline image from its own attachment, a visible note of what
// was blocked) and switches to text; a call shows its notes, promise, case, mood, outcome and its
// chain of corrections; a fax's pages turn with PageDown (the page drawing itself is Chromium's, e2e).
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { HTML_BODY_TYPE, type HistoryEntry, type Interaction, type OpenedEntry } from '../../src-shared/api/entities.js';
import { fakeApi, makeCard, makeCase, makeEntry, uuid } from './fakeApi.js';
import { renderApp } from './render.js';
import { ApiError } from '../../src-shared/api/errors.js';

vi.mock('../../src-renderer/lib/faxPages.js', () => ({
  openFax: async () => ({ pageCount: 3, render: async (_i: number, canvas: HTMLCanvasElement) => void canvas.setAttribute('data-drawn', 'yes'), close: () => undefined }),
}));

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function full(entry: HistoryEntry, over: Partial<Interaction> = {}): Interaction {
  return { ...entry, notes: '', number: null, emailFrom: null, emailTo: [], emailCc: [], emailBody: null, attachments: [], recording: null, line: null, waitS: null, ivrPath: null, ivrDigits: null, ...over };
}

function setup(opened: (id: string) => OpenedEntry, blobs: Record<string, string>) {
  const card = makeCard('Ольга Смирнова', { historyCount: 3, history: [] });
  const entries = [0, 1, 2].map((i) => makeEntry(card.customer.id, i));
  card.history = entries;
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
    'history.list': () => ({ total: entries.length, entries }),
    'interactions.open': ({ id }) => opened(id),
    'attachments.get': ({ id }) => ({ id, fileName: 'x', mimeType: 'x', size: 1, sha256: '0'.repeat(64), contentBase64: blobs[id] ?? '' }),
  });
  return { api, card, entries };
}

async function openFirst(user: ReturnType<typeof renderApp>['user'], index = 0) {
  await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
  const timeline = await screen.findByTestId('timeline');
  const opens = await within(timeline).findAllByTestId('entry-open');
  opens[index]!.focus();
  await user.keyboard('{Enter}');
  return screen.findByTestId('entry-dialog');
}

describe('an entry opened in full', () => {
  it('an HTML email: no script, nothing remote, the inline image from its attachment, a note of what was blocked; Esc closes', async () => {
    const htmlId = uuid();
    const imageId = uuid();
    const pdfId = uuid();
    const html = `<p style="position:fixed;top:0;color:rgb(200, 0, 0)" onclick="alert(1)">Здравствуйте!</p><script>window.__ran = true</script>
      <img src="https://tracker.example/open.gif?id=42"><img alt="logo" src="cid:${imageId}"><a href="https://phish.example">ссылка</a>
      <div style="background:url(https://tracker.example/bg.png)">фон</div><iframe src="https://evil.example"></iframe>`;
    const { api, entries } = setup((id) => {
      const entry = full(entries[1]!, {
        id, emailFrom: 'anna@example.ru', emailTo: ['support@example.com'], emailBody: 'Здравствуйте! (текст)', subject: 'Жалоба',
        attachments: [
          { id: htmlId, fileName: 'message.html', mimeType: HTML_BODY_TYPE, size: html.length, sha256: '0'.repeat(64) },
          { id: imageId, fileName: 'logo.png', mimeType: 'image/png', size: 68, sha256: '1'.repeat(64) },
          { id: pdfId, fileName: 'акт.pdf', mimeType: 'application/pdf', size: 123_456, sha256: '2'.repeat(64) },
        ],
      });
      return { entry, chain: [entry], case: null, thread: [] };
    }, { [htmlId]: Buffer.from(html).toString('base64'), [imageId]: PNG_1PX });
    const { user } = renderApp(api);
    const dialog = await openFirst(user, 1);
    expect(within(dialog).getByTestId('email-headers')).toHaveTextContent('anna@example.ru');
    expect(within(dialog).getByTestId('email-subject')).toHaveTextContent('Жалоба');
    const body = await within(dialog).findByTestId('email-html');
    await within(body).findByText('Здравствуйте!');
    expect(body.querySelector('script, iframe')).toBeNull();
    expect((window as unknown as { __ran?: boolean }).__ran).toBeUndefined();
    expect(body.innerHTML).not.toMatch(/tracker\.example|evil\.example|onclick|href=/);
    expect(within(body).getByAltText('logo').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const p = within(body).getByText('Здравствуйте!');
    expect(p.style.position).toBe('');
    expect(p.style.color).toBe('rgb(200, 0, 0)');
    expect(within(body).getByText('ссылка')).toHaveAttribute('title', 'https://phish.example');
    expect(within(dialog).getByTestId('email-blocked')).toHaveTextContent('Не загружено 2 внешних изображения');
    // The HTML body is the message, not an attachment; the real ones are listed with size and type.
    const files = within(dialog).getAllByTestId('entry-attachment');
    expect(files.map((f) => f.textContent)).toEqual([expect.stringContaining('logo.png'), expect.stringContaining('акт.pdf')]);
    expect(files[1]).toHaveTextContent('121 КБ · application/pdf');
    await user.click(within(dialog).getByTestId('email-show-text'));
    expect(within(dialog).getByTestId('email-text')).toHaveTextContent('Здравствуйте! (текст)');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('entry-dialog')).not.toBeInTheDocument());
  });

  it('a call: notes, promise, case, mood, outcome and its chain of corrections, each correction opening in turn', async () => {
    const originalId = uuid();
    const { api, entries, card } = setup((id) => {
      const original = full({ ...entries[0]!, id: originalId, outcome: 'перезвонить', preview: 'исходная' }, { notes: 'Первая версия' });
      const correction = full({ ...entries[0]!, id: id === originalId ? entries[0]!.id : id, correctsId: original.id, outcome: 'решено', mood: 'positive', promise: 'Курьер завтра до 12:00', caseId: caseRow.id }, { notes: 'Клиент ждёт курьера', number: '+79161234567' });
      const chosen = id === original.id ? original : correction;
      return { entry: chosen, chain: [original, correction], case: chosen.caseId ? caseRow : null, thread: [] };
    }, {});
    const caseRow = makeCase(card.customer.id, { subject: 'Разбитый товар' });
    const { user } = renderApp(api);
    const dialog = await openFirst(user, 0);
    expect(within(dialog).getByTestId('entry-notes')).toHaveTextContent('Клиент ждёт курьера');
    expect(within(dialog).getByTestId('entry-promise')).toHaveTextContent('Курьер завтра до 12:00');
    expect(within(dialog).getByTestId('entry-case')).toHaveTextContent('Разбитый товар');
    expect(within(dialog).getByTestId('entry-outcome')).toHaveTextContent('решено');
    expect(dialog).toHaveTextContent('Доволен');
    const chain = within(dialog).getByTestId('entry-chain');
    expect(within(chain).getAllByRole('listitem')).toHaveLength(2);
    await user.click(within(chain).getAllByRole('button')[0]!);
    expect(await within(screen.getByTestId('entry-dialog')).findByText('Первая версия')).toBeInTheDocument();
  });

  it('a call with a recording: played on request from the bytes fetched through the server; offline, a typed message', async () => {
    const wav = Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt ').toString('base64');
    let online = true;
    const { api, entries } = setup((id) => {
      const entry = full({ ...entries[0]!, id, channel: 'call' }, { notes: 'Разговор', recording: 'url' });
      return { entry, chain: [entry], case: null, thread: [] };
    }, {});
    (api as unknown as Record<string, unknown>)['recordings.get'] = vi.fn(async () => {
      if (!online) throw new ApiError('offline', 'the central server is unreachable');
      return { mimeType: 'audio/wav', contentBase64: wav };
    });
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:recording';
    });
    URL.revokeObjectURL = vi.fn();
    const { user } = renderApp(api);
    const dialog = await openFirst(user, 0);
    online = false;
    await user.click(await within(dialog).findByTestId('entry-recording-play'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/сервер/i);
    online = true;
    await user.click(within(dialog).getByTestId('entry-recording-play'));
    const audio = await within(dialog).findByTestId('entry-recording-audio');
    expect(audio).toHaveAttribute('src', 'blob:recording');
    expect(created[0]?.type).toBe('audio/wav');
    await user.click(within(dialog).getByRole('button', { name: /Закрыть/ }));
    await waitFor(() => expect(screen.queryByTestId('entry-dialog')).not.toBeInTheDocument());
    // The fetched bytes are let go with the dialog.
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:recording');
  });

  it('a recording kept at the provider: played through the server, or the reason it cannot be, in words', async () => {
    const { api, entries } = setup((id) => {
      const entry = full({ ...entries[0]!, id, channel: 'call' }, { notes: 'Разговор', recording: 'provider' });
      return { entry, chain: [entry], case: null, thread: [] };
    }, {});
    const reasons = ['provider', 'unreachable'];
    (api as unknown as Record<string, unknown>)['recordings.get'] = vi.fn(async () => {
      throw new ApiError('not_found', 'server text', { reason: reasons.shift(), status: 404 });
    });
    const { user } = renderApp(api);
    const dialog = await openFirst(user, 0);
    expect(within(dialog).getByText(/хранится у провайдера/)).toBeInTheDocument();
    await user.click(within(dialog).getByTestId('entry-recording-play'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/API-ключ/);
    await user.click(within(dialog).getByTestId('entry-recording-play'));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent(/не отдала запись/));
  });

  it('a fax: its pages turn with PageDown and the buttons', async () => {
    const faxId = uuid();
    const { api, entries } = setup((id) => {
      const entry = full({ ...entries[2]!, id, faxPages: 3 }, { attachments: [{ id: faxId, fileName: 'fax.tiff', mimeType: 'image/tiff', size: 8144, sha256: '3'.repeat(64) }] });
      return { entry, chain: [entry], case: null, thread: [] };
    }, { [faxId]: Buffer.from('II*\u0000').toString('base64') });
    const { user } = renderApp(api);
    const dialog = await openFirst(user, 2);
    const pageOf = await within(dialog).findByTestId('fax-page-of');
    await waitFor(() => expect(pageOf).toHaveTextContent('Страница 1 из 3'));
    within(dialog).getByTestId('fax-page').focus();
    await user.keyboard('{PageDown}');
    expect(pageOf).toHaveTextContent('Страница 2 из 3');
    await user.click(within(dialog).getByTestId('fax-next'));
    expect(pageOf).toHaveTextContent('Страница 3 из 3');
    expect(within(dialog).getByTestId('fax-next')).toBeDisabled();
    within(dialog).getByTestId('fax-page').focus();
    await user.keyboard('{Home}');
    await waitFor(() => expect(pageOf).toHaveTextContent('Страница 1 из 3'));
  });
});
