// The customer's own rating (issue 26, docs/channels.md). A survey is asked once per entry it follows
// (a closed chat or messenger conversation) or per call (the IVR's, by the PBX's call reference);
// its answer is taken once, and becomes a `rating` row the server writes and every desktop that sees
// the customer pulls (the card, the figures). A customer who said stop is not asked again; a stop
// said in answer to a survey is honoured at once.
import type { Kysely, Transaction } from 'kysely';
import { v5 } from 'uuid';
import type { RatingChannel } from '../../src-shared/domain.js';
import { customerByContact } from '../customers/by-contact.js';
import { survivorOf } from '../customers/merged-customers.js';
import type { ServerDb } from '../db/schema.js';
import { takePushLock } from '../sync/change-log.js';
import { serverWriter } from '../sync/server-write.js';

const NAMESPACE = '7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
export const surveyIdFor = (key: string) => v5(`survey:${key}`, NAMESPACE);
const ratingIdFor = (surveyId: string) => v5(`rating:${surveyId}`, NAMESPACE);

/** How long a chat's customer may answer the question with a digit. */
export const ANSWER_WITHIN_MS = 24 * 3_600_000;

type Db = Kysely<ServerDb> | Transaction<ServerDb>;

export async function optedOut(db: Db, customerId: string | null): Promise<boolean> {
  if (customerId === null) return false;
  return (await db.selectFrom('survey_opt_out').select('customer_id').where('customer_id', '=', customerId).executeTakeFirst()) !== undefined;
}

export async function optOut(db: Db, customerId: string, via: string, now: number): Promise<void> {
  await db.insertInto('survey_opt_out').values({ customer_id: customerId, via, at: now }).onConflict((oc) => oc.column('customer_id').doNothing()).execute();
  await db.updateTable('survey').set({ status: 'opted_out' }).where('customer_id', '=', customerId).where('status', '=', 'asked').execute();
}

/** Asks the survey of a closed conversation's entry, once; false: already asked, or the customer said stop. */
export async function askAfterConversation(db: Db, a: { conversationId: string; interactionId: string; customerId: string; channel: 'chat' | 'messenger'; now: number }): Promise<boolean> {
  if (await optedOut(db, a.customerId)) return false;
  const asked = await db.insertInto('survey').values({
    id: surveyIdFor(a.interactionId), channel: a.channel, customer_id: a.customerId, interaction_id: a.interactionId, conversation_id: a.conversationId,
    source_id: null, call_ref: null, status: 'asked', asked_at: a.now, answered_at: null, score: null, rating_id: null,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return asked !== undefined;
}

/** The survey waiting for an answer in a chat (the newest unanswered one of that chat), if any. */
export async function pendingInChat(db: Db, channel: string, sourceId: string, peer: string, now: number): Promise<{ id: string; customerId: string | null } | undefined> {
  const row = await db.selectFrom('survey').innerJoin('conversation', 'conversation.id', 'survey.conversation_id')
    .select(['survey.id', 'survey.customer_id', 'survey.status'])
    .where('conversation.channel', '=', channel as never).where('conversation.source_id', '=', sourceId).where('conversation.peer', '=', peer)
    .where('survey.status', '=', 'asked').where('survey.asked_at', '>', now - ANSWER_WITHIN_MS)
    .orderBy('survey.asked_at', 'desc').orderBy('conversation.started_at', 'desc').limit(1).executeTakeFirst();
  return row ? { id: row.id, customerId: row.customer_id } : undefined;
}

export type AnswerOutcome = 'answered' | 'duplicate' | 'closed';

/** Takes a survey's answer: the first one stands; later ones are duplicates. */
export async function answerSurvey(db: Kysely<ServerDb>, surveyId: string, score: number, now: number, comment: string | null = null): Promise<AnswerOutcome> {
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const s = await trx.selectFrom('survey').selectAll().where('id', '=', surveyId).forUpdate().executeTakeFirst();
    if (!s) return 'closed';
    if (s.status === 'answered') return 'duplicate';
    if (s.status !== 'asked' || s.customer_id === null) return 'closed';
    // The operator and the reason of what is rated: the entry's, or the case's (its assignee, its category).
    const entry = s.interaction_id
      ? await trx.selectFrom('interaction').select(['user_id', 'reason', 'customer_id']).where('id', '=', s.interaction_id).executeTakeFirst()
      : s.case_id
        ? await trx.selectFrom('case').select(['assignee_id as user_id', 'category as reason', 'customer_id']).where('id', '=', s.case_id).executeTakeFirst()
        : undefined;
    const customerId = await liveCustomer(trx, (entry?.customer_id as string | undefined) ?? s.customer_id);
    if (customerId === null) return 'closed';
    const ratingId = ratingIdFor(surveyId);
    await serverWriter(trx, now, null)('rating', ratingId, customerId, {
      customer_id: customerId, interaction_id: s.interaction_id, score, channel: s.channel as RatingChannel, comment, answered_at: now,
      operator_id: (entry?.user_id as string | null | undefined) ?? null, reason: (entry?.reason as string | null | undefined) ?? null,
    });
    await trx.updateTable('survey').set({ status: 'answered', answered_at: now, score, rating_id: ratingId }).where('id', '=', surveyId).execute();
    return 'answered';
  });
}

async function liveCustomer(trx: Transaction<ServerDb>, id: string): Promise<string | null> {
  const row = await trx.selectFrom('customer').select(['deleted', 'merged_into']).where('id', '=', id).executeTakeFirst();
  if (row?.merged_into) return (await survivorOf(trx, id)) ?? null;
  return row && Number(row.deleted) === 0 ? id : null;
}

export interface IvrAnswer {
  sourceId: string;
  /** The PBX's reference of the call rated (Asterisk: the linkedid), as the desktop logged it. */
  callRef: string;
  score: number;
  /** The caller's number (E.164), to find the customer when the call's entry has not reached the server yet. */
  number: string | null;
  now: number;
}

/** A digit keyed in the IVR after a call: the survey of that call, asked by the PBX and answered at once. */
export async function answerIvr(db: Kysely<ServerDb>, a: IvrAnswer): Promise<AnswerOutcome | 'unknown' | 'opted_out'> {
  const entry = await db.selectFrom('interaction').select(['id', 'customer_id']).where('call_ref', '=', a.callRef).where('channel', '=', 'call')
    .where('deleted', '=', 0).orderBy('occurred_at', 'desc').limit(1).executeTakeFirst();
  const customerId = (entry?.customer_id as string | undefined) ?? (a.number ? await customerByContact(db, { phone: a.number, email: null }) : null);
  if (customerId === null) return 'unknown';
  if (await optedOut(db, customerId)) return 'opted_out';
  const id = surveyIdFor(`ivr:${a.sourceId}:${a.callRef}`);
  await db.insertInto('survey').values({
    id, channel: 'ivr', customer_id: customerId, interaction_id: (entry?.id as string | undefined) ?? null, conversation_id: null, source_id: a.sourceId,
    call_ref: a.callRef, status: 'asked', asked_at: a.now, answered_at: null, score: null, rating_id: null,
  }).onConflict((oc) => oc.doNothing()).execute();
  return answerSurvey(db, id, a.score, a.now);
}

/** A chat message that answers the chat's waiting survey: a lone digit 1–5, or a stop. */
export function readChatAnswer(text: string): { score: number } | { stop: true } | null {
  const t = text.trim().toLowerCase();
  if (/^[1-5]$/.test(t)) return { score: Number(t) };
  if (/^[1-5]\s*(?:\/\s*5|из\s*5|of\s*5)?[.!]?$/.test(t)) return { score: Number(t[0]) };
  if (['стоп', 'stop', 'отписаться', 'unsubscribe'].includes(t.replace(/[.!]$/, ''))) return { stop: true };
  return null;
}
