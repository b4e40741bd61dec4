// A first sync from a store snapshot (sync/snapshot.ts, docs/sync.md "Snapshots"): the builder syncs
// a store as an admin and uploads it; a new desktop of the same scope downloads it, copies it in one
// transaction and pulls on from its seq. Its store must be the store of a desktop that pulled every
// page itself — rows, merge stamps, search index, card tally — with nothing of the builder's own
// (clock node, settings), and its triggers working. A file it cannot use (corrupt, truncated) is
// refused whole and the sync pulls page by page; a download cut off is an offline run, retried.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { migrate } from '../../src-main/core/db/migrate.js';
import { localFieldStamps } from '../../src-shared/sync/field-stamps.js';
import { openSqlite } from '../../src-main/core/db/open.js';
import { buildSnapshot } from '../../src-main/core/admin/snapshot-builder.js';
import { prepareSnapshot, restoreSnapshot, snapshotTables, SnapshotError } from '../../src-main/core/sync/snapshot.js';
import { Desktop, LOCAL_MIGRATIONS } from '../support/desktop.js';
import { localSnapshot, readLocal } from '../support/replicas.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../support/server-fixture.js';
import { MetaKey } from '../../src-main/core/db/meta.js';

const CUSTOMERS = 400;
const PASSWORD = 'correct horse battery';
let f: ServerFixture;
let snapshotSeq = 0;
let calls: string[] = [];

async function pushAll(batch: Mutation[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 300) {
    const res = await push(f, f.anna, batch.slice(i, i + 300));
    if (res.status !== 200 || res.body.results.some((r) => r.status !== 'applied')) throw new Error(`seed push failed: ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}

beforeAll(async () => {
  f = await startServerFixture();
  const now = Date.now();
  const batch: Mutation[] = [];
  const customers: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = newId();
    customers.push(id);
    batch.push(mutation(f.anna, 'customer', id, 'insert', customerPayload(i % 2 === 0 ? `Алёна Ёлкина ${i}` : `Peter Snapshot ${i}`)));
    batch.push(mutation(f.anna, 'contact_point', newId(), 'insert', {
      customer_id: id, kind: 'phone', raw: `+7 495 ${String(300000 + i)}`, normalized: `+7495${String(300000 + i)}`, label: null, created_at: now, updated_at: now,
    }));
  }
  calls = [];
  for (let i = 0; i < 900; i++) {
    const id = newId();
    calls.push(id);
    batch.push(mutation(f.anna, 'interaction', id, 'insert', {
      customer_id: customers[i % CUSTOMERS], channel: 'call', direction: i % 3 === 0 ? 'out' : 'in', occurred_at: now - i, duration_s: 10, user_id: f.anna.id,
      reason: i % 4 === 0 ? 'complaint' : 'information', notes: i % 2 === 0 ? `ёлка и тариф ${i}` : `delivery question ${i}`,
      email_to: [], email_cc: [], created_at: now, updated_at: now,
    }));
  }
  await pushAll(batch);
  // Edits after insert: stamps that differ per field, and tombstones.
  await pushAll([
    mutation(f.anna, 'customer', customers[1] ?? '', 'update', { segment: 'vip' }),
    mutation(f.anna, 'customer', customers[3] ?? '', 'delete', {}),
    ...calls.slice(0, 20).map((id) => mutation(f.anna, 'interaction', id, 'delete', {})),
  ]);

  const built = await buildSnapshot({ serverUrl: f.server.url, username: 'admin', password: PASSWORD, migrationsDir: LOCAL_MIGRATIONS, sync: { snapshotFrom: false } });
  snapshotSeq = built.info.seq;

  // Changes after the snapshot: the desktop must pull them from its seq.
  const late = newId();
  await pushAll([
    mutation(f.anna, 'customer', late, 'insert', customerPayload('Поздний Клиент')),
    mutation(f.anna, 'interaction', newId(), 'insert', {
      customer_id: late, channel: 'call', direction: 'in', occurred_at: now, duration_s: 5, user_id: f.anna.id, reason: 'sales', notes: 'после снимка',
      email_to: [], email_cc: [], created_at: now, updated_at: now,
    }),
    mutation(f.anna, 'interaction', calls[500] ?? '', 'delete', {}),
    mutation(f.anna, 'customer', customers[5] ?? '', 'update', { name: 'Переименован После Снимка' }),
  ]);
});
afterAll(async () => {
  await f?.close();
});

/** A desktop that records its requests (path + query). */
function recordingDesktop(name: string, options: ConstructorParameters<typeof Desktop>[2] = {}, alter?: (path: string, res: Response) => Promise<Response>): { d: Desktop; requests: string[] } {
  const requests: string[] = [];
  const d = new Desktop(name, undefined, {
    ...options,
    network: async (input, init, real) => {
      const url = new URL(String(input));
      requests.push(`${url.pathname}${url.search}`);
      const res = await real(input, init);
      return alter ? alter(url.pathname, res) : res;
    },
  });
  return { d, requests };
}

/** Every row's stamp per field as the merge reads it (the stored form may list more or fewer fields). */
function stamps(dbPath: string): string[] {
  return Object.values(SYNC_ENTITIES)
    .filter((e) => e.table !== 'app_user')
    .flatMap((e) =>
      readLocal<Record<string, unknown>>(dbPath, `SELECT * FROM "${e.table}" ORDER BY id`).map((row) => `${e.table} ${String(row.id)} ${String(row.hlc)} ${JSON.stringify(localFieldStamps(e, row))}`),
    );
}

function searchIndex(dbPath: string): { customers: string[]; hits: string[]; tally: string[] } {
  return {
    customers: readLocal<{ line: string }>(dbPath, `SELECT c.id || ' ' || f.name || ' ' || f.contacts AS line FROM customer_fts f JOIN customer c ON c.rowid = f.rowid ORDER BY c.id`).map((r) => r.line),
    hits: ['елка', 'delivery', 'тариф', 'снимка'].flatMap((q) =>
      readLocal<{ id: string }>(dbPath, `SELECT i.id FROM interaction_fts JOIN interaction i ON i.rowid = interaction_fts.rowid WHERE interaction_fts MATCH ? ORDER BY i.id`, q).map((r) => `${q} ${r.id}`),
    ),
    tally: readLocal<{ line: string }>(dbPath, `SELECT customer_id || direction || channel || reason || ' ' || n AS line FROM interaction_tally WHERE n > 0 ORDER BY 1`).map((r) => r.line),
  };
}

function leftoverFiles(dbPath: string): string[] {
  return readdirSync(dirname(dbPath)).filter((n) => n.includes('snapshot'));
}

describe('a first sync from a store snapshot', () => {
  it('gives the store of a page-by-page sync, pulls on from the snapshot, and keeps nothing of the builder', async () => {
    const { d: fromSnapshot, requests } = recordingDesktop('snap-restored', { snapshotFrom: 1, pullPage: 1_000 });
    const refused: unknown[] = [];
    const pages = new Desktop('snap-pages', undefined, { snapshotFrom: false, pullPage: 1_000 });
    try {
      const status = await fromSnapshot.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
      expect(status.state).toBe('online');
      expect(refused).toEqual([]);
      expect(requests).toContain('/sync/snapshot');
      const pulls = requests.filter((r) => r.startsWith('/sync/pull'));
      expect(pulls[0]).toBe(`/sync/pull?after=${snapshotSeq}&limit=1000`);
      expect(leftoverFiles(fromSnapshot.dbPath)).toEqual([]);

      await pages.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
      const restored = localSnapshot(fromSnapshot.dbPath);
      expect(restored.customer?.size).toBe(CUSTOMERS + 1);
      expect(restored).toEqual(localSnapshot(pages.dbPath));
      expect(stamps(fromSnapshot.dbPath)).toEqual(stamps(pages.dbPath));
      const index = searchIndex(fromSnapshot.dbPath);
      // 450 calls say ёлка; 10 of them were deleted before the snapshot, one after it.
      expect(index.hits.filter((h) => h.startsWith('елка '))).toHaveLength(450 - 10 - 1);
      expect(index.hits.filter((h) => h.startsWith('снимка '))).toHaveLength(1);
      expect(index).toEqual(searchIndex(pages.dbPath));

      // Its own clock node and settings, not the builder's; every trigger back.
      const nodes = [fromSnapshot.dbPath, pages.dbPath].map((p) => readLocal<{ value: string }>(p, 'SELECT value FROM meta WHERE key = ?', MetaKey.nodeId)[0]?.value);
      expect(nodes[0]).toBeTruthy();
      expect(nodes[0]).not.toBe(nodes[1]);
      expect(readLocal<{ n: number }>(fromSnapshot.dbPath, 'SELECT count(*) AS n FROM meta WHERE key IN (?, ?)', MetaKey.snapshotSeq, MetaKey.snapshotMaxHlc)[0]?.n).toBe(0);
      const triggers = (p: string) => readLocal<{ name: string }>(p, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").map((r) => r.name);
      expect(triggers(fromSnapshot.dbPath)).toEqual(triggers(pages.dbPath));

      // The store works as any other: a logged call is found, counted, and reaches the server.
      const customerId = readLocal<{ id: string }>(fromSnapshot.dbPath, 'SELECT id FROM customer WHERE deleted = 0 ORDER BY id LIMIT 1')[0]?.id ?? '';
      const before = (await fromSnapshot.call('callerCard.forCustomer', { customerId })).counts.total;
      await fromSnapshot.call('interactions.logCall', { customerId, direction: 'in', reason: 'sales', notes: 'звонок после снимка', startedAt: Date.now(), durationS: 20 });
      expect((await fromSnapshot.call('callerCard.forCustomer', { customerId })).counts.total).toBe(before + 1);
      const found = await fromSnapshot.call('search.query', { q: 'звонок после снимка', limit: 5 });
      expect(JSON.stringify(found)).toContain(customerId);
      await fromSnapshot.sync();
      expect((await fromSnapshot.call('sync.status', {})).pendingUploads).toBe(0);
    } finally {
      fromSnapshot.close();
      pages.close();
    }
  });

  it('is not offered to a user of another scope, who syncs page by page', async () => {
    const { d, requests } = recordingDesktop('snap-own-scope', { snapshotFrom: 1 });
    try {
      expect((await d.call('sync.signIn', { serverUrl: f.server.url, username: 'vera', password: PASSWORD })).state).toBe('online');
      expect(requests).toContain('/sync/snapshot/info');
      expect(requests).not.toContain('/sync/snapshot');
      expect(requests.find((r) => r.startsWith('/sync/pull'))).toMatch(/after=0&/);
    } finally {
      d.close();
    }
  });

  it('refuses a damaged, corrupt or truncated file whole and pulls page by page instead', async () => {
    const flipOne = async (path: string, res: Response): Promise<Response> => {
      if (path !== '/sync/snapshot' || !res.ok) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      // One bit inside a record: SQLite's transfer would copy it without noticing; the digest does.
      const at = Math.floor(bytes.length * 0.6);
      bytes[at] = (bytes[at] ?? 0) ^ 0x10;
      return new Response(bytes, { status: res.status, headers: res.headers });
    };
    const corrupt = async (path: string, res: Response): Promise<Response> => {
      if (path !== '/sync/snapshot' || !res.ok) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      // Every page after the first few becomes garbage: the b-trees cannot be read.
      for (let i = 8 * 4096; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
      return new Response(bytes, { status: res.status, headers: res.headers });
    };
    const truncate = async (path: string, res: Response): Promise<Response> => {
      if (path !== '/sync/snapshot' || !res.ok) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      return new Response(bytes.slice(0, Math.floor(bytes.length / 2)), { status: res.status, headers });
    };
    const reference = new Desktop('snap-reference', undefined, { snapshotFrom: false });
    await reference.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
    try {
      for (const [name, alter] of [['one bit', flipOne], ['corrupt', corrupt], ['truncated', truncate]] as const) {
        const refused: unknown[] = [];
        const { d, requests } = recordingDesktop(`snap-${name}`, { snapshotFrom: 1, onSnapshotRefused: (e) => refused.push(e) }, alter);
        try {
          expect((await d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD })).state, name).toBe('online');
          expect(requests, name).toContain('/sync/snapshot');
          expect(refused, name).toHaveLength(1);
          expect(refused[0], name).toBeInstanceOf(SnapshotError);
          expect(requests.find((r) => r.startsWith('/sync/pull')), name).toMatch(/after=0&/);
          expect(localSnapshot(d.dbPath), name).toEqual(localSnapshot(reference.dbPath));
          expect(searchIndex(d.dbPath), name).toEqual(searchIndex(reference.dbPath));
          expect(leftoverFiles(d.dbPath), name).toEqual([]);
        } finally {
          d.close();
        }
      }
    } finally {
      reference.close();
    }
  });

  it('treats a download cut off as offline: nothing is copied, and the next run starts from the snapshot', async () => {
    let cut = true;
    const { d, requests } = recordingDesktop('snap-cut', { snapshotFrom: 1 }, async (path, res) => {
      if (path !== '/sync/snapshot' || !cut || !res.body) return res;
      const reader = res.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done || !value) return controller.close();
          controller.enqueue(value);
          controller.error(new TypeError('connection reset'));
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    });
    try {
      const first = await d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: PASSWORD });
      expect(first.state).toBe('offline');
      expect(readLocal<{ n: number }>(d.dbPath, 'SELECT count(*) AS n FROM customer')[0]?.n).toBe(0);
      expect(leftoverFiles(d.dbPath)).toEqual([]);
      cut = false;
      await d.sync();
      expect((await d.call('sync.status', {})).state).toBe('online');
      expect(requests.filter((r) => r === '/sync/snapshot')).toHaveLength(2);
      expect(requests.find((r) => r.startsWith('/sync/pull'))).toBe(`/sync/pull?after=${snapshotSeq}&limit=10000`);
      expect(readLocal<{ n: number }>(d.dbPath, 'SELECT count(*) AS n FROM customer')[0]?.n).toBe(CUSTOMERS + 1);
    } finally {
      d.close();
    }
  });
});

describe('the snapshot file', () => {
  it('carries the rows and their search index, and nothing of the desktop that built it', async () => {
    const d = new Desktop('snap-prepare', undefined, { snapshotFrom: false });
    await d.call('sync.signIn', { serverUrl: f.server.url, username: 'admin', password: PASSWORD });
    await d.call('settings.update', { locale: 'ru' });
    d.close();
    const out = join(dirname(d.dbPath), 'prepared.sqlite');
    const prepared = prepareSnapshot(d.dbPath, out);
    const db = new BetterSqlite3(out, { readonly: true });
    try {
      expect(db.prepare('SELECT key FROM meta ORDER BY key').pluck().all()).toEqual([MetaKey.snapshotMaxHlc, MetaKey.snapshotSeq]);
      expect(Number(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MetaKey.snapshotSeq))).toBe(prepared.seq);
      expect(prepared.seq).toBeGreaterThan(0);
      for (const table of ['outbox', 'sync_rejection', 'supervisor_cache']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      expect(db.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(CUSTOMERS + 1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      // The builder's server address or clock node appear nowhere in the file, not even in free pages.
      const node = readLocal<{ value: string }>(d.dbPath, 'SELECT value FROM meta WHERE key = ?', MetaKey.nodeId)[0]?.value ?? '';
      const raw = readFileSync(out);
      expect(raw.includes(Buffer.from(f.server.url))).toBe(false);
      expect(raw.includes(Buffer.from(node))).toBe(false);
    } finally {
      db.close();
    }
    expect(existsSync(out)).toBe(true);
  });

  it('rolls back whole when SQLite finds the file corrupt while copying: the store stays empty, its triggers in place', async () => {
    const d = new Desktop('snap-corrupt-copy', undefined, { snapshotFrom: false });
    await d.call('sync.signIn', { serverUrl: f.server.url, username: 'admin', password: PASSWORD });
    d.close();
    const file = join(dirname(d.dbPath), 'prepared.sqlite');
    const prepared = prepareSnapshot(d.dbPath, file);
    const bytes = readFileSync(file);
    for (let i = 16 * 4096; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-snap-corrupt-'));
    const store = join(dir, 'store.sqlite');
    const db = openSqlite(store);
    migrate(db, LOCAL_MIGRATIONS);
    const triggersBefore = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    const TABLES = ['customer', 'interaction', 'interaction_fts_data', 'customer_fts_data', 'interaction_tally'];
    const countsBefore = TABLES.map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
    db.close();
    try {
      expect(() => restoreSnapshot(store, file, { seq: prepared.seq, schemaVersion: prepared.schemaVersion, bytes: bytes.length, sha256 }, sha256)).toThrow(/malformed|corrupt|not a database/i);
      const after = openSqlite(store);
      try {
        expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual(triggersBefore);
        expect(TABLES.map((t) => after.prepare(`SELECT count(*) FROM ${t}`).pluck().get())).toEqual(countsBefore);
        expect(after.prepare("SELECT count(*) FROM meta WHERE key = 'sync_cursor'").pluck().get()).toBe(0);
        expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies a table whose columns are in another order by name, rowids kept, so the search index still finds its rows', async () => {
    const d = new Desktop('snap-column-order', undefined, { snapshotFrom: false });
    await d.call('sync.signIn', { serverUrl: f.server.url, username: 'admin', password: PASSWORD });
    d.close();
    const file = join(dirname(d.dbPath), 'prepared.sqlite');
    const prepared = prepareSnapshot(d.dbPath, file);
    const snap = new BetterSqlite3(file);
    snap.pragma('foreign_keys = OFF');
    const columns = snap.prepare("SELECT name FROM pragma_table_info('customer')").pluck().all() as string[];
    const reversed = [...columns].reverse().map((c) => `"${c}"`).join(', ');
    snap.exec(`CREATE TABLE customer_reordered AS SELECT rowid AS rid, ${reversed} FROM customer`);
    snap.exec(`DROP TABLE customer; CREATE TABLE customer (${[...columns].reverse().map((c) => `"${c}"`).join(', ')});`);
    snap.exec(`INSERT INTO customer (rowid, ${reversed}) SELECT rid, ${reversed} FROM customer_reordered; DROP TABLE customer_reordered; VACUUM;`);
    snap.close();
    const bytes = readFileSync(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-snap-order-'));
    const store = join(dir, 'store.sqlite');
    const db = openSqlite(store);
    migrate(db, LOCAL_MIGRATIONS);
    db.close();
    try {
      restoreSnapshot(store, file, { seq: prepared.seq, schemaVersion: prepared.schemaVersion, bytes: bytes.length, sha256 }, sha256);
      const byName = (p: string) => readLocal<Record<string, unknown>>(p, 'SELECT rowid AS rid, * FROM customer ORDER BY id').map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]])));
      expect(byName(store)).toEqual(byName(d.dbPath));
      const hits = readLocal<{ name: string }>(store, "SELECT c.name FROM customer_fts JOIN customer c ON c.rowid = customer_fts.rowid WHERE customer_fts MATCH 'елкина' ORDER BY c.id");
      expect(hits.length).toBe(CUSTOMERS / 2);
      expect(hits.every((h) => h.name.startsWith('Алёна Ёлкина'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every table of the store as copied or local-only, so a new table cannot be forgotten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-snap-tables-'));
    const db = openSqlite(join(dir, 'tables.sqlite'));
    try {
      migrate(db, LOCAL_MIGRATIONS);
      expect(snapshotTables(db)).toEqual(expect.arrayContaining(['customer', 'interaction', 'interaction_tally', 'interaction_fts_data', 'customer_fts_content']));
      expect(snapshotTables(db)).not.toContain('meta');
      db.exec('CREATE TABLE something_new (id INTEGER PRIMARY KEY)');
      expect(() => snapshotTables(db)).toThrow(/something_new/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
