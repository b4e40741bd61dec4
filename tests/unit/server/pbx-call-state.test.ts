// The server's view of one cloud PBX call: facts only move forward, so any order of arrival of the
// same events ends in the same state, with the missed call decided once; and what each phone's
// desktop is told follows the call (a colleague's answer stops the others ringing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newFacts, step, TEAM_LEG, type CallFacts, type LegSignal, type PbxEvent } from '../../../src-server/pbx/call-state.js';

const ev = (kind: PbxEvent['kind'], leg: string | null, at: number, extra: Partial<PbxEvent> = {}): PbxEvent => ({
  eventKey: `${kind}:${leg}:${at}`, callKey: 'c1', kind, number: '+79161234567', direction: 'in', leg, at, ...extra,
});

function run(events: PbxEvent[]): { facts: CallFacts; signals: LegSignal[]; missed: number } {
  let facts = newFacts(events[0]!);
  const signals: LegSignal[] = [];
  let missed = 0;
  for (const e of events) {
    const s = step(facts, e);
    facts = s.facts;
    signals.push(...s.signals);
    if (s.endedUnanswered) missed++;
  }
  return { facts, signals, missed };
}

describe('a cloud PBX call', () => {
  it('rings two phones; the second answers; the first is told it was answered elsewhere; the end ends the conversation', () => {
    const { facts, signals, missed } = run([ev('ring', null, 1), ev('ring', '101', 2), ev('ring', '102', 3), ev('answer', '102', 10), ev('end', null, 70, { answered: true })]);
    expect(signals).toEqual([
      { leg: '101', kind: 'ringing' }, { leg: '102', kind: 'ringing' },
      { leg: '102', kind: 'answered' }, { leg: '101', kind: 'hungup', answeredElsewhere: true },
      { leg: '102', kind: 'hungup' },
    ]);
    expect(facts.answeredAt).toBe(10);
    expect(missed).toBe(0);
  });

  it('rings the team for a queue and records one missed call when nobody answers', () => {
    const { signals, missed } = run([ev('ring', TEAM_LEG, 1), ev('end', null, 30, { answered: false })]);
    expect(signals).toEqual([{ leg: TEAM_LEG, kind: 'ringing' }, { leg: TEAM_LEG, kind: 'hungup' }]);
    expect(missed).toBe(1);
  });

  it('tells the answering phone of a transfer\'s new party', () => {
    const { signals, facts } = run([ev('ring', '101', 1), ev('answer', '101', 2), ev('connected', '101', 3, { number: '+74957654321' })]);
    expect(signals.at(-1)).toEqual({ leg: '101', kind: 'connected' });
    expect(facts.number).toBe('+74957654321');
  });

  it('ends in the same state, whatever order the same events arrive in, and decides a missed call at most once', () => {
    const answeredCall = [ev('ring', null, 1), ev('ring', '101', 2), ev('ring', '102', 3), ev('answer', '102', 10), ev('leg_end', '101', 10), ev('end', null, 70, { answered: true })];
    const missedCall = [ev('ring', null, 1), ev('ring', '101', 2), ev('ring', TEAM_LEG, 3), ev('leg_end', '101', 20), ev('end', null, 30, { answered: false })];
    for (const [events, answered] of [[answeredCall, true], [missedCall, false]] as const) {
      fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.nat(events.length - 1), { maxLength: 4 }), (order, replays) => {
        const withReplays = [...order, ...replays.map((i) => order[i]!)];
        const { facts, missed, signals } = run(withReplays);
        expect(facts.endedAt).not.toBeNull();
        expect(facts.answeredAt !== null).toBe(answered);
        expect(missed).toBe(answered ? 0 : 1);
        // Every leg is closed at the end, and no phone is told of a ring after its leg ended.
        for (const leg of Object.values(facts.legs)) expect(leg.endedAt).not.toBeNull();
        for (const [k, s] of signals.entries()) {
          if (s.kind !== 'ringing') continue;
          expect(signals.slice(0, k).some((p) => p.leg === s.leg && p.kind === 'hungup')).toBe(false);
        }
      }), { numRuns: 300 });
    }
  });
});
