// The operator's home screen, "my day", in a real SQLite file: the calls this user logged today (not
// yesterday's, not a colleague's, not the missed ones), their counts, and the missed calls of the day
// with their callback task and whether someone called the customer back afterwards. Offline reads:
// the review inbox without a server says so instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../src-shared/index.js';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from './helpers.js';
import { ctiOf } from '../cti/helpers.js';

const DAY = Date.parse('2026-12-07T00:00:00+03:00');
const H = 3_600_000;
let dir: string;
let t: TestEngine;

beforeAll(() => {
  dir = tempDir('kartoteka-home-');
  t = openEngine(`${dir}/store.sqlite`, { now: () => DAY + 12 * H });
});

afterAll(async () => {
  await ctiOf(t.engine).stop();
  t.engine.close();
  removeDir(dir);
});

function missed(callId: string, number: string, at: number): void {
  const base: Omit<CallEvent, 'kind' | 'at'> = { callId, number, direction: 'in', source: 'webhook' };
  ctiOf(t.engine).ingest({ ...base, kind: 'ringing', at });
  ctiOf(t.engine).ingest({ ...base, kind: 'hungup', at: at + 20_000 });
}

describe('home.day', () => {
  it("lists today's calls of mine and the day's missed calls, each with what became of it", async () => {
    const anna = await t.call('customers.create', { name: 'Анна Петрова', contacts: [{ kind: 'phone', value: '+79165550101' }] });
    const oleg = await t.call('customers.create', { name: 'Олег Сидоров', contacts: [{ kind: 'phone', value: '+79165550102' }] });
    const log = (customerId: string, startedAt: number, direction: 'in' | 'out', durationS: number) =>
      t.call('interactions.logCall', { customerId, direction, reason: 'service_request', notes: 'n', startedAt, durationS });
    await log(anna.id, DAY - 2 * H, 'in', 30); // yesterday
    const first = await log(anna.id, DAY + 9 * H, 'in', 120);
    const second = await log(oleg.id, DAY + 10 * H, 'out', 45);
    missed('m1', '+79165550101', DAY + 10.5 * H); // Анна, called back below
    missed('m2', '+79165550102', DAY + 11 * H); // Олег, nobody yet
    missed('m3', '+79165550199', DAY + 11.5 * H); // a stranger: a new customer named by the number
    const callback = await log(anna.id, DAY + 11.75 * H, 'out', 60);

    const day = await t.call('home.day', { from: DAY, to: DAY + 24 * H });
    expect(day.myCalls.map((c) => c.id)).toEqual([callback.interaction.id, second.interaction.id, first.interaction.id]);
    expect(day.myCalls[1]).toMatchObject({ customerName: 'Олег Сидоров', direction: 'out', durationS: 45, reason: 'service_request' });
    expect(day.myCallsCount).toEqual({ in: 1, out: 2, talkS: 225 });
    expect(day.missed.map((m) => m.customerName)).toEqual([expect.stringContaining('916 555 01 99'), 'Олег Сидоров', 'Анна Петрова']);
    const [stranger, olegMissed, annaMissed] = day.missed;
    expect(annaMissed).toMatchObject({ calledBackAt: DAY + 11.75 * H, callback: { status: 'open', assigneeName: null } });
    expect(olegMissed).toMatchObject({ calledBackAt: null, number: '+79165550102', callback: { status: 'open' } });
    expect(stranger?.calledBackAt).toBeNull();
    expect(day.missedOpen).toBe(2);

    // A done callback task closes a missed call too.
    await t.call('tasks.complete', { id: olegMissed!.callback!.id });
    expect((await t.call('home.day', { from: DAY, to: DAY + 24 * H })).missedOpen).toBe(1);
    // Another day is another list.
    const yesterday = await t.call('home.day', { from: DAY - 24 * H, to: DAY });
    expect(yesterday.myCalls).toHaveLength(1);
    expect(yesterday.missed).toEqual([]);
  });

  it('reads today by the time index, not the whole history', () => {
    const db = readonlyDb(t.dbPath);
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM interaction WHERE deleted = 0 AND channel = 'call' AND occurred_at >= 1 AND occurred_at < 2`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/USING INDEX interaction_by_time/);
    } finally {
      db.close();
    }
  });

  it('refuses a range that is not a day, and says the inbox needs a server when there is none', async () => {
    expect((await t.fail('home.day', { from: DAY, to: DAY })).code).toBe('validation');
    expect((await t.fail('home.day', { from: DAY, to: DAY + 30 * H })).code).toBe('validation');
    expect(await t.call('home.reviews', {})).toEqual({ comments: [], unread: 0, available: false, live: false, fetchedAt: null });
    expect((await t.fail('home.markReviewsSeen', { ids: ['0190a6f4-0000-7000-8000-000000000000'] })).code).toBe('offline');
  });
});
