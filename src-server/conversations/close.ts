// A conversation ends on the customer's timeline (issue 26): closed by the operator who holds it (or
// a supervisor) with a reason and a mood, it becomes one inbound 'chat' or 'messenger' entry with
// the whole transcript, counted in the figures like a call. A conversation nobody matched gets a
// customer of its own then. Attaching matches it earlier, and remembers the chat for next time.
import { v5 } from 'uuid';
import type { Kysely, Transaction } from 'kysely';
import { CHAT_TEXT } from '../../src-shared/chat/text.js';
import type { AttachConversationRequest, CloseConversationRequest } from '../../src-shared/chat/protocol.js';
import { formatPhone } from '../../src-shared/contact-normalise.js';
import type { Locale } from '../../src-shared/domain.js';
import { survivorOf } from '../customers/merged-customers.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { takePushLock } from '../sync/change-log.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { BLANK_INTERACTION, serverWriter, type ServerWrite } from '../sync/server-write.js';
import type { UserRow } from '../users.js';
import { claimedElsewhere } from './claims.js';
import { mayAccessConversation } from './read.js';
import { sourceOf } from './sources.js';

const NAMESPACE = '0b8d6f0e-8a51-4c8e-9f0a-3c2f7d61e5a4';
const idFor = (conversationId: string, what: string) => v5(`conversation:${conversationId}/${what}`, NAMESPACE);
/** The transcript an entry keeps: the newest messages beyond it are summarised by their count. */
const MAX_NOTES = 60_000;

type ConversationRow = Awaited<ReturnType<typeof lockConversation>>;

async function lockConversation(trx: Transaction<ServerDb>, id: string) {
  const c = await trx.selectFrom('conversation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!c) throw new DomainError('not_found', 'no such conversation');
  return c;
}

/** A customer made for a conversation nobody was matched to, with the phone and email it brought. */
async function customerFor(write: ServerWrite, c: ConversationRow, locale: Locale, name?: string): Promise<string> {
  const customerId = idFor(c.id, 'customer');
  const contact = c.visitor_phone ? formatPhone(c.visitor_phone) : c.visitor_email ?? c.visitor_name;
  await write('customer', customerId, customerId, {
    kind: 'person', name: name ?? (c.visitor_name.trim() || CHAT_TEXT[locale].visitor(contact)), organisation: null, birthday: null, segment: null,
    owner_id: null, owner_locked: 0, account_no: null,
  });
  if (c.visitor_phone) await write('contact_point', idFor(c.id, 'phone'), customerId, { customer_id: customerId, kind: 'phone', raw: c.visitor_phone, normalized: c.visitor_phone, label: null });
  if (c.visitor_email) await write('contact_point', idFor(c.id, 'email'), customerId, { customer_id: customerId, kind: 'email', raw: c.visitor_email, normalized: c.visitor_email, label: null });
  return customerId;
}

async function liveCustomer(trx: Transaction<ServerDb>, id: string): Promise<string> {
  const row = await trx.selectFrom('customer').select(['deleted', 'merged_into']).where('id', '=', id).executeTakeFirst();
  if (row?.merged_into) {
    const survivor = await survivorOf(trx, id);
    if (survivor) return survivor;
  }
  if (!row || Number(row.deleted) !== 0) throw new DomainError('not_found', 'no such customer');
  return id;
}

export async function closeConversation(db: Kysely<ServerDb>, user: UserRow, id: string, req: CloseConversationRequest, now: number): Promise<{ customerId: string; interactionId: string }> {
  await mayAccessConversation(db, user, id);
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const c = await lockConversation(trx, id);
    if (c.claimed_by !== null && c.claimed_by !== user.id && user.role === 'operator') throw await claimedElsewhere(trx, c.claimed_by);
    if (c.status !== 'open') throw new DomainError('conflict', 'the conversation is closed');
    const source = await sourceOf(trx, c.channel, c.source_id);
    const write = serverWriter(trx, now, user.id);
    const customerId = c.customer_id ? await liveCustomer(trx, c.customer_id) : await customerFor(write, c, source.locale);
    const messages = await trx.selectFrom('conversation_message as m').leftJoin('app_user as a', 'a.id', 'm.author_id')
      .select(['m.direction', 'm.text', 'a.name as author']).where('m.conversation_id', '=', id).orderBy('m.at').orderBy('m.id').execute();
    const text = CHAT_TEXT[source.locale];
    const visitor = c.visitor_name.trim() || text.customer;
    const lines = messages.map((m) => `${m.direction === 'in' ? visitor : m.author ?? source.name}: ${m.text}`);
    let notes = [text.heading(c.channel, source.name), ...(req.notes ? [req.notes, ''] : []), ...lines].join('\n');
    if (notes.length > MAX_NOTES) notes = `${notes.slice(0, MAX_NOTES - 1)}…`;
    const interactionId = idFor(id, 'interaction');
    await write('interaction', interactionId, customerId, {
      ...BLANK_INTERACTION, customer_id: customerId, channel: c.channel === 'chat' ? 'chat' : 'messenger', direction: 'in', occurred_at: Number(c.started_at),
      duration_s: Math.max(0, Math.round((now - Number(c.started_at)) / 1_000)), user_id: c.claimed_by ?? user.id, reason: req.reason, mood: req.mood ?? null, notes,
      number: c.visitor_phone, email_from: c.visitor_email,
    });
    await trx.updateTable('conversation').set({ status: 'closed', closed_at: now, closed_by: user.id, interaction_id: interactionId, customer_id: customerId, claimed_by: c.claimed_by ?? user.id })
      .where('id', '=', id).execute();
    return { customerId, interactionId };
  });
}

/** Matches an unidentified conversation to a customer (or a new one), and its chat for next time. */
export async function attachConversation(db: Kysely<ServerDb>, user: UserRow, id: string, req: AttachConversationRequest, now: number): Promise<{ customerId: string }> {
  await mayAccessConversation(db, user, id);
  if (req.action === 'attach' && !(await mayAccessCustomer(db, user, req.customerId))) throw new DomainError('forbidden', 'that customer is outside your scope');
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const c = await lockConversation(trx, id);
    if (c.status !== 'open') throw new DomainError('conflict', 'the conversation is closed');
    if (c.claimed_by !== null && c.claimed_by !== user.id && user.role === 'operator') throw await claimedElsewhere(trx, c.claimed_by);
    const source = await sourceOf(trx, c.channel, c.source_id);
    const customerId = req.action === 'attach' ? await liveCustomer(trx, req.customerId) : await customerFor(serverWriter(trx, now, user.id), c, source.locale, req.name);
    await trx.updateTable('conversation').set({ customer_id: customerId }).where('id', '=', id).execute();
    if (c.channel !== 'chat') {
      await trx.insertInto('messenger_identity').values({ channel: c.channel, source_id: c.source_id, peer: c.peer, customer_id: customerId, verified_by: 'operator', at: now })
        .onConflict((oc) => oc.columns(['channel', 'source_id', 'peer']).doUpdateSet({ customer_id: customerId, verified_by: 'operator', at: now })).execute();
    }
    return { customerId };
  });
}
