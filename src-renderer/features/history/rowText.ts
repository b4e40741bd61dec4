// The words of a timeline row, memoised per language. A fling through 10,000 entries mounts dozens of
// rows per frame; profiled in Chromium, i18next's t() (about ten calls per row) and
// formatDuration (a new Intl.NumberFormat per call) were a third of the rows' render time. Labels are
// a handful of distinct strings, durations repeat, so each is computed once per language.
import type { i18n as I18n, TFunction } from 'i18next';
import { formatDateTime, formatDuration } from '../../i18n/format.js';
import { missedCallTextIn } from '../../../src-shared/api/missed-call-text.js';
import { displayPhone } from '../../lib/phone.js';

/** Enough for every distinct label, duration and name a long history shows; cleared past it. */
const MAX_CACHED = 5000;

export interface RowText {
  /** t(key) or t(key, { count }) / t(key, { name }), cached by key and value. */
  label(key: string, values?: Record<string, string | number>): string;
  duration(seconds: number): string;
  dateTime(ms: number): string;
  /** "Correct the entry of <time>": unique per row, so built from the translated template. */
  correctNamed(time: string): string;
  /** "Open the call of <time>": the accessible name of the row's line. */
  openNamed(channel: string, time: string): string;
  /** A text the system wrote (a missed call's notes) said in this language; any other text as it is. */
  system(text: string): string;
  /** A call's or fax's number, formatted as everywhere on screen. */
  phone(number: string): string;
}

const SLOT = '\u2063time\u2063';

class CachedRowText implements RowText {
  private readonly labels = new Map<string, string>();
  private readonly durations = new Map<number, string>();
  private readonly correctTemplate: [string, string] | null;

  private readonly t: TFunction;

  constructor(
    i18n: I18n,
    private readonly lng: string,
  ) {
    this.t = i18n.getFixedT(lng);
    const parts = this.t('history.correctNamed', { time: SLOT }).split(SLOT);
    this.correctTemplate = parts.length === 2 ? [parts[0] as string, parts[1] as string] : null;
  }

  phone(number: string): string {
    return displayPhone(number);
  }

  system(text: string): string {
    return missedCallTextIn(text, this.lng === 'en' ? 'en' : 'ru');
  }

  label(key: string, values?: Record<string, string | number>): string {
    const cacheKey = values ? `${key}\u0000${JSON.stringify(values)}` : key;
    let text = this.labels.get(cacheKey);
    if (text === undefined) {
      text = values ? this.t(key, values) : this.t(key);
      if (this.labels.size >= MAX_CACHED) this.labels.clear();
      this.labels.set(cacheKey, text);
    }
    return text;
  }

  duration(seconds: number): string {
    let text = this.durations.get(seconds);
    if (text === undefined) {
      text = formatDuration(seconds, this.t, this.lng);
      if (this.durations.size >= MAX_CACHED) this.durations.clear();
      this.durations.set(seconds, text);
    }
    return text;
  }

  dateTime(ms: number): string {
    return formatDateTime(ms, this.lng);
  }

  openNamed(channel: string, time: string): string {
    return this.t('history.openNamed', { channel, time });
  }

  correctNamed(time: string): string {
    return this.correctTemplate ? this.correctTemplate[0] + time + this.correctTemplate[1] : this.t('history.correctNamed', { time });
  }
}

// Keyed by the i18n instance and language, not by useTranslation's t: that can be a new function on
// every render, which would empty the caches and re-render every memoised row each frame.
const byInstance = new WeakMap<I18n, Map<string, RowText>>();

export function rowText(i18n: I18n, lng: string): RowText {
  let perLng = byInstance.get(i18n);
  if (!perLng) {
    perLng = new Map();
    byInstance.set(i18n, perLng);
  }
  let text = perLng.get(lng);
  if (!text) {
    text = new CachedRowText(i18n, lng);
    perLng.set(lng, text);
  }
  return text;
}
