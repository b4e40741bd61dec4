// What the server writes about a message from a shared mailbox (issue 26), in the mailbox's language.
import type { Locale } from '../domain.js';

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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = (Object.keys(MAIL_TEXT) as Locale[]).map((locale) => {
  const t = MAIL_TEXT[locale];
  const sample = t.answerTitle('\u0001', '\u0002');
  const [before, rest] = sample.split('\u0001') as [string, string];
  const [middle, after] = rest.split('\u0002') as [string, string];
  return { answer: new RegExp(`^${escape(before)}([\\s\\S]*)${escape(middle)}([^()]*)${escape(after)}$`), noSubject: t.noSubject };
});

/** A text the server wrote about a message (the task to answer it), said again in `locale`; any other text as it is. */
export function mailTextIn(text: string, locale: Locale): string {
  const to = MAIL_TEXT[locale];
  for (const p of PATTERNS) {
    const m = p.answer.exec(text);
    if (m) return to.answerTitle(m[1] === p.noSubject ? to.noSubject : m[1]!, m[2]!);
  }
  return text;
}
