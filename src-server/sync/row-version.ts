// Moves a row to the head of the compacted change log. Callers hold the push lock, so sequence
// numbers become visible in order and a pull's cursor never skips a row.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ServerDb } from '../db/schema.js';

export const PUSH_LOCK_KEY = 4242;

export async function takePushLock(trx: Transaction<ServerDb>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK_KEY})`.execute(trx);
}

export async function bumpRowVersion(trx: Kysely<ServerDb>, entity: string, rowId: string, customerId: string | null): Promise<void> {
  await sql`
    INSERT INTO row_version (entity, row_id, seq, customer_id) VALUES (${entity}, ${rowId}, nextval('change_seq'), ${customerId})
    ON CONFLICT (entity, row_id) DO UPDATE SET seq = nextval('change_seq'), customer_id = EXCLUDED.customer_id`.execute(trx);
}

/** Re-announces every row of a customer, so that desktops whose scope it just entered receive them. */
export async function bumpCustomerRows(trx: Kysely<ServerDb>, customerId: string): Promise<void> {
  await sql`UPDATE row_version SET seq = nextval('change_seq') WHERE customer_id = ${customerId}`.execute(trx);
}

export async function headSeq(db: Kysely<ServerDb>): Promise<number> {
  const row = await db.selectFrom('row_version').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
  return Number(row?.head ?? 0);
}
