// A large first sync loads without the secondary indexes and builds them once at the end
// (db/deferred-indexes.ts), and indexes each customer for search once (db/pending-search.ts). The
// store that results has every index and the same search index as a desktop that synced row by row;
// a sync cut off half-way leaves a store with all its indexes too (it is used offline), and a store
// left with indexes set aside (a crash) gets them back at the next start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { openSqlite } from '../../src-main/core/db/open.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { deferIndexes, deferredIndexes } from '../../src-main/core/db/deferred-indexes.js';
import { Desktop, LOCAL_MIGRATIONS } from '../support/desktop.js';
import { readLocal, tallies } from '../support/replicas.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../support/server-fixture.js';
import { MetaKey } from '../../src-main/core/db/meta.js';

const CUSTOMERS = 300;
const PASSWORD = 'correct horse battery';
let f: ServerFixture;

beforeAll(async () => {
  f = await startServerFixture();
  const now = Date.now();
  let batch: Mutation[] = [];
  const flush = async () => {
    const res = await push(f, f.anna, batch);
    if (res.status !== 200 || res.body.results.some((r) => r.status !== 'applied')) throw new Error(`seed push failed: ${JSON.stringify(res.body).slice(0, 300)}`);
    batch = [];
  };
  const ids: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = newId();
    ids.push(id);
    batch.push(mutation(f.anna, 'customer', id, 'insert', customerPayload(`Фёдор Индексов ${i}`)));
    batch.push(mutation(f.anna, 'contact_point', newId(), 'insert', {
      customer_id: id, kind: 'phone', raw: `+7 495 ${String(200000 + i)}`, normalized: `+7495${String(200000 + i)}`, label: null, created_at: now, updated_at: now,
    }));
    batch.push(mutation(f.anna, 'interaction', newId(), 'insert', {
      customer_id: id, channel: 'call', direction: 'in', occurred_at: now - i, duration_s: 10, user_id: f.anna.id, reason: 'information',
      notes: `вопрос про счёт ${i}`, email_to: [], email_cc: [], created_at: now, updated_at: now,
    }));
    if (batch.length >= 300) await flush();
  }
  // Complaints about the first customers arrive pages after their first call: the card's tally
  // (interaction_tally) must add them to the counts an earlier page wrote.
  for (const [i, id] of ids.slice(0, 20).entries()) {
    for (const reason of ['complaint', 'complaint', 'information'] as const) {
      batch.push(mutation(f.anna, 'interaction', newId(), 'insert', {
        customer_id: id, channel: 'call', direction: 'in', occurred_at: now + i, duration_s: 10, user_id: f.anna.id, reason,
        notes: `жалоба ${i}`, email_to: [], email_cc: [], created_at: now, updated_at: now,
      }));
    }
  }
  if (batch.length > 0) await flush();
});
afterAll(async () => {
  await f?.close();
});

/** The store's own indexes (not the automatic ones of keys), as a fresh store has them. */
function indexes(dbPath: string): string[] {
  return readLocal<{ name: string; sql: string }>(dbPath, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).map((r) => `${r.name}: ${r.sql}`);
}

function freshIndexes(): string[] {
  const d = new Desktop('fresh-indexes');
  const list = indexes(d.dbPath);
  d.close();
  return list;
}

function customerIndex(dbPath: string): string[] {
  return readLocal<{ id: string; name: string; contacts: string }>(
    dbPath, 'SELECT c.id, f.name, f.contacts FROM customer_fts f JOIN customer c ON c.rowid = f.rowid ORDER BY c.id',
  ).map((r) => JSON.stringify(r));
}

const leftovers = (dbPath: string) => ({
  deferred: readLocal<{ n: number }>(dbPath, 'SELECT count(*) AS n FROM meta WHERE key = ?', MetaKey.deferredIndexes)[0]?.n,
  pendingSearch: readLocal<{ n: number }>(dbPath, 'SELECT count(*) AS n FROM search_pending_customer')[0]?.n,
});

describe('a large first sync', () => {
  it('ends with every index, and the search index of a row-by-row sync', async () => {
    const expected = freshIndexes();
    const bulk = new Desktop('deferred-bulk', undefined, { pullPage: 200, deferIndexesFrom: 100 });
    const setAside: number[] = [];
    bulk.engine.onEvent((e) => {
      if (e.type === 'sync-status' && e.status.progress) setAside.push(deferredIndexes(openReadonly(bulk.dbPath)).length);
    });
    await bulk.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
    expect((await bulk.call('sync.status', {})).state).toBe('online');
    // While pages came in, the indexes were away.
    expect(Math.max(...setAside)).toBeGreaterThan(0);
    expect(indexes(bulk.dbPath)).toEqual(expected);
    expect(leftovers(bulk.dbPath)).toEqual({ deferred: 0, pendingSearch: 0 });

    const rows = new Desktop('deferred-rows', undefined, { pullPage: 50, deferIndexesFrom: 1_000_000 });
    await rows.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
    expect(customerIndex(bulk.dbPath)).toHaveLength(CUSTOMERS);
    expect(customerIndex(bulk.dbPath)).toEqual(customerIndex(rows.dbPath));
    const bulkTally = tallies(bulk.dbPath);
    expect(bulkTally.tally).toHaveLength(CUSTOMERS + 20);
    expect(bulkTally.tally).toEqual(bulkTally.recount);
    expect(bulkTally.tally).toEqual(tallies(rows.dbPath).tally);

    // The card's queries use the indexes again.
    const plan = readLocal<{ detail: string }>(bulk.dbPath, `EXPLAIN QUERY PLAN SELECT id FROM interaction WHERE customer_id = ? AND deleted = 0 ORDER BY occurred_at DESC, id DESC LIMIT 50`, 'x')
      .map((r) => r.detail).join('\n');
    expect(plan).toMatch(/interaction_timeline/);
    const hits = await bulk.call('search.query', { q: 'Федор Индексов 17', limit: 5 });
    expect(JSON.stringify(hits)).toContain('Фёдор Индексов 17');
    bulk.close();
    rows.close();
  });

  it('cut off half-way, leaves a store with all its indexes, and resumes', async () => {
    const expected = freshIndexes();
    let pulls = 0;
    let cut = true;
    const d = new Desktop('deferred-cut', undefined, {
      pullPage: 200,
      deferIndexesFrom: 100,
      network: async (input, init, real) => {
        if (new URL(String(input)).pathname === '/sync/pull' && cut && ++pulls > 2) throw new TypeError('network cut');
        return real(input, init);
      },
    });
    const first = await d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
    expect(first.state).toBe('offline');
    expect(indexes(d.dbPath)).toEqual(expected);
    expect(leftovers(d.dbPath)).toEqual({ deferred: 0, pendingSearch: 0 });
    const partial = readLocal<{ n: number }>(d.dbPath, 'SELECT count(*) AS n FROM customer')[0]?.n ?? 0;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(CUSTOMERS);

    cut = false;
    await d.sync();
    expect((await d.call('sync.status', {})).state).toBe('online');
    expect(readLocal<{ n: number }>(d.dbPath, 'SELECT count(*) AS n FROM customer')[0]?.n).toBe(CUSTOMERS);
    expect(indexes(d.dbPath)).toEqual(expected);
    expect(customerIndex(d.dbPath)).toHaveLength(CUSTOMERS);
    d.close();
  });

  it('a store left with its indexes set aside (a crash during the load) gets them back at the next start', () => {
    const expected = freshIndexes();
    const d = new Desktop('deferred-crash');
    d.close();
    const db = openSqlite(d.dbPath);
    migrate(db, LOCAL_MIGRATIONS);
    expect(deferIndexes(db)).toBeGreaterThan(5);
    db.close();
    expect(indexes(d.dbPath)).not.toEqual(expected);
    d.restart(); // no sync account: the engine finishes the load at start
    expect(indexes(d.dbPath)).toEqual(expected);
    expect(leftovers(d.dbPath).deferred).toBe(0);
    d.close();
  });
});

function openReadonly(path: string) {
  const db = openSqlite(path);
  queueMicrotask(() => db.close());
  return db;
}
