// Guarantee 1: no acknowledged local write is lost when a REAL process is killed with SIGKILL at any
// point, then restarted. (a) A desktop process logging calls while its sync pushes is killed at random
// moments and started again on its file, several times; at the end its store syncs and every
// acknowledged interaction is on the server, once. (b) The server process is killed while three
// desktops push, and started again on the same data and port, several times; the desktops retry;
// every acknowledged write ends on the server exactly once, and all replicas converge (content hash).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Prng } from '../../src-main/core/demo/random.js';
import { openServerDatabase } from '../../src-server/server.js';
import { createUser } from '../../src-server/users.js';
import { Desktop, LOCAL_MIGRATIONS } from '../support/desktop.js';
import { localSnapshot, PASSWORD, readLocal, RestartableServer, serverSnapshot, snapshotDiff, snapshotHash } from '../support/replicas.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from '../support/server-db.js';
import { runUntilKilled, spawnTsChild } from '../support/kill-child.js';

const DESKTOP_CHILD = resolve(import.meta.dirname, 'children/desktop-child.ts');
const SERVER_CHILD = resolve(import.meta.dirname, 'children/server-child.ts');
const SEED = Number(process.env.SYNC_KILL_SEED ?? Date.now() % 100_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });
}

async function startServerChild(database: TestDatabase, port: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawnTsChild(SERVER_CHILD, [JSON.stringify(database.target), SERVER_MIGRATIONS, String(port)]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((ok, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('listening ')) ok();
    });
    child.once('exit', (code) => fail(new Error(`server child exited (${code}) before listening: ${stderr}`)));
  });
  return child;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

describe(`kill -9 of real processes (seed ${SEED}, SYNC_KILL_SEED to replay)`, () => {
  it('a desktop killed at random moments while it logs and pushes loses no acknowledged write', async () => {
    const rng = new Prng(SEED);
    const server = await RestartableServer.start();
    cleanups.push(() => server.close());
    await server.addUser('crash', 'operator');
    const dbPath = join(mkdtempSync(join(tmpdir(), 'kartoteka-crash-')), 'store.sqlite');
    const tag = `kill-${SEED}`;

    const acked: string[] = [];
    for (let round = 0; round < 4; round++) {
      const got = await runUntilKilled(DESKTOP_CHILD, [dbPath, LOCAL_MIGRATIONS, server.url, 'crash', PASSWORD, tag], rng.int(5, 60), rng.int(0, 40));
      expect(got.length).toBeGreaterThan(0);
      acked.push(...got);
    }
    // The kills hit a desktop whose sync was pushing: part of the work reached the server already.
    const pushedBefore = await server.db.selectFrom('interaction').select('id').execute();
    expect(pushedBefore.length).toBeGreaterThan(0);

    // The app starts once more and syncs to the end.
    const d = new Desktop('after-crash', dbPath);
    cleanups.push(() => d.close());
    await d.call('sync.signIn', { serverUrl: server.url, username: 'crash', password: PASSWORD });
    for (let i = 0; i < 10 && (await d.call('sync.status', {})).pendingUploads > 0; i++) await d.sync();
    expect((await d.call('sync.status', {})).pendingUploads).toBe(0);

    const onServer = await server.db.selectFrom('interaction').select(['id', 'notes']).execute();
    const serverIds = new Set(onServer.map((r) => r.id));
    expect(acked.filter((id) => !serverIds.has(id)), 'acknowledged interactions missing on the server').toEqual([]);
    expect(new Set(onServer.map((r) => r.notes)).size, 'an interaction arrived twice').toBe(onServer.length);
    const localIds = readLocal<{ id: string }>(dbPath, 'SELECT id FROM interaction').map((r) => r.id).sort();
    expect([...serverIds].sort()).toEqual(localIds);
  });

  it('the server killed at random moments while three desktops push: every acknowledged write lands once, replicas converge', async () => {
    const rng = new Prng(SEED + 1);
    const database = await freshServerDatabase();
    cleanups.push(() => database.drop());
    {
      const db = await openServerDatabase(database.target, SERVER_MIGRATIONS);
      for (const name of ['k1', 'k2', 'k3']) await createUser(db, { username: name, password: PASSWORD, name, role: 'operator', teamId: null, scope: 'all', extension: null });
      await db.destroy();
    }
    const port = await freePort();
    let child = await startServerChild(database, port);
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited(child);
    });
    const url = `http://127.0.0.1:${port}`;
    const desktops = ['k1', 'k2', 'k3'].map((name) => new Desktop(name, undefined, { pollMs: 100, pushBatch: 10 }));
    cleanups.push(() => desktops.forEach((d) => d.close()));
    for (const d of desktops) await d.call('sync.signIn', { serverUrl: url, username: d.name, password: PASSWORD });
    const shared = await desktops[0]!.call('customers.create', { name: 'Общий клиент', contacts: [{ kind: 'phone', value: '+7 916 000 66 66' }] });
    for (const d of desktops) await d.sync();

    const acked: string[] = [];
    let writing = true;
    const writers = desktops.map(async (d, k) => {
      for (let i = 0; writing; i++) {
        const r = await d.call('interactions.logCall', { customerId: shared.id, direction: 'out', startedAt: Date.now(), durationS: i, reason: 'sales', notes: `${d.name} ${i}` });
        acked.push(r.interaction.id);
        if (i % 10 === k) await d.call('customers.update', { id: shared.id, patch: { segment: `${d.name}-${i}` } });
        await sleep(rng.int(0, 8));
      }
    });

    for (let round = 0; round < 3; round++) {
      await sleep(rng.int(150, 600));
      child.kill('SIGKILL');
      await exited(child);
      await sleep(rng.int(0, 300));
      child = await startServerChild(database, port);
    }
    writing = false;
    await Promise.all(writers);

    // Everyone online: sync until every outbox is empty, then rounds for the last pulls.
    for (let i = 0; i < 20; i++) {
      for (const d of desktops) await d.sync();
      const pending = await Promise.all(desktops.map(async (d) => (await d.call('sync.status', {})).pendingUploads));
      if (pending.every((n) => n === 0)) break;
    }
    for (let i = 0; i < 2; i++) for (const d of desktops) await d.sync();
    for (const d of desktops) expect((await d.call('sync.status', {})).pendingUploads).toBe(0);
    for (const d of desktops) d.close();

    child.kill('SIGTERM');
    await exited(child);
    const db = await openServerDatabase(database.target, SERVER_MIGRATIONS);
    try {
      const onServer = await db.selectFrom('interaction').select(['id', 'notes']).execute();
      const ids = new Set(onServer.map((r) => r.id));
      expect(acked.length).toBeGreaterThan(20);
      expect(acked.filter((id) => !ids.has(id)), 'acknowledged interactions missing on the server').toEqual([]);
      expect(onServer.length, 'the server holds exactly the acknowledged interactions').toBe(acked.length);
      expect(new Set(onServer.map((r) => r.notes)).size, 'an interaction arrived twice').toBe(onServer.length);
      const serverSnap = await serverSnapshot(db);
      for (const d of desktops) {
        const snap = localSnapshot(d.dbPath);
        expect(snapshotHash(snap), `${d.name}: ${snapshotDiff(snap, serverSnap).join('\n')}`).toBe(snapshotHash(serverSnap));
      }
    } finally {
      await db.destroy();
    }
  });
});
