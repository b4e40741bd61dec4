// The compacted change log (row_version) and the locks that keep its sequence numbers safe to read.
//
// The invariant readers rely on (pull.ts, live-feed.ts): every writer of row_version holds the
// change-log lock (PUSH_LOCK_KEY) from the moment it draws a seq until it commits. So seqs become
// visible in the order they were drawn, and a snapshot's head is "everything up to here is known":
// a transaction not yet visible in it can only commit seqs above it.
//
// A desktop's push holds that lock as briefly as it can (push.ts): its row writes, checks and row
// locks run first, in parallel with other pushes, and their change-log entries are only collected
// (deferChangeLog); the push then takes the lock, draws all its seqs in one statement and commits.
// Other writers (a supervisor's reassignment, a new user) take the lock at their start with
// takePushLock, which first waits for the pushes in flight (WRITERS_LOCK_KEY: shared by pushes,
// exclusive here). Without that a reassignment holding the change-log lock could wait for a row
// that a push has locked while the push waits for the change-log lock: a deadlock.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ServerDb } from '../db/schema.js';

/** The change-log lock: held while seqs are drawn and until commit. */
export const PUSH_LOCK_KEY = 4242;
/** Held shared by every push for its whole transaction, exclusively by the other writers. */
export const WRITERS_LOCK_KEY = 4243;

/**
 * For writers other than a push: waits until no push is in flight and keeps new ones out, then
 * holds the change-log lock, both until commit. Row locks are taken after it, so such a writer can
 * never hold the change-log lock while waiting for a push.
 */
export async function takePushLock(trx: Transaction<ServerDb>): Promise<void> {
  // Two statements, in this order: the writers' lock first, always (the reverse order against a
  // push that holds it shared and waits for the change-log lock would deadlock).
  await sql`SELECT pg_advisory_xact_lock(${WRITERS_LOCK_KEY})`.execute(trx);
  await sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK_KEY})`.execute(trx);
}

/** A push's first statement: it runs beside other pushes but never beside takePushLock's writers. */
export async function joinPushWriters(trx: Transaction<ServerDb>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(${WRITERS_LOCK_KEY})`.execute(trx);
}

/** Change-log entries a push collects while it writes rows, drawn at its end (flushChangeLog). */
interface PendingChanges {
  /** Rows to move to the head, `entity\u0000rowId` → customer id; insertion order is draw order. */
  rows: Map<string, { entity: string; rowId: string; customerId: string | null }>;
  /** Customers whose every row is re-announced (a new owner), after the rows above. */
  customers: Set<string>;
}

const deferred = new WeakMap<object, PendingChanges>();

/**
 * From now on bumpRowVersion and bumpCustomerRows on this transaction only record their entries;
 * flushChangeLog writes them. For the push, whose row writes go through merge-write.ts.
 */
export function deferChangeLog(trx: Transaction<ServerDb>): void {
  deferred.set(trx, { rows: new Map(), customers: new Set() });
}

/**
 * Takes the change-log lock and draws the collected entries' seqs, in one statement (one more only
 * if a customer changed owner). Must be the transaction's last work: the lock is held until the
 * commit that follows, so the fewer round trips between taking it and committing, the shorter every
 * other push waits. Returns the change log's head as this transaction commits it, or null when
 * nothing was collected (then the lock is not taken at all).
 */
export async function flushChangeLog(trx: Transaction<ServerDb>): Promise<number | null> {
  const pending = deferred.get(trx);
  deferred.delete(trx);
  if (!pending || (pending.rows.size === 0 && pending.customers.size === 0)) return null;
  let head = 0;
  if (pending.rows.size > 0) {
    const entries = [...pending.rows.values()];
    // The lock is the CTE every drawn row is joined to, so no nextval runs before it is granted
    // (a row needs both sides of the join, and the sort below needs every row before the first
    // seq is drawn). Each row appears once (ON CONFLICT DO UPDATE may not touch a row twice), in
    // the order the rows were written.
    const row = (
      await sql<{ head: number | null }>`
        WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${PUSH_LOCK_KEY}) AS granted),
        moved AS (
          INSERT INTO row_version (entity, row_id, seq, customer_id)
          SELECT e.entity, e.row_id, nextval('change_seq'), e.customer_id
          FROM lock, unnest(${entries.map((e) => e.entity)}::text[], ${entries.map((e) => e.rowId)}::text[], ${entries.map((e) => e.customerId)}::text[])
            WITH ORDINALITY AS e(entity, row_id, customer_id, n)
          ORDER BY e.n
          ON CONFLICT (entity, row_id) DO UPDATE SET seq = nextval('change_seq'), customer_id = EXCLUDED.customer_id
          RETURNING seq)
        SELECT max(seq) AS head FROM moved`.execute(trx)
    ).rows[0];
    head = Number(row?.head ?? 0);
  } else {
    await sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK_KEY})`.execute(trx);
  }
  if (pending.customers.size > 0) {
    await sql`UPDATE row_version SET seq = nextval('change_seq') WHERE customer_id = ANY(${[...pending.customers]}::text[])`.execute(trx);
    // Under the lock no other writer draws seqs, so the head is the newest entry.
    head = await headSeq(trx);
  }
  return head;
}

export async function bumpRowVersion(trx: Kysely<ServerDb>, entity: string, rowId: string, customerId: string | null): Promise<void> {
  const pending = deferred.get(trx);
  if (pending) {
    const key = `${entity}\u0000${rowId}`;
    // Written again later in the batch: it moves to its latest place in the draw order.
    pending.rows.delete(key);
    pending.rows.set(key, { entity, rowId, customerId });
    return;
  }
  await sql`
    INSERT INTO row_version (entity, row_id, seq, customer_id) VALUES (${entity}, ${rowId}, nextval('change_seq'), ${customerId})
    ON CONFLICT (entity, row_id) DO UPDATE SET seq = nextval('change_seq'), customer_id = EXCLUDED.customer_id`.execute(trx);
}

/** Re-announces every row of a customer, so that desktops whose scope it just entered receive them. */
export async function bumpCustomerRows(trx: Kysely<ServerDb>, customerId: string): Promise<void> {
  const pending = deferred.get(trx);
  if (pending) {
    pending.customers.add(customerId);
    return;
  }
  await sql`UPDATE row_version SET seq = nextval('change_seq') WHERE customer_id = ${customerId}`.execute(trx);
}

export async function headSeq(db: Kysely<ServerDb>): Promise<number> {
  const row = await db.selectFrom('row_version').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
  return Number(row?.head ?? 0);
}
