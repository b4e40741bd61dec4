// A conversation's messages in and out (issue 26, docs/channels.md). A customer's message is taken
// once, by its provider's key (a Telegram update, a VK event, a widget message's id), into the chat's
// open conversation, or a new one matched to a customer: by the chat's known link to one, else by the
// phone or email it brought. An operator's message is taken once by its id, only from the operator
// who holds the conversation (an unheld one is claimed by the send: the first claim wins), and
// waits in the delivery queue until its channel takes it (delivery.ts); the widget reads its own.
import { sql, type Kysely } from 'kysely';
import type { ConversationChannel, SendMessageRequest } from '../../src-shared/chat/protocol.js';
import { newId } from '../../src-shared/ids.js';
import { customerByContact } from '../customers/by-contact.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { UserRow } from '../users.js';
import { claimedElsewhere } from './claims.js';

export interface Inbound {
  channel: ConversationChannel;
  /** The site's or the bot's id. */
  sourceId: string;
  /** The chat: a Telegram chat id, a VK peer id, a widget visitor's id. */
  peer: string;
  visitorName: string;
  /** What the message brought to know the customer by (E.164, lower-cased). */
  phone?: string | null;
  email?: string | null;
  text: string;
  at: number;
  /** The provider's key for this message: a second delivery of it is taken as a duplicate. */
  dedupeKey: string;
  /** Ids for a new conversation and for the message (widget: from its request); default: new ones. */
  conversationId?: string;
  messageId?: string;
}

export interface Taken {
  conversationId: string;
  messageId: string;
  /** The message opened a new conversation. */
  opened: boolean;
  duplicate: boolean;
}

export async function takeInbound(db: Kysely<ServerDb>, m: Inbound): Promise<Taken> {
  return db.transaction().execute(async (trx) => {
    const seen = await trx.selectFrom('conversation_message').select(['id', 'conversation_id']).where('dedupe_key', '=', m.dedupeKey).executeTakeFirst();
    if (seen) return { conversationId: seen.conversation_id, messageId: seen.id, opened: false, duplicate: true };
    const open = () => trx.selectFrom('conversation').select(['id', 'visitor_phone', 'visitor_email']).where('channel', '=', m.channel)
      .where('source_id', '=', m.sourceId).where('peer', '=', m.peer).where('status', '=', 'open').forUpdate().executeTakeFirst();
    let conversation = await open();
    let opened = false;
    if (!conversation) {
      const known = await trx.selectFrom('messenger_identity').select('customer_id').where('channel', '=', m.channel).where('source_id', '=', m.sourceId)
        .where('peer', '=', m.peer).executeTakeFirst();
      const customerId = known?.customer_id ?? await customerByContact(trx, { phone: m.phone ?? null, email: m.email ?? null });
      // A concurrent first message of the same chat opens it first: this one joins that conversation.
      const inserted = await trx.insertInto('conversation').values({
        id: m.conversationId ?? newId(), channel: m.channel, source_id: m.sourceId, peer: m.peer, visitor_name: m.visitorName.slice(0, 300),
        visitor_phone: m.phone ?? null, visitor_email: m.email ?? null, customer_id: customerId, status: 'open', claimed_by: null, claimed_at: null,
        started_at: m.at, last_message_at: m.at, last_out_at: null, closed_at: null, closed_by: null, interaction_id: null, token_hash: null,
      }).onConflict((oc) => oc.columns(['channel', 'source_id', 'peer']).where('status', '=', 'open').doNothing()).returning('id').executeTakeFirst();
      opened = inserted !== undefined;
      conversation = await open();
      if (!conversation) throw new Error('the conversation vanished while it was opened');
    }
    const messageId = m.messageId ?? newId();
    const added = await trx.insertInto('conversation_message').values({
      id: messageId, conversation_id: conversation.id, direction: 'in', text: m.text, at: m.at, author_id: null, dedupe_key: m.dedupeKey,
      delivery: 'received', next_attempt_at: null, last_error: null, sent_at: null, provider_id: null,
    }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (!added) {
      const again = await trx.selectFrom('conversation_message').select(['id', 'conversation_id']).where((eb) => eb.or([eb('dedupe_key', '=', m.dedupeKey), eb('id', '=', messageId)])).executeTakeFirstOrThrow();
      return { conversationId: again.conversation_id, messageId: again.id, opened: false, duplicate: true };
    }
    await trx.updateTable('conversation').set({
      last_message_at: sql`GREATEST(last_message_at, ${m.at})`,
      visitor_phone: conversation.visitor_phone ?? m.phone ?? null,
      visitor_email: conversation.visitor_email ?? m.email ?? null,
    }).where('id', '=', conversation.id).execute();
    return { conversationId: conversation.id, messageId, opened, duplicate: false };
  });
}

export interface Queued {
  messageId: string;
  /** The send claimed the conversation for its operator. */
  claimed: boolean;
  duplicate: boolean;
}

/** An operator's message, from the operator holding the conversation (or claiming it by sending). */
export async function queueOutbound(db: Kysely<ServerDb>, user: UserRow, conversationId: string, req: SendMessageRequest, now: number): Promise<Queued> {
  return db.transaction().execute(async (trx) => {
    const same = await trx.selectFrom('conversation_message').select(['conversation_id', 'author_id', 'text']).where('id', '=', req.id).executeTakeFirst();
    if (same) {
      if (same.conversation_id !== conversationId || same.author_id !== user.id || same.text !== req.text) throw new DomainError('conflict', 'that message id is taken by another message');
      return { messageId: req.id, claimed: false, duplicate: true };
    }
    const c = await trx.selectFrom('conversation').select(['channel', 'status', 'claimed_by']).where('id', '=', conversationId).forUpdate().executeTakeFirst();
    if (!c) throw new DomainError('not_found', 'no such conversation');
    if (c.status !== 'open') throw new DomainError('conflict', 'the conversation is closed');
    if (c.claimed_by !== null && c.claimed_by !== user.id) throw await claimedElsewhere(trx, c.claimed_by);
    const claimed = c.claimed_by === null;
    // The widget reads its messages itself: nothing to deliver.
    const widget = c.channel === 'chat';
    await trx.insertInto('conversation_message').values({
      id: req.id, conversation_id: conversationId, direction: 'out', text: req.text, at: now, author_id: user.id, dedupe_key: null,
      delivery: widget ? 'sent' : 'queued', next_attempt_at: widget ? null : now, last_error: null, sent_at: widget ? now : null, provider_id: null,
    }).execute();
    await trx.updateTable('conversation').set({
      last_out_at: now, last_message_at: sql`GREATEST(last_message_at, ${now})`, ...(claimed ? { claimed_by: user.id, claimed_at: now } : {}),
    }).where('id', '=', conversationId).execute();
    return { messageId: req.id, claimed, duplicate: false };
  });
}

/** A message the bot sends on its own (a greeting, a closing word): queued like an operator's. */
export async function queueSystemMessage(db: Kysely<ServerDb>, conversationId: string, text: string, now: number): Promise<void> {
  const c = await db.selectFrom('conversation').select('channel').where('id', '=', conversationId).executeTakeFirst();
  if (!c) return;
  const widget = c.channel === 'chat';
  await db.insertInto('conversation_message').values({
    id: newId(), conversation_id: conversationId, direction: 'out', text, at: now, author_id: null, dedupe_key: null,
    delivery: widget ? 'sent' : 'queued', next_attempt_at: widget ? null : now, last_error: null, sent_at: widget ? now : null, provider_id: null,
  }).execute();
}
