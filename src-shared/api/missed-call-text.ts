// What is written about a missed call, by a desktop (its CTI) or by the server (a cloud PBX's call):
// the same words in both, in the language of whoever writes it.
import type { Locale } from '../domain.js';

export interface MissedCallText {
  title: (number: string) => string;
  notes: (rangS: number) => string;
  unknownName: (number: string) => string;
}

export const MISSED_CALL_TEXT: Record<Locale, MissedCallText> = {
  ru: {
    title: (n) => `Перезвонить: пропущенный звонок ${n}`,
    notes: (s) => `Пропущенный звонок: звонил ${s} с, никто не ответил.`,
    unknownName: (n) => `Неизвестный абонент ${n}`,
  },
  en: {
    title: (n) => `Call back: missed call from ${n}`,
    notes: (s) => `Missed call: rang for ${s} s, nobody answered.`,
    unknownName: (n) => `Unknown caller ${n}`,
  },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A template with one value as a pattern that captures it: the same words, any value. */
function pattern(render: (v: never) => string, value: string, capture: string): RegExp {
  const sample = render(value as never);
  const at = sample.indexOf(value);
  return new RegExp(`^${escape(sample.slice(0, at))}(${capture})${escape(sample.slice(at + value.length))}$`);
}

const NUMBER = '\\+?[\\d ()\\-]{3,40}';
const PATTERNS = (Object.keys(MISSED_CALL_TEXT) as Locale[]).map((locale) => {
  const t = MISSED_CALL_TEXT[locale];
  return {
    title: pattern(t.title, '+7 900 000-00-00', NUMBER),
    notes: pattern(t.notes, '987654', '\\d{1,9}'),
    unknownName: pattern(t.unknownName, '+7 900 000-00-00', NUMBER),
  };
});

/**
 * A text the system wrote about a missed call (its notes, its callback task's title, the name of an
 * unknown caller), said again in `locale`: the row keeps the words of whoever wrote it (a desktop or
 * the server, in its language), the screen shows them in the reader's. Any other text comes back as it is.
 */
export function missedCallTextIn(text: string, locale: Locale): string {
  const to = MISSED_CALL_TEXT[locale];
  for (const p of PATTERNS) {
    let m = p.notes.exec(text);
    if (m) return to.notes(Number(m[1]));
    m = p.title.exec(text);
    if (m) return to.title(m[1]!);
    m = p.unknownName.exec(text);
    if (m) return to.unknownName(m[1]!);
  }
  return text;
}
