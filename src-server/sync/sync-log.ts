// What the sync recorded besides rows: the concurrent values that lost a merge (sync_conflict) and
// the changes it refused (sync_rejection), newest first.
import type { Kysely, Selectable } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';

export async function listConflicts(db: Kysely<ServerDb>, limit: number): Promise<Selectable<ServerDb['sync_conflict']>[]> {
  return db.selectFrom('sync_conflict').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** An operator sees their own refused changes; supervisors and admins everyone's. */
export async function listRejections(db: Kysely<ServerDb>, viewer: Pick<UserRow, 'id' | 'role'>, limit: number): Promise<Selectable<ServerDb['sync_rejection']>[]> {
  let query = db.selectFrom('sync_rejection').selectAll().orderBy('id', 'desc').limit(limit);
  if (viewer.role === 'operator') query = query.where('user_id', '=', viewer.id);
  return query.execute();
}
