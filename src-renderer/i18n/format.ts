// Dates, numbers and durations through Intl with the UI locale, so the same value reads naturally
// in both languages without hand-written formats.
import { TZDate } from '@date-fns/tz';
import type { TFunction } from 'i18next';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The zone times are shown and entered in: the centre's (issue 19), so that a deadline "18:00" reads
 * the same on a remote supervisor's desk as in the centre. Undefined: the desk's own zone.
 */
let displayZone: string | undefined;

export function setDisplayTimeZone(zone: string | undefined): void {
  if (zone === displayZone) return;
  displayZone = zone;
  cache.clear();
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, displayZone ? { ...options, timeZone: displayZone } : options);
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(ms: number, locale: string): string {
  return dtf(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatDate(ms: number, locale: string): string {
  return dtf(locale, { dateStyle: 'medium' }).format(ms);
}

/** A civil date (YYYY-MM-DD) as people read it, e.g. «пн, 9 мар.» / "Mon, Mar 9": no zone involved. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`));
}

/** Today's date (YYYY-MM-DD) in the display zone. */
export function todayIso(now: number = Date.now()): string {
  const d = displayZone ? new TZDate(now, displayZone) : new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The instant a civil date starts in the display zone. */
export function startOfDayMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return displayZone ? new TZDate(y, m - 1, d, 0, 0, displayZone).getTime() : new Date(y, m - 1, d).getTime();
}

/** A civil date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of a civil date's week. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export function formatTime(ms: number, locale: string): string {
  return dtf(locale, { timeStyle: 'short' }).format(ms);
}

/** Whole calendar-independent days between two instants (an "open 12 days" figure). */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
}

// Constructing an Intl.NumberFormat costs about as much as rendering a timeline row (profiled while
// scrolling 10,000 entries), so one per locale is kept, like the date formats above.
const nfCache = new Map<string, Intl.NumberFormat>();

export function formatDuration(totalS: number, t: TFunction, locale: string): string {
  let nf = nfCache.get(locale);
  if (!nf) {
    nf = new Intl.NumberFormat(locale);
    nfCache.set(locale, nf);
  }
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const parts: string[] = [];
  if (h) parts.push(t('duration.h', { n: nf.format(h) }));
  if (m || h) parts.push(t('duration.min', { n: nf.format(m) }));
  if (!h) parts.push(t('duration.s', { n: nf.format(s) }));
  return parts.join(' ');
}

/** Value for <input type="datetime-local"> in local time (the input has no time zone). */
export function toLocalInput(ms: number): string {
  const d = displayZone ? new TZDate(ms, displayZone) : new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  const ms = displayZone && m
    ? new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), displayZone).getTime()
    : new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "2 минуты назад" / "2 minutes ago" through Intl, which knows each language's plural forms; null
 * under a minute (the caller says "just now" in its own words).
 */
export function formatAgo(ms: number, now: number, locale: string): string | null {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return null;
  let rtf = rtfCache.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
    rtfCache.set(locale, rtf);
  }
  const min = Math.floor(s / 60);
  if (min < 60) return rtf.format(-min, 'minute');
  const h = Math.floor(min / 60);
  if (h < 24) return rtf.format(-h, 'hour');
  return rtf.format(-Math.floor(h / 24), 'day');
}

/** Whole percent in the locale's style ("12 %" in Russian, "12%" in English). */
export function formatPercent(done: number, total: number, locale: string): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.floor(ratio * 100) / 100);
}

/** A file size as people read it: 820 B, 14 KB, 3.2 MB (Russian: 820 Б, 14 КБ, 3,2 МБ). */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale.startsWith('ru') ? ['Б', 'КБ', 'МБ', 'ГБ'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/**
 * A live countdown to a deadline, exact to the minute (issue 19): "через 1 ч 20 мин" / "in 1 h 20 min",
 * or how long it is overdue; days beyond a day ("через 2 д 3 ч"). The words are the catalogue's.
 */
export function formatCountdown(dueAt: number, now: number, t: TFunction): string {
  const left = dueAt - now;
  const minutes = Math.floor(Math.abs(left) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(t('countdown.d', { n: d }));
  if (h) parts.push(t('duration.h', { n: h }));
  if (!d && (m || !h)) parts.push(t('duration.min', { n: m }));
  return t(left >= 0 ? 'countdown.in' : 'countdown.overdueBy', { time: parts.join(' ') });
}
