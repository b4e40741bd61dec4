// Reassignment: a supervisor moves cases and tasks to another member (assignee_id) or hands a
// customer to another manager (owner_id, which also lifts the owner lock). All items in one
// transaction under the push lock; each change is a server write through the same merge path as a
// desktop's push (mergeAndWrite), stamped by the server's clock above the row's stamps, so desktops
// pull it like any change, and an operator's offline edit of the same row merges per field: their
// other fields stay, the assignee they set loses and is kept in sync_conflict.
import type { Kysely, Transaction } from 'kysely';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import { parseFieldHlc } from '../sync/row-codec.js';
import { expandStamps, stampedFields } from '../../src-shared/sync/field-stamps.js';
import type { ReassignKind, ReassignRequest, ReassignResponse, ReassignResult } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { recordAudit } from '../audit.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { takePushLock } from '../sync/change-log.js';
import { serverStamp } from '../sync/server-clock.js';
import type { UserRow } from '../users.js';
import { covers, type SupervisorScope } from './scope.js';

const FIELD: Record<ReassignKind, 'assignee_id' | 'owner_id'> = { case: 'assignee_id', task: 'assignee_id', customer: 'owner_id' };

export interface ReassignOutcome {
  response: ReassignResponse;
  /** Whether any row changed (desktops and supervisors are then poked). */
  changed: boolean;
  /** Teams of the people involved, for the supervisors' live updates. */
  teamIds: string[];
}

export async function reassign(db: Kysely<ServerDb>, scope: SupervisorScope, by: UserRow, input: ReassignRequest, nowMs: number): Promise<ReassignOutcome> {
  const target = await db.selectFrom('app_user').select(['id', 'team_id', 'role']).where('id', '=', input.toUserId)
    .where('deleted', '=', 0).where('disabled', '=', 0).executeTakeFirst();
  if (!target) throw new DomainError('validation', 'toUserId: no such active user', { toUserId: ['no such active user'] });
  if (!covers(scope, target.id)) throw new DomainError('forbidden', 'toUserId: the new assignee is not a member of your teams');

  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const results: ReassignResult[] = [];
    const involved = new Set<string>();
    const done = new Set<string>();
    for (const item of input.items) {
      const key = `${item.kind}:${item.id}`;
      if (done.has(key)) continue;
      done.add(key);
      const result = await reassignOne(trx, scope, by, item, target.id, input.reason, nowMs);
      if (result.previousUserId) involved.add(result.previousUserId);
      results.push(result);
    }
    const changed = results.some((r) => r.status === 'reassigned');
    involved.add(target.id);
    const teams = await trx.selectFrom('app_user').select('team_id').where('id', 'in', [...involved]).execute();
    const teamIds = [...new Set(teams.map((t) => t.team_id).filter((t): t is string => t !== null))];
    return { response: { results }, changed, teamIds };
  });
}

async function reassignOne(
  trx: Transaction<ServerDb>, scope: SupervisorScope, by: UserRow, item: ReassignRequest['items'][number], toUserId: string, reason: string, nowMs: number,
): Promise<ReassignResult> {
  const def = SYNC_ENTITIES[item.kind];
  const table = def.table as 'customer';
  const field = FIELD[item.kind];
  const existing = (await trx.selectFrom(table).selectAll().where('id', '=', item.id).where('deleted', '=', 0).forUpdate().executeTakeFirst()) as
    | Record<string, unknown> | undefined;
  if (!existing) return { kind: item.kind, id: item.id, status: 'not_found', previousUserId: null };
  const previous = (existing[field] as string | null) ?? null;
  const customerId = item.kind === 'customer' ? item.id : ((existing.customer_id as string | null) ?? null);
  const owner = item.kind === 'customer' ? previous : await ownerOf(trx, customerId);
  const inScope = scope.all || covers(scope, previous) || (previous === null && (owner === null || covers(scope, owner)));
  if (!inScope) return { kind: item.kind, id: item.id, status: 'out_of_scope', previousUserId: previous };
  if (previous === toUserId) return { kind: item.kind, id: item.id, status: 'unchanged', previousUserId: previous };

  const payload: Record<string, unknown> = item.kind === 'customer' ? { owner_id: toUserId, owner_locked: 0, updated_at: nowMs } : { assignee_id: toUserId, updated_at: nowMs };
  const fieldHlc = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc));
  const hlc = serverStamp(nowMs, Object.values(fieldHlc));
  // What the supervisor saw: with it, an operator's change of the same field the supervisor did not
  // see is a concurrent write and its value is kept as a conflict; without it, the current state.
  const base = item.seen === undefined ? undefined : { ...fieldHlc, [field]: item.seen };
  await mergeAndWrite(trx, { entity: item.kind, def, rowId: item.id, existing, payload, hlc, base, customerId, writerId: by.id, now: nowMs });
  await trx.insertInto('reassignment').values({
    kind: item.kind, row_id: item.id, from_user_id: previous, to_user_id: toUserId, by_user_id: by.id, reason, at: nowMs,
  }).execute();
  await recordAudit(trx, { kind: 'reassign', actorId: by.id, customerId, detail: { item: item.kind, rowId: item.id, from: previous, to: toUserId } }, nowMs);
  return { kind: item.kind, id: item.id, status: 'reassigned', previousUserId: previous };
}

async function ownerOf(trx: Transaction<ServerDb>, customerId: string | null): Promise<string | null> {
  if (customerId === null) return null;
  const row = await trx.selectFrom('customer').select('owner_id').where('id', '=', customerId).executeTakeFirst();
  return (row?.owner_id as string | null | undefined) ?? null;
}
