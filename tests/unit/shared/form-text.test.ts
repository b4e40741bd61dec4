// What the server writes about a website's request follows the reader's language (issue 26).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORM_TEXT, formTextIn } from '../../../src-shared/forms/text.js';

describe('formTextIn', () => {
  it('says the call-back and answer tasks and a visitor’s name in the reader’s language', () => {
    expect(formTextIn('Перезвонить: заявка с сайта «Магазин» (Ольга, +7 903 555 12 34)', 'en')).toBe('Call back: website request on “Магазин” (Ольга, +7 903 555 12 34)');
    expect(formTextIn('Answer the website request on “Shop” (a@b.example)', 'ru')).toBe('Ответить на заявку с сайта «Shop» (a@b.example)');
    expect(formTextIn('Посетитель сайта +7 903 555 12 34', 'en')).toBe('Website visitor +7 903 555 12 34');
    for (const text of ['Перезвонить клиенту', '']) expect(formTextIn(text, 'en')).toBe(text);
  });

  it('round-trips every site name and contact, in either language', () => {
    const noBrackets = fc.string().filter((s) => !/[()]/.test(s));
    fc.assert(fc.property(fc.string(), noBrackets, fc.constantFrom('ru' as const, 'en' as const), fc.constantFrom('ru' as const, 'en' as const), (site, who, a, b) => {
      expect(formTextIn(FORM_TEXT[a].callTitle(site, who), b)).toBe(FORM_TEXT[b].callTitle(site, who));
      expect(formTextIn(FORM_TEXT[a].answerTitle(site, who), b)).toBe(FORM_TEXT[b].answerTitle(site, who));
    }));
  });
});
