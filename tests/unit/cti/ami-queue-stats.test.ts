// Today's queue numbers from Asterisk's queue events on the AMI link (issue 17), as app_queue sends
// them (Asterisk 16–20 field names): a caller joins, waits, is answered after HoldTime seconds and
// talks TalkTime seconds; another gives up; a third still waits. Hostile or partial events change
// nothing they should not; the day starts over at local midnight. And the desktop's merge of these
// with the server's numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiQueueStats } from '../../../src-main/core/domains/cti/ami-queue-stats.js';
import { totalOf, withLocalQueues } from '../../../src-main/core/domains/supervisor/queue-numbers-merge.js';
import type { AmiMessage } from '../../../src-main/core/domains/cti/ami-protocol.js';
import type { QueueNumbers, QueueStatsResponse } from '../../../src-shared/index.js';

const T = new Date(2026, 11, 7, 10, 0, 0).getTime();

function run(events: Array<[number, AmiMessage]>, clock = { ms: T }) {
  const stats = new AmiQueueStats(() => clock.ms);
  for (const [at, m] of events) {
    clock.ms = at;
    stats.handle(m);
  }
  return { stats, clock };
}

const join = (uid: string, queue = 'support'): AmiMessage => ({ Event: 'QueueCallerJoin', Queue: queue, Uniqueid: uid, Linkedid: uid, Position: '1', Count: '1', CallerIDNum: '+79161234567' });

describe('AMI queue numbers', () => {
  it('counts a day of a queue from its events', () => {
    const { stats, clock } = run([
      [T, join('1.1')],
      [T + 1_000, { Event: 'AgentCalled', Queue: 'support', Uniqueid: '1.1', DestChannel: 'PJSIP/101-01' }],
      [T + 12_000, { Event: 'AgentConnect', Queue: 'support', Uniqueid: '1.1', HoldTime: '12', RingTime: '11', DestChannel: 'PJSIP/101-01' }],
      [T + 12_000, { Event: 'QueueCallerLeave', Queue: 'support', Uniqueid: '1.1', Position: '1', Count: '0' }],
      [T + 107_000, { Event: 'AgentComplete', Queue: 'support', Uniqueid: '1.1', HoldTime: '12', TalkTime: '95', Reason: 'caller' }],
      [T + 200_000, join('2.1')],
      [T + 240_000, { Event: 'QueueCallerAbandon', Queue: 'support', Uniqueid: '2.1', Position: '1', OriginalPosition: '1', HoldTime: '40' }],
      [T + 240_000, { Event: 'QueueCallerLeave', Queue: 'support', Uniqueid: '2.1' }],
      [T + 300_000, join('3.1')],
      [T + 310_000, join('4.1', 'sales')],
      [T + 320_000, { Event: 'AgentConnect', Queue: 'sales', Uniqueid: '4.1', HoldTime: '25' }],
    ]);
    clock.ms = T + 315_000 + 30_000;
    const [sales, support] = stats.snapshot(20);
    expect(support).toEqual({
      queue: 'support',
      numbers: { waitingNow: 1, longestWaitMs: 45_000, offered: 2, answered: 1, answeredWithin: 1, abandoned: 1, asaMs: 12_000, handlingMs: 95_000, basis: 'queue_events' },
    });
    expect(sales?.numbers).toMatchObject({ waitingNow: 0, offered: 1, answered: 1, answeredWithin: 0, asaMs: 25_000, handlingMs: null });
    // A link lost: who waits is unknown; the day's counts stay.
    stats.linkLost();
    expect(stats.snapshot(20)[1]?.numbers).toMatchObject({ waitingNow: 0, offered: 2, abandoned: 1 });
    // The next day starts from nothing.
    clock.ms = new Date(2026, 11, 8, 0, 0, 1).getTime();
    expect(stats.snapshot(20)).toEqual([]);
  });

  it('never throws on hostile events, and keeps its numbers consistent', () => {
    const field = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('12', '-3', '1e9', '', '9999999999', 'NaN'));
    const event = fc.record({
      Event: fc.constantFrom('QueueCallerJoin', 'AgentConnect', 'QueueCallerAbandon', 'QueueCallerLeave', 'AgentComplete', 'QueueMemberStatus', 'Hangup'),
      Queue: fc.option(fc.constantFrom('q1', 'q2', ''), { nil: undefined }),
      Uniqueid: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      HoldTime: fc.option(field, { nil: undefined }),
      TalkTime: fc.option(field, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 5, max: 600 }), (events, within) => {
        const stats = new AmiQueueStats(() => T);
        for (const e of events) stats.handle(e as AmiMessage);
        for (const { numbers: n } of stats.snapshot(within)) {
          expect(n.offered).toBe(n.answered + n.abandoned);
          expect(n.answeredWithin).toBeLessThanOrEqual(n.answered);
          expect(n.waitingNow).toBeGreaterThanOrEqual(0);
          if (n.asaMs !== null) expect(Number.isFinite(n.asaMs) && n.asaMs >= 0).toBe(true);
        }
      }),
    );
  });
});

describe("merging the link's queues with the server's", () => {
  const none: QueueNumbers = { waitingNow: 0, longestWaitMs: null, offered: 0, answered: 0, answeredWithin: 0, abandoned: 0, asaMs: null, handlingMs: null, basis: 'none' };
  const server: QueueStatsResponse = { day: '2026-12-07', timeZone: 'Europe/Moscow', serverTimeMs: T, answerWithinS: 20, sources: [], total: none };

  it('adds each AMI queue as a source and totals them, averages weighted by the calls answered', () => {
    const a: QueueNumbers = { waitingNow: 1, longestWaitMs: 5_000, offered: 4, answered: 3, answeredWithin: 3, abandoned: 1, asaMs: 10_000, handlingMs: 60_000, basis: 'queue_events' };
    const b: QueueNumbers = { waitingNow: 2, longestWaitMs: 9_000, offered: 1, answered: 1, answeredWithin: 0, abandoned: 0, asaMs: 30_000, handlingMs: null, basis: 'queue_events' };
    const merged = withLocalQueues(server, [{ queue: 'support', numbers: a }, { queue: 'sales', numbers: b }]);
    expect(merged.sources.map((s) => [s.sourceId, s.name, s.kind])).toEqual([['ami-1', 'support · AMI', 'asterisk'], ['ami-2', 'sales · AMI', 'asterisk']]);
    expect(merged.total).toEqual({ waitingNow: 3, longestWaitMs: 9_000, offered: 5, answered: 4, answeredWithin: 3, abandoned: 1, asaMs: 15_000, handlingMs: 60_000, basis: 'queue_events' });
    expect(withLocalQueues(server, [])).toBe(server);
    expect(totalOf([{ ...a, basis: 'lifecycle' }, b]).basis).toBe('mixed');
  });
});
