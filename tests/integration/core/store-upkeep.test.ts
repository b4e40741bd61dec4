// Store upkeep (db/upkeep.ts): WAL checkpoints and FTS merges run between writes, never inside one,
// and the WAL is still checkpointed promptly and stays bounded.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiInput, HandlerTable } from '../../../src-shared/index.js';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, wrapKysely, type SqliteDb } from '../../../src-main/core/db/open.js';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from '../../../src-main/core/db/upkeep.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { storeHandlers } from '../../../src-main/core/domains/store-handlers.js';
import { Store } from '../../../src-main/core/store/write-path.js';
import { ensureCurrentUser } from '../../../src-main/core/store/users.js';
import { HlcClock } from '../../../src-main/core/store/clock.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

interface Stack {
  db: SqliteDb;
  store: Store;
  handlers: HandlerTable;
  path: string;
}

let dir: string;
const opened: SqliteDb[] = [];

beforeEach(() => {
  dir = tempDir('kartoteka-upkeep-');
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  removeDir(dir);
});

function openStack(name: string): Stack {
  const path = join(dir, name);
  const db = openSqlite(path);
  opened.push(db);
  migrate(db, MIGRATIONS_DIR);
  const handle = new DbHandle(db, wrapKysely(db));
  const clock = new HlcClock(db, Date.now);
  const store = new Store(handle, clock, Date.now);
  const userId = ensureCurrentUser(handle, clock, Date.now());
  // Only the customer and logging methods are called here.
  const handlers = storeHandlers({ store, currentUserId: () => userId, defaultCountry: () => 'RU' }) as unknown as HandlerTable;
  return { db, store, handlers, path };
}

async function call<M extends 'customers.create' | 'interactions.logCall'>(s: Stack, method: M, input: ApiInput<M>): Promise<unknown> {
  const r = await dispatch(s.handlers, method, input, (_m, e) => {
    throw e;
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result;
}

async function logCalls(s: Stack, customerId: string, n: number, notes: (i: number) => string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await call(s, 'interactions.logCall', {
      customerId, direction: 'in', reason: 'information', notes: notes(i), startedAt: Date.UTC(2026, 10, 1) + i, durationS: 30,
    });
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const walBytes = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('store upkeep', () => {
  it('never checkpoints inside a write: SQLite checkpoints only past the backstop, upkeep on the next turn', async () => {
    const s = openStack('burst.sqlite');
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
    const customer = (await call(s, 'customers.create', { name: 'Upkeep Burst' })) as { id: string };
    const runsBefore = s.store.upkeep.stats().runs;
    // Back to back without leaving the microtask queue: no timer can run in between.
    await logCalls(s, customer.id, 150, (i) => `burst ${i}`);
    expect(s.store.upkeep.stats().runs).toBe(runsBefore);
    // Past SQLite's default auto-checkpoint (1,000 pages): with it, a commit in this loop would have
    // copied the WAL into the database file and fsynced it.
    expect(walBytes(s.path)).toBeGreaterThan(1000 * 4096);
    await nextTurn();
    const stats = s.store.upkeep.stats();
    expect(stats.runs).toBe(runsBefore + 1);
    const run = stats.recent.at(-1);
    expect(run?.walFrames).toBeGreaterThan(1000);
    expect(run?.checkpointed).toBe(run?.walFrames);
    expect(stats.lastError).toBeNull();
  });

  it('checkpoints the WAL after a quiet spell following a single write', async () => {
    const s = openStack('quiet.sqlite');
    const customer = (await call(s, 'customers.create', { name: 'Upkeep Quiet' })) as { id: string };
    await logCalls(s, customer.id, 1, () => 'one call');
    const runsBefore = s.store.upkeep.stats().runs;
    // However long the quiet spell takes to be noticed on a loaded machine: wait for the run itself.
    while (s.store.upkeep.stats().runs === runsBefore) await new Promise((resolve) => setTimeout(resolve, 20));
    const stats = s.store.upkeep.stats();
    expect(stats.runs).toBeGreaterThan(runsBefore);
    const run = stats.recent.at(-1);
    expect(run?.walFrames).toBeGreaterThan(0);
    expect(run?.checkpointed).toBe(run?.walFrames);
  });

  it('keeps FTS merges off the write path and still finds every logged note', async () => {
    const s = openStack('fts.sqlite');
    const automerge = s.db.prepare(`SELECT v FROM interaction_fts_config WHERE k = 'automerge'`).get() as { v: number } | undefined;
    expect(automerge?.v).toBe(0);
    const customer = (await call(s, 'customers.create', { name: 'Upkeep Search' })) as { id: string };
    for (let round = 0; round < 6; round++) {
      await logCalls(s, customer.id, 20, (i) => `заявка упкип${round} номер ${i}`);
      await nextTurn();
    }
    const count = (word: string) => (s.db.prepare('SELECT count(*) AS n FROM interaction_fts WHERE interaction_fts MATCH ?').get(word) as { n: number }).n;
    expect(s.store.upkeep.stats().lastError).toBeNull();
    expect(count('заявка')).toBe(120);
    for (let round = 0; round < 6; round++) expect(count(`упкип${round}`)).toBe(20);
    // Throws SQLITE_CORRUPT_VTAB if the merged segments disagree with the interaction table.
    expect(() => s.db.prepare(`INSERT INTO interaction_fts (interaction_fts) VALUES ('integrity-check')`).run()).not.toThrow();
  });
});
