// The team inbox: messages from senders no customer has, waiting for an operator to attach them to a
// customer, make a customer of the sender, or mark them spam (issue 26). Two operators deciding the
// same message: the first decision wins, the second is answered `conflict` (the row is locked and
// its state checked in the decision's transaction). A decision about a sender goes for every
// message of theirs still waiting: attached, they are filed on the same customer; spam, all are.
import type { Kysely, Transaction } from 'kysely';
import { normaliseEmail } from '../../src-shared/contact-normalise.js';
import { mailSenderIds } from '../../src-shared/mail/ids.js';
import type { TriageDecision, TriageList, TriageResult } from '../../src-shared/mail/protocol.js';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import { survivorOf } from '../customers/merged-customers.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { serverStamp } from '../sync/server-clock.js';
import type { UserRow } from '../users.js';
import { threadOf, writeEntry } from './file-message.js';
import { readMessage } from './read-message.js';

const MAX_LIST = 500;

export async function listTriage(db: Kysely<ServerDb>, limit = 200): Promise<TriageList> {
  const rows = await db.selectFrom('mail_message').innerJoin('mailbox', 'mailbox.id', 'mail_message.mailbox_id')
    .select(['mail_message.message_id', 'mail_message.mailbox_id', 'mailbox.name', 'mail_message.sender', 'mail_message.sender_name', 'mail_message.subject',
      'mail_message.received_at', 'mail_message.size', 'mail_message.preview'])
    .where('mail_message.state', '=', 'triage').orderBy('mail_message.received_at', 'desc').orderBy('mail_message.message_id').limit(Math.min(limit, MAX_LIST)).execute();
  const total = await db.selectFrom('mail_message').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'triage').executeTakeFirstOrThrow();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      messageId: r.message_id, mailboxId: r.mailbox_id, mailboxName: r.name, sender: r.sender, senderName: r.sender_name, subject: r.subject,
      receivedAt: Number(r.received_at), size: Number(r.size), preview: r.preview ?? '',
    })),
  };
}

/** Carries out one operator's decision about a waiting message. */
export async function decideTriage(db: Kysely<ServerDb>, user: UserRow, messageId: string, decision: TriageDecision, now: number): Promise<TriageResult> {
  const stored = await db.selectFrom('mail_message').select(['raw', 'state']).where('message_id', '=', messageId).executeTakeFirst();
  if (!stored) throw new DomainError('not_found', 'no such message');
  if (stored.state !== 'triage' || stored.raw === null) throw alreadyDecided(stored.state);
  // Read before the transaction: a large message parses for a while, and holds no lock meanwhile.
  const read = decision.action === 'spam' ? null : await readMessage(stored.raw);
  if (read && !read.ok) throw new DomainError('validation', `the message cannot be read: ${read.reason}`);
  if (decision.action === 'attach' && !(await mayAccessCustomer(db, user, decision.customerId))) throw new DomainError('forbidden', 'that customer is outside your scope');

  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const row = await trx.selectFrom('mail_message').innerJoin('mailbox', 'mailbox.id', 'mail_message.mailbox_id')
      .select(['mail_message.state', 'mail_message.sender', 'mail_message.sender_name', 'mail_message.received_at', 'mailbox.locale', 'mailbox.answer_within_min'])
      .where('mail_message.message_id', '=', messageId).forUpdate().executeTakeFirst();
    if (!row || row.state !== 'triage') throw alreadyDecided(row?.state ?? 'gone');
    const sender = row.sender;

    if (decision.action === 'spam') {
      await trx.updateTable('mail_message').set({ state: 'spam', raw: null, resolved_by: user.id, resolved_at: now }).where('message_id', '=', messageId).execute();
      let also = 0;
      if (sender) {
        await trx.insertInto('mail_blocked_sender').values({ address: sender, by_user_id: user.id, at: now }).onConflict((oc) => oc.column('address').doNothing()).execute();
        also = Number((await trx.updateTable('mail_message').set({ state: 'spam', raw: null, resolved_by: user.id, resolved_at: now })
          .where('state', '=', 'triage').where('sender', '=', sender).executeTakeFirst()).numUpdatedRows);
      }
      return { customerId: null, interactionId: null, alsoResolved: also };
    }

    const message = read!.ok ? read!.message : null;
    if (message === null) throw new DomainError('validation', 'the message cannot be read');
    const write = (entity: SyncEntityName, id: string, customerId: string, payload: Record<string, unknown>) => mergeAndWrite(trx, {
      entity, def: SYNC_ENTITIES[entity], rowId: id, existing: undefined, payload: { ...payload, created_at: now, updated_at: now },
      hlc: serverStamp(now), customerId, writerId: user.id, now,
    });
    let customerId: string;
    if (decision.action === 'attach') {
      customerId = await liveCustomerOrThrow(trx, decision.customerId);
      if (sender && decision.remember !== false && !(await hasEmail(trx, customerId, sender))) {
        await write('contact_point', mailSenderIds(`${messageId}#${customerId}`).contactId, customerId, { customer_id: customerId, kind: 'email', raw: sender, normalized: sender, label: null });
      }
    } else {
      const ids = mailSenderIds(messageId);
      customerId = ids.customerId;
      const name = decision.name ?? (message.fromName || row.sender_name || sender || messageId).slice(0, 300);
      await write('customer', customerId, customerId, { kind: decision.kind ?? 'person', name, organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0 });
      if (sender) await write('contact_point', ids.contactId, customerId, { customer_id: customerId, kind: 'email', raw: sender, normalized: sender, label: null });
    }
    const thread = await threadOf(trx, message.parents);
    const interactionId = await writeEntry(trx, {
      messageId, message, customerId, thread, receivedAt: Number(row.received_at), locale: row.locale as 'ru' | 'en', answerWithinMin: Number(row.answer_within_min), byUserId: user.id, now,
    });
    // The sender's other waiting messages are filed on the same customer by the filer (their sender now matches).
    const also = sender && !(decision.action === 'attach' && decision.remember === false)
      ? Number((await trx.updateTable('mail_message').set({ state: 'new' }).where('state', '=', 'triage').where('sender', '=', sender).executeTakeFirst()).numUpdatedRows)
      : 0;
    return { customerId, interactionId, alsoResolved: also };
  });
}

function alreadyDecided(state: string): DomainError {
  return new DomainError('conflict', 'the message has already left the team inbox', { state });
}

async function liveCustomerOrThrow(trx: Transaction<ServerDb>, id: string): Promise<string> {
  const row = await trx.selectFrom('customer').select(['deleted', 'merged_into']).where('id', '=', id).executeTakeFirst();
  if (row?.merged_into) {
    const survivor = await survivorOf(trx, id);
    if (survivor) return survivor;
  }
  if (!row || Number(row.deleted) !== 0) throw new DomainError('not_found', 'no such customer');
  return id;
}

async function hasEmail(trx: Transaction<ServerDb>, customerId: string, email: string): Promise<boolean> {
  const normalised = normaliseEmail(email);
  if (!normalised.ok) return true;
  const row = await trx.selectFrom('contact_point').select('id').where('customer_id', '=', customerId).where('kind', '=', 'email')
    .where('normalized', '=', normalised.email).where('deleted', '=', 0).executeTakeFirst();
  return row !== undefined;
}
