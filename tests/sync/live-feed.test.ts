// The live change feed (docs/sync.md): after a push, a desktop the server knows to be up to date
// receives the new changes on its socket and applies them without a pull of its own. A desktop whose
// cursor is not where the server believes falls back to a pull; a scoped desktop is fed its scope
// only; a burst of pushes from several desktops converges.
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src-server/users.js';
import { Desktop } from '../support/desktop.js';
import { localSnapshot, PASSWORD, readLocal, RestartableServer, serverSnapshot, snapshotDiff, snapshotHash } from '../support/replicas.js';
import { MetaKey } from '../../src-main/core/db/meta.js';

let server: RestartableServer;
let teams: { A: string; B: string };
const desktops: Desktop[] = [];
/** HTTP pulls each desktop made (by name). */
const pulls = new Map<string, number>();

function desktop(name: string): Desktop {
  const d = new Desktop(name, undefined, {
    network: (input, init, real) => {
      if (String(input instanceof Request ? input.url : input).includes('/sync/pull')) pulls.set(name, (pulls.get(name) ?? 0) + 1);
      return real(input, init);
    },
  });
  desktops.push(d);
  return d;
}

const pullsOf = (name: string): number => pulls.get(name) ?? 0;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await pause(20);
}

const hasCustomer = (d: Desktop, id: string): boolean => readLocal(d.dbPath, 'SELECT id FROM customer WHERE id = ?', id).length === 1;

async function signedIn(name: string, username: string): Promise<Desktop> {
  const d = desktop(name);
  await d.call('sync.signIn', { serverUrl: server.url, username, password: PASSWORD });
  return d;
}

/**
 * Writes on `writer` until one change reaches `reader` with no pull of the reader's: from then on
 * the server knows the reader is up to date (its socket is open and it reported caught-up).
 */
async function warmUp(writer: Desktop, reader: Desktop): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const before = pullsOf(reader.name);
    const c = await writer.call('customers.create', { name: `Разогрев ${reader.name} ${i}`, contacts: [] });
    await writer.sync();
    await until(() => hasCustomer(reader, c.id));
    if (pullsOf(reader.name) === before) return;
  }
  throw new Error(`${reader.name} pulled for each of 10 changes: the server never fed its socket`);
}

beforeAll(async () => {
  server = await RestartableServer.start();
  teams = { A: (await createTeam(server.db, 'A')).id, B: (await createTeam(server.db, 'B')).id };
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  await server.addUser('sup', 'supervisor', 'all', teams.A);
});
afterAll(async () => {
  for (const d of desktops) d.close();
  await server?.close();
});

describe('live feed', () => {
  it("a desktop receives another desktop's changes on its socket, without an HTTP pull", async () => {
    const a = await signedIn('a', 'anna');
    const b = await signedIn('b', 'boris');
    await warmUp(a, b);
    for (let i = 0; i < 3; i++) {
      const before = pullsOf('b');
      const customer = await a.call('customers.create', { name: `Лента ${i}`, contacts: [{ kind: 'phone', value: `+7 916 300 00 0${i}` }] });
      await a.sync();
      await until(() => hasCustomer(b, customer.id));
      expect(pullsOf('b')).toBe(before);
    }
  });

  it('a desktop whose cursor is not where the server believes falls back to a pull and converges', async () => {
    const a = desktops.find((d) => d.name === 'a');
    const b = desktops.find((d) => d.name === 'b');
    if (!a || !b) throw new Error('the first test signs them in');
    // Rewinding the cursor is always safe (pulled rows apply idempotently), and unknown to the server.
    const file = new BetterSqlite3(b.dbPath);
    file.pragma('busy_timeout = 5000');
    file.prepare('UPDATE meta SET value = ? WHERE key = ?').run('0', MetaKey.syncCursor);
    file.close();
    const before = pullsOf('b');
    const customer = await a.call('customers.create', { name: 'После перемотки', contacts: [] });
    await a.sync();
    await until(() => hasCustomer(b, customer.id));
    expect(pullsOf('b')).toBeGreaterThan(before);
    const expected = snapshotHash(await serverSnapshot(server.db));
    await until(() => snapshotHash(localSnapshot(b.dbPath)) === expected);
    const cursor = readLocal<{ value: string }>(b.dbPath, 'SELECT value FROM meta WHERE key = ?', MetaKey.syncCursor)[0]?.value;
    expect(Number(cursor)).toBeGreaterThan(0);
  });

  it("a team-scoped desktop is fed its team's customers and never another team's", async () => {
    const boss = await signedIn('boss', 'sup');
    const opA = await server.addUser('olga', 'operator', 'team', teams.A);
    const opB = await server.addUser('dina', 'operator', 'team', teams.B);
    const olga = await signedIn('olga', 'olga');
    const dina = await signedIn('dina', 'dina');
    await warmUp(boss, olga);
    await warmUp(boss, dina);
    const pullsBefore = pullsOf('dina');
    const created: { id: string; team: 'A' | 'B' }[] = [];
    for (let i = 0; i < 6; i++) {
      const team = i % 2 === 0 ? 'A' : 'B';
      const c = await boss.call('customers.create', { name: `Команда ${team} ${i}`, contacts: [{ kind: 'email', value: `t${i}@example.com` }], ownerId: team === 'A' ? opA : opB });
      await boss.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: Date.now(), durationS: 30, reason: 'service_request', notes: `команда ${team}` });
      await boss.sync();
      created.push({ id: c.id, team });
    }
    const ofTeam = (team: 'A' | 'B') => created.filter((c) => c.team === team).map((c) => c.id);
    await until(() => ofTeam('B').every((id) => hasCustomer(dina, id)) && ofTeam('A').every((id) => hasCustomer(olga, id)));
    // Dina's customers came on the socket: she made no pull of her own.
    expect(pullsOf('dina')).toBe(pullsBefore);
    for (const id of ofTeam('A')) {
      expect(hasCustomer(dina, id)).toBe(false);
      expect(readLocal(dina.dbPath, 'SELECT id FROM interaction WHERE customer_id = ?', id)).toHaveLength(0);
      expect(readLocal(dina.dbPath, 'SELECT id FROM contact_point WHERE customer_id = ?', id)).toHaveLength(0);
    }
    for (const id of ofTeam('B')) expect(hasCustomer(olga, id)).toBe(false);
  });

  it('a burst of pushes from several desktops converges on every desktop', async () => {
    const writers = desktops.filter((d) => ['a', 'b', 'boss'].includes(d.name));
    await Promise.all(writers.map(async (w) => {
      for (let i = 0; i < 15; i++) {
        const c = await w.call('customers.create', { name: `Пачка ${w.name} ${i}`, contacts: [{ kind: 'phone', value: `+7 916 40${w.name.length} ${String(i).padStart(2, '0')} 00` }] });
        if (i % 3 === 0) await w.call('interactions.logCall', { customerId: c.id, direction: 'out', startedAt: Date.now(), durationS: 10, reason: 'sales', notes: `пачка ${i}` });
        void w.sync();
      }
      await w.sync();
    }));
    const expected = snapshotHash(await serverSnapshot(server.db));
    for (const w of writers) {
      await until(() => snapshotHash(localSnapshot(w.dbPath)) === expected);
      expect(snapshotDiff(localSnapshot(w.dbPath), await serverSnapshot(server.db))).toEqual([]);
    }
  });
});
