// Knowing who writes in a messenger chat (issue 26): a verified link the customer opened (a link an
// operator made on their card: a Telegram /start or a VK ref with a one-time token), a phone number
// the messenger vouches for (Telegram's own contact), or an operator's attach (close.ts). The chat is
// remembered, so the customer's next conversation is theirs from its first message.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MessengerLink } from '../../src-shared/chat/protocol.js';
import { customerByContact } from '../customers/by-contact.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { mayAccessCustomer } from '../sync/scope.js';
import type { UserRow } from '../users.js';
import { findBot } from './bots.js';

/** A link is good for a week, once. */
const LINK_TTL_MS = 7 * 86_400_000;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

async function remember(db: Kysely<ServerDb>, channel: string, sourceId: string, peer: string, customerId: string, by: 'phone' | 'link', now: number): Promise<void> {
  await db.insertInto('messenger_identity').values({ channel, source_id: sourceId, peer, customer_id: customerId, verified_by: by, at: now })
    .onConflict((oc) => oc.columns(['channel', 'source_id', 'peer']).doUpdateSet({ customer_id: customerId, verified_by: by, at: now })).execute();
  await db.updateTable('conversation').set({ customer_id: customerId }).where('channel', '=', channel as never).where('source_id', '=', sourceId)
    .where('peer', '=', peer).where('status', '=', 'open').where('customer_id', 'is', null).execute();
}

/** A phone the messenger vouches for: the chat is the customer's who has it, if anyone has it. */
export async function identifyPeer(db: Kysely<ServerDb>, channel: string, sourceId: string, peer: string, _conversationId: string, phone: string, now: number): Promise<string | null> {
  const customerId = await customerByContact(db, { phone, email: null });
  if (customerId !== null) await remember(db, channel, sourceId, peer, customerId, 'phone', now);
  return customerId;
}

/** A link's token, opened in a chat: true when it was good (unused, not expired, this bot's). */
export async function takeLink(db: Kysely<ServerDb>, botId: string, token: string, channel: string, peer: string, now: number): Promise<boolean> {
  const used = await db.updateTable('messenger_link').set({ used_at: now }).where('token_hash', '=', hash(token)).where('bot_id', '=', botId)
    .where('used_at', 'is', null).where('expires_at', '>', now).returning('customer_id').executeTakeFirst();
  if (!used) return false;
  await remember(db, channel, botId, peer, used.customer_id, 'link', now);
  return true;
}

/** A one-time link an operator gives a customer (by email, SMS, on the phone) to tie their chat to them. */
export async function createLink(db: Kysely<ServerDb>, user: UserRow, botId: string, customerId: string, now: number): Promise<MessengerLink> {
  const bot = await findBot(db, botId);
  if (!bot || !bot.enabled) throw new DomainError('not_found', 'no such bot');
  if (!(await mayAccessCustomer(db, user, customerId))) throw new DomainError('forbidden', 'that customer is outside your scope');
  const customer = await db.selectFrom('customer').select('id').where('id', '=', customerId).where('deleted', '=', 0).executeTakeFirst();
  if (!customer) throw new DomainError('not_found', 'no such customer');
  if (bot.kind === 'telegram' && bot.username === null) throw new DomainError('unavailable', 'the bot has not reached Telegram yet');
  const token = randomBytes(24).toString('base64url');
  const expiresAt = now + LINK_TTL_MS;
  await db.insertInto('messenger_link').values({ token_hash: hash(token), bot_id: botId, customer_id: customerId, created_by: user.id, created_at: now, expires_at: expiresAt, used_at: null }).execute();
  const url = bot.kind === 'telegram' ? `https://t.me/${bot.username}?start=${token}` : `https://vk.me/club${bot.group_id}?ref=${token}`;
  return { url, expiresAt };
}
