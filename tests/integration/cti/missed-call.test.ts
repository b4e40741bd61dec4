// A missed call in a real SQLite file: the interaction (reason 'other', outcome 'missed'), the team's
// callback task (no assignee) and their outbox entries, committed together; an unknown caller becomes
// a customer so the task has an owner; withheld numbers and internal extensions write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../src-shared/index.js';
import { openEngine, readonlyDb, removeDir, rowCounts, tempDir, type TestEngine } from '../core/helpers.js';
import { capture, ctiOf } from './helpers.js';

let dir: string;
let t: TestEngine;

beforeAll(() => {
  dir = tempDir('kartoteka-missed-');
  t = openEngine(`${dir}/store.sqlite`, { now: () => 1_718_000_000_000 });
});

afterAll(async () => {
  await ctiOf(t.engine).stop();
  t.engine.close();
  removeDir(dir);
});

function ring(callId: string, number: string, ringingAt: number, hungUpAt: number): void {
  const base: Omit<CallEvent, 'kind' | 'at'> = { callId, number, direction: 'in', source: 'webhook' };
  ctiOf(t.engine).ingest({ ...base, kind: 'ringing', at: ringingAt });
  ctiOf(t.engine).ingest({ ...base, kind: 'hungup', at: hungUpAt });
}

/** Rows added per table between two rowCounts() snapshots. */
function added(before: Record<string, number>, after: Record<string, number>, table: string): number {
  return (after[table] ?? 0) - (before[table] ?? 0);
}

function outboxFor(rowId: string): Array<{ entity: string; op: string }> {
  const db = readonlyDb(t.dbPath);
  try {
    return db.prepare(`SELECT entity, op FROM outbox WHERE row_id = ? ORDER BY seq`).all(rowId) as Array<{ entity: string; op: string }>;
  } finally {
    db.close();
  }
}

describe('missed calls', () => {
  it('a known caller: interaction + team callback task + outbox entries', async () => {
    const customer = await t.call('customers.create', { name: 'Сидоров Олег', contacts: [{ kind: 'phone', value: '8 (916) 765-43-21' }] });
    const before = rowCounts(t.dbPath);
    ring('m-1', '+79167654321', 1_718_000_000_000, 1_718_000_025_000);
    const m = ctiOf(t.engine).state().missed[0];
    expect(m).toMatchObject({ callId: 'm-1', customerId: customer.id, error: null });
    if (!m?.interactionId || !m.taskId) throw new Error('nothing logged');

    const interaction = await t.call('interactions.get', { id: m.interactionId });
    expect(interaction).toMatchObject({ customerId: customer.id, channel: 'call', direction: 'in', reason: 'other', outcome: 'missed', durationS: 0, number: '+79167654321', occurredAt: 1_718_000_000_000 });
    expect(interaction.notes).toContain('25');
    const [task] = await t.call('tasks.list', { customerId: customer.id });
    expect(task).toMatchObject({ id: m.taskId, kind: 'callback', assignee: null, status: 'open', interactionId: m.interactionId, dueAt: 1_718_000_025_000 });
    expect(outboxFor(m.interactionId)).toEqual([{ entity: 'interaction', op: 'insert' }]);
    expect(outboxFor(m.taskId)).toEqual([{ entity: 'task', op: 'insert' }]);
    const after = rowCounts(t.dbPath);
    expect(added(before, after, 'interaction')).toBe(1);
    expect(added(before, after, 'task')).toBe(1);
    expect(added(before, after, 'customer')).toBe(0);
    // The card shows it: the customer's history and open tasks.
    const card = await t.call('callerCard.lookup', { number: '+79167654321' });
    expect(card.matches[0]?.history[0]).toMatchObject({ id: m.interactionId, outcome: 'missed' });
    expect(card.matches[0]?.openTasks.map((x) => x.id)).toContain(m.taskId);
  });

  it('an unknown caller becomes a customer with that number, so the callback has an owner', async () => {
    const before = rowCounts(t.dbPath);
    ring('m-2', '+7 495 111-22-33', 1_718_000_100_000, 1_718_000_110_000);
    const m = ctiOf(t.engine).state().missed[0];
    expect(m).toMatchObject({ callId: 'm-2', error: null });
    if (!m?.customerId) throw new Error('no customer');
    const customer = await t.call('customers.get', { id: m.customerId });
    expect(customer.name).toContain('+7 495 111 22 33');
    expect(customer.contacts.map((c) => c.normalized)).toEqual(['+74951112233']);
    expect(outboxFor(m.customerId)).toEqual([{ entity: 'customer', op: 'insert' }]);
    const after = rowCounts(t.dbPath);
    expect(['customer', 'contact_point', 'interaction', 'task'].map((table) => added(before, after, table))).toEqual([1, 1, 1, 1]);
    expect(added(before, after, 'outbox')).toBe(4);
  });

  it('withheld numbers and internal extensions are shown as missed but write nothing', () => {
    const before = rowCounts(t.dbPath);
    ring('m-3', '', 1_718_000_200_000, 1_718_000_205_000);
    ring('m-4', '102', 1_718_000_300_000, 1_718_000_305_000);
    const [internal, withheld] = ctiOf(t.engine).state().missed;
    expect(withheld).toMatchObject({ callId: 'm-3', interactionId: null, taskId: null, error: expect.stringMatching(/withheld/) });
    expect(internal).toMatchObject({ callId: 'm-4', interactionId: null, error: expect.stringMatching(/not an external number/) });
    expect(rowCounts(t.dbPath)).toEqual(before);
  });

  it('a softphone launch pops the card through the same lifecycle', async () => {
    const cap = capture(t.engine);
    expect(ctiOf(t.engine).launch(['/N:S', '/C:+79167654321'])).toBe(1);
    expect(cap.events).toContainEqual(expect.objectContaining({ type: 'incoming-call', number: '+79167654321' }));
    const state = await t.call('calls.state', {});
    expect(state).toMatchObject({ operatorState: 'ringing', active: { number: '+79167654321', customers: [{ name: 'Сидоров Олег', owner: null }], transfer: null } });
    // MicroSIP's cmdCallEnd form for the same number ends it: by number, since a command line has no call id.
    ctiOf(t.engine).launch(['--hungup', '+79167654321']);
    expect((await t.call('calls.state', {})).active).toBeNull();
    await t.call('calls.dismissMissed', {});
    expect((await t.call('calls.state', {})).missed).toEqual([]);
  });

  it('a launch link without the install\'s secret only pops a card: its unanswered end writes nothing', async () => {
    const before = rowCounts(t.dbPath);
    ctiOf(t.engine).launch(['kartoteka://call?number=%2B79160001122&id=crafted-1']);
    ctiOf(t.engine).launch(['kartoteka://call?number=%2B79160001122&id=crafted-1&event=hungup']);
    const missed = (await t.call('calls.state', {})).missed.find((m) => m.callId === 'crafted-1');
    expect(missed).toMatchObject({ interactionId: null, taskId: null, error: expect.stringMatching(/only pops the card/) });
    expect(rowCounts(t.dbPath)).toEqual(before);
    // With the secret the admin configured for the softphone, the same end is logged.
    const secret = 's'.repeat(24);
    await t.call('cti.updateSettings', { webhook: { secret } });
    ctiOf(t.engine).launch(['--incoming', '+79160001133', '--call-id', 'trusted-1', `--secret=${secret}`]);
    ctiOf(t.engine).launch(['--hungup', '+79160001133', '--call-id', 'trusted-1', `--secret=${secret}`]);
    const logged = (await t.call('calls.state', {})).missed.find((m) => m.callId === 'trusted-1');
    expect(logged?.interactionId).not.toBeNull();
    ctiOf(t.engine).launch(['--incoming', '+79160001144', '--call-id', 'wrong-1', '--secret=not-the-secret-at-all']);
    ctiOf(t.engine).launch(['--hungup', '+79160001144', '--call-id', 'wrong-1', '--secret=not-the-secret-at-all']);
    expect((await t.call('calls.state', {})).missed.find((m) => m.callId === 'wrong-1')?.interactionId).toBeNull();
    await t.call('cti.updateSettings', { webhook: { secret: null } });
    await t.call('calls.dismissMissed', {});
  });

  it('settings: stored, secrets kept back, bad values refused', async () => {
    const view = await t.call('cti.updateSettings', { softphone: { handleTel: true }, ami: { secret: 'pbx-secret', host: 'pbx.local', username: 'kartoteka', extension: '101' } });
    expect(view.softphone).toEqual({ handleTel: true, handleCallto: false });
    expect(view.ami).toMatchObject({ host: 'pbx.local', secretSet: true, enabled: false });
    expect(JSON.stringify(view)).not.toContain('pbx-secret');
    expect((await t.call('cti.settings', {})).ami.secretSet).toBe(true);
    expect((await t.fail('cti.updateSettings', { webhook: { port: 80 } })).code).toBe('validation');
    expect((await t.fail('cti.updateSettings', { webhook: { secret: 'short' } })).code).toBe('validation');
    expect(await t.call('cti.status', {})).toMatchObject({ webhook: { state: 'off' }, ami: { state: 'off' } });
    expect((await t.fail('calls.wrapUpDone', { callId: 'nope' })).code).toBe('not_found');
  });
});
