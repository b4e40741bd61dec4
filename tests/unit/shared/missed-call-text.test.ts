// System-written missed-call texts follow the reader's language (issue 17), whichever language wrote them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MISSED_CALL_TEXT, missedCallTextIn } from '../../../src-shared/api/missed-call-text.js';

describe('missedCallTextIn', () => {
  it('says a missed call\'s notes, task title and unknown caller in the reader\'s language', () => {
    expect(missedCallTextIn('Пропущенный звонок: звонил 23 с, никто не ответил.', 'en')).toBe('Missed call: rang for 23 s, nobody answered.');
    expect(missedCallTextIn('Missed call: rang for 7 s, nobody answered.', 'ru')).toBe('Пропущенный звонок: звонил 7 с, никто не ответил.');
    expect(missedCallTextIn('Перезвонить: пропущенный звонок +7 916 555-01-01', 'en')).toBe('Call back: missed call from +7 916 555-01-01');
    expect(missedCallTextIn('Unknown caller +7 916 555-01-01', 'ru')).toBe('Неизвестный абонент +7 916 555-01-01');
  });

  it('leaves every other text as it is', () => {
    for (const text of ['Клиент просит перезвонить', 'Missed call: rang for many s, nobody answered.', 'Перезвонить: пропущенный звонок завтра', '']) {
      expect(missedCallTextIn(text, 'en')).toBe(text);
    }
    // Whatever it is given, saying it again in the same language changes nothing more.
    fc.assert(fc.property(fc.oneof(fc.string(), fc.integer({ min: 0, max: 999 }).map((n) => `Пропущенный звонок: звонил ${n} с, никто не ответил.`)), (text) => {
      const once = missedCallTextIn(text, 'en');
      expect(missedCallTextIn(once, 'en')).toBe(once);
    }));
  });

  it('round-trips whatever was written, in either language', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999 }), fc.constantFrom('ru' as const, 'en' as const), fc.constantFrom('ru' as const, 'en' as const), (s, from, to) => {
      expect(missedCallTextIn(MISSED_CALL_TEXT[from].notes(s), to)).toBe(MISSED_CALL_TEXT[to].notes(s));
    }));
  });
});
