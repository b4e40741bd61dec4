// Operator state for the supervisors' board: each desktop reports its own, the latest report wins.
import type { Kysely } from 'kysely';
import type { PresenceEntry, PresenceReport } from '../src-shared/sync/protocol.js';
import type { ServerDb } from './db/schema.js';
import type { UserRow } from './users.js';

export async function recordPresence(db: Kysely<ServerDb>, userId: string, report: PresenceReport, now: number): Promise<void> {
  const row = { user_id: userId, state: report.state, since: report.since, caller_name: report.callerName, reported_at: now };
  await db.insertInto('operator_presence').values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ state: row.state, since: row.since, caller_name: row.caller_name, reported_at: row.reported_at }))
    .execute();
}

/** What `viewer` may see: a supervisor their own team; an admin (or a supervisor without a team) everyone. */
export async function listPresence(db: Kysely<ServerDb>, viewer: Pick<UserRow, 'role' | 'team_id'>): Promise<PresenceEntry[]> {
  let query = db.selectFrom('operator_presence as p').innerJoin('app_user as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.state', 'p.since', 'p.caller_name', 'p.reported_at', 'u.name', 'u.team_id']);
  if (viewer.role === 'supervisor' && viewer.team_id !== null) query = query.where('u.team_id', '=', viewer.team_id);
  const rows = await query.orderBy('u.name').execute();
  return rows.map((r): PresenceEntry => ({
    userId: r.user_id, name: r.name, teamId: r.team_id, state: r.state as PresenceEntry['state'], since: r.since, callerName: r.caller_name, reportedAt: r.reported_at,
  }));
}
