// A website form's submission (issue 26, docs/channels.md), once its fields passed the schema:
// checked for what the schema cannot say (a phone or an email to answer on, the site's key), told
// apart from a bot's (the honeypot, a form sent seconds after the page showed it), then filed as a
// server write: an inbound 'web' entry on the customer the phone or email belongs to (or a new one)
// and the team's task to call back or answer. A resend with the same submissionId is the same
// submission: its rows are derived from that id and written once.
import type { Kysely } from 'kysely';
import { v5 } from 'uuid';
import { formatPhone, normaliseEmail, normalisePhone } from '../../src-shared/contact-normalise.js';
import { FORM_TEXT } from '../../src-shared/forms/text.js';
import type { FormSubmission } from '../../src-shared/forms/protocol.js';
import { newId } from '../../src-shared/ids.js';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import { customerByContact, type ContactKeys } from '../customers/by-contact.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { safeEqual } from '../pbx/signature.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { serverStamp } from '../sync/server-clock.js';
import type { FormSiteRow } from './sites.js';

const NAMESPACE = '5d0b3c36-92e1-4f49-a0f7-6c1b8f6a7e21';
/** A person takes longer than this to fill a form in. */
const FASTEST_HUMAN_MS = 3_000;
/** Submissions one site may send in an hour, from every address together. */
export const SITE_HOURLY_LIMIT = 500;

export type SubmitOutcome =
  | { outcome: 'filed' | 'duplicate'; submissionId: string; customerId: string; interactionId: string }
  | { outcome: 'spam'; submissionId: string };

type Contact = ContactKeys;

/** What the visitor left to be answered on; refusals name the field. */
function contactOf(s: FormSubmission): Contact {
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
  if (Object.keys(errors).length > 0) throw new DomainError('validation', `the form cannot be taken: ${Object.keys(errors).join(', ')}`, errors);
  return { phone, email };
}

/** A site without a key takes anything; one with a key, only that key (compared in constant time). */
export function keyMatches(expected: string | null, given: string | undefined): boolean {
  return expected === null || safeEqual(given ?? '', expected);
}

export function isBot(s: Pick<FormSubmission, 'website' | 'startedAt'>, now: number): boolean {
  if (s.website !== undefined && s.website.trim() !== '') return true;
  return s.startedAt !== undefined && s.startedAt <= now && now - s.startedAt < FASTEST_HUMAN_MS;
}

export async function submitForm(db: Kysely<ServerDb>, site: FormSiteRow, s: FormSubmission, address: string, now: number): Promise<SubmitOutcome> {
  if (!keyMatches(site.site_key, s.key)) throw new DomainError('forbidden', 'this form is not this site’s');
  const contact = contactOf(s);
  const submissionId = s.submissionId ?? newId();
  const id = (what: string) => v5(`form:${site.id}/${submissionId}/${what}`, NAMESPACE);
  if (isBot(s, now)) {
    // Answered as if taken, so the bot learns nothing; kept only as a count for the admin.
    await db.insertInto('form_submission').values({ id: id('submission'), site_id: site.id, address, at: now, outcome: 'spam', customer_id: null, interaction_id: null })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    return { outcome: 'spam', submissionId };
  }
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const earlier = await trx.selectFrom('form_submission').select(['customer_id', 'interaction_id', 'outcome']).where('id', '=', id('submission')).executeTakeFirst();
    if (earlier?.customer_id && earlier.interaction_id) return { outcome: 'duplicate', submissionId, customerId: earlier.customer_id, interactionId: earlier.interaction_id };
    const write = (entity: SyncEntityName, rowId: string, customerId: string, payload: Record<string, unknown>) => mergeAndWrite(trx, {
      entity, def: SYNC_ENTITIES[entity], rowId, existing: undefined, payload: { ...payload, created_at: now, updated_at: now }, hlc: serverStamp(now), customerId, writerId: null, now,
    });
    const text = FORM_TEXT[site.locale];
    const shown = contact.phone ? formatPhone(contact.phone) : contact.email!;
    let customerId = await customerByContact(trx, contact);
    if (customerId === null) {
      customerId = id('customer');
      await write('customer', customerId, customerId, {
        kind: 'person', name: s.name || text.visitor(shown), organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0, account_no: null,
      });
      if (contact.phone) await write('contact_point', id('phone'), customerId, { customer_id: customerId, kind: 'phone', raw: s.phone, normalized: contact.phone, label: null });
      if (contact.email) await write('contact_point', id('email'), customerId, { customer_id: customerId, kind: 'email', raw: s.email, normalized: contact.email, label: null });
    }
    const interactionId = id('interaction');
    const notes = [text.heading(site.name), s.name ? s.name : null, s.topic ? `${text.topic}: ${s.topic}` : null, s.message || null, s.page ? `${text.page}: ${s.page}` : null]
      .filter((l): l is string => l !== null).join('\n');
    await write('interaction', interactionId, customerId, {
      customer_id: customerId, case_id: null, channel: 'web', direction: 'in', occurred_at: now, duration_s: null, user_id: null, reason: 'other', outcome: null,
      mood: null, notes, promise: null, number: contact.phone, email_from: contact.email, email_to: [], email_cc: [], email_subject: s.topic || null, email_body: null,
      fax_pages: null, corrects_id: null, call_ref: null, recording: null, line: null, wait_s: null, email_message_id: null, email_thread: null, ivr_path: null, ivr_digits: null,
    });
    const who = s.name ? `${s.name}, ${shown}` : shown;
    await write('task', id('task'), customerId, {
      customer_id: customerId, case_id: null, interaction_id: interactionId, kind: contact.phone ? 'callback' : 'other',
      title: (contact.phone ? text.callTitle(site.name, who) : text.answerTitle(site.name, who)).slice(0, 1_000), due_at: now + Number(site.answer_within_min) * 60_000,
      assignee_id: null, status: 'open', done_at: null, created_by: null, priority: 'normal', cancel_reason: null,
    });
    await trx.insertInto('form_submission').values({ id: id('submission'), site_id: site.id, address, at: now, outcome: 'filed', customer_id: customerId, interaction_id: interactionId })
      .onConflict((oc) => oc.column('id').doUpdateSet({ outcome: 'filed', customer_id: customerId, interaction_id: interactionId })).execute();
    return { outcome: 'filed', submissionId, customerId, interactionId };
  });
}
