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
