// A VK community's messages (issue 26, docs/channels.md). VK's Callback API posts each event to the
// server (POST /messengers/vk/<bot>), signed with the community's secret key; the server answers
// "ok" once the message is taken (anything else and VK sends it again, deduplicated by its id). The
// confirmation event is answered with the community's confirmation string. Replies go out through
// messages.send with vk-io's API client; each carries a random_id derived from our message id, so VK
// itself drops a repeat of a send whose answer was lost.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { API, APIError } from 'vk-io';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CHAT_TEXT } from '../../src-shared/chat/text.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { takeChatAnswer } from '../surveys/chat-answers.js';
import { safeEqual } from '../pbx/signature.js';
import type { BotRow } from './bots.js';
import { takeLink } from './identity.js';
import { takeInbound } from './messages.js';
import { neverDeliverable, retryLater, type MessengerSender, type SendResult } from './sender.js';

export const VK_API_ROOT = 'https://api.vk.ru/method';
export const VK_API_VERSION = '5.199';
/** Peer ids above this are group chats, not one person. */
const CHAT_PEER_BASE = 2_000_000_000;
/** VK errors worth trying again: too many requests, flood control, VK's internal error. */
const RETRYABLE = new Set([6, 9, 10]);

export const VkCallback = z.object({
  type: z.string().max(100),
  group_id: z.number().int(),
  secret: z.string().max(100).optional(),
  event_id: z.string().max(200).optional(),
  object: z.unknown().optional(),
});
export type VkCallback = z.infer<typeof VkCallback>;

const VkMessageNew = z.object({
  message: z.object({
    id: z.number().int().nonnegative(),
    date: z.number().int().nonnegative(),
    peer_id: z.number().int(),
    from_id: z.number().int(),
    text: z.string().max(20_000),
    ref: z.string().max(200).optional(),
    conversation_message_id: z.number().int().optional(),
    attachments: z.array(z.object({ type: z.string().max(50) })).max(50).optional(),
  }),
});

export function vkApi(bot: Pick<BotRow, 'token' | 'api_root'>): API {
  const root = bot.api_root ?? VK_API_ROOT;
  const agent = root.startsWith('http:') ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true });
  // Retries are the delivery queue's (it keeps them across restarts); vk-io only paces the calls.
  return new API({ token: bot.token, apiBaseUrl: root, apiVersion: VK_API_VERSION, apiRetryLimit: 0, apiLimit: 20, apiTimeout: 15_000, agent: agent as https.Agent });
}

/**
 * VK's random_id: a 31-bit number from our message id, the same for every try of that message. Hashed:
 * our ids are UUIDv7, whose leading bits are a timestamp shared by every id of the same minute.
 */
export function randomIdOf(messageId: string): number {
  return createHash('sha256').update(messageId).digest().readUInt32BE(0) & 0x7fffffff;
}

export function vkSender(api: API): MessengerSender {
  return {
    async send(peer, text, messageId): Promise<SendResult> {
      try {
        const id = await api.messages.send({ peer_id: Number(peer), random_id: randomIdOf(messageId), message: text });
        return { ok: true, providerId: String(id) };
      } catch (error) {
        if (error instanceof APIError) {
          if (RETRYABLE.has(Number(error.code))) return retryLater(`${error.code} ${error.message}`);
          // 901/902: the customer does not allow the community's messages; 7, 15: no right to write to them.
          return neverDeliverable(`${error.code} ${error.message}`);
        }
        return retryLater(error instanceof Error ? error.message : String(error));
      }
    },
  };
}

const sameSecret = (expected: string | null, given: string | undefined): boolean => expected !== null && safeEqual(given ?? '', expected);

export interface VkTaken {
  /** The body VK expects back. */
  answer: string;
  conversationId: string | null;
  opened: boolean;
  /** The conversation has no customer yet. */
  unknown: boolean;
  /** What the bot says back at once (thanks for a rating). */
  reply?: { peer: string; text: string };
}

/** One Callback API event for `bot`; throws `forbidden` for an event not signed with its secret. */
export async function takeVkEvent(db: Kysely<ServerDb>, bot: BotRow, event: VkCallback, now: number): Promise<VkTaken> {
  const none = (answer: string): VkTaken => ({ answer, conversationId: null, opened: false, unknown: false });
  if (Number(bot.group_id) !== event.group_id) throw new DomainError('forbidden', 'this event is for another community');
  if (event.type === 'confirmation') return none(bot.confirmation ?? '');
  if (!sameSecret(bot.secret, event.secret)) throw new DomainError('forbidden', 'the secret key does not match');
  if (event.type !== 'message_new') return none('ok');
  const parsed = VkMessageNew.safeParse(event.object);
  if (!parsed.success) throw new DomainError('validation', 'message_new without a readable message');
  const m = parsed.data.message;
  if (m.peer_id >= CHAT_PEER_BASE || m.from_id <= 0) return none('ok');
  const peer = String(m.peer_id);
  if (m.ref && await takeLink(db, bot.id, m.ref, 'vk', peer, now) && m.text.trim() === '') return none('ok');
  const text = m.text.trim() !== '' ? m.text.slice(0, 4_000) : m.attachments?.[0] ? `[${m.attachments[0].type}]` : null;
  if (text === null) return none('ok');
  const answer = await takeChatAnswer(db, 'vk', bot.id, peer, text, now);
  if (answer !== null) {
    const said = CHAT_TEXT[bot.locale === 'en' ? 'en' : 'ru'];
    return { ...none('ok'), reply: { peer, text: answer === 'stopped' ? said.stopped : said.thanks } };
  }
  const taken = await takeInbound(db, {
    channel: 'vk', sourceId: bot.id, peer, visitorName: `vk.com/id${m.from_id}`, text, at: m.date * 1_000,
    dedupeKey: `vk:${bot.id}:${peer}:${m.id || `c${m.conversation_message_id ?? event.event_id}`}`,
  });
  if (taken.duplicate) return none('ok');
  const c = await db.selectFrom('conversation').select('customer_id').where('id', '=', taken.conversationId).executeTakeFirst();
  return { answer: 'ok', conversationId: taken.conversationId, opened: taken.opened, unknown: c?.customer_id === null };
}

export const vkGreeting = (bot: Pick<BotRow, 'locale'>): string => CHAT_TEXT[bot.locale === 'en' ? 'en' : 'ru'].greeting;
