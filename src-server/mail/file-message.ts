// A taken message filed on a customer's timeline, or left for triage (issue 26, docs/channels.md).
// The customer is the sender's (an email contact of a customer), else the thread's (the customer of
// the message it answers, by In-Reply-To and References); a message from neither waits in the team
// inbox. Filing writes, as server writes through the merge path, an inbound email entry with its
// files under ids derived from its Message-ID, and a task for the team to answer it. The message row
// moves to 'filed' in the same transaction, so a message is filed once however often it is tried.
import { customerByContact } from '../customers/by-contact.js';
import type { Kysely, Transaction } from 'kysely';
import { MAIL_TEXT } from '../../src-shared/mail/text.js';
import type { Locale } from '../../src-shared/domain.js';
import { mailAttachmentId, mailInteractionId } from '../../src-shared/mail/ids.js';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import { survivorOf } from '../customers/merged-customers.js';
import type { ServerDb } from '../db/schema.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { serverStamp } from '../sync/server-clock.js';
import { readMessage, type ReadMessage, type ReadResult } from './read-message.js';

const BATCH = 100;
/**
 * Messages filed in one transaction. The push lock is held for all of them, so desktops' pushes wait
 * at most this many messages' writes (about 10 ms each on PostgreSQL; bench/mailbox.ts).
 */
const PER_TRANSACTION = 10;
/** A few large messages (up to 40 MB each) are read and filed a few at a time, not ten at once. */
const PER_TRANSACTION_BYTES = 32 * 1024 * 1024;
/** What the team inbox shows of a waiting message's text. */
const PREVIEW_CHARS = 300;

export interface Thread {
  /** The Message-ID of the thread's first message. */
  id: string;
  customerId: string | null;
  caseId: string | null;
}

/** Files every message taken and not filed yet (a crash between the two is picked up here); returns how many were filed. */
export async function fileTakenMessages(db: Kysely<ServerDb>, now: () => number): Promise<number> {
  let filed = 0;
  for (;;) {
    const pending = await db.selectFrom('mail_message').select(['message_id', 'size']).where('state', '=', 'new').orderBy('taken_at').orderBy('uid').limit(BATCH).execute();
    for (const ids of chunks(pending)) {
      let outcomes: FileOutcome[];
      try {
        outcomes = await fileMessages(db, ids, now());
      } catch {
        // One message the database will not take must not hold up the rest: each alone, and one
        // that fails alone is set aside as refused (kept raw, for an admin to look at).
        outcomes = [];
        for (const id of ids) {
          outcomes.push(await fileMessage(db, id, now()).catch(async () => {
            await db.updateTable('mail_message').set({ state: 'refused', resolved_at: now() }).where('message_id', '=', id).where('state', '=', 'new').execute();
            return 'refused' as const;
          }));
        }
      }
      filed += outcomes.filter((o) => o === 'filed').length;
    }
    if (pending.length < BATCH) return filed;
  }
}

/** Messages per transaction: at most PER_TRANSACTION, and at most PER_TRANSACTION_BYTES of them read at once. */
function chunks(pending: { message_id: string; size: number }[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const p of pending) {
    if (current.length > 0 && (current.length >= PER_TRANSACTION || bytes + Number(p.size) > PER_TRANSACTION_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p.message_id);
    bytes += Number(p.size);
  }
  if (current.length > 0) out.push(current);
  return out;
}

export type FileOutcome = 'filed' | 'triage' | 'spam' | 'refused' | 'gone';

/** Files one taken message, or sends it to triage or spam. */
export async function fileMessage(db: Kysely<ServerDb>, messageId: string, now: number): Promise<FileOutcome> {
  return (await fileMessages(db, [messageId], now))[0] ?? 'gone';
}

/**
 * Files a few taken messages in one transaction (one push lock, one commit): read first, each on
 * the worker thread, then filed in order, so a reply in the batch finds its parent filed before it.
 */
export async function fileMessages(db: Kysely<ServerDb>, messageIds: string[], now: number): Promise<FileOutcome[]> {
  const reads = new Map<string, ReadResult>();
  for (const id of messageIds) {
    const row = await db.selectFrom('mail_message').select(['raw', 'state']).where('message_id', '=', id).executeTakeFirst();
    if (row && row.state === 'new' && row.raw !== null) reads.set(id, await readMessage(row.raw));
  }
  if (reads.size === 0) return messageIds.map(() => 'gone');
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const outcomes: FileOutcome[] = [];
    for (const id of messageIds) {
      const read = reads.get(id);
      outcomes.push(read ? await fileRead(trx, id, read, now) : 'gone');
    }
    return outcomes;
  });
}

async function fileRead(trx: Transaction<ServerDb>, messageId: string, read: ReadResult, now: number): Promise<FileOutcome> {
  const message = await trx.selectFrom('mail_message').innerJoin('mailbox', 'mailbox.id', 'mail_message.mailbox_id')
    .select(['mail_message.state', 'mail_message.sender', 'mail_message.received_at', 'mailbox.locale', 'mailbox.answer_within_min'])
    .where('mail_message.message_id', '=', messageId).forUpdate().executeTakeFirst();
  if (!message || message.state !== 'new') return 'gone';
  if (!read.ok) {
    await trx.updateTable('mail_message').set({ state: 'refused', raw: null, resolved_at: now }).where('message_id', '=', messageId).execute();
    return 'refused';
  }
  const thread = await threadOf(trx, read.message.parents);
  const sender = message.sender;
  if (sender && (await trx.selectFrom('mail_blocked_sender').select('address').where('address', '=', sender).executeTakeFirst())) {
    await trx.updateTable('mail_message').set({ state: 'spam', raw: null, resolved_at: now, thread_id: thread?.id ?? messageId }).where('message_id', '=', messageId).execute();
    return 'spam';
  }
  const customerId = (sender ? await customerBySender(trx, sender) : null) ?? thread?.customerId ?? null;
  if (customerId === null) {
    await trx.updateTable('mail_message').set({
      state: 'triage', thread_id: thread?.id ?? rootOf(read.message, messageId), preview: read.message.body.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS),
    }).where('message_id', '=', messageId).execute();
    return 'triage';
  }
  await writeEntry(trx, { messageId, message: read.message, customerId, thread, receivedAt: Number(message.received_at), locale: message.locale, answerWithinMin: Number(message.answer_within_min), byUserId: null, now });
  return 'filed';
}

/** A thread nobody here has seen starts at its oldest Reference, or at the message itself. */
export function rootOf(message: ReadMessage, messageId: string): string {
  return message.parents[message.parents.length - 1] ?? messageId;
}

/** The first customer (oldest) with this email (customers/by-contact.ts, as forms and chats find them). */
export async function customerBySender(trx: Transaction<ServerDb>, email: string): Promise<string | null> {
  return customerByContact(trx, { phone: null, email });
}

/** The thread of the nearest message this one answers that is known here: taken, imported or sent. */
export async function threadOf(trx: Transaction<ServerDb>, parents: string[]): Promise<Thread | null> {
  if (parents.length === 0) return null;
  const taken = await trx.selectFrom('mail_message').select(['message_id', 'thread_id', 'customer_id']).where('message_id', 'in', parents).execute();
  const entries = await trx.selectFrom('interaction').select(['email_message_id', 'email_thread', 'customer_id', 'case_id'])
    .where('email_message_id', 'in', parents).where('deleted', '=', 0).execute();
  for (const parent of parents) {
    const entry = entries.find((e) => e.email_message_id === parent);
    const mail = taken.find((t) => t.message_id === parent);
    if (!entry && !mail) continue;
    const customer = (entry?.customer_id as string | undefined) ?? mail?.customer_id ?? null;
    return {
      id: (entry?.email_thread as string | null | undefined) ?? mail?.thread_id ?? parent,
      customerId: customer === null ? null : await liveCustomer(trx, customer),
      caseId: await openCase(trx, (entry?.case_id as string | null | undefined) ?? null),
    };
  }
  return null;
}

async function liveCustomer(trx: Transaction<ServerDb>, id: string): Promise<string | null> {
  const row = await trx.selectFrom('customer').select(['deleted', 'merged_into']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (row.merged_into) return survivorOf(trx, id);
  return Number(row.deleted) === 0 ? id : null;
}

/** A reply belongs to its thread's case while that case is still open. */
async function openCase(trx: Transaction<ServerDb>, caseId: string | null): Promise<string | null> {
  if (caseId === null) return null;
  const row = await trx.selectFrom('case').select(['status', 'deleted']).where('id', '=', caseId).executeTakeFirst();
  return row && Number(row.deleted) === 0 && row.status !== 'closed' ? caseId : null;
}

const HOUR_MS = 3_600_000;

/**
 * When the message was written: its Date header while that agrees with its arrival (sent at most a
 * week before and not after it, with an hour for clocks), else its arrival at the mailbox. A sender's
 * clock decides nothing it could abuse (an entry dated in the future, or years back).
 */
export function writtenAt(date: number | null, receivedAt: number): number {
  return date !== null && date >= receivedAt - 7 * 24 * HOUR_MS && date <= receivedAt + HOUR_MS ? date : receivedAt;
}

export interface EntryWrite {
  messageId: string;
  message: ReadMessage;
  customerId: string;
  thread: Thread | null;
  receivedAt: number;
  locale: Locale;
  /** Minutes the team has to answer (the mailbox's answer_within_min): the task's deadline. */
  answerWithinMin: number;
  /** The operator who filed it from triage; null when the server matched it. */
  byUserId: string | null;
  now: number;
}

/** The entry, its files and the team's task to answer it; the message row marked filed. */
export async function writeEntry(trx: Transaction<ServerDb>, w: EntryWrite): Promise<string> {
  const write = async (entity: SyncEntityName, id: string, payload: Record<string, unknown>) => {
    await mergeAndWrite(trx, {
      entity, def: SYNC_ENTITIES[entity], rowId: id, existing: undefined, payload: { ...payload, created_at: w.now, updated_at: w.now },
      hlc: serverStamp(w.now), customerId: w.customerId, writerId: null, now: w.now,
    });
  };
  const interactionId = mailInteractionId(w.messageId);
  const { message } = w;
  const text = MAIL_TEXT[w.locale];
  const threadId = w.thread?.id ?? rootOf(message, w.messageId);
  const occurredAt = writtenAt(message.date, w.receivedAt);
  const exists = await trx.selectFrom('interaction').select('id').where('id', '=', interactionId).executeTakeFirst();
  if (!exists) {
    await write('interaction', interactionId, {
      customer_id: w.customerId, case_id: w.thread?.caseId ?? null, channel: 'email', direction: 'in', occurred_at: occurredAt, duration_s: null,
      user_id: w.byUserId, reason: 'other', outcome: null, mood: null, notes: '', promise: null, number: null,
      email_from: message.from, email_to: message.to, email_cc: message.cc, email_subject: message.subject, email_body: message.body,
      fax_pages: null, corrects_id: null, call_ref: null, recording: null, line: null, wait_s: null, email_message_id: w.messageId, email_thread: threadId,
    });
    for (const [i, f] of message.files.entries()) {
      await write('attachment', mailAttachmentId(w.messageId, i), {
        interaction_id: interactionId, customer_id: w.customerId, file_name: f.fileName, mime_type: f.mimeType, size: f.content.length, sha256: f.sha256,
        content: f.content.toString('base64'),
      });
    }
    await write('task', mailInteractionId(`${w.messageId}#answer`), {
      customer_id: w.customerId, case_id: w.thread?.caseId ?? null, interaction_id: interactionId, kind: 'other',
      title: text.answerTitle(message.subject || text.noSubject, message.from ?? '').slice(0, 1_000), due_at: w.receivedAt + w.answerWithinMin * 60_000,
      assignee_id: null, status: 'open', done_at: null, created_by: w.byUserId, priority: 'normal', cancel_reason: null,
    });
  }
  await trx.updateTable('mail_message').set({
    state: 'filed', raw: null, customer_id: w.customerId, interaction_id: interactionId, thread_id: threadId,
    ...(w.byUserId ? { resolved_by: w.byUserId, resolved_at: w.now } : {}),
  }).where('message_id', '=', w.messageId).execute();
  return interactionId;
}
