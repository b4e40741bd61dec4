// One missed call, one record (issue 18). A queue rings ten desktops; none answers; each desktop
// records the missed call, two of them while offline, some in English and some in Russian, each at
// its own ring time. Their ids derive from the call (src-shared/call-ids.ts), so after everyone has
// synced there is exactly one interaction, one callback task and one new customer, on the server
// and on every desktop, with the content of the first record that reached the server, and no
// desktop shows a refusal. A colleague's claim of the callback made meanwhile stands against the
// offline desktops' older records. The same call seen by one desktop through the webhook (real HTTP)
// and by another through its AMI link (a scripted Asterisk peer on real TCP) is one interaction.
// Runs on PGlite, and on PostgreSQL under npm run test:pg.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callKey, missedCallIds, unknownCallerIds } from '../../src-shared/index.js';
import { startAmiPeer, type AmiPeer } from '../integration/cti/ami-peer.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { readonlyDb } from '../integration/core/helpers.js';

const CALLER = '+79161234567';
const LINKEDID = '1718000000.77';
let server: RestartableServer;
const desktops: Desktop[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  server = await RestartableServer.start();
  for (let i = 0; i < 10; i++) {
    await server.addUser(`op${i}`, 'operator');
    const d = new Desktop(`op${i}`);
    desktops.push(d);
    await d.call('sync.signIn', { serverUrl: server.url, username: `op${i}`, password: PASSWORD });
    // Three desktops write their records in English: the records differ in text, not only in time.
    if (i % 4 === 1) await d.call('settings.update', { locale: 'en' });
  }
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  for (const d of desktops) d.close();
  await server?.close();
});

/** What one store holds about a number: its live interactions, tasks and customers. */
function localRecord(d: Desktop, number: string): { interactions: Record<string, unknown>[]; tasks: Record<string, unknown>[]; customers: string[]; outbox: number } {
  const db = readonlyDb(d.dbPath);
  try {
    const interactions = db.prepare('SELECT id, customer_id, occurred_at, user_id, notes FROM interaction WHERE number = ? AND deleted = 0').all(number) as Record<string, unknown>[];
    const tasks = db.prepare('SELECT id, customer_id, title, due_at, assignee_id FROM task WHERE interaction_id IN (SELECT id FROM interaction WHERE number = ?) AND deleted = 0').all(number) as Record<string, unknown>[];
    const customers = db.prepare(`SELECT DISTINCT customer_id FROM contact_point WHERE normalized = ? AND deleted = 0 AND kind = 'phone'`).pluck().all(number) as string[];
    const outbox = db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    return { interactions, tasks, customers, outbox };
  } finally {
    db.close();
  }
}

function ringAndHangUp(d: Desktop, callId: string, number: string, at: number, source: string): void {
  const cti = d.engine.cti!;
  cti.ingest({ kind: 'ringing', callId, number, direction: 'in', at, source });
  cti.ingest({ kind: 'hungup', callId, number, direction: 'in', at: at + 20_000, source });
}

describe('a ring group’s missed call', () => {
  it('ten desktops, two offline: one interaction, one callback task, one customer everywhere', async () => {
    const ids = missedCallIds(callKey(null, LINKEDID));
    const caller = unknownCallerIds(CALLER);
    const t0 = Date.now() - 120_000;
    const d1 = desktops[1]!;
    desktops[8]!.offline = true;
    desktops[9]!.offline = true;
    desktops.forEach((d, i) => ringAndHangUp(d, LINKEDID, CALLER, t0 + i * 137, 'ami'));
    for (const d of desktops) {
      const missed = d.engine.cti!.state().missed[0];
      expect(missed).toMatchObject({ callId: LINKEDID, interactionId: ids.interactionId, taskId: ids.taskId, customerId: caller.customerId, error: null });
    }

    // The online desktops sync in an order of their own; the first to push makes the record.
    for (const i of [3, 0, 7, 1, 5, 2, 6, 4]) await desktops[i]!.sync();
    const [first] = await server.db.selectFrom('interaction').selectAll().where('id', '=', ids.interactionId).execute();
    expect(first).toMatchObject({ user_id: expect.any(String), notes: expect.stringMatching(/20/) });
    // Meanwhile a colleague claims the callback: the offline desktops' records must not undo it.
    await d1.sync();
    const task = (await d1.call('tasks.list', { customerId: caller.customerId })).find((t) => t.id === ids.taskId);
    const op1 = (await d1.call('session.get', {})).user.id;
    await d1.call('tasks.update', { id: task!.id, assigneeId: op1 });
    await d1.sync();

    desktops[8]!.offline = false;
    desktops[9]!.offline = false;
    await desktops[9]!.sync();
    await desktops[8]!.sync();
    for (const d of desktops) await d.sync();

    const onServer = {
      interactions: await server.db.selectFrom('interaction').select(['id', 'customer_id', 'notes', 'occurred_at', 'user_id']).where('number', '=', CALLER).where('deleted', '=', 0).execute(),
      tasks: await server.db.selectFrom('task').select(['id', 'assignee_id', 'title']).where('customer_id', '=', caller.customerId).where('deleted', '=', 0).execute(),
      customers: await server.db.selectFrom('contact_point').select('customer_id').distinct().where('normalized', '=', CALLER).where('deleted', '=', 0).execute(),
    };
    expect(onServer.interactions).toHaveLength(1);
    expect(onServer.tasks).toEqual([{ id: ids.taskId, assignee_id: op1, title: expect.any(String) }]);
    expect(onServer.customers).toEqual([{ customer_id: caller.customerId }]);
    const [kept] = onServer.interactions;

    for (const d of desktops) {
      const local = localRecord(d, CALLER);
      expect(local.interactions, d.name).toEqual([{ id: ids.interactionId, customer_id: caller.customerId, occurred_at: Number(kept!.occurred_at), user_id: kept!.user_id, notes: kept!.notes }]);
      expect(local.tasks, d.name).toEqual([expect.objectContaining({ id: ids.taskId, assignee_id: op1, title: onServer.tasks[0]!.title })]);
      expect(local.customers, d.name).toEqual([caller.customerId]);
      expect(local.outbox, d.name).toBe(0);
      expect((await d.call('sync.status', {})).rejected, d.name).toBe(0);
      const history = await d.call('history.list', { customerId: caller.customerId });
      expect(history.entries.map((h) => h.id), d.name).toEqual([ids.interactionId]);
    }
  });

  it('the same call through the webhook on one desktop and the AMI link on another is one interaction', async () => {
    const amiPeer: AmiPeer = await startAmiPeer({ username: 'kartoteka', secret: 's3cret' });
    cleanups.push(() => amiPeer.close());
    await server.addUser('wanda', 'operator');
    await server.addUser('artur', 'operator');
    const secret = 'webhook-secret-0123456789';
    const wanda = new Desktop('wanda', undefined, { cti: { overrides: { webhook: { enabled: true, port: 0, secret } } } });
    const artur = new Desktop('artur', undefined, {
      cti: { overrides: { ami: { enabled: true, host: '127.0.0.1', port: amiPeer.port, username: 'kartoteka', secret: 's3cret', extension: '101' } } },
    });
    desktops.push(wanda, artur);
    await wanda.call('sync.signIn', { serverUrl: server.url, username: 'wanda', password: PASSWORD });
    await artur.call('sync.signIn', { serverUrl: server.url, username: 'artur', password: PASSWORD });
    await wanda.engine.cti!.ready();
    await artur.engine.cti!.ready();
    await expect.poll(() => amiPeer.sessions(), { timeout: 30_000 }).toBe(1);

    // The recorded Asterisk sequence of a call that rang extension 101 and was not answered.
    const transcript = readFileSync(resolve(import.meta.dirname, '../fixtures/ami/inbound-missed.txt'));
    await amiPeer.replay(transcript, 5);
    await expect.poll(() => artur.engine.cti!.state().missed.length, { timeout: 30_000 }).toBe(1);
    const callId = artur.engine.cti!.state().missed[0]!.callId;
    const number = '+79031112233';
    const port = wanda.engine.cti!.webhookPort();
    const post = (body: unknown) => fetch(`http://127.0.0.1:${port}/call-event`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kartoteka-secret': secret }, body: JSON.stringify(body) });
    expect((await post({ event: 'ringing', callId, number })).status).toBe(202);
    expect((await post({ event: 'hungup', callId, number })).status).toBe(202);
    await expect.poll(() => wanda.engine.cti!.state().missed.length, { timeout: 30_000 }).toBe(1);

    const ids = missedCallIds(callKey(null, callId));
    expect(artur.engine.cti!.state().missed[0]!.interactionId).toBe(ids.interactionId);
    expect(wanda.engine.cti!.state().missed[0]!.interactionId).toBe(ids.interactionId);
    await wanda.sync();
    await artur.sync();
    await wanda.sync();
    const rows = await server.db.selectFrom('interaction').select('id').where('number', '=', number).where('deleted', '=', 0).execute();
    expect(rows).toEqual([{ id: ids.interactionId }]);
    expect(localRecord(wanda, number).interactions).toEqual(localRecord(artur, number).interactions);
    expect(localRecord(artur, number).interactions).toHaveLength(1);
    for (const d of [wanda, artur]) expect((await d.call('sync.status', {})).rejected, d.name).toBe(0);
  });
});
