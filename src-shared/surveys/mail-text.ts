// What an email survey after a closed case says (issue 26), and the pages its links open.
import type { Locale } from '../domain.js';

export interface SurveyMailText {
  subject: (caseSubject: string) => string;
  intro: (caseSubject: string) => string;
  score: (n: number) => string;
  stop: string;
  confirm: (n: number) => string;
  send: string;
  thanks: string;
  stopped: string;
  gone: string;
}

export const SURVEY_MAIL_TEXT: Record<Locale, SurveyMailText> = {
  ru: {
    subject: (s) => `Оцените, как мы решили ваш вопрос: «${s}»`,
    intro: (s) => `Ваше обращение «${s}» закрыто. Оцените, пожалуйста, как мы с ним справились: от 1 (плохо) до 5 (отлично).`,
    score: (n) => `${n} из 5`,
    stop: 'Больше не присылать такие вопросы',
    confirm: (n) => `Ваша оценка: ${n} из 5.`,
    send: 'Отправить оценку',
    thanks: 'Спасибо за оценку!',
    stopped: 'Хорошо, больше не будем спрашивать.',
    gone: 'Эта ссылка больше не действует.',
  },
  en: {
    subject: (s) => `How did we handle your request “${s}”?`,
    intro: (s) => `Your request “${s}” is closed. Please rate how we handled it, from 1 (poor) to 5 (excellent).`,
    score: (n) => `${n} of 5`,
    stop: 'Do not send me such questions',
    confirm: (n) => `Your rating: ${n} of 5.`,
    send: 'Send the rating',
    thanks: 'Thank you for the rating!',
    stopped: 'All right, we will not ask again.',
    gone: 'This link no longer works.',
  },
};
