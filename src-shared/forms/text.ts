// What the server writes about a website form's submission (issue 26), in the site's language; the
// task's title is said again in the reader's (formTextIn, as the missed-call and mail texts are).
import type { Locale } from '../domain.js';
import { oneValuePattern, twoValuePattern } from '../text-patterns.js';

export interface FormText {
  /** The team's task: a call back when the visitor left a phone, else an answer by email. */
  callTitle: (site: string, who: string) => string;
  answerTitle: (site: string, who: string) => string;
  /** The entry's notes: the visitor's own words under these labels. */
  heading: (site: string) => string;
  topic: string;
  page: string;
  /** A customer made for a visitor who gave no name. */
  visitor: (contact: string) => string;
}

export const FORM_TEXT: Record<Locale, FormText> = {
  ru: {
    callTitle: (s, w) => `Перезвонить: заявка с сайта «${s}» (${w})`,
    answerTitle: (s, w) => `Ответить на заявку с сайта «${s}» (${w})`,
    heading: (s) => `Заявка с сайта «${s}»`,
    topic: 'Тема',
    page: 'Страница',
    visitor: (c) => `Посетитель сайта ${c}`,
  },
  en: {
    callTitle: (s, w) => `Call back: website request on “${s}” (${w})`,
    answerTitle: (s, w) => `Answer the website request on “${s}” (${w})`,
    heading: (s) => `Website request on “${s}”`,
    topic: 'Topic',
    page: 'Page',
    visitor: (c) => `Website visitor ${c}`,
  },
};

const PATTERNS = (Object.keys(FORM_TEXT) as Locale[]).map((locale) => ({
  call: twoValuePattern(FORM_TEXT[locale].callTitle), answer: twoValuePattern(FORM_TEXT[locale].answerTitle), visitor: oneValuePattern(FORM_TEXT[locale].visitor),
}));

/** A text the server wrote about a form (its task's title, a visitor's name), said again in `locale`. */
export function formTextIn(text: string, locale: Locale): string {
  const to = FORM_TEXT[locale];
  for (const p of PATTERNS) {
    let m = p.call.exec(text);
    if (m) return to.callTitle(m[1]!, m[2]!);
    m = p.answer.exec(text);
    if (m) return to.answerTitle(m[1]!, m[2]!);
    m = p.visitor.exec(text);
    if (m) return to.visitor(m[1]!);
  }
  return text;
}
