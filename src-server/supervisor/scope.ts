// Which teams and people a supervisor's views cover: their own team, every team listed for them in
// supervisor_team, and (for an admin) everyone. Items of the queue and the review are scoped by the
// people: an item belongs to the teams of its assignee / author.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { UserRow } from '../db/schema.js';

export interface SupervisorScope {
  /** An admin: every team and every user. */
  all: boolean;
  teamIds: string[];
  /** Users of those teams (deleted ones excluded; disabled ones included, for their history). */
  memberIds: string[];
}

export async function supervisedTeamIds(db: Kysely<ServerDb>, user: Pick<UserRow, 'id' | 'team_id'>): Promise<string[]> {
  const listed = await db.selectFrom('supervisor_team').select('team_id').where('user_id', '=', user.id).execute();
  const ids = new Set(listed.map((r) => r.team_id));
  if (user.team_id !== null) ids.add(user.team_id);
  return [...ids].sort();
}

/** The scope of the signed-in user; refuses operators. `teamId` narrows it to one of the teams. */
export async function supervisorScope(db: Kysely<ServerDb>, user: UserRow, teamId?: string): Promise<SupervisorScope> {
  if (user.role !== 'supervisor' && user.role !== 'admin') throw new DomainError('forbidden', 'requires role supervisor or admin');
  const all = user.role === 'admin';
  let teamIds = all ? (await db.selectFrom('team').select('id').orderBy('id').execute()).map((t) => t.id) : await supervisedTeamIds(db, user);
  if (teamId !== undefined) {
    if (!teamIds.includes(teamId)) throw new DomainError('forbidden', 'this team is not one of yours');
    teamIds = [teamId];
  }
  const narrowed = all && teamId === undefined;
  let members = db.selectFrom('app_user').select('id').where('deleted', '=', 0);
  if (!narrowed) members = members.where('team_id', 'in', teamIds.length > 0 ? teamIds : ['']);
  const memberIds = (await members.orderBy('id').execute()).map((u) => u.id);
  return { all: narrowed, teamIds, memberIds };
}

/** A PostgreSQL text[] of the scope's members, for `col = ANY(...)` (one index probe per member). */
export function memberArray(scope: SupervisorScope): RawBuilder<string[]> {
  return sql<string[]>`${scope.memberIds}::text[]`;
}

/** Whether a user id is someone the scope covers. */
export function covers(scope: SupervisorScope, userId: string | null): boolean {
  return scope.all || (userId !== null && scope.memberIds.includes(userId));
}

export function requireSupervisor(user: UserRow): void {
  if (user.role !== 'supervisor' && user.role !== 'admin') throw new DomainError('forbidden', 'requires role supervisor or admin');
}
