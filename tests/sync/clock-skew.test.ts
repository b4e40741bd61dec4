// Clocks: a desktop whose wall clock is hours off still syncs correctly. Its edits are stamped with
// the server-corrected time (also after a restart while offline), so concurrent edits are ordered by
// when they really happened, not by whose clock runs fast; the skew is reported in the status
// (clockSkewMs, error 'clock_skew'), never hidden. And a desktop slightly behind (under the noise
// threshold, so not corrected) that edits a field after receiving another's edit still wins: the
// pulled stamps advance its clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHlc } from '../../src-shared/hlc.js';
import { Desktop } from '../support/desktop.js';
import { localSnapshot, PASSWORD, readLocal, RestartableServer, serverSnapshot, snapshotDiff, snapshotHash } from '../support/replicas.js';

const HOUR = 3_600_000;
let server: RestartableServer;
let ahead: Desktop;
let behind: Desktop;
let right: Desktop;
let slightlyBehind: Desktop;

/**
 * The desktops' wall clock: the machine's, moved on by `step()` when a test needs one edit to happen
 * clearly later than another. A real pause of a few ms is not enough on a loaded machine, where the
 * offset a handshake measures can be off by as much (half the fastest round trip).
 */
let shift = 0;
const wall = (): number => Date.now() + shift;
/** Half a second later for every desktop: below the 1 s that counts as the clock being set. */
const step = (): void => {
  shift += 500;
};

beforeAll(async () => {
  // The server keeps the same wall clock as the desktops: a step moves real time for everyone.
  server = await RestartableServer.start(wall);
  for (const name of ['ahead', 'behind', 'right', 'slow']) await server.addUser(name, 'operator');
  ahead = new Desktop('ahead', undefined, { now: () => wall() + 3 * HOUR });
  behind = new Desktop('behind', undefined, { now: () => wall() - 5 * HOUR });
  right = new Desktop('right', undefined, { now: wall });
  slightlyBehind = new Desktop('slow', undefined, { now: () => wall() - 1_500 });
  for (const [d, name] of [[ahead, 'ahead'], [behind, 'behind'], [right, 'right'], [slightlyBehind, 'slow']] as const) {
    await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
  }
});
afterAll(async () => {
  for (const d of [ahead, behind, right, slightlyBehind]) d?.close();
  await server?.close();
});

const all = () => [ahead, behind, right, slightlyBehind];
async function syncAll(): Promise<void> {
  for (let i = 0; i < 2; i++) for (const d of all()) await d.sync();
}
async function serverName(id: string): Promise<string | null> {
  const row = await server.db.selectFrom('customer').select('name').where('id', '=', id).executeTakeFirstOrThrow();
  return row.name === null ? null : String(row.name);
}
function outboxStampMs(d: Desktop, rowId: string): number {
  const [row] = readLocal<{ hlc: string }>(d.dbPath, 'SELECT hlc FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1', rowId);
  if (!row) throw new Error('no outbox entry');
  return decodeHlc(row.hlc).ms;
}

describe('a desktop whose clock is hours off', () => {
  it('reports the skew in its status', async () => {
    const a = await ahead.call('sync.status', {});
    expect(a.state).toBe('online');
    expect(a.clockSkewMs).toBeGreaterThan(-3 * HOUR - 60_000);
    expect(a.clockSkewMs).toBeLessThan(-3 * HOUR + 60_000);
    expect(a.error).toBe('clock_skew');
    const b = await behind.call('sync.status', {});
    expect(Math.abs(b.clockSkewMs - 5 * HOUR)).toBeLessThan(60_000);
    expect(b.error).toBe('clock_skew');
    const r = await right.call('sync.status', {});
    expect(r.clockSkewMs).toBe(0);
    expect(r.error).toBeNull();
  });

  it('stamps its writes with the corrected time, also after a restart while offline', async () => {
    const c = await ahead.call('customers.create', { name: 'Часы', contacts: [] });
    expect(Math.abs(outboxStampMs(ahead, c.id) - Date.now())).toBeLessThan(60_000);
    await syncAll();
    behind.offline = true;
    behind.restart();
    const u = await behind.call('customers.update', { id: c.id, patch: { segment: 'offline' } });
    expect(Math.abs(outboxStampMs(behind, u.id) - Date.now())).toBeLessThan(60_000);
    behind.offline = false;
    await syncAll();
    expect((await server.db.selectFrom('customer').select('segment').where('id', '=', c.id).executeTakeFirstOrThrow()).segment).toBe('offline');
  });

  for (const [label, skewed] of [['3 h ahead', () => ahead], ['5 h behind', () => behind]] as const) {
    it(`${label}: concurrent edits are ordered by real time, both ways`, async () => {
      const d = skewed();
      const c = await right.call('customers.create', { name: 'Исходное', contacts: [] });
      await syncAll();
      // The skewed desktop edits first, the right one later (both before syncing): the later wins.
      await d.call('customers.update', { id: c.id, patch: { name: 'skewed first' } });
      step();
      await right.call('customers.update', { id: c.id, patch: { name: 'right later' } });
      await syncAll();
      expect(await serverName(c.id)).toBe('right later');
      // The other way round.
      await right.call('customers.update', { id: c.id, patch: { name: 'right first' } });
      step();
      await d.call('customers.update', { id: c.id, patch: { name: 'skewed later' } });
      await syncAll();
      expect(await serverName(c.id)).toBe('skewed later');
      const serverSnap = await serverSnapshot(server.db);
      for (const x of all()) expect(snapshotHash(localSnapshot(x.dbPath)), `${x.name}: ${snapshotDiff(localSnapshot(x.dbPath), serverSnap).join('\n')}`).toBe(snapshotHash(serverSnap));
    });
  }

  it('1.5 s behind (not corrected): an edit made after receiving another edit wins, and replicas converge', async () => {
    const c = await right.call('customers.create', { name: 'Старт', contacts: [] });
    await syncAll();
    for (let i = 0; i < 5; i++) {
      await right.call('customers.update', { id: c.id, patch: { name: `right ${i}` } });
      await right.sync();
      await slightlyBehind.sync();
      expect((await slightlyBehind.call('customers.get', { id: c.id })).name).toBe(`right ${i}`);
      // Having seen "right i", the slow desktop overwrites it: a causally later write.
      await slightlyBehind.call('customers.update', { id: c.id, patch: { name: `slow ${i}` } });
      await syncAll();
      expect(await serverName(c.id), `round ${i}`).toBe(`slow ${i}`);
    }
    const serverSnap = await serverSnapshot(server.db);
    for (const x of all()) expect(snapshotHash(localSnapshot(x.dbPath)), x.name).toBe(snapshotHash(serverSnap));
  });
});
