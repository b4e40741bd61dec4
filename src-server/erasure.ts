// The right to erasure: a customer and everything about them leave the server, and an erasure entry
// in the change log tells every desktop, in every scope, to remove them too. What stays is the audit
// record of the erasure (ids and counts, no personal data). Physical copies PostgreSQL keeps (dead
// tuples until VACUUM, WAL, backups) are the operator's to expire: docs/security.md.
import { sql, type Kysely } from 'kysely';
import { CUSTOMER_CHILD_ENTITIES, ERASURE_ENTITY } from '../src-shared/sync/entities.js';
import { recordAudit } from './audit.js';
import type { ServerDb } from './db/schema.js';
import { DomainError } from './domain-error.js';
import { takePushLock } from './sync/change-log.js';


const CHILD_TABLES = CUSTOMER_CHILD_ENTITIES;

export interface ErasureOutcome {
  customerId: string;
  rows: number;
}

export async function eraseCustomer(db: Kysely<ServerDb>, actorId: string, customerId: string, now: number): Promise<ErasureOutcome> {
  return db.transaction().execute(async (trx) => {
    // The change-log lock: the erasure's entry and the removal of the rows' entries are one step for pulls.
    await takePushLock(trx);
    const customer = await trx.selectFrom('customer').select(['id', 'name']).where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!customer) throw new DomainError('not_found', `no customer ${customerId}`);
    const ids: string[] = [customerId];
    for (const table of CHILD_TABLES) {
      const rows = await trx.selectFrom(table as 'contact_point').select('id').where('customer_id', '=', customerId).execute();
      ids.push(...rows.map((r) => r.id));
    }
    await trx.deleteFrom('review_comment').where('interaction_id', 'in', ids).execute();
    for (const table of [...CHILD_TABLES].reverse()) await trx.deleteFrom(table as 'contact_point').where('customer_id', '=', customerId).execute();
    await trx.deleteFrom('customer').where('id', '=', customerId).execute();
    // Copies of its values elsewhere: the losing sides of merges, refused changes, reassignments.
    await trx.deleteFrom('sync_conflict').where((eb) => eb.or([eb('customer_id', '=', customerId), eb('row_id', 'in', ids)])).execute();
    await trx.deleteFrom('sync_rejection').where('row_id', 'in', ids).execute();
    await trx.deleteFrom('reassignment').where('row_id', 'in', ids).execute();
    // The board shows a caller's name while on a call.
    await trx.updateTable('operator_presence').set({ caller_name: null }).where('caller_name', '=', String(customer.name ?? '')).execute();
    await trx.deleteFrom('row_version').where('row_id', 'in', ids).execute();
    await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) VALUES (${ERASURE_ENTITY}, ${customerId}, nextval('change_seq'), NULL)
              ON CONFLICT (entity, row_id) DO UPDATE SET seq = nextval('change_seq')`.execute(trx);
    await recordAudit(trx, { kind: 'erase', actorId, customerId, detail: { rows: ids.length } }, now);
    return { customerId, rows: ids.length };
  });
}
