// Writing an email from the card (issue 20): the letter is logged at once as an outbound email entry,
// with its attachments (uploaded, or taken again from the customer's history), and queued for the
// central server, which sends it through its SMTP relay and records its delivery. Offline it waits
// in the outbox like any write; it is logged once, whatever the relay does.
import { ApiError, type ApiParsedInput } from '../../../../src-shared/index.js';
import { outboundMessageId } from '../../../../src-shared/mail/outbound.js';
import { newId } from '../../../../src-shared/ids.js';
import { decodeBase64, getAttachment, type NewAttachment } from '../../store/attachments.js';
import { requireCustomer } from '../../store/customers.js';
import { requireInteractionOf } from '../../store/interactions.js';
import type { HandlerContext } from '../handler-context.js';
import { emailOrThrow, logInteraction, type LoggedResult } from './log-interactions.js';

function historyAttachment(ctx: HandlerContext, id: string, customerId: string): NewAttachment {
  const owner = ctx.store.db.prepare('SELECT customer_id FROM attachment WHERE id = ? AND deleted = 0').pluck().get(id) as string | undefined;
  if (owner !== customerId) throw new ApiError('not_found', `no attachment ${id} for this customer`);
  const a = getAttachment(ctx.store.db, id);
  return { fileName: a.fileName, mimeType: a.mimeType, content: Buffer.from(a.contentBase64, 'base64') };
}

export function sendEmail(ctx: HandlerContext, input: ApiParsedInput<'emails.send'>): LoggedResult {
  const db = ctx.store.db;
  const customerId = requireCustomer(db, input.customerId).id;
  const to = input.to.map((a) => emailOrThrow(a, 'to'));
  const cc = input.cc.map((a) => emailOrThrow(a, 'cc'));
  let thread: string | null = null;
  let inReplyTo: string | null = null;
  if (input.inReplyTo !== null) {
    const original = requireInteractionOf(db, input.inReplyTo, customerId);
    if (original.channel !== 'email') throw new ApiError('validation', 'a reply answers an email entry');
    inReplyTo = original.email_message_id;
    thread = original.email_thread ?? original.email_message_id;
  }
  const attachments: NewAttachment[] = [
    ...input.attachmentIds.map((id) => historyAttachment(ctx, id, customerId)),
    ...input.uploads.map((f) => ({ fileName: f.fileName, mimeType: f.mimeType, content: decodeBase64(f.contentBase64, f.fileName) })),
  ];
  const id = newId();
  const messageId = outboundMessageId(id);
  return logInteraction(
    ctx,
    { customerId, caseId: input.caseId, direction: 'out', reason: 'other', notes: '' },
    {
      channel: 'email',
      occurred_at: ctx.store.now(),
      email_from: null,
      email_to: JSON.stringify(to),
      email_cc: JSON.stringify(cc),
      email_subject: input.subject,
      email_body: input.body,
      email_message_id: messageId,
      email_thread: thread ?? messageId,
    },
    attachments,
    (w, interaction) => {
      w.insert('outbound_mail', {
        customer_id: interaction.customer_id, interaction_id: interaction.id, in_reply_to: inReplyTo, status: 'queued', attempts: 0, last_error: null, sent_at: null,
      });
    },
    id,
  );
}
