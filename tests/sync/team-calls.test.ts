// The team's calls across desktops (issue 18), on PGlite and PostgreSQL: two operators claim the same
// callback at once and exactly one gets it, the other is told who; a desk that claims offline learns
// at its next sync that a colleague was first. "Mark all seen" on one desktop reaches the same
// operator's other desktop, only moves forward, and is kept offline until it can be sent. The log
// shows the team's calls with who handled them, and says how old it is when the server is away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let anna: Desktop;
let boris: Desktop;
let annaAtHome: Desktop;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  anna = new Desktop('anna');
  boris = new Desktop('boris');
  annaAtHome = new Desktop('anna-home');
  await anna.call('sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await boris.call('sync.signIn', { serverUrl: server.url, username: 'boris', password: PASSWORD });
  await annaAtHome.call('sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
});
afterAll(async () => {
  for (const d of [anna, boris, annaAtHome]) d?.close();
  await server?.close();
});

function missedCall(d: Desktop, callId: string, number: string, at: number): void {
  d.engine.cti!.ingest({ kind: 'ringing', callId, number, direction: 'in', at, source: 'ami' });
  d.engine.cti!.ingest({ kind: 'hungup', callId, number, direction: 'in', at: at + 15_000, source: 'ami' });
}

describe('the team’s calls', () => {
  it('two operators claim one callback at once: one gets it, the other is told who', async () => {
    const at = Date.now() - 10 * 60_000;
    missedCall(anna, 'q-1718000700.1', '+79167770001', at);
    missedCall(boris, 'q-1718000700.1', '+79167770001', at + 40);
    await anna.sync();
    await boris.sync();
    const [logA, logB] = [await anna.call('teamCalls.log', { from: at - DAY }), await boris.call('teamCalls.log', { from: at - DAY })];
    expect(logA.openCallbacks).toHaveLength(1);
    expect(logB.openCallbacks.map((c) => c.taskId)).toEqual(logA.openCallbacks.map((c) => c.taskId));
    const taskId = logA.openCallbacks[0]!.taskId;
    expect(logA.calls[0]).toMatchObject({ missed: true, unseen: true, number: '+79167770001', callback: { status: 'open', assigneeId: null } });

    const results = await Promise.all([anna.call('teamCalls.claim', { id: taskId }), boris.call('teamCalls.claim', { id: taskId })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['claimed', 'taken']);
    const winner = results.find((r) => r.outcome === 'claimed')!;
    const loser = results.find((r) => r.outcome === 'taken')!;
    expect(loser.assigneeName).toBe(winner.assigneeName);
    await anna.sync();
    await boris.sync();
    for (const d of [anna, boris]) {
      const log = await d.call('teamCalls.log', { from: at - DAY });
      expect(log.openCallbacks).toEqual([]);
      expect(log.calls[0]?.callback?.assigneeName).toBe(winner.assigneeName);
    }
  });

  it('a claim made offline is decided at the next sync: the colleague who claimed online first keeps it', async () => {
    const at = Date.now() - 5 * 60_000;
    missedCall(anna, 'q-1718000800.2', '+79167770002', at);
    await anna.sync();
    await boris.sync();
    const taskId = (await boris.call('teamCalls.log', { from: at - DAY })).openCallbacks[0]!.taskId;
    boris.offline = true;
    expect(await boris.call('teamCalls.claim', { id: taskId })).toMatchObject({ outcome: 'pending' });
    expect(await anna.call('teamCalls.claim', { id: taskId })).toMatchObject({ outcome: 'claimed', assigneeName: 'anna' });
    boris.offline = false;
    await boris.sync();
    const task = (await boris.call('tasks.list', {})).find((t) => t.id === taskId);
    expect(task?.assignee?.name).toBe('anna');
    // Boris was told "pending" when he claimed; the sync panel tells him who was first.
    expect(await boris.call('sync.rejections', {})).toEqual([expect.objectContaining({ entity: 'task', rowId: taskId, reason: 'taken' })]);
  });

  it('mark all seen reaches the same operator’s other desktop, only moves forward, and waits offline', async () => {
    const at = Date.now() - 60_000;
    missedCall(boris, 'q-1718000900.3', '+79167770003', at);
    await boris.sync();
    for (const d of [anna, annaAtHome]) await d.sync();
    expect((await annaAtHome.call('teamCalls.log', { from: at - DAY })).unseenMissed).toBeGreaterThan(0);

    anna.offline = true;
    const marked = await anna.call('teamCalls.markSeen', {});
    expect((await anna.call('teamCalls.log', { from: at - DAY })).unseenMissed).toBe(0);
    // Offline: the log says what it shows and how old it is.
    await anna.sync().catch(() => undefined);
    const offline = await anna.call('teamCalls.log', { from: at - DAY });
    expect(offline).toMatchObject({ online: false, syncedAt: expect.any(Number) });
    expect((await annaAtHome.call('teamCalls.log', { from: at - DAY })).unseenMissed).toBeGreaterThan(0);

    anna.offline = false;
    await anna.sync();
    await annaAtHome.sync();
    const home = await annaAtHome.call('teamCalls.log', { from: at - DAY });
    expect(home).toMatchObject({ unseenMissed: 0, missedSeenAt: marked.missedSeenAt });
    // An older mark sent later (a desk that was offline longer) does not unmark what was seen since.
    await annaAtHome.call('teamCalls.markSeen', { at: marked.missedSeenAt - 3_600_000 });
    await annaAtHome.sync();
    await anna.sync();
    expect((await anna.call('teamCalls.log', { from: at - DAY })).missedSeenAt).toBe(marked.missedSeenAt);
    // Boris's own mark is his: Anna's leaves his count alone.
    expect((await boris.call('teamCalls.log', { from: at - DAY })).unseenMissed).toBeGreaterThan(0);
  });
});
