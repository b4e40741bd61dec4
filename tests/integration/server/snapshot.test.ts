// Store snapshots on the server: an admin uploads a real SQLite file, users of the same scope key
// download exactly those bytes, everyone else gets 404, and a refused upload changes nothing on disk.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import type { SyncErrorBody, TokenResponse } from '../../../src-shared/sync/protocol.js';
import { SNAPSHOT_HEADERS, SNAPSHOT_MEDIA_TYPE, SnapshotInfo, SnapshotRejection } from '../../../src-shared/sync/snapshot.js';
import { loadConfig } from '../../../src-server/config.js';
import { startServer } from '../../../src-server/server.js';
import { headSeq } from '../../../src-server/sync/change-log.js';
import { createUser } from '../../../src-server/users.js';
import { call } from '../../support/server-client.js';
import { freshServerDatabase, SERVER_MIGRATIONS } from '../../support/server-db.js';
import { customerPayload, mutation, push, startServerFixture, type Actor, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let scratch: string;
let head: number;

/** A real SQLite file of `rows` rows, as a builder would upload it. */
function sqliteFile(name: string, rows: number): Buffer {
  const path = join(scratch, name);
  const db = new BetterSqlite3(path);
  db.exec('CREATE TABLE customer (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO customer (id, name) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(newId(), `Клиент ${i}`);
  })();
  db.close();
  return readFileSync(path);
}

async function upload(actor: Actor | null, query: string, body: Buffer | string, contentType = SNAPSHOT_MEDIA_TYPE) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (actor) headers.authorization = `Bearer ${actor.token}`;
  const res = await fetch(`${f.server.url}/sync/snapshot${query}`, { method: 'PUT', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function download(actor: Actor | null) {
  const res = await fetch(`${f.server.url}/sync/snapshot`, { headers: actor ? { authorization: `Bearer ${actor.token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes };
}

/** A body streamed chunk by chunk, as a builder's multi-gigabyte file is. */
function inChunks(bytes: Buffer, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
      offset += size;
    },
  });
}

/** Waits for a condition however long a loaded machine takes; the test's timeout is the hang guard. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 25));
}

const info = (actor: Actor | null) => call<unknown>(f.server.url, 'GET', '/sync/snapshot/info', actor ? { token: actor.token } : {});
const errorOf = (body: unknown) => body as SyncErrorBody;

/** Only a committed snapshot's record and data file: no temporary or orphaned file. */
function expectOnlyCommittedFiles(): void {
  const names = readdirSync(f.server.snapshotDir).sort();
  expect(names).toHaveLength(2);
  expect(names[0]).toMatch(/^[0-9a-f]{64}-\d+-[0-9a-f-]{36}\.sqlite$/);
  expect(names[1]).toMatch(/^[0-9a-f]{64}\.json$/);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'kartoteka-snapshot-test-'));
  f = await startServerFixture();
  const r = await push(f, f.admin, [1, 2, 3].map((i) => mutation(f.admin, 'customer', newId(), 'insert', customerPayload(`Клиент ${i}`))));
  expect(r.status).toBe(200);
  head = await headSeq(f.server.db);
  expect(head).toBeGreaterThan(1);
});
afterAll(async () => {
  await f?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('store snapshots', () => {
  let stored: SnapshotInfo;
  let storedBytes: Buffer;

  it('answers 401 without a token and 404 while there is no snapshot', async () => {
    expect((await upload(null, `?seq=${head}&schemaVersion=1`, sqliteFile('anon.sqlite', 1))).status).toBe(401);
    expect((await info(null)).status).toBe(401);
    expect((await download(null)).status).toBe(401);
    const none = await info(f.anna);
    expect(none.status).toBe(404);
    expect(errorOf(none.body).error).toBe('not_found');
    expect((await download(f.anna)).status).toBe(404);
  });

  it('refuses an upload by anyone but an admin with 403', async () => {
    for (const actor of [f.anna, f.supervisor]) {
      const res = await upload(actor, `?seq=${head}&schemaVersion=1`, sqliteFile(`by-${actor.id}.sqlite`, 1));
      expect(res.status).toBe(403);
      expect(errorOf(res.body).error).toBe('forbidden');
    }
    expect((await info(f.anna)).status).toBe(404);
  });

  it('stores an admin\'s upload and serves the same bytes and facts to a user of scope all', async () => {
    storedBytes = sqliteFile('first.sqlite', 500);
    const before = Date.now();
    const res = await upload(f.admin, `?seq=${head - 1}&schemaVersion=7`, storedBytes);
    expect(res.status).toBe(201);
    stored = SnapshotInfo.parse(res.body);
    expect(stored).toMatchObject({ scope: 'all', seq: head - 1, schemaVersion: 7, bytes: storedBytes.length });
    expect(stored.createdAt).toBeGreaterThanOrEqual(before);

    for (const actor of [f.anna, f.supervisor]) {
      const got = await info(actor);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(stored);
      const file = await download(actor);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(storedBytes)).toBe(true);
      expect(file.headers.get('content-type')).toBe(SNAPSHOT_MEDIA_TYPE);
      expect(file.headers.get('content-length')).toBe(String(storedBytes.length));
      expect(file.headers.get(SNAPSHOT_HEADERS.scope)).toBe('all');
      expect(file.headers.get(SNAPSHOT_HEADERS.seq)).toBe(String(stored.seq));
      expect(file.headers.get(SNAPSHOT_HEADERS.schemaVersion)).toBe('7');
      expect(file.headers.get(SNAPSHOT_HEADERS.createdAt)).toBe(String(stored.createdAt));
    }
    // What a desktop does with it: opens it as a database and reads its rows.
    const copy = join(scratch, 'downloaded.sqlite');
    writeFileSync(copy, (await download(f.anna)).bytes);
    const db = new BetterSqlite3(copy, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM customer').get()).toEqual({ n: 500 });
    db.close();
    expectOnlyCommittedFiles();
  });

  it('never serves it to a user of another scope key', async () => {
    for (const actor of [f.vera, f.boris]) {
      expect((await info(actor)).status).toBe(404);
      const file = await download(actor);
      expect(file.status).toBe(404);
      expect(file.headers.get(SNAPSHOT_HEADERS.seq)).toBeNull();
    }
  });

  it('refuses what is not a whole SQLite file, a seq past the head and a bad query with 400, keeping the stored one', async () => {
    const whole = sqliteFile('second.sqlite', 50);
    const refusals: { query: string; body: Buffer | string; reason?: SnapshotRejection['reason'] }[] = [
      { query: `?seq=${head}&schemaVersion=7`, body: 'certainly not a database', reason: 'invalid_snapshot' },
      { query: `?seq=${head}&schemaVersion=7`, body: Buffer.alloc(0), reason: 'invalid_snapshot' },
      { query: `?seq=${head}&schemaVersion=7`, body: whole.subarray(0, whole.length - 100), reason: 'invalid_snapshot' },
      { query: `?seq=${head}&schemaVersion=7`, body: whole.subarray(0, 50), reason: 'invalid_snapshot' },
      { query: `?seq=${head + 1}&schemaVersion=7`, body: whole, reason: 'invalid_snapshot' },
      { query: `?seq=-1&schemaVersion=7`, body: whole },
      { query: `?seq=${head}`, body: whole },
      { query: `?seq=many&schemaVersion=7`, body: whole },
      { query: `?seq=${head}&schemaVersion=0`, body: whole },
    ];
    for (const refusal of refusals) {
      const res = await upload(f.admin, refusal.query, refusal.body);
      expect(res.status, refusal.query).toBe(400);
      const error = errorOf(res.body);
      expect(error.error).toBe('validation');
      if (refusal.reason) expect(SnapshotRejection.parse(error.details).reason).toBe(refusal.reason);
    }
    const ahead = await upload(f.admin, `?seq=${head + 1}&schemaVersion=7`, whole);
    expect(SnapshotRejection.parse(errorOf(ahead.body).details)).toEqual({ reason: 'invalid_snapshot', headSeq: head });
    // A body of another media type never reaches the store.
    expect((await upload(f.admin, `?seq=${head}&schemaVersion=7`, JSON.stringify({ seq: head }), 'application/json')).status).toBe(400);

    expect((await info(f.anna)).body).toEqual(stored);
    expect((await download(f.anna)).bytes.equals(storedBytes)).toBe(true);
    expectOnlyCommittedFiles();
  });

  it('refuses a seq older than the stored one with 409 and replaces on an equal or newer one', async () => {
    const older = await upload(f.admin, `?seq=${head - 2}&schemaVersion=7`, sqliteFile('older.sqlite', 5));
    expect(older.status).toBe(409);
    expect(errorOf(older.body).error).toBe('conflict');
    expect(SnapshotRejection.parse(errorOf(older.body).details)).toEqual({ reason: 'stale_snapshot', storedSeq: head - 1 });
    expect((await info(f.anna)).body).toEqual(stored);
    expectOnlyCommittedFiles();

    const rebuilt = sqliteFile('rebuilt.sqlite', 20);
    const same = await upload(f.admin, `?seq=${head - 1}&schemaVersion=8`, rebuilt);
    expect(same.status).toBe(201);
    expect((await download(f.anna)).bytes.equals(rebuilt)).toBe(true);
    expectOnlyCommittedFiles();
  });

  it('keeps the newest of two uploads that race', async () => {
    const newer = sqliteFile('race-newer.sqlite', 300);
    const results = await Promise.all([
      upload(f.admin, `?seq=${head - 1}&schemaVersion=8`, sqliteFile('race-older.sqlite', 300)),
      upload(f.admin, `?seq=${head}&schemaVersion=8`, newer),
    ]);
    expect(results[1].status).toBe(201);
    expect([201, 409]).toContain(results[0].status);
    expect(SnapshotInfo.parse((await info(f.anna)).body).seq).toBe(head);
    expect((await download(f.supervisor)).bytes.equals(newer)).toBe(true);
    expectOnlyCommittedFiles();
  });
});

describe('snapshot directory and size limit', () => {
  it('keeps snapshots across a restart, sweeps what an interrupted upload left, and refuses a body over the limit with 413', async () => {
    const database = await freshServerDatabase();
    const dir = join(scratch, 'configured');
    const start = () => startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, snapshotDir: dir, snapshotMaxBytes: 64 * 1024 });
    let server = await start();
    try {
      await createUser(server.db, { username: 'root', password: 'correct horse battery', name: 'root', role: 'admin', teamId: null, scope: 'all', extension: null });
      const token = (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username: 'root', password: 'correct horse battery' } })).body.accessToken;
      const put = (body: Buffer | ReadableStream<Uint8Array>) => {
        const headers = { authorization: `Bearer ${token}`, 'content-type': SNAPSHOT_MEDIA_TYPE };
        const init: RequestInit & { duplex?: 'half' } = Buffer.isBuffer(body)
          ? { method: 'PUT', headers, body: new Uint8Array(body) }
          : { method: 'PUT', headers, body, duplex: 'half' };
        return fetch(`${server.url}/sync/snapshot?seq=0&schemaVersion=1`, init);
      };
      const small = sqliteFile('small.sqlite', 10);
      expect((await put(small)).status).toBe(201);

      const big = sqliteFile('big.sqlite', 5000);
      expect(big.length).toBeGreaterThan(64 * 1024);
      const tooBig = await put(big);
      expect(tooBig.status).toBe(413);
      expect(errorOf(await tooBig.json()).error).toBe('too_large');
      // Sent in chunks with no content-length, it is refused when the count passes the limit.
      const chunked = await put(inChunks(big, 8 * 1024));
      expect(chunked.status).toBe(413);
      expect(errorOf(await chunked.json()).error).toBe('too_large');
      const garbage = await put(inChunks(Buffer.alloc(200 * 1024, 7), 8 * 1024));
      expect(garbage.status).toBe(400);
      expect(SnapshotRejection.parse(errorOf(await garbage.json()).details).reason).toBe('invalid_snapshot');
      expect(readdirSync(dir)).toHaveLength(2);

      // A builder that dies mid-upload leaves no temporary file behind.
      const request = httpRequest(`${server.url}/sync/snapshot?seq=0&schemaVersion=1`, {
        method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': SNAPSHOT_MEDIA_TYPE },
      });
      request.on('error', () => undefined); // the reset this test causes
      request.write(small.subarray(0, 4096));
      await until(() => readdirSync(dir).some((n) => n.startsWith('.upload-')));
      request.destroy();
      await until(() => readdirSync(dir).length === 2);
      expect(readdirSync(dir)).toHaveLength(2);

      const after = await fetch(`${server.url}/sync/snapshot`, { headers: { authorization: `Bearer ${token}` } });
      expect(Buffer.from(await after.arrayBuffer()).equals(small)).toBe(true);

      await server.close();
      // What a crash mid-upload or mid-replacement leaves behind.
      writeFileSync(join(dir, '.upload-interrupted'), 'SQLite format 3\u0000...');
      writeFileSync(join(dir, `${'a'.repeat(64)}-1-${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.sqlite`), 'orphan');
      server = await start();
      expect(readdirSync(dir)).toHaveLength(2);
      const kept = await call<SnapshotInfo>(server.url, 'GET', '/sync/snapshot/info', { token });
      expect(kept.status).toBe(200);
      expect(kept.body).toMatchObject({ scope: 'all', seq: 0, bytes: small.length });
    } finally {
      await server.close();
      await database.drop();
    }
  });
});

describe('snapshot settings', () => {
  it('keep snapshots under the server data by default, or where KARTOTEKA_SNAPSHOT_DIR says', () => {
    const byDefault = loadConfig({ KARTOTEKA_SERVER_DATA: 'srv' }, '/opt/k');
    expect(byDefault.snapshotDir).toBe(join('/opt/k', 'srv', 'snapshots'));
    expect(byDefault.snapshotMaxBytes).toBe(32 * 1024 ** 3);
    const set = loadConfig({ KARTOTEKA_SNAPSHOT_DIR: '/var/snap', KARTOTEKA_SNAPSHOT_MAX_BYTES: '1048576' }, '/opt/k');
    expect(set.snapshotDir).toBe('/var/snap');
    expect(set.snapshotMaxBytes).toBe(1048576);
    expect(() => loadConfig({ KARTOTEKA_SNAPSHOT_MAX_BYTES: '0' })).toThrow();
  });
});
