// The site chat widget's side of a conversation (issue 26, docs/channels.md). A visitor starts a chat
// with their first message and a phone or an email to be known by (checked like a website form's:
// the site's key, the honeypot, a form sent faster than a person types), and gets a token that only
// their page holds; with it they send more and read the conversation, operators' answers included.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v5 } from 'uuid';
import type { WidgetMessages, WidgetStart, WidgetStarted } from '../../src-shared/chat/widget-protocol.js';
import { normaliseEmail, normalisePhone } from '../../src-shared/contact-normalise.js';
import { newId } from '../../src-shared/ids.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { FormSiteRow } from '../forms/sites.js';
import { isBot, keyMatches } from '../forms/submit.js';
import { answerConversationSurvey, surveyStateOf } from '../surveys/chat-answers.js';
import { takeInbound, type Taken } from './messages.js';

const NAMESPACE = 'c6b1f3a2-5d7e-4f0a-8b9c-1e2d3f4a5b6c';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');


/** A visitor's first message; a bot's is answered as if taken and goes nowhere. */
export async function startChat(db: Kysely<ServerDb>, site: FormSiteRow, s: WidgetStart, now: number): Promise<WidgetStarted & { taken: Taken | null }> {
  if (!keyMatches(site.site_key, s.key)) throw new DomainError('forbidden', 'this chat is not this site’s');
  const errors: Record<string, string[]> = {};
  let phone: string | null = null;
  let email: string | null = null;
  if (s.phone) {
    const r = normalisePhone(s.phone, 'RU');
    if (r.ok) phone = r.e164;
    else errors.phone = ['not a phone number'];
  }
  if (s.email) {
    const r = normaliseEmail(s.email);
    if (r.ok) email = r.email;
    else errors.email = ['not an email address'];
  }
  if (!s.phone && !s.email) errors.phone = ['a phone or an email to answer on'];
  if (Object.keys(errors).length > 0) throw new DomainError('validation', `the chat cannot start: ${Object.keys(errors).join(', ')}`, errors);
  const token = randomBytes(24).toString('base64url');
  if (isBot(s, now)) return { conversationId: newId(), token, taken: null };
  const visitor = newId();
  const taken = await takeInbound(db, {
    channel: 'chat', sourceId: site.id, peer: visitor, visitorName: s.name ?? '', phone, email, text: s.text, at: now,
    dedupeKey: `chat:${visitor}:first`, conversationId: v5(`chat:${visitor}`, NAMESPACE),
  });
  await db.updateTable('conversation').set({ token_hash: hash(token) }).where('id', '=', taken.conversationId).execute();
  return { conversationId: taken.conversationId, token, taken };
}

async function conversationOf(db: Kysely<ServerDb>, site: FormSiteRow, token: string) {
  const c = await db.selectFrom('conversation').select(['id', 'peer', 'status', 'visitor_name']).where('token_hash', '=', hash(token))
    .where('channel', '=', 'chat').where('source_id', '=', site.id).executeTakeFirst();
  if (!c) throw new DomainError('unauthorized', 'no such chat');
  return c;
}

/** A visitor's next message (its id, when given, makes a resend the same message). */
export async function visitorSays(db: Kysely<ServerDb>, site: FormSiteRow, token: string, text: string, id: string | undefined, now: number): Promise<Taken> {
  const c = await conversationOf(db, site, token);
  if (c.status !== 'open') throw new DomainError('conflict', 'the chat is closed; start a new one');
  const messageId = id ?? newId();
  return takeInbound(db, { channel: 'chat', sourceId: site.id, peer: c.peer, visitorName: c.visitor_name, text, at: now, dedupeKey: `chat:${c.peer}:${messageId}`, messageId });
}

/** The visitor's rating of their closed conversation, from the widget's buttons: the first one stands. */
export async function visitorRates(db: Kysely<ServerDb>, site: FormSiteRow, token: string, score: number, now: number): Promise<'answered' | 'duplicate' | 'none'> {
  const c = await conversationOf(db, site, token);
  if (c.status === 'open') throw new DomainError('conflict', 'the conversation is not closed yet');
  return answerConversationSurvey(db, c.id, score, now);
}

/** The conversation as the visitor sees it: every message, operators' by their first names. */
export async function visitorReads(db: Kysely<ServerDb>, site: FormSiteRow, token: string): Promise<WidgetMessages> {
  const c = await conversationOf(db, site, token);
  const rows = await db.selectFrom('conversation_message as m').leftJoin('app_user as a', 'a.id', 'm.author_id')
    .select(['m.id', 'm.direction', 'm.text', 'm.at', 'a.name']).where('m.conversation_id', '=', c.id).orderBy('m.at').orderBy('m.id').limit(1_000).execute();
  return {
    closed: c.status !== 'open',
    survey: c.status === 'open' ? null : await surveyStateOf(db, c.id),
    messages: rows.map((r) => ({ id: r.id, direction: r.direction, text: r.text, at: Number(r.at), authorName: r.name ? r.name.split(' ')[0]! : null })),
  };
}
