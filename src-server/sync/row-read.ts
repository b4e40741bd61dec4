// The server's current version of one row: a desktop whose change was refused fetches it to replace
// its local value, since its own stamp would otherwise keep winning locally.
import type { Kysely } from 'kysely';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import { DomainError } from '../domain-error.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { dbToWire, parseFieldHlc } from './row-codec.js';
import { mayAccessCustomer } from './scope.js';

export interface ServerRow {
  /** null: the server has no such row. */
  row: Record<string, unknown> | null;
  fieldHlc: Record<string, string>;
}

/** Refused (forbidden) when the row's customer is outside the viewer's scope. */
export async function readServerRow(db: Kysely<ServerDb>, viewer: UserRow, entity: SyncEntityName, id: string): Promise<ServerRow> {
  const def = SYNC_ENTITIES[entity];
  const row = (await db.selectFrom(def.table as 'customer').selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!row) return { row: null, fieldHlc: {} };
  const customerId = def.customerColumn === null ? null : (row[def.customerColumn] as string | null);
  if (customerId !== null && !(await mayAccessCustomer(db, viewer, customerId))) throw new DomainError('forbidden', 'this customer is outside your scope');
  return { row: dbToWire(def, row), fieldHlc: parseFieldHlc(row.field_hlc) };
}
