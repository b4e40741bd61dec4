// A Telegram bot (issue 26, docs/channels.md) through the Bot API, with grammY's Api client: updates
// are read by long polling (getUpdates), and the offset of the next one is kept in the database after
// each batch is taken, so a restart neither loses nor repeats a message (a batch taken twice after a
// crash is deduplicated by its chat and message id). Private chats only: a group is not a customer.
// A customer is known by a verified link (/start <token>) or by sharing their own phone number (a
// contact whose user id is the sender's own: Telegram vouches for it).
import { Api, GrammyError, HttpError } from 'grammy';
import type { Message, ReplyKeyboardMarkup, Update } from 'grammy/types';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { CHAT_TEXT } from '../../src-shared/chat/text.js';
import { normalisePhone } from '../../src-shared/contact-normalise.js';
import type { ServerDb } from '../db/schema.js';
import { takeChatAnswer } from '../surveys/chat-answers.js';
import { setBotState, type BotRow } from './bots.js';
import { identifyPeer, takeLink } from './identity.js';
import { takeInbound } from './messages.js';
import { neverDeliverable, retryLater, type MessengerSender, type SendResult } from './sender.js';

/** Seconds a getUpdates call waits for an update before answering an empty list. */
export const LONG_POLL_S = 25;
const MAX_BACKOFF_MS = 60_000;

export function telegramApi(bot: Pick<BotRow, 'token' | 'api_root'>): Api {
  return new Api(bot.token, { ...(bot.api_root ? { apiRoot: bot.api_root } : {}), timeoutSeconds: LONG_POLL_S + 15 });
}

export function telegramSender(api: Api): MessengerSender {
  return {
    async send(peer, text): Promise<SendResult> {
      try {
        const sent = await api.sendMessage(peer, text);
        return { ok: true, providerId: String(sent.message_id) };
      } catch (error) {
        if (error instanceof GrammyError) {
          if (error.error_code === 429) return retryLater(error.description, error.parameters.retry_after ?? null);
          // Blocked by the user, a deleted account, a chat that does not exist, a text Telegram refuses.
          if (error.error_code === 403 || error.error_code === 400) return neverDeliverable(error.description);
          return retryLater(`${error.error_code} ${error.description}`);
        }
        return retryLater(error instanceof HttpError ? error.message : String(error));
      }
    },
  };
}

/** What a message holds, as its transcript line: its text or caption, else the kind of thing it is. */
function textOf(m: Message): string | null {
  const said = m.text ?? m.caption;
  if (said) return said;
  const kind = (['photo', 'document', 'voice', 'video', 'audio', 'sticker', 'location', 'video_note', 'animation', 'contact'] as const).find((k) => m[k] !== undefined);
  return kind ? `[${kind}]` : null;
}

function nameOf(m: Message): string {
  const from = m.from;
  if (!from) return 'Telegram';
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return from.username ? `${name} (@${from.username})` : name;
}

export interface TelegramOptions {
  now: () => number;
  log: Pick<Logger, 'warn'> | null;
  /** Conversations changed (the queue is read again). */
  onChanged: (conversationIds: string[]) => void;
}

export class TelegramPoller {
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(private readonly db: Kysely<ServerDb>, private readonly bot: BotRow, readonly api: Api, private readonly options: TelegramOptions) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    let offset = Number(this.bot.update_offset);
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (this.bot.username === null) {
          const me = await this.api.getMe(signal as never);
          this.bot.username = me.username;
          await this.db.updateTable('messenger_bot').set({ username: me.username }).where('id', '=', this.bot.id).execute();
        }
        const updates = await this.api.getUpdates({ offset, timeout: LONG_POLL_S, allowed_updates: ['message'] }, signal as never);
        for (const update of updates) await this.take(update);
        if (updates.length > 0) {
          offset = updates[updates.length - 1]!.update_id + 1;
          await this.db.updateTable('messenger_bot').set({ update_offset: offset }).where('id', '=', this.bot.id).execute();
        }
        if (failures > 0 || this.bot.state !== 'ok') {
          failures = 0;
          this.bot.state = 'ok';
          await setBotState(this.db, this.bot.id, 'ok', null, this.options.now());
        }
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        const message = error instanceof GrammyError ? `${error.error_code} ${error.description}` : error instanceof Error ? error.message : String(error);
        this.bot.state = 'failing';
        await setBotState(this.db, this.bot.id, 'failing', message, this.options.now()).catch(() => undefined);
        this.options.log?.warn({ bot: this.bot.id, err: message }, 'telegram polling failed');
        const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
        await pause(retryAfter ? retryAfter * 1_000 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures), signal);
      }
    }
  }

  /** One update: a message in a private chat becomes a conversation's message. */
  private async take(update: Update): Promise<void> {
    const m = update.message;
    if (!m || m.chat.type !== 'private') return;
    const peer = String(m.chat.id);
    const at = m.date * 1_000;
    const locale = this.bot.locale === 'en' ? 'en' : 'ru';
    const start = /^\/start(?:\s+(\S+))?$/.exec(m.text ?? '');
    if (start) {
      const known = start[1] ? await takeLink(this.db, this.bot.id, start[1], 'telegram', peer, this.options.now()) : false;
      if (known) await this.sendNow(peer, CHAT_TEXT[locale].recognised);
      return;
    }
    let phone: string | null = null;
    let text = textOf(m);
    if (m.contact && m.from && m.contact.user_id === m.from.id) {
      const r = normalisePhone(m.contact.phone_number.startsWith('+') ? m.contact.phone_number : `+${m.contact.phone_number}`, 'RU');
      if (r.ok) phone = r.e164;
      text = r.ok ? r.e164 : m.contact.phone_number;
    }
    if (text === null) return;
    const answer = phone === null ? await takeChatAnswer(this.db, 'telegram', this.bot.id, peer, text, this.options.now()) : null;
    if (answer !== null) {
      await this.sendNow(peer, answer === 'stopped' ? CHAT_TEXT[locale].stopped : CHAT_TEXT[locale].thanks);
      return;
    }
    const taken = await takeInbound(this.db, {
      channel: 'telegram', sourceId: this.bot.id, peer, visitorName: nameOf(m), phone, text, at, dedupeKey: `tg:${this.bot.id}:${peer}:${m.message_id}`,
    });
    if (taken.duplicate) return;
    if (phone !== null) await identifyPeer(this.db, 'telegram', this.bot.id, peer, taken.conversationId, phone, this.options.now());
    this.options.onChanged([taken.conversationId]);
    if (taken.opened) {
      const c = await this.db.selectFrom('conversation').select('customer_id').where('id', '=', taken.conversationId).executeTakeFirst();
      const text = CHAT_TEXT[locale];
      // A chat nobody is matched to is asked for the customer's number, with Telegram's own button for it.
      if (c?.customer_id === null) await this.sendNow(peer, `${text.greeting}\n\n${text.askPhone}`, { keyboard: [[{ text: text.sharePhone, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });
      else await this.sendNow(peer, text.greeting);
    } else if (phone !== null) {
      await this.sendNow(peer, CHAT_TEXT[locale].recognised);
    }
  }

  private async sendNow(peer: string, text: string, keyboard?: ReplyKeyboardMarkup): Promise<void> {
    try {
      await this.api.sendMessage(peer, text, { reply_markup: keyboard ?? { remove_keyboard: true } });
    } catch {
      // A courtesy: the customer's own next message is what matters.
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
