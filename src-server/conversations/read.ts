// The team's conversation queue and one conversation, as an operator sees them (issue 26): open
// conversations, oldest waiting first, each with what waits for an answer and what has not reached
// the customer yet. A conversation on a customer outside the user's scope is not theirs to see; one
// nobody is matched to yet is everyone's, like an unknown caller.
import { sql, type Kysely } from 'kysely';
import type { ConversationDetail, ConversationMessage, ConversationSummary } from '../../src-shared/chat/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { ownerVisible } from '../sync/scope.js';
import type { UserRow } from '../users.js';

const MAX_LIST = 500;
const MAX_MESSAGES = 1_000;
const PREVIEW = 140;

function baseQuery(db: Kysely<ServerDb>) {
  return db.selectFrom('conversation as c')
    .leftJoin('customer as cu', 'cu.id', 'c.customer_id')
    .leftJoin('app_user as owner', 'owner.id', 'cu.owner_id')
    .leftJoin('app_user as holder', 'holder.id', 'c.claimed_by')
    .leftJoin('form_site as site', 'site.id', 'c.source_id')
    .leftJoin('messenger_bot as bot', 'bot.id', 'c.source_id')
    .select([
      'c.id', 'c.channel', 'c.customer_id', 'c.visitor_name', 'c.status', 'c.claimed_by', 'c.started_at', 'c.last_message_at', 'c.last_out_at',
      'cu.name as customer_name', 'cu.owner_id', 'owner.team_id as owner_team_id', 'holder.name as holder_name', 'site.name as site_name', 'bot.name as bot_name',
    ])
    .select((eb) => [
      eb.selectFrom('conversation_message as m').select('m.text').whereRef('m.conversation_id', '=', 'c.id').orderBy('m.at', 'desc').orderBy('m.id', 'desc').limit(1).as('preview'),
      eb.selectFrom('conversation_message as m').select(sql<number>`count(*)`.as('n')).whereRef('m.conversation_id', '=', 'c.id').where('m.direction', '=', 'in')
        .where((w) => w.or([w('c.last_out_at', 'is', null), w('m.at', '>', w.ref('c.last_out_at'))])).as('waiting'),
      eb.selectFrom('conversation_message as m').select(sql<number>`count(*)`.as('n')).whereRef('m.conversation_id', '=', 'c.id').where('m.direction', '=', 'out')
        .where('m.delivery', 'in', ['queued', 'sending', 'failed']).as('undelivered'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function visible(user: UserRow, r: Row): boolean {
  if (r.customer_id === null) return true;
  return ownerVisible(user, (r.owner_id as string | null) ?? null, r.owner_team_id ?? null);
}

function toSummary(r: Row): ConversationSummary {
  return {
    id: r.id, channel: r.channel, sourceName: (r.channel === 'chat' ? r.site_name : r.bot_name) ?? '', customerId: r.customer_id,
    customerName: (r.customer_name as string | null) ?? null, visitorName: r.visitor_name, status: r.status, claimedBy: r.claimed_by,
    claimedByName: r.holder_name ?? null, startedAt: Number(r.started_at), lastMessageAt: Number(r.last_message_at),
    preview: (r.preview ?? '').slice(0, PREVIEW), waiting: Number(r.waiting ?? 0), undelivered: Number(r.undelivered ?? 0),
  };
}

export async function listConversations(db: Kysely<ServerDb>, user: UserRow, customerId?: string): Promise<ConversationSummary[]> {
  let q = baseQuery(db);
  q = customerId === undefined ? q.where('c.status', '=', 'open') : q.where('c.customer_id', '=', customerId);
  const rows = await q.orderBy('c.status', 'desc').orderBy('c.last_message_at', customerId === undefined ? 'asc' : 'desc').orderBy('c.id').limit(MAX_LIST).execute();
  return rows.filter((r) => visible(user, r)).map(toSummary);
}

/** Throws unless the conversation exists and is in the user's scope. */
export async function mayAccessConversation(db: Kysely<ServerDb>, user: UserRow, id: string): Promise<void> {
  const row = await baseQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row || !visible(user, row)) throw new DomainError('not_found', 'no such conversation');
}

export async function conversationDetail(db: Kysely<ServerDb>, user: UserRow, id: string): Promise<ConversationDetail> {
  const row = await baseQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row || !visible(user, row)) throw new DomainError('not_found', 'no such conversation');
  const messages = await db.selectFrom('conversation_message as m').leftJoin('app_user as a', 'a.id', 'm.author_id')
    .select(['m.id', 'm.direction', 'm.text', 'm.at', 'a.name as author_name', 'm.delivery', 'm.last_error', 'm.attempts'])
    .where('m.conversation_id', '=', id).orderBy('m.at', 'desc').orderBy('m.id', 'desc').limit(MAX_MESSAGES).execute();
  return {
    ...toSummary(row),
    messages: messages.reverse().map((m): ConversationMessage => ({
      id: m.id, direction: m.direction, text: m.text, at: Number(m.at), authorName: m.author_name ?? null,
      delivery: m.delivery === 'sending' ? 'queued' : (m.delivery as ConversationMessage['delivery']), error: m.last_error, attempts: Number(m.attempts),
    })),
  };
}
