// The server's current version of one row: a desktop whose change was refused fetches it to replace
// its local value, since its own stamp would otherwise keep winning locally.
import type { Kysely } from 'kysely';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import type { RowAnswer } from '../../src-shared/sync/protocol.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { dbToWire, parseFieldHlc } from './row-codec.js';
import { mayAccessCustomer } from './scope.js';

/**
 * Nothing of a row whose customer is outside the viewer's scope, only that it is: the desktop asking
 * holds a stale copy from when it could see it, and drops it. (A 403 here once stopped a scoped
 * desktop's push loop for good: the refusal it was restoring could never be restored.)
 */
export async function readServerRow(db: Kysely<ServerDb>, viewer: UserRow, entity: SyncEntityName, id: string): Promise<RowAnswer> {
  const def = SYNC_ENTITIES[entity];
  const row = (await db.selectFrom(def.table as 'customer').selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!row) return { row: null, fieldHlc: {} };
  const customerId = def.customerColumn === null ? null : (row[def.customerColumn] as string | null);
  if (customerId !== null && !(await mayAccessCustomer(db, viewer, customerId))) return { row: null, fieldHlc: {}, outOfScope: true };
  return { row: dbToWire(def, row), fieldHlc: parseFieldHlc(row.field_hlc) };
}
