// What the server writes about a conversation (issue 26): the entry a closed conversation leaves on
// the timeline, the customer made for an unknown visitor, and what the bots say to customers on their
// own, in the site's or the bot's language. Names are said again in the reader's (chatTextIn).
import type { Locale } from '../domain.js';
import { oneValuePattern } from '../text-patterns.js';
import type { ConversationChannel } from './protocol.js';

export interface ChatText {
  /** The entry's first line: where the conversation ran. */
  heading: (channel: ConversationChannel, source: string) => string;
  /** How the transcript names the customer's side when they gave no name. */
  customer: string;
  /** A customer made for a visitor who gave no name: their contact, or their messenger profile. */
  visitor: (contact: string) => string;
  /** The bots' own words to a customer. */
  greeting: string;
  askPhone: string;
  sharePhone: string;
  recognised: string;
  closed: string;
  /** The survey asked when a conversation closes, and the bot's answers to its answer. */
  survey: string;
  thanks: string;
  stopped: string;
}

const CHANNEL_NAMES: Record<Locale, Record<ConversationChannel, string>> = {
  ru: { chat: 'Чат на сайте', telegram: 'Telegram', vk: 'ВКонтакте' },
  en: { chat: 'Site chat', telegram: 'Telegram', vk: 'VK' },
};

export const CHAT_TEXT: Record<Locale, ChatText> = {
  ru: {
    heading: (c, s) => `${CHANNEL_NAMES.ru[c]} «${s}»`,
    customer: 'Клиент',
    visitor: (c) => `Собеседник в чате ${c}`,
    greeting: 'Здравствуйте! Мы получили ваше сообщение, оператор ответит здесь же.',
    askPhone: 'Чтобы мы нашли вашу историю обращений, поделитесь номером телефона — кнопка ниже.',
    sharePhone: 'Поделиться номером',
    recognised: 'Спасибо, мы вас узнали.',
    closed: 'Разговор завершён. Если понадобится, просто напишите снова.',
    survey: 'Оцените, пожалуйста, разговор: пришлите цифру от 1 (плохо) до 5 (отлично). Чтобы больше не получать таких вопросов, пришлите «стоп».',
    thanks: 'Спасибо за оценку!',
    stopped: 'Хорошо, больше не будем спрашивать.',
  },
  en: {
    heading: (c, s) => `${CHANNEL_NAMES.en[c]} “${s}”`,
    customer: 'Customer',
    visitor: (c) => `Chat contact ${c}`,
    greeting: 'Hello! We have your message; an operator will answer here.',
    askPhone: 'To find your history with us, share your phone number with the button below.',
    sharePhone: 'Share my number',
    recognised: 'Thank you, we know who you are now.',
    closed: 'The conversation is closed. Write again whenever you need.',
    survey: 'Please rate the conversation: send a digit from 1 (poor) to 5 (excellent). To be asked no more, send “stop”.',
    thanks: 'Thank you for the rating!',
    stopped: 'All right, we will not ask again.',
  },
};

export function channelName(channel: ConversationChannel, locale: Locale): string {
  return CHANNEL_NAMES[locale][channel];
}

const PATTERNS = (Object.keys(CHAT_TEXT) as Locale[]).map((locale) => ({ visitor: oneValuePattern(CHAT_TEXT[locale].visitor) }));

/** A name the server gave a chat's customer, said again in `locale`. */
export function chatTextIn(text: string, locale: Locale): string {
  for (const p of PATTERNS) {
    const m = p.visitor.exec(text);
    if (m) return CHAT_TEXT[locale].visitor(m[1]!);
  }
  return text;
}
