// Durability of operator writes with synchronous=NORMAL (db/open.ts, db/wal-flush.ts): the commit
// returns without an fsync, and the WAL is fsynced right after, once per commit or once for the
// commits that arrived while a flush ran. kill -9 safety is proven separately (kill9.test.ts).
import { join } from 'node:path';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, wrapKysely, type SqliteDb } from '../../../src-main/core/db/open.js';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { WalFlusher } from '../../../src-main/core/db/wal-flush.js';
import { Store } from '../../../src-main/core/store/write-path.js';
import { HlcClock } from '../../../src-main/core/store/clock.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

let dir: string;
const opened: SqliteDb[] = [];

beforeEach(() => {
  dir = tempDir('kartoteka-wal-flush-');
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  removeDir(dir);
});

function openStore(name = 'store.sqlite'): { db: SqliteDb; store: Store } {
  const db = openSqlite(join(dir, name));
  opened.push(db);
  migrate(db, MIGRATIONS_DIR);
  const handle = new DbHandle(db, wrapKysely(db));
  return { db, store: new Store(handle, new HlcClock(db, Date.now), Date.now) };
}

function addCustomer(store: Store, name: string): void {
  store.write((w) => w.insert('customer', { kind: 'person', name, organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0, merged_into: null, account_no: null }));
}

describe('durability of operator writes', () => {
  it('commits in WAL mode without an fsync inside the commit (synchronous=NORMAL)', () => {
    const { db } = openStore();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('fsyncs the WAL after every committed write and records how long each commit waited for it', async () => {
    const { store } = openStore();
    for (let i = 0; i < 5; i++) {
      addCustomer(store, `Клиент ${i}`);
      await store.durability.idle();
    }
    const stats = store.durability.stats();
    expect(stats.lastError).toBeNull();
    expect(stats.commits).toBe(5);
    expect(stats.flushes).toBe(5);
    expect(stats.recentLagMs).toHaveLength(5);
    for (const lag of stats.recentLagMs) expect(lag).toBeGreaterThanOrEqual(0);
  });

  it('covers the writes that arrive during a flush with one more flush (group commit)', async () => {
    const { store } = openStore();
    for (let i = 0; i < 20; i++) addCustomer(store, `Клиент ${i}`);
    await store.durability.idle();
    const stats = store.durability.stats();
    expect(stats.commits).toBe(20);
    expect(stats.flushes).toBe(2);
    expect(stats.recentLagMs).toHaveLength(20);
  });

  it('does not flush for a write that failed and left nothing', async () => {
    const { store } = openStore();
    expect(() => store.write(() => {
      throw new Error('refused');
    })).toThrow('refused');
    await store.durability.idle();
    expect(store.durability.stats().commits).toBe(0);
  });

  it('flushes what is pending when the store closes, and ignores commits after that', async () => {
    const { db, store } = openStore();
    addCustomer(store, 'Последний');
    store.close();
    db.close();
    await store.durability.idle();
    store.durability.noteCommit();
    expect(store.durability.stats().commits).toBe(1);
    const again = openSqlite(join(dir, 'store.sqlite'));
    opened.push(again);
    expect(again.prepare(`SELECT count(*) AS n FROM customer WHERE name = 'Последний'`).get()).toEqual({ n: 1 });
  });

  it('does nothing for a store without a file', async () => {
    const flusher = new WalFlusher(':memory:');
    flusher.noteCommit();
    await flusher.idle();
    expect(flusher.stats()).toMatchObject({ commits: 0, flushes: 0 });
  });
});
