// The call lifecycle as a state machine, with a fake store: ring → answer → hang-up → wrap-up,
// ring → missed (logged, with a team task), two calls at once, resends and gaps.
import { describe, expect, it } from 'vitest';
import { CallLifecycle, type LiveCall, type MissedResult } from '../../../src-main/core/domains/cti/call-lifecycle.js';
import type { CallerMatch } from '../../../src-main/core/domains/cti/caller-lookup.js';
import type { CallEvent, CallInfo, CallState } from '../../../src-shared/index.js';

const OWNER = { id: '0190f000-0000-7000-8000-000000000002', name: 'Петров', extension: '204' };
const KNOWN: CallerMatch = {
  customers: [{ customerId: '0190f000-0000-7000-8000-000000000010', name: 'Иванов', owner: OWNER }],
  transfer: { toUserId: OWNER.id, toName: OWNER.name, extension: OWNER.extension },
  e164: '+79161234567',
};
const NOBODY: CallerMatch = { customers: [], transfer: null, e164: null };

function harness() {
  let clock = 1_000_000;
  const missed: LiveCall[] = [];
  const pops: CallInfo[] = [];
  const changes: CallState[] = [];
  const queued: Array<() => void> = [];
  const lc = new CallLifecycle({
    now: () => clock,
    lookup: (n) => (n === '+79161234567' ? KNOWN : NOBODY),
    recordMissed: (call): MissedResult => {
      missed.push(call);
      return { customerId: call.match.customers[0]?.customerId ?? null, interactionId: '0190f000-0000-7000-8000-0000000000a1', taskId: '0190f000-0000-7000-8000-0000000000b1', error: null };
    },
    onChange: (s) => changes.push(s),
    onPop: (c) => pops.push(c),
    schedule: (fn) => queued.push(fn),
    maxLiveCalls: 5,
  });
  const ev = (kind: CallEvent['kind'], callId: string, number = '+79161234567', extra: Partial<CallEvent> = {}): void => {
    lc.handle({ kind, callId, number, direction: 'in', at: clock, ...extra });
  };
  return {
    lc,
    ev,
    missed,
    pops,
    changes,
    tick: (ms: number) => (clock += ms),
    flush: () => queued.splice(0).forEach((f) => f()),
  };
}

describe('call lifecycle', () => {
  it('ring → answer → hang-up → wrap-up → available, with times and duration', () => {
    const h = harness();
    expect(h.lc.operatorState()).toBe('available');
    h.ev('ringing', 'c1');
    expect(h.lc.state()).toMatchObject({ operatorState: 'ringing', active: { callId: 'c1', state: 'ringing', ringingAt: 1_000_000, answeredAt: null, durationS: null } });
    expect(h.pops.map((p) => p.callId)).toEqual(['c1']);
    // The card knows whose customer this is and where to transfer.
    expect(h.lc.state().active?.transfer).toEqual({ toUserId: OWNER.id, toName: 'Петров', extension: '204' });
    h.tick(5_000);
    h.ev('answered', 'c1');
    expect(h.lc.state()).toMatchObject({ operatorState: 'on_call', active: { state: 'answered', answeredAt: 1_005_000 } });
    h.tick(62_400);
    expect(h.lc.state().active?.durationS).toBe(62);
    h.ev('hungup', 'c1');
    expect(h.lc.state()).toMatchObject({ operatorState: 'wrap_up', active: { state: 'ended', hungUpAt: 1_067_400, durationS: 62 } });
    h.tick(30_000);
    // Duration is fixed at hang-up, however long the wrap-up takes.
    expect(h.lc.state().active?.durationS).toBe(62);
    h.lc.wrapUpDone('c1');
    expect(h.lc.state()).toMatchObject({ operatorState: 'available', active: null, queue: [] });
    expect(h.missed).toEqual([]);
  });

  it('ring → missed: logged with its task, badge until dismissed', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.tick(20_000);
    h.ev('hungup', 'c1');
    expect(h.missed.map((c) => [c.callId, c.ringingAt, c.hungUpAt])).toEqual([['c1', 1_000_000, 1_020_000]]);
    const s = h.lc.state();
    expect(s).toMatchObject({ operatorState: 'available', active: null });
    expect(s.missed).toEqual([
      { callId: 'c1', number: '+79161234567', ringingAt: 1_000_000, hungUpAt: 1_020_000, customerId: KNOWN.customers[0]?.customerId, interactionId: '0190f000-0000-7000-8000-0000000000a1', taskId: '0190f000-0000-7000-8000-0000000000b1', error: null },
    ]);
    h.lc.dismissMissed('c1');
    expect(h.lc.state().missed).toEqual([]);
  });

  it('not missed: answered elsewhere, or an outbound call nobody picked up', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.ev('hungup', 'c1', '+79161234567', { answeredElsewhere: true });
    h.lc.handle({ kind: 'ringing', callId: 'o1', number: '84957654321', direction: 'out', at: 1 });
    h.lc.handle({ kind: 'hungup', callId: 'o1', number: '84957654321', direction: 'out', at: 2 });
    expect(h.missed).toEqual([]);
    expect(h.lc.state()).toMatchObject({ operatorState: 'available', missed: [] });
  });

  it('a second call queues instead of replacing the card, and comes forward when the first is done', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.ev('answered', 'c1');
    h.ev('ringing', 'c2', '+74950000000');
    let s = h.lc.state();
    expect(s.active?.callId).toBe('c1');
    expect(s.queue.map((c) => [c.callId, c.state])).toEqual([['c2', 'ringing']]);
    expect(s.operatorState).toBe('on_call');
    expect(h.pops.map((p) => p.callId)).toEqual(['c1']);
    h.ev('hungup', 'c1');
    expect(h.lc.state()).toMatchObject({ operatorState: 'wrap_up', active: { callId: 'c1', state: 'ended' } });
    h.lc.wrapUpDone('c1');
    s = h.lc.state();
    expect(s).toMatchObject({ operatorState: 'ringing', active: { callId: 'c2', state: 'ringing', customers: [] }, queue: [] });
    expect(h.pops.map((p) => p.callId)).toEqual(['c1', 'c2']);
  });

  it('answering the queued call while the first is in wrap-up brings it forward; the wrap-up waits', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.ev('answered', 'c1');
    h.ev('ringing', 'c2', '+74950000000');
    h.ev('hungup', 'c1');
    h.ev('answered', 'c2', '+74950000000');
    const s = h.lc.state();
    expect(s).toMatchObject({ operatorState: 'on_call', active: { callId: 'c2', state: 'answered' } });
    expect(s.queue.map((c) => [c.callId, c.state])).toEqual([['c1', 'ended']]);
  });

  it('a queued call that rings out is missed without touching the active card', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.ev('answered', 'c1');
    h.ev('ringing', 'c2', '+74950000000');
    h.ev('hungup', 'c2', '+74950000000');
    expect(h.missed.map((c) => c.callId)).toEqual(['c2']);
    expect(h.lc.state()).toMatchObject({ active: { callId: 'c1', state: 'answered' }, queue: [] });
  });

  it('a transfer: the call answered from a colleague switches to the customer now connected, and pops their card', () => {
    const h = harness();
    h.ev('ringing', 'c-t', '102');
    h.ev('answered', 'c-t', '102');
    expect(h.lc.state().active?.number).toBe('102');
    h.ev('connected', 'c-t', '+79161234567');
    const active = h.lc.state().active;
    expect(active?.number).toBe('+79161234567');
    expect(active?.state).toBe('answered');
    expect(h.pops.at(-1)?.number).toBe('+79161234567');
    // The same party again, an unknown call, or a withheld number change nothing.
    const pops = h.pops.length;
    h.ev('connected', 'c-t', '+79161234567');
    h.ev('connected', 'nope', '+79031112233');
    h.ev('connected', 'c-t', '');
    expect(h.pops.length).toBe(pops);
    h.ev('hungup', 'c-t', '+79161234567');
    expect(h.lc.state().active?.state).toBe('ended');
    expect(h.missed).toEqual([]);
  });

  it('resends, late events and gaps', () => {
    const h = harness();
    h.ev('ringing', 'c1');
    h.ev('ringing', 'c1');
    h.ev('answered', 'c1');
    h.ev('answered', 'c1');
    h.ev('hungup', 'c1');
    h.ev('hungup', 'c1');
    h.ev('answered', 'c1'); // late: the call is over
    expect(h.lc.state()).toMatchObject({ active: { callId: 'c1', state: 'ended' }, queue: [] });
    h.ev('hungup', 'nobody-knows'); // unknown call: ignored
    h.ev('answered', 'c3'); // no ringing seen (a lost event): starts answered, and takes the card from the wrap-up
    expect(h.lc.state()).toMatchObject({ active: { callId: 'c3', state: 'answered', ringingAt: 1_000_000, answeredAt: 1_000_000 }, queue: [{ callId: 'c1', state: 'ended' }] });
  });

  it('command-line sources without ids answer and hang up by number', () => {
    const h = harness();
    h.lc.handle({ kind: 'ringing', callId: 'launch-1', number: '101', direction: 'in', at: 1, source: 'launch' });
    h.lc.handle({ kind: 'answered', callId: 'launch-2', number: '101', direction: 'in', at: 2, source: 'launch' });
    h.lc.handle({ kind: 'hungup', callId: 'launch-3', number: '101', direction: 'in', at: 3, source: 'launch' });
    expect(h.lc.state()).toMatchObject({ active: { callId: 'launch-1', state: 'ended' }, queue: [] });
  });

  it('away: stays away between calls, shows the call while one is live', () => {
    const h = harness();
    h.lc.setAway(true);
    expect(h.lc.operatorState()).toBe('away');
    h.ev('ringing', 'c1');
    expect(h.lc.operatorState()).toBe('ringing');
    h.ev('hungup', 'c1');
    expect(h.lc.operatorState()).toBe('away');
    h.lc.setAway(false);
    expect(h.lc.operatorState()).toBe('available');
  });

  it('too many live calls: the extra ones are counted as dropped, not tracked', () => {
    const h = harness();
    for (let i = 0; i < 8; i++) h.ev('ringing', `c${i}`, `10${i}`);
    const s = h.lc.state();
    expect(1 + s.queue.length).toBe(5);
    expect(s.dropped).toBe(3);
  });

  it('notifications are coalesced: one per tick, with the latest state', () => {
    const h = harness();
    for (let i = 0; i < 100; i++) h.ev(i % 2 === 0 ? 'ringing' : 'hungup', 'c1', '101');
    expect(h.changes).toEqual([]);
    h.flush();
    expect(h.changes).toHaveLength(1);
    expect(h.changes[0]?.operatorState).toBe('available');
  });

  it('wrapUpDone of an unknown call is a typed not_found; a failed missed-call write still shows the miss', () => {
    const h = harness();
    expect(() => h.lc.wrapUpDone('zzz')).toThrow(expect.objectContaining({ code: 'not_found' }));
    const broken = new CallLifecycle({
      now: () => 5,
      lookup: () => NOBODY,
      recordMissed: () => {
        throw new Error('disk full');
      },
      onChange: () => {},
      onPop: () => {},
      schedule: () => {},
    });
    broken.handle({ kind: 'ringing', callId: 'x', number: '+79160000000', direction: 'in', at: 1 });
    broken.handle({ kind: 'hungup', callId: 'x', number: '+79160000000', direction: 'in', at: 2 });
    expect(broken.state().missed).toMatchObject([{ callId: 'x', interactionId: null, error: 'disk full' }]);
  });
});
