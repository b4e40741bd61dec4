// Deadlines on the centre's working calendar (issue 19): the Russian production calendar's weekends,
// holidays, moved days and short days; DST in a zone that has it; and properties over generated
// instants and amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { russianProductionYear } from '../../../src-shared/planning/production-calendar-ru.js';
import { WorkCalendar } from '../../../src-shared/planning/working-time.js';

const msk = new WorkCalendar();
/** 2026-03-06T15:00 in Moscow (UTC+3, no DST). */
const moscow = (iso: string) => Date.parse(`${iso}+03:00`);

describe('the Russian production calendar', () => {
  it('2026 as decreed: the long January, 9 March and 11 May moved, 31 December off, short days', () => {
    const y = russianProductionYear(2026);
    for (const d of ['2026-01-01', '2026-01-08', '2026-01-09', '2026-02-23', '2026-03-09', '2026-05-01', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31']) {
      expect(y.get(d), d).toBe('holiday');
    }
    for (const d of ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03']) expect(y.get(d), d).toBe('short');
    expect(msk.isWorkingDay('2026-01-09')).toBe(false);
    expect(msk.isWorkingDay('2026-01-12')).toBe(true);
  });

  it('2025 as decreed: the working Saturday of 1 November, and 8 May off though no rule derives it', () => {
    const y = russianProductionYear(2025);
    expect(y.get('2025-11-01')).toBe('short');
    expect(msk.isWorkingDay('2025-11-01')).toBe(true);
    expect(msk.isWorkingDay('2025-05-08')).toBe(false);
    expect(msk.isWorkingDay('2025-02-24')).toBe(true);
  });

  it('an undecreed year follows the Labour Code: a weekend holiday moves to the next working day, January does not', () => {
    const y = russianProductionYear(2027);
    expect(y.get('2027-05-03')).toBe('holiday'); // 1 May is a Saturday
    expect(y.get('2027-05-10')).toBe('holiday'); // 9 May is a Sunday
    expect(y.get('2027-06-14')).toBe('holiday'); // 12 June is a Saturday
    expect(y.get('2027-01-11')).toBeUndefined(); // 2 and 3 January on a weekend move only by decree
    expect(y.get('2027-04-30')).toBe('short');
    expect(y.get('2027-11-03')).toBe('short');
  });

  it('an admin’s date wins over the production calendar, and "weekday" puts a holiday back to work', () => {
    const cal = new WorkCalendar(undefined, new Map([['2026-03-09', 'weekday'], ['2026-03-10', 'holiday']]));
    expect(cal.isWorkingDay('2026-03-09')).toBe(true);
    expect(cal.isWorkingDay('2026-03-10')).toBe(false);
  });
});

describe('deadlines', () => {
  it('two working days from a Friday afternoon skip the weekend and 9 March', () => {
    expect(msk.deadline(moscow('2026-03-06T15:00'), 2, 'working_days')).toBe(moscow('2026-03-11T18:00'));
  });

  it('"today" after hours is the next working day’s end; on a Saturday too', () => {
    expect(msk.deadline(moscow('2026-03-05T19:00'), 0, 'working_days')).toBe(moscow('2026-03-06T18:00'));
    expect(msk.deadline(moscow('2026-03-07T11:00'), 0, 'working_days')).toBe(moscow('2026-03-10T18:00'));
  });

  it('working minutes stop at closing time and go on at the next opening', () => {
    expect(msk.deadline(moscow('2026-03-06T17:30'), 60, 'minutes')).toBe(moscow('2026-03-10T09:30'));
    expect(msk.deadline(moscow('2026-03-10T07:00'), 2, 'hours')).toBe(moscow('2026-03-10T11:00'));
  });

  it('a short day closes an hour early', () => {
    expect(msk.deadline(moscow('2026-04-30T16:30'), 60, 'minutes')).toBe(moscow('2026-05-04T09:30'));
  });

  it('calendar days land at the end of a working day: three months from 31 October', () => {
    // 90 days after 2026-10-31 is 2027-01-29, a Friday.
    expect(msk.deadline(moscow('2026-10-31T12:00'), 90, 'days')).toBe(moscow('2027-01-29T18:00'));
    // 2026-12-31 is a day off, and so is all of 1–8 January 2027: the 11th is the first working day.
    expect(msk.deadline(moscow('2026-12-30T12:00'), 1, 'days')).toBe(moscow('2027-01-11T18:00'));
  });

  it('across a DST change the working day keeps its local hours (Berlin, 29 March 2026)', () => {
    const berlin = new WorkCalendar({ timeZone: 'Europe/Berlin', start: 540, end: 1080, days: [1, 2, 3, 4, 5] }, new Map(), () => new Map());
    expect(berlin.deadline(Date.parse('2026-03-27T17:00+01:00'), 1, 'working_days')).toBe(Date.parse('2026-03-30T18:00+02:00'));
    expect(berlin.deadline(Date.parse('2026-03-27T17:30+01:00'), 60, 'minutes')).toBe(Date.parse('2026-03-30T09:30+02:00'));
  });

  it('a calendar with no working time ahead says so rather than looping', () => {
    const closed = new WorkCalendar({ timeZone: 'UTC', start: 540, end: 1080, days: [1] }, new Map(), (year) => {
      const m = new Map<string, 'holiday'>();
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) m.set(new Date(t).toISOString().slice(0, 10), 'holiday');
      return m;
    });
    expect(() => closed.deadline(Date.UTC(2026, 0, 1), 1, 'working_days')).toThrow(RangeError);
  });
});

describe('properties', () => {
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) });
  const zones = fc.constantFrom('Europe/Moscow', 'Europe/Berlin', 'Asia/Vladivostok', 'America/New_York');

  it('working minutes add up: a then b is a + b, and the result lies in working hours', () => {
    fc.assert(fc.property(instant, zones, fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 5_000 }), (t, zone, a, b) => {
      const cal = new WorkCalendar({ timeZone: zone, start: 540, end: 1080, days: [1, 2, 3, 4, 5] });
      const once = cal.addWorkingMinutes(t, a + b);
      expect(cal.addWorkingMinutes(cal.addWorkingMinutes(t, a), b)).toBe(once);
      expect(once).toBeGreaterThan(t);
      const hours = cal.hoursOf(cal.dateOf(once));
      expect(hours).not.toBeNull();
      expect(once).toBeGreaterThan(hours!.from);
      expect(once).toBeLessThanOrEqual(hours!.to);
    }), { numRuns: 300 });
  });

  it('n working days end on a working day, n working days after the first, and grow with n', () => {
    fc.assert(fc.property(instant, zones, fc.integer({ min: 0, max: 60 }), (t, zone, n) => {
      const cal = new WorkCalendar({ timeZone: zone, start: 480, end: 1020, days: [1, 2, 3, 4, 5, 6] });
      const first = cal.endOfWorkingDay(t, 0);
      const due = cal.endOfWorkingDay(t, n);
      expect(due).toBeGreaterThanOrEqual(first);
      expect(cal.endOfWorkingDay(t, n + 1)).toBeGreaterThan(due);
      expect(due).toBe(cal.hoursOf(cal.dateOf(due))?.to);
      let count = 0;
      for (let d = cal.dateOf(first); d !== cal.dateOf(due); d = cal.next(d)) if (cal.isWorkingDay(cal.next(d))) count++;
      expect(count).toBe(n);
    }), { numRuns: 200 });
  });
});
