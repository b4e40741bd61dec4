// Messages taken from a mailbox into mail_message, once each by Message-ID. A batch of messages and
// the mailbox's last UID move in one transaction: a crash before the commit takes the batch again at
// the next start, and its Message-IDs make the second taking a no-op (ON CONFLICT DO NOTHING); so do
// a folder recreated under a new UIDVALIDITY, the same message copied into a second mailbox, and a
// second server process reading the same mailbox.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LIMITS } from '../../src-shared/limits.js';
import { isStorableMessageId } from '../../src-shared/mail/ids.js';
import { cleanText } from '../../src-shared/text.js';
import { normaliseEmail } from '../../src-shared/contact-normalise.js';
import type { ServerDb } from '../db/schema.js';

export interface TakenMessage {
  uid: number;
  /** The envelope's Message-ID as the IMAP server gives it (angle brackets and all), if any. */
  envelopeId: string | null;
  /** The message's bytes; null when it is over the size a message may have (LIMITS.emlBytes). */
  raw: Buffer | null;
  size: number;
  receivedAt: number;
  sender: string | null;
  senderName: string | null;
  subject: string | null;
}

/**
 * The id a message is taken once by: its own Message-ID; for a message without a usable one, a
 * digest of its bytes, the same at every taking of the same message.
 */
export function messageKey(envelopeId: string | null, raw: Buffer | null, uid: number, mailboxId: string): string {
  const own = envelopeId?.trim().replace(/^<|>$/g, '') ?? '';
  if (own !== '' && isStorableMessageId(own)) return own;
  const digest = createHash('sha256');
  if (raw) digest.update(raw);
  else digest.update(`${mailboxId}/${uid}`);
  return `${digest.digest('hex')}@kartoteka.invalid`;
}

const short = (value: string | null, max: number) => (value === null ? null : cleanText(value).slice(0, max).toWellFormed() || null);

/**
 * Stores a batch and the mailbox's new last UID (the batch's highest, or `lastUid` when messages of
 * it were expunged before their bytes were fetched); returns how many messages were new.
 */
export async function takeMessages(db: Kysely<ServerDb>, mailboxId: string, uidValidity: string, batch: TakenMessage[], now: number, lastUid?: number): Promise<number> {
  if (batch.length === 0 && lastUid === undefined) return 0;
  return db.transaction().execute(async (trx) => {
    let added = 0;
    for (const m of batch) {
      const sender = m.sender === null ? null : normaliseEmail(m.sender);
      const inserted = await trx.insertInto('mail_message').values({
        message_id: messageKey(m.envelopeId, m.raw, m.uid, mailboxId), mailbox_id: mailboxId, uid: m.uid,
        state: m.raw === null ? 'too_large' : 'new', raw: m.raw, size: m.size,
        sender: sender?.ok ? sender.email : null, sender_name: short(m.senderName, LIMITS.nameChars), subject: short(m.subject, LIMITS.subjectChars),
        received_at: m.receivedAt, thread_id: null, customer_id: null, interaction_id: null, resolved_by: null, resolved_at: null, taken_at: now,
      }).onConflict((oc) => oc.column('message_id').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) added++;
    }
    const last = Math.max(lastUid ?? 0, ...batch.map((m) => m.uid));
    await trx.updateTable('mailbox').set({ last_uid: last, uid_validity: uidValidity, checked_at: now })
      .where('id', '=', mailboxId).where('last_uid', '<', last).execute();
    return added;
  });
}
