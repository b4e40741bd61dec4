// Search after an initial sync: pages of many new rows are indexed set by set (their insert triggers
// lifted inside the page's transaction) instead of row by row. The index that results must be the
// one the triggers build: a desktop that syncs in large pages, cut off mid-way and resumed, and one
// that syncs in small pages (row by row, through the triggers) hold the same customer index and
// find the same interactions, ё folded, tombstones left out, contact points that arrive after their
// customer included. And the triggers are back: a write after the sync is found. The card's tally
// (interaction_tally), added up per page the same way, equals a recount and the row-by-row tally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { SEARCH_INSERT_TRIGGERS } from '../../src-main/core/db/page-search-index.js';
import { Desktop } from '../support/desktop.js';
import { readLocal, tallies } from '../support/replicas.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../support/server-fixture.js';

const CUSTOMERS = 600;
const PASSWORD = 'correct horse battery';
let f: ServerFixture;

beforeAll(async () => {
  f = await startServerFixture();
  let batch: Mutation[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await push(f, f.anna, batch);
    if (res.status !== 200 || res.body.results.some((r) => r.status !== 'applied')) throw new Error(`seed push failed: ${JSON.stringify(res.body).slice(0, 300)}`);
    batch = [];
  };
  const add = async (m: Mutation) => {
    batch.push(m);
    if (batch.length >= 400) await flush();
  };
  const now = Date.now();
  const customers: string[] = [];
  // Customers first, their phones after (so many arrive in a later page than their customer), then calls.
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = newId();
    customers.push(id);
    const payload = customerPayload(i % 3 === 0 ? `Алёна Ёлкина ${i}` : `Пётр Smith ${i}`);
    if (i % 4 === 0) payload.organisation = `ООО «Звёздочка» ${i}`;
    await add(mutation(f.anna, 'customer', id, 'insert', payload));
  }
  for (const [i, id] of customers.entries()) {
    await add(mutation(f.anna, 'contact_point', newId(), 'insert', {
      customer_id: id, kind: 'phone', raw: `+7 916 ${String(100000 + i)}`, normalized: `+7916${String(100000 + i)}`, label: null, created_at: now, updated_at: now,
    }));
  }
  const calls: string[] = [];
  for (let i = 0; i < 900; i++) {
    const id = newId();
    calls.push(id);
    await add(mutation(f.anna, 'interaction', id, 'insert', {
      customer_id: customers[i % CUSTOMERS], channel: 'call', direction: 'in', occurred_at: now - i, duration_s: 10, user_id: f.anna.id, reason: 'information',
      notes: i % 2 === 0 ? `ёлка и тариф ${i}` : `delivery question ${i}`, email_to: [], email_cc: [], created_at: now, updated_at: now,
    }));
  }
  await flush();
  // Tombstones: a customer and some calls are deleted; they arrive deleted and must not be found.
  await add(mutation(f.anna, 'customer', customers[3] ?? '', 'delete', {}));
  for (const id of calls.slice(0, 30)) await add(mutation(f.anna, 'interaction', id, 'delete', {}));
  await flush();
});
afterAll(async () => {
  await f?.close();
});

/** The customer index by customer id (rowids differ between stores). */
function customerIndex(d: Desktop): string[] {
  return readLocal<{ id: string; name: string; organisation: string; contacts: string }>(
    d.dbPath,
    'SELECT c.id, f.name, f.organisation, f.contacts FROM customer_fts f JOIN customer c ON c.rowid = f.rowid ORDER BY c.id',
  ).map((r) => JSON.stringify(r));
}

function found(d: Desktop, table: 'customer' | 'interaction', query: string): string[] {
  return readLocal<{ id: string }>(d.dbPath, `SELECT t.id FROM ${table}_fts JOIN ${table} t ON t.rowid = ${table}_fts.rowid WHERE ${table}_fts MATCH ? ORDER BY t.id`, query).map((r) => r.id);
}

const QUERIES: [('customer' | 'interaction'), string][] = [
  ['customer', 'елкина'], ['customer', 'алена'], ['customer', 'петр'], ['customer', 'smith'], ['customer', 'звездочка'], ['customer', '7916100017'], ['customer', '916*'],
  ['customer', '"+7 916 100042"'], ['customer', 'ал*'], ['interaction', 'елка'], ['interaction', 'тариф'], ['interaction', 'delivery'],
];

describe('search index after an initial sync in large pages', () => {
  it('is the index the row-by-row triggers build, also when the sync was cut and resumed; the triggers are back', async () => {
    // Large pages, cut after the first one: bulk indexing, then a resume from the stored cursor.
    let pulls = 0;
    let cut = true;
    const bulk = new Desktop('fts-bulk', undefined, {
      pullPage: 1_000,
      network: async (input, init, real) => {
        if (new URL(String(input)).pathname === '/sync/pull' && cut && ++pulls > 1) throw new TypeError('network cut');
        return real(input, init);
      },
    });
    const first = await bulk.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
    expect(first.state).toBe('offline');
    cut = false;
    bulk.restart();
    await bulk.sync();
    expect((await bulk.call('sync.status', {})).state).toBe('online');

    // Small pages: every row goes through the triggers.
    const rowByRow = new Desktop('fts-rows', undefined, { pullPage: 100 });
    await rowByRow.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });

    const bulkIndex = customerIndex(bulk);
    expect(bulkIndex.length).toBe(CUSTOMERS - 1);
    expect(bulkIndex).toEqual(customerIndex(rowByRow));
    for (const [table, query] of QUERIES) {
      const hits = found(bulk, table, query);
      expect(hits, `${table} ${query}`).toEqual(found(rowByRow, table, query));
      expect(hits.length, `${table} ${query}`).toBeGreaterThan(0);
    }
    expect(found(bulk, 'interaction', 'елка')).toHaveLength(450 - 15);

    const bulkTally = tallies(bulk.dbPath);
    expect(bulkTally.tally.length).toBe(CUSTOMERS);
    expect(bulkTally.tally.some((line) => line.endsWith(' 2'))).toBe(true);
    expect(bulkTally.tally).toEqual(bulkTally.recount);
    expect(bulkTally.tally).toEqual(tallies(rowByRow.dbPath).tally);

    const triggers = readLocal<{ name: string }>(bulk.dbPath, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_insert' ORDER BY name").map((r) => r.name);
    expect(triggers).toEqual([...SEARCH_INSERT_TRIGGERS, 'interaction_tally_insert'].sort());
    const c = await bulk.call('customers.create', { name: 'Щёткин После', contacts: [] });
    expect(found(bulk, 'customer', 'щеткин')).toEqual([c.id]);
    bulk.close();
    rowByRow.close();
  });
});
