// Deadlines in the centre's working time. A process step is due "in 30 working minutes", "in two
// working days" or "in 90 days"; each is counted on the centre's calendar (its working hours, its
// weekend, its holidays) in the centre's time zone, so that a deadline set offline on any desktop is
// the same minute everywhere and a DST change or a holiday moves it as people expect.
import { TZDate } from '@date-fns/tz';
import { russianProductionYear, type DayKind } from './production-calendar-ru.js';

export interface WorkWeek {
  /** IANA zone of the centre. */
  timeZone: string;
  /** Minutes after local midnight the working day starts and ends (09:00–18:00 is 540–1080). */
  start: number;
  end: number;
  /** ISO weekdays that are working days (1 = Monday). */
  days: readonly number[];
}

export const DEFAULT_WORK_WEEK: WorkWeek = { timeZone: 'Europe/Moscow', start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] };

/** The unit of a step's deadline: working minutes or hours, working days, or calendar days. */
export type DeadlineUnit = 'minutes' | 'hours' | 'working_days' | 'days';

/** Walking further than this many days for one deadline means the calendar has no working days left. */
const MAX_DAYS_WALKED = 3_700;
const DAY_MS = 86_400_000;

export class WorkCalendar {
  private readonly years = new Map<number, Map<string, DayKind>>();

  /**
   * @param overrides dates an admin set (calendar_day rows), which win over the production calendar
   * @param seedYear the default holidays of a year (the Russian production calendar); tests pass others
   */
  constructor(
    readonly week: WorkWeek = DEFAULT_WORK_WEEK,
    private readonly overrides: ReadonlyMap<string, DayKind | 'weekday'> = new Map(),
    private readonly seedYear: (year: number) => Map<string, DayKind> = russianProductionYear,
  ) {}

  /** The civil date (YYYY-MM-DD) in the centre's zone of an instant. */
  dateOf(at: number): string {
    const d = new TZDate(at, this.week.timeZone);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  kindOf(date: string): DayKind | 'weekday' | 'weekend' {
    // An admin's 'weekday' puts a date back to the plain working week.
    const set = this.overrides.get(date) ?? this.seed(Number(date.slice(0, 4))).get(date);
    if (set && set !== 'weekday') return set;
    return this.week.days.includes(isoWeekday(date)) ? 'weekday' : 'weekend';
  }

  isWorkingDay(date: string): boolean {
    const kind = this.kindOf(date);
    return kind === 'weekday' || kind === 'workday' || kind === 'short';
  }

  /** The working hours of a date as instants, or null on a day off. A short day ends an hour early. */
  hoursOf(date: string): { from: number; to: number } | null {
    if (!this.isWorkingDay(date)) return null;
    const end = this.kindOf(date) === 'short' ? Math.max(this.week.start, this.week.end - 60) : this.week.end;
    return { from: this.at(date, this.week.start), to: this.at(date, end) };
  }

  /** The instant of a local time (minutes after midnight) on a date; DST gaps resolve forward. */
  at(date: string, minutes: number): number {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, this.week.timeZone).getTime();
  }

  /** The date after a date. */
  next(date: string): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  }

  /** The deadline `amount` units after `from`. */
  deadline(from: number, amount: number, unit: DeadlineUnit): number {
    switch (unit) {
      case 'minutes': return this.addWorkingMinutes(from, amount);
      case 'hours': return this.addWorkingMinutes(from, amount * 60);
      case 'working_days': return this.endOfWorkingDay(from, amount);
      case 'days': return this.endOfCalendarDays(from, amount);
    }
  }

  /** `minutes` of working time after `from`; from outside working hours the count starts at the next opening. */
  addWorkingMinutes(from: number, minutes: number): number {
    let left = minutes * 60_000;
    let date = this.dateOf(from);
    for (let walked = 0; walked < MAX_DAYS_WALKED; walked++, date = this.next(date)) {
      const hours = this.hoursOf(date);
      if (!hours) continue;
      const start = Math.max(hours.from, from);
      if (start > hours.to || (start === hours.to && left > 0)) continue;
      if (start + left <= hours.to) return start + left;
      left -= hours.to - start;
    }
    throw new RangeError('the working calendar has no working time ahead');
  }

  /**
   * The end of the `days`-th working day after the one `from` falls on (0: the end of that day, or of
   * the next working day when `from` is a day off or after hours): "within two working days".
   */
  endOfWorkingDay(from: number, days: number): number {
    let date = this.dateOf(from);
    let hours = this.hoursOf(date);
    let walked = 0;
    // Today counts as day 0 only while its working hours last.
    while (!hours || from >= hours.to) {
      date = this.next(date);
      hours = this.hoursOf(date);
      if (++walked > MAX_DAYS_WALKED) throw new RangeError('the working calendar has no working time ahead');
    }
    let end = hours.to;
    for (let left = days; left > 0;) {
      date = this.next(date);
      const next = this.hoursOf(date);
      if (next) {
        left--;
        end = next.to;
      }
      if (++walked > MAX_DAYS_WALKED) throw new RangeError('the working calendar has no working time ahead');
    }
    return end;
  }

  /** The end of the working day `days` calendar days after `from` (or of the working day after it): "in 90 days". */
  endOfCalendarDays(from: number, days: number): number {
    let date = this.dateOf(from);
    for (let i = 0; i < days; i++) date = this.next(date);
    return this.endOfWorkingDay(this.at(date, 0), 0);
  }

  private seed(year: number): Map<string, DayKind> {
    let seeded = this.years.get(year);
    if (!seeded) {
      seeded = this.seedYear(year);
      this.years.set(year, seeded);
    }
    return seeded;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
