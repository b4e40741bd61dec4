// Finding a customer by what someone reached us with: a phone or an email address, normalised. One
// lookup for every channel that files on its own (website forms, the site chat, messengers), so a
// visitor is the same customer whichever way they come. The oldest live customer wins a tie.
import type { Kysely, Transaction } from 'kysely';
import type { ServerDb } from '../db/schema.js';

export interface ContactKeys {
  /** E.164. */
  phone: string | null;
  /** Lower-cased. */
  email: string | null;
}

export async function customerByContact(db: Kysely<ServerDb> | Transaction<ServerDb>, contact: ContactKeys): Promise<string | null> {
  for (const [kind, value] of [['phone', contact.phone], ['email', contact.email]] as const) {
    if (value === null) continue;
    const row = await db.selectFrom('contact_point').innerJoin('customer', 'customer.id', 'contact_point.customer_id')
      .select('customer.id').where('contact_point.kind', '=', kind).where('contact_point.normalized', '=', value)
      .where('contact_point.deleted', '=', 0).where('customer.deleted', '=', 0).orderBy('customer.created_at').limit(1).executeTakeFirst();
    if (row) return row.id as string;
  }
  return null;
}
