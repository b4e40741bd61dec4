// What the sync recorded besides rows: the concurrent values that lost a merge (sync_conflict) and
// the changes it refused (sync_rejection), newest first. Each viewer sees their own part: an admin
// everything, a supervisor what concerns their teams (the same scope as the team issues), an
// operator their own refused changes.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import { memberArray, supervisorScope } from '../supervisor/scope.js';
import type { UserRow } from '../users.js';
import type { OverwrittenEdit } from '../../src-shared/sync/protocol.js';
import { mayAccessCustomer } from './scope.js';

/** Conflicts on customers owned by a member of the viewer's teams, or lost by one. Supervisors and admins. */
export async function listConflicts(db: Kysely<ServerDb>, viewer: UserRow, limit: number): Promise<Selectable<ServerDb['sync_conflict']>[]> {
  const scope = await supervisorScope(db, viewer);
  if (scope.all) return db.selectFrom('sync_conflict').selectAll().orderBy('id', 'desc').limit(limit).execute();
  const m = memberArray(scope);
  const rows = await sql<Selectable<ServerDb['sync_conflict']>>`
    SELECT sc.* FROM sync_conflict sc LEFT JOIN customer c ON c.id = sc.customer_id
    WHERE c.owner_id = ANY(${m}) OR sc.lost_by_user_id = ANY(${m})
    ORDER BY sc.id DESC LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** An operator sees their own refused changes; a supervisor their teams' members'; an admin everyone's. */
export async function listRejections(db: Kysely<ServerDb>, viewer: UserRow, limit: number): Promise<Selectable<ServerDb['sync_rejection']>[]> {
  let query = db.selectFrom('sync_rejection').selectAll().orderBy('id', 'desc').limit(limit);
  if (viewer.role === 'operator') query = query.where('user_id', '=', viewer.id);
  else if (viewer.role === 'supervisor') {
    const scope = await supervisorScope(db, viewer);
    query = query.where('user_id', 'in', scope.memberIds.length > 0 ? scope.memberIds : ['']);
  }
  return query.execute();
}

/**
 * The viewer's own edits that a concurrent write overwrote (issue 16), on customers they may still
 * see: they are shown on the viewer's desktop with a way to apply them again.
 */
export async function listOverwritten(db: Kysely<ServerDb>, viewer: UserRow, after: number, limit: number): Promise<OverwrittenEdit[]> {
  const rows = await db.selectFrom('sync_conflict').selectAll().where('lost_by_user_id', '=', viewer.id).where('id', '>', after)
    .orderBy('id').limit(limit).execute();
  const out: OverwrittenEdit[] = [];
  for (const r of rows) {
    if (r.customer_id !== null && !(await mayAccessCustomer(db, viewer, r.customer_id))) continue;
    out.push({
      id: Number(r.id), entity: r.entity, rowId: r.row_id, field: r.field, myValue: r.lost_value ?? null, keptValue: r.kept_value ?? null,
      customerId: r.customer_id, at: Number(r.at),
    });
  }
  return out;
}

