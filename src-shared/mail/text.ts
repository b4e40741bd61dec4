// What the server writes about a message from a shared mailbox (issue 26), in the mailbox's language.
import type { Locale } from '../domain.js';
import { twoValuePattern } from '../text-patterns.js';

export interface MailText {
  /** The team's task to answer a message. */
  answerTitle: (subject: string, sender: string) => string;
  /** A message without a subject. */
  noSubject: string;
}

export const MAIL_TEXT: Record<Locale, MailText> = {
  ru: { answerTitle: (s, from) => `Ответить на письмо: ${s} (${from})`, noSubject: '(без темы)' },
  en: { answerTitle: (s, from) => `Answer the email: ${s} (${from})`, noSubject: '(no subject)' },
};

const PATTERNS = (Object.keys(MAIL_TEXT) as Locale[]).map((locale) => ({ answer: twoValuePattern(MAIL_TEXT[locale].answerTitle), noSubject: MAIL_TEXT[locale].noSubject }));

/** A text the server wrote about a message (the task to answer it), said again in `locale`; any other text as it is. */
export function mailTextIn(text: string, locale: Locale): string {
  const to = MAIL_TEXT[locale];
  for (const p of PATTERNS) {
    const m = p.answer.exec(text);
    if (m) return to.answerTitle(m[1] === p.noSubject ? to.noSubject : m[1]!, m[2]!);
  }
  return text;
}
