// Merging two customers (issue 16): the duplicate a missed call created, or two cards of one person.
// One transaction under the push lock: the survivor takes the chosen fields, every row of the other
// customer (contacts, entries, attachments, cases, tasks) moves to it, and the other becomes a
// tombstone naming its survivor. Each write goes through the desktops' merge path (mergeAndWrite),
// stamped by the server's clock above the rows' stamps, so every desktop pulls the result like any
// change; an entry a desktop logs to the old customer offline is moved on arrival (push.ts).
import type { Kysely, Transaction } from 'kysely';
import { CUSTOMER_CHILD_ENTITIES, SYNC_ENTITIES, type SyncEntityDef } from '../../src-shared/sync/entities.js';
import type { CustomerMergeRequest, CustomerMergeResponse, MergeField } from '../../src-shared/sync/customer-merge.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { recordAudit } from '../audit.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite, stampAboveRow } from '../sync/merge-write.js';
import { mayAccessCustomer } from '../sync/scope.js';
import type { UserRow } from '../users.js';

type Row = Record<string, unknown>;

const CUSTOMER: SyncEntityDef = SYNC_ENTITIES.customer;
/** The columns each choice carries: the owner and their lock go together. */
const COLUMNS: Record<MergeField, readonly string[]> = {
  kind: ['kind'], name: ['name'], organisation: ['organisation'], birthday: ['birthday'], segment: ['segment'], owner: ['owner_id', 'owner_locked'],
};

export interface MergeOutcome {
  response: CustomerMergeResponse;
  /** False when a retried request was answered from the first one's record. */
  changed: boolean;
}

export async function mergeCustomers(db: Kysely<ServerDb>, user: UserRow, input: CustomerMergeRequest, nowMs: number): Promise<MergeOutcome> {
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const earlier = await trx.selectFrom('customer_merge').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (earlier) return { response: earlier.detail.response as CustomerMergeResponse, changed: false };

    const from = await liveCustomer(trx, input.fromId, 'fromId');
    const into = await liveCustomer(trx, input.intoId, 'intoId');
    for (const id of [input.fromId, input.intoId]) {
      if (!(await mayAccessCustomer(trx, user, id))) throw new DomainError('forbidden', 'a customer to merge is outside your scope');
    }
    const sides = chosenSides(input, from, into);
    if (user.role === 'operator') checkOwnerLocks(user, from, into, sides.owner === 'from' ? from : into);

    const survivorPatch: Row = { updated_at: nowMs };
    for (const field of Object.keys(COLUMNS) as MergeField[]) {
      if (sides[field] !== 'from') continue;
      for (const column of COLUMNS[field]) survivorPatch[column] = from[column] ?? null;
    }
    await serverWrite(trx, CUSTOMER, 'customer', into, survivorPatch, input.intoId, user, nowMs);

    const moved: Record<string, number> = {};
    for (const entity of CUSTOMER_CHILD_ENTITIES) {
      const def: SyncEntityDef = SYNC_ENTITIES[entity];
      const rows = (await trx.selectFrom(def.table as 'task').selectAll().where('customer_id', '=', input.fromId).forUpdate().execute()) as Row[];
      for (const row of rows) await serverWrite(trx, def, entity, row, { customer_id: input.intoId }, input.intoId, user, nowMs);
      if (rows.length > 0) moved[entity] = rows.length;
    }
    await serverWrite(trx, CUSTOMER, 'customer', from, { deleted: 1, merged_into: input.intoId, updated_at: nowMs }, input.fromId, user, nowMs);

    const response: CustomerMergeResponse = { id: input.id, fromId: input.fromId, survivorId: input.intoId, moved, byUserId: user.id, at: nowMs };
    await trx.insertInto('customer_merge').values({
      id: input.id, from_id: input.fromId, into_id: input.intoId, by_user_id: user.id, at: nowMs,
      detail: JSON.stringify({ fields: sides, response }),
    }).execute();
    await recordAudit(trx, { kind: 'merge', actorId: user.id, customerId: input.intoId, detail: { fromId: input.fromId, intoId: input.intoId, fields: sides, moved } }, nowMs);
    return { response, changed: true };
  });
}

async function liveCustomer(trx: Transaction<ServerDb>, id: string, field: 'fromId' | 'intoId'): Promise<Row> {
  const row = (await trx.selectFrom('customer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as Row | undefined;
  if (!row) throw new DomainError('not_found', `${field}: no such customer`, { [field]: ['no such customer'] });
  if (row.merged_into) throw new DomainError('conflict', `${field}: this customer was merged into ${String(row.merged_into)} already`, { reason: 'merged', mergedInto: row.merged_into });
  if (Number(row.deleted) === 1) throw new DomainError('not_found', `${field}: this customer was deleted`, { [field]: ['deleted'] });
  return row;
}

/** Each field's side: as asked, else the survivor's value unless it has none and the other has one. */
function chosenSides(input: CustomerMergeRequest, from: Row, into: Row): Record<MergeField, 'from' | 'into'> {
  const sides = {} as Record<MergeField, 'from' | 'into'>;
  for (const field of Object.keys(COLUMNS) as MergeField[]) {
    const asked = input.fields[field];
    const lead = COLUMNS[field][0] as string;
    sides[field] = asked ?? (into[lead] == null && from[lead] != null ? 'from' : 'into');
  }
  return sides;
}

/**
 * The owner lock survives a merge by an operator: a customer locked to a manager keeps that manager,
 * so an operator may merge only when every lock involved names the owner the survivor ends with.
 * Two customers locked to two managers need a supervisor, who decides (and is audited).
 */
function checkOwnerLocks(user: UserRow, from: Row, into: Row, ownerSide: Row): void {
  const result = (ownerSide.owner_id as string | null) ?? null;
  for (const side of [from, into]) {
    const locked = Number(side.owner_locked) === 1 ? ((side.owner_id as string | null) ?? null) : null;
    if (locked !== null && locked !== result) {
      throw new DomainError('conflict', `the customer is locked to another manager (${locked}); a supervisor can merge them`, { reason: 'owner_locked', ownerId: locked, userId: user.id });
    }
  }
}

/** A server decision on one row, stamped above every stamp the row holds. */
async function serverWrite(
  trx: Transaction<ServerDb>, def: SyncEntityDef, entity: string, existing: Row, payload: Row, customerId: string, user: UserRow, nowMs: number,
): Promise<void> {
  const hlc = stampAboveRow(def, existing, nowMs);
  await mergeAndWrite(trx, { entity, def, rowId: String(existing.id), existing, payload, hlc, customerId, writerId: user.id, now: nowMs });
}
