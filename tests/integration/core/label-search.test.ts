// Search by #label (issue 20) on a real SQLite store: #tag, #"a label with spaces" and the card's
// segment field find the customers who carry them, in any case; two labels must both hold; text
// beside a label narrows within the labelled customers, history included; '#' alone is plain text.
import { labelsOfQuery } from '../../../src-main/core/domains/search/search.js';
import { openEngine, removeDir, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir();
  t = openEngine(`${dir}/labels.sqlite`);
  const make = async (name: string, segment?: string) => (await t.call('customers.create', { name, ...(segment ? { segment } : {}) })).id;
  ids.irina = await make('Ирина Ветрова', 'Розница');
  ids.pavel = await make('Павел Ветров');
  ids.olga = await make('Ольга Ветрова', 'Опт');
  await t.call('tags.set', { customerId: ids.irina, tag: 'VIP', on: true });
  await t.call('tags.set', { customerId: ids.pavel, tag: 'vip', on: true });
  await t.call('tags.set', { customerId: ids.pavel, tag: 'Выставка 2026', on: true });
  await t.call('tags.set', { customerId: ids.olga, tag: 'Выставка 2026', on: true });
  await t.call('tags.set', { customerId: ids.olga, tag: 'VIP', on: true });
  await t.call('tags.set', { customerId: ids.olga, tag: 'VIP', on: false });
  await t.call('interactions.logCall', { customerId: ids.pavel, direction: 'in', startedAt: Date.UTC(2026, 2, 10, 9), durationS: 30, reason: 'sales', notes: 'спрашивал про стенд' });
});
afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

const names = async (q: string) => (await t.call('search.query', { q })).customers.map((c) => c.name).sort();

describe('search by #label', () => {
  it('reads #word and #"several words", and leaves a bare # as text', () => {
    expect(labelsOfQuery('#VIP #"Выставка 2026" ветров')).toEqual({ labels: ['VIP', 'Выставка 2026'], text: 'ветров' });
    expect(labelsOfQuery('дом #')).toEqual({ labels: [], text: 'дом #' });
  });

  it('finds the customers who carry a tag or a segment, taken-off tags excepted', async () => {
    expect(await names('#vip')).toEqual(['Ирина Ветрова', 'Павел Ветров']);
    expect(await names('#РОЗНИЦА')).toEqual(['Ирина Ветрова']);
    expect(await names('#"выставка 2026"')).toEqual(['Ольга Ветрова', 'Павел Ветров']);
    expect((await t.call('search.query', { q: '#опт' })).customers.map((c) => c.matched)).toEqual(['label']);
    expect(await names('#никто')).toEqual([]);
  });

  it('two labels must both hold, and text narrows within them, history included', async () => {
    expect(await names('#vip #"Выставка 2026"')).toEqual(['Павел Ветров']);
    expect(await names('#"Выставка 2026" ольга')).toEqual(['Ольга Ветрова']);
    const r = await t.call('search.query', { q: '#vip стенд' });
    expect(r.interactions.map((i) => i.customerId)).toEqual([ids.pavel]);
    expect((await t.call('search.query', { q: '#опт стенд' })).interactions).toEqual([]);
  });
});
