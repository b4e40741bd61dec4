// Tags and segments in the renderer (issue 20): the card shows the customer's segments and tags, a tag
// is put on from the keyboard (Ctrl+Shift+G, Enter) and taken off; supervisors save a segment's rule
// and import a list under Campaigns, and filter the work queue by a label.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SegmentView } from '../../src-shared/segments/segment.js';
import { cachedAnswer, fakeApi, makeCard, supervisorSession, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

describe('tags and segments', () => {
  it('the card shows segments and tags; Ctrl+Shift+G and Enter put a tag on, its × takes it off, and the card is read again', async () => {
    let card = makeCard('Ирина Ветрова', { labels: { tags: ['VIP'], segments: ['Розница', 'Именинники'] } });
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }),
      'callerCard.forCustomer': () => card,
      'tags.known': () => ['VIP', 'Выставка 2026', 'Опт'],
      'tags.set': ({ tag, on }) => {
        const tags = on ? [...card.labels.tags, tag] : card.labels.tags.filter((x) => x !== tag);
        card = { ...card, labels: { ...card.labels, tags } };
        return card.labels;
      },
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
    const labels = await screen.findByTestId('labels');
    expect(within(labels).getAllByTestId('segment-badge').map((b) => b.textContent)).toEqual(['Розница', 'Именинники']);
    expect(within(labels).getAllByTestId('tag-chip').map((c) => c.textContent)).toEqual(['#VIP×']);
    await user.keyboard('{Control>}{Shift>}g{/Shift}{/Control}');
    expect(within(labels).getByTestId('tag-input')).toHaveFocus();
    await user.keyboard('Выставка 2026{Enter}');
    await waitFor(() => expect(api.calls['tags.set']).toHaveBeenCalledWith({ customerId: card.customer.id, tag: 'Выставка 2026', on: true }));
    await waitFor(() => expect(within(screen.getByTestId('labels')).getAllByTestId('tag-chip')).toHaveLength(2));
    expect(api.calls['callerCard.forCustomer']).toHaveBeenCalledTimes(1);
    await user.click(within(screen.getByTestId('labels')).getByRole('button', { name: 'Снять тег «VIP»' }));
    await waitFor(() => expect(api.calls['tags.set']).toHaveBeenLastCalledWith({ customerId: card.customer.id, tag: 'VIP', on: false }));
    await waitFor(() => expect(within(screen.getByTestId('labels')).getAllByTestId('tag-chip').map((c) => c.textContent)).toEqual(['#Выставка 2026×']));
  });

  it('a supervisor saves a segment\'s rule and imports a list under Campaigns; the lines that named nobody are listed', async () => {
    let segments: SegmentView[] = [];
    const api = fakeApi({
      'session.get': supervisorSession(),
      'supervisor.board': () => cachedAnswer({ entries: [], serverTimeMs: Date.now(), day: '2026-03-10', timeZone: 'Europe/Moscow' }),
      'campaigns.list': () => [],
      'campaigns.figures': () => ({ figures: null, available: false, live: false, fetchedAt: null }),
      'segments.list': () => segments,
      'segments.save': (input) => (segments = [{ id: uuid(), name: input.name, rule: input.rule, active: input.active, members: 12 }]),
      'tags.import': () => ({ tagged: 2, already: 1, unmatched: [{ line: 4, text: 'нет такого' }], unmatchedCount: 1 }),
    });
    const { user } = renderApp(api);
    await user.keyboard('{Control>}{Shift>}m{/Shift}{/Control}');
    const editor = await screen.findByTestId('segments-editor');
    await user.click(within(editor).getByTestId('segment-new'));
    await user.type(within(editor).getByLabelText('Название'), 'Именинники без жалоб');
    await user.click(within(editor).getByLabelText('День рождения в этом месяце'));
    await user.type(within(editor).getByLabelText('Без жалоб, дней'), '90');
    await user.type(within(editor).getByLabelText('Все эти теги (через запятую)'), 'VIP, опт');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['segments.save']).toHaveBeenCalledWith({
      name: 'Именинники без жалоб', active: true,
      rule: { tags: ['VIP', 'опт'], field: null, kind: null, birthdayThisMonth: true, noComplaintDays: 90, contactedWithinDays: null },
    }));
    expect(await within(editor).findByTestId('segment-members')).toHaveTextContent('12 клиентов на этом компьютере');

    const importer = within(editor).getByTestId('tag-import');
    await user.type(within(importer).getByLabelText('Тег для списка'), 'Выставка 2026');
    await user.type(within(importer).getByLabelText('Список'), '+7 916 700-00-01{Enter}anna@example.ru{Enter}{Enter}нет такого');
    await user.click(within(importer).getByTestId('tag-import-run'));
    await waitFor(() => expect(api.calls['tags.import']).toHaveBeenCalledWith({ tag: 'Выставка 2026', text: '+7 916 700-00-01\nanna@example.ru\n\nнет такого' }));
    const report = await within(importer).findByTestId('tag-import-report');
    expect(report).toHaveTextContent('Отмечено 2, уже было 1, не найдено строк: 1');
    expect(report).toHaveTextContent('строка 4: нет такого');
  });

  it('the work queue filters by a segment or tag', async () => {
    const api = fakeApi({
      'session.get': supervisorSession(),
      'supervisor.board': () => cachedAnswer({ entries: [], serverTimeMs: Date.now(), day: '2026-03-10', timeZone: 'Europe/Moscow' }),
      'supervisor.queue': () => cachedAnswer({ items: [], total: 0, serverTimeMs: Date.now(), dueSoonMs: 3600_000 }),
      'tags.known': () => ['VIP', 'Именинники'],
    });
    const { user } = renderApp(api);
    await user.keyboard('{Alt>}w{/Alt}');
    const label = await screen.findByTestId('queue-filter-label');
    await waitFor(() => expect(within(label).getAllByRole('option').map((o) => o.textContent)).toEqual(['Все', 'VIP', 'Именинники']));
    await user.selectOptions(label, 'Именинники');
    await waitFor(() => expect(api.calls['supervisor.queue']).toHaveBeenLastCalledWith(expect.objectContaining({ label: 'Именинники' })));
  });
});
