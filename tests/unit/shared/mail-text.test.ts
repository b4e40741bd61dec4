// The task the server writes to answer a shared mailbox's message follows the reader's language (issue 26).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAIL_TEXT, mailTextIn } from '../../../src-shared/mail/text.js';

describe('mailTextIn', () => {
  it('says the answer task in the reader’s language, a missing subject too', () => {
    expect(mailTextIn('Ответить на письмо: Счёт за ноябрь (ivan@kuznetsov.example)', 'en')).toBe('Answer the email: Счёт за ноябрь (ivan@kuznetsov.example)');
    expect(mailTextIn('Answer the email: (no subject) (a@b.example)', 'ru')).toBe('Ответить на письмо: (без темы) (a@b.example)');
    // A subject with brackets of its own keeps them.
    expect(mailTextIn('Ответить на письмо: Re: (срочно) заказ (x@y.example)', 'en')).toBe('Answer the email: Re: (срочно) заказ (x@y.example)');
  });

  it('leaves other texts as they are, and round-trips every subject and sender', () => {
    for (const text of ['Ответить клиенту', 'Answer the email: no sender', '']) expect(mailTextIn(text, 'en')).toBe(text);
    fc.assert(fc.property(fc.string(), fc.emailAddress(), fc.constantFrom('ru' as const, 'en' as const), fc.constantFrom('ru' as const, 'en' as const), (subject, from, a, b) => {
      fc.pre(subject !== MAIL_TEXT.ru.noSubject && subject !== MAIL_TEXT.en.noSubject);
      expect(mailTextIn(MAIL_TEXT[a].answerTitle(subject, from), b)).toBe(MAIL_TEXT[b].answerTitle(subject, from));
    }));
  });
});
