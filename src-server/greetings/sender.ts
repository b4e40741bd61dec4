// The greetings the central server sends (issue 20): each day of the centre, every active email or
// SMS rule greets the customers whose occasion falls on it (their birthday, one of their own dates, or
// a holiday of everyone), unless they said stop, at their first email address or their first phone
// number. A text message is an outbound 'sms' entry, sent through the SMS gateway. A greeting is written
// as the letters operators write are: an outbound email entry on the customer's history and a queued
// delivery, which the outbound sender sends (mail/outbound-sender.ts). greeting_sent's primary key
// (rule, customer, year), inserted in the same transaction, makes it once however many server
// processes run this at the same time, and however often.
import { sql, type Kysely } from 'kysely';
import { fallsOn, greetingText, monthDaysOn } from '../../src-shared/greetings/greeting.js';
import { foldLabel as fold } from '../../src-shared/text.js';
import { newId } from '../../src-shared/ids.js';
import { outboundMessageId } from '../../src-shared/mail/outbound.js';
import type { ServerDb } from '../db/schema.js';
import { centreDay } from '../supervisor/centre-time.js';
import { takePushLock } from '../sync/change-log.js';
import { BLANK_INTERACTION, serverWriter } from '../sync/server-write.js';

interface Candidate {
  customer_id: string;
  name: string;
  /** The first email address (an email rule) or phone number (an SMS rule). */
  address: string;
  /** The labels of the customer's own dates falling today (occasion 'customer_date'). */
  labels: string[] | null;
}

interface Rule {
  id: string;
  occasion: string;
  month_day: string | null;
  date_label: string | null;
  channel: 'email' | 'sms';
  subject: string;
  text: string;
}


async function candidates(db: Kysely<ServerDb>, rule: Rule, day: string): Promise<Candidate[]> {
  const days = monthDaysOn(day);
  const occasion =
    rule.occasion === 'birthday' ? sql`c.birthday IS NOT NULL AND substr(c.birthday, 6, 5) IN (${sql.join(days)})`
      : rule.occasion === 'customer_date'
        ? sql`EXISTS (SELECT 1 FROM customer_date d WHERE d.customer_id = c.id AND d.deleted = 0 AND d.month_day IN (${sql.join(days)}))`
        : rule.month_day !== null && fallsOn(rule.month_day, day) ? sql`true` : sql`false`;
  const rows = await sql<Candidate>`
    SELECT c.id AS customer_id, c.name, e.normalized AS address,
      (SELECT array_agg(d.label) FROM customer_date d WHERE d.customer_id = c.id AND d.deleted = 0 AND d.month_day IN (${sql.join(days)})) AS labels
    FROM customer c
    JOIN LATERAL (SELECT p.normalized FROM contact_point p WHERE p.customer_id = c.id AND p.kind = ${rule.channel === 'sms' ? 'phone' : 'email'} AND p.deleted = 0
                  ORDER BY p.created_at, p.id LIMIT 1) e ON true
    WHERE c.deleted = 0 AND c.merged_into IS NULL AND ${occasion}
      AND NOT EXISTS (SELECT 1 FROM greeting_opt_out o WHERE o.customer_id = c.id AND o.deleted = 0)
      AND NOT EXISTS (SELECT 1 FROM greeting_sent s WHERE s.rule_id = ${rule.id} AND s.customer_id = c.id AND s.year = ${Number(day.slice(0, 4))})
    ORDER BY c.id`.execute(db);
  if (rule.occasion !== 'customer_date' || rule.date_label === null) return rows.rows;
  const wanted = fold(rule.date_label);
  return rows.rows.filter((r) => (r.labels ?? []).some((l) => fold(l) === wanted));
}

/** Greets everyone due today (the centre's day); returns how many greetings were written. */
export async function greetToday(db: Kysely<ServerDb>, now: number, timeZone: string): Promise<number> {
  const day = await centreDay(db, timeZone, now);
  const year = Number(day.slice(0, 4));
  const rules = (await db.selectFrom('greeting_rule').select(['id', 'occasion', 'month_day', 'date_label', 'channel', 'subject', 'text'])
    .where('active', '=', 1).where('deleted', '=', 0).where('channel', 'in', ['email', 'sms']).orderBy('id').execute()) as unknown as Rule[];
  let written = 0;
  for (const rule of rules) {
    for (const c of await candidates(db, rule, day)) {
      const wrote = await db.transaction().execute(async (trx) => {
        await takePushLock(trx);
        const claimed = await trx.insertInto('greeting_sent').values({ rule_id: rule.id, customer_id: c.customer_id, year, at: now, interaction_id: null })
          .onConflict((oc) => oc.doNothing()).returning('rule_id').executeTakeFirst();
        if (!claimed) return false;
        const write = serverWriter(trx, now, null);
        const interactionId = newId();
        const messageId = outboundMessageId(interactionId);
        const entry = rule.channel === 'sms'
          ? { channel: 'sms', number: c.address, notes: greetingText(rule.text, c.name) }
          : { channel: 'email', notes: '', email_to: [c.address], email_subject: rule.subject, email_body: greetingText(rule.text, c.name), email_message_id: messageId, email_thread: messageId };
        await write('interaction', interactionId, c.customer_id, {
          ...BLANK_INTERACTION, customer_id: c.customer_id, direction: 'out', occurred_at: now, user_id: null, reason: 'other', ...entry,
        });
        await write('outbound_mail', newId(), c.customer_id, {
          customer_id: c.customer_id, interaction_id: interactionId, in_reply_to: null, status: 'queued', attempts: 0, last_error: null, sent_at: null,
        });
        await trx.updateTable('greeting_sent').set({ interaction_id: interactionId }).where('rule_id', '=', rule.id).where('customer_id', '=', c.customer_id).where('year', '=', year).execute();
        return true;
      });
      if (wrote) written++;
    }
  }
  return written;
}
