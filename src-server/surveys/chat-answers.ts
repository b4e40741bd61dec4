// A customer's answer to a survey asked in their chat (issue 26): after a conversation closes, the bot
// asks for a digit from 1 to 5. The customer's next message, while no conversation is open in that
// chat and within a day, is read as the answer when it is one (a lone digit, or "стоп"/"stop" to be
// asked no more); anything else opens a new conversation as usual.
import type { Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import { answerSurvey, optOut, pendingInChat, readChatAnswer } from './surveys.js';

export type ChatAnswer = 'answered' | 'duplicate' | 'stopped' | null;

export async function takeChatAnswer(db: Kysely<ServerDb>, channel: 'chat' | 'telegram' | 'vk', sourceId: string, peer: string, text: string, now: number): Promise<ChatAnswer> {
  const read = readChatAnswer(text);
  if (read === null) return null;
  const open = await db.selectFrom('conversation').select('id').where('channel', '=', channel).where('source_id', '=', sourceId).where('peer', '=', peer)
    .where('status', '=', 'open').executeTakeFirst();
  if (open) return null;
  const survey = await pendingInChat(db, channel, sourceId, peer, now);
  if (!survey) return null;
  if ('stop' in read) {
    if (survey.customerId) await optOut(db, survey.customerId, channel, now);
    return 'stopped';
  }
  const outcome = await answerSurvey(db, survey.id, read.score, now);
  return outcome === 'closed' ? null : outcome;
}

/** The survey of one conversation (the widget's own), answered by its buttons. */
export async function answerConversationSurvey(db: Kysely<ServerDb>, conversationId: string, score: number, now: number): Promise<'answered' | 'duplicate' | 'none'> {
  const survey = await db.selectFrom('survey').select(['id', 'status']).where('conversation_id', '=', conversationId).orderBy('asked_at', 'desc').limit(1).executeTakeFirst();
  if (!survey || survey.status === 'opted_out') return 'none';
  const outcome = await answerSurvey(db, survey.id, score, now);
  return outcome === 'closed' ? 'none' : outcome;
}

export async function surveyStateOf(db: Kysely<ServerDb>, conversationId: string): Promise<'asked' | 'answered' | null> {
  const s = await db.selectFrom('survey').select('status').where('conversation_id', '=', conversationId).orderBy('asked_at', 'desc').limit(1).executeTakeFirst();
  return s?.status === 'asked' || s?.status === 'answered' ? s.status : null;
}
