// Dates, numbers and durations through Intl with the UI locale, so the same value reads naturally
// in both languages without hand-written formats.
import type { TFunction } from 'i18next';

const DAY_MS = 24 * 3600 * 1000;

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
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

export function formatTime(ms: number, locale: string): string {
  return dtf(locale, { timeStyle: 'short' }).format(ms);
}

/** Whole calendar-independent days between two instants (an "open 12 days" figure). */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
}

export function formatDuration(totalS: number, t: TFunction, locale: string): string {
  const nf = new Intl.NumberFormat(locale);
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
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}
