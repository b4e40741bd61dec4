// The Russian production calendar (производственный календарь), the seedable default of the centre's
// working days. A year the Government has set by decree is taken as decreed, because a decree moves
// days off in ways no rule derives (2025 moved Sunday's 23 February to 8 May). Any other year follows
// the Labour Code: the holidays of article 112, a holiday on a weekend moved to the next working day
// (except 1–8 January, which only a decree moves), and the working day just before a holiday one hour
// shorter (article 95). An admin corrects any date in the app (calendar_day rows win over this).

/** One date's kind where it differs from an ordinary weekday or weekend. */
export type DayKind = 'holiday' | 'workday' | 'short';

/** Article 112: the non-working holidays, as MM-DD. */
const HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'] as const;
/** The January holidays a weekend does not move by itself. */
const JANUARY_BREAK = new Set(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08']);

/**
 * The decreed years: every non-working weekday, every working weekend day and every shortened day.
 * 2025: Government decree No. 1335 of 4 October 2024; 2026: the decree of 2025 for 2026.
 */
const DECREED: Record<number, { off: string[]; work: string[]; short: string[] }> = {
  2025: {
    off: ['01-01', '01-02', '01-03', '01-06', '01-07', '01-08', '05-01', '05-02', '05-08', '05-09', '06-12', '06-13', '11-03', '11-04', '12-31'],
    work: ['11-01'],
    short: ['03-07', '04-30', '06-11', '11-01'],
  },
  2026: {
    off: ['01-01', '01-02', '01-05', '01-06', '01-07', '01-08', '01-09', '02-23', '03-09', '05-01', '05-11', '06-12', '11-04', '12-31'],
    work: [],
    short: ['04-30', '05-08', '06-11', '11-03'],
  },
};

export const DECREED_YEARS = Object.keys(DECREED).map(Number);

function iso(year: number, monthDay: string): string {
  return `${year}-${monthDay}`;
}

function weekday(date: string): number {
  // ISO weekday, 1 = Monday … 7 = Sunday, of a civil date (no time zone involved).
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The year's dates that differ from a plain Monday–Friday week, as date → kind. */
export function russianProductionYear(year: number): Map<string, DayKind> {
  const out = new Map<string, DayKind>();
  const decreed = DECREED[year];
  if (decreed) {
    for (const d of decreed.off) out.set(iso(year, d), 'holiday');
    for (const d of decreed.work) out.set(iso(year, d), 'workday');
    for (const d of decreed.short) out.set(iso(year, d), 'short');
    // A holiday that falls on a weekend is still a holiday (its name shows in the diary).
    for (const d of HOLIDAYS) if (!out.has(iso(year, d))) out.set(iso(year, d), 'holiday');
    return out;
  }
  const off = new Set<string>();
  for (const d of HOLIDAYS) off.add(iso(year, d));
  for (const d of HOLIDAYS) {
    const date = iso(year, d);
    if (JANUARY_BREAK.has(d) || weekday(date) < 6) continue;
    let moved = nextDate(date);
    while (weekday(moved) >= 6 || off.has(moved)) moved = nextDate(moved);
    off.add(moved);
  }
  for (const date of off) out.set(date, 'holiday');
  for (const d of HOLIDAYS) {
    // The working day just before a holiday date is an hour shorter.
    const before = new Date(Date.parse(`${iso(year, d)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (weekday(before) < 6 && !off.has(before) && before.startsWith(String(year))) out.set(before, 'short');
  }
  return out;
}

/** The holidays' names, for the diary and the calendar editor. */
export const HOLIDAY_NAMES: Record<string, { ru: string; en: string }> = {
  '01-01': { ru: 'Новогодние каникулы', en: 'New Year holidays' },
  '01-07': { ru: 'Рождество Христово', en: 'Orthodox Christmas' },
  '02-23': { ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' },
  '03-08': { ru: 'Международный женский день', en: 'International Women\'s Day' },
  '05-01': { ru: 'Праздник Весны и Труда', en: 'Spring and Labour Day' },
  '05-09': { ru: 'День Победы', en: 'Victory Day' },
  '06-12': { ru: 'День России', en: 'Russia Day' },
  '11-04': { ru: 'День народного единства', en: 'Unity Day' },
};
