// Users and teams. Users are also synced rows (app_user) so that desktops can show names of
// managers and assignees; the password hash and username never leave the server.
import type { Kysely } from 'kysely';
import { encodeHlc, newId } from '../src-shared/index.js';
import type { AuthUser, CreateUserRequest } from '../src-shared/sync/protocol.js';
import { hashPassword } from './auth/passwords.js';
import { passwordProblem } from './auth/password-policy.js';
import { revokeRefreshTokens } from './auth/tokens.js';
import type { ServerDb } from './db/schema.js';
import { BASE_STAMP } from '../src-shared/sync/field-stamps.js';
import { supervisorScope } from './supervisor/scope.js';
import { bumpRowVersion, takePushLock } from './sync/change-log.js';

import type { UserRow } from './db/schema.js';

export type { UserRow };

export function toAuthUser(u: Pick<UserRow, 'id' | 'username' | 'name' | 'role' | 'team_id' | 'scope' | 'extension'>): AuthUser {
  return { id: u.id, username: u.username, name: u.name, role: u.role, teamId: u.team_id, scope: u.scope, extension: u.extension };
}

export class UsernameTakenError extends Error {}
export class WeakPasswordError extends Error {}
export class UnknownTeamError extends Error {}

export async function createUser(db: Kysely<ServerDb>, input: CreateUserRequest, now = Date.now()): Promise<AuthUser> {
  const weak = passwordProblem(input.password, input.username);
  if (weak) throw new WeakPasswordError(`password: ${weak}`);
  const id = newId();
  const passwordHash = await hashPassword(input.password);
  const hlc = encodeHlc({ ms: now, counter: 0, node: 'server' });
  // Every field written at once: the compact form is the one stamp (src-shared/sync/field-stamps.ts).
  const fieldHlc = { [BASE_STAMP]: hlc };
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const taken = await trx.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new UsernameTakenError(`username ${input.username} is taken`);
    if (input.teamId !== null && !(await trx.selectFrom('team').select('id').where('id', '=', input.teamId).executeTakeFirst())) {
      throw new UnknownTeamError('teamId: no such team');
    }
    const row = {
      id,
      username: input.username,
      password_hash: passwordHash,
      name: input.name,
      extension: input.extension,
      role: input.role,
      team_id: input.teamId,
      scope: input.scope,
      disabled: 0,
      created_at: now,
      updated_at: now,
      hlc,
      deleted: 0,
      field_hlc: JSON.stringify(fieldHlc),
    };
    await trx.insertInto('app_user').values(row).execute();
    const supervised = [...new Set(input.supervisedTeamIds ?? [])];
    if (supervised.length > 0) {
      if (input.role === 'operator') throw new UnknownTeamError('only a supervisor or admin oversees teams');
      const known = await trx.selectFrom('team').select('id').where('id', 'in', supervised).execute();
      if (known.length !== supervised.length) throw new UnknownTeamError('supervisedTeamIds: no such team');
      await trx.insertInto('supervisor_team').values(supervised.map((team_id) => ({ user_id: id, team_id }))).execute();
    }
    await bumpRowVersion(trx, 'app_user', id, null);
    return toAuthUser(row);
  });
}

export async function createTeam(db: Kysely<ServerDb>, name: string, now = Date.now()): Promise<{ id: string; name: string }> {
  const id = newId();
  await db.insertInto('team').values({ id, name, created_at: now }).execute();
  return { id, name };
}

export async function findUser(db: Kysely<ServerDb>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).where('disabled', '=', 0).where('deleted', '=', 0).executeTakeFirst();
}

/** The enabled account of a username (the login's lookup; its password hash included). */
export async function findUserByUsername(db: Kysely<ServerDb>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).where('disabled', '=', 0).executeTakeFirst();
}

/** The accounts a viewer may list, by name: an admin every account, a supervisor their teams' members. */
export async function listUsers(db: Kysely<ServerDb>, viewer: UserRow): Promise<AuthUser[]> {
  let query = db.selectFrom('app_user').selectAll().where('deleted', '=', 0).orderBy('name');
  if (viewer.role !== 'admin') {
    const scope = await supervisorScope(db, viewer);
    query = query.where('id', 'in', scope.memberIds.length > 0 ? scope.memberIds : ['']);
  }
  return (await query.execute()).map(toAuthUser);
}

export async function teamExists(db: Kysely<ServerDb>, teamId: string): Promise<boolean> {
  return (await db.selectFrom('team').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined;
}

/**
 * Disables or enables an account. Disabling also revokes its sessions: its access tokens are refused
 * from now on, its refresh tokens are gone, and its desktop is signed out at its next request.
 */
export async function setUserDisabled(db: Kysely<ServerDb>, userId: string, disabled: boolean, now: number): Promise<boolean> {
  const changed = await db.updateTable('app_user').set({ disabled: disabled ? 1 : 0, ...(disabled ? { sessions_valid_after: now } : {}) })
    .where('id', '=', userId).where('deleted', '=', 0).executeTakeFirst();
  if (disabled) await revokeRefreshTokens(db, userId);
  return Number(changed.numUpdatedRows) > 0;
}

/** Signs the account out everywhere: tokens issued before `now` are refused, refresh tokens gone. */
export async function revokeSessions(db: Kysely<ServerDb>, userId: string, now: number): Promise<boolean> {
  const changed = await db.updateTable('app_user').set({ sessions_valid_after: now }).where('id', '=', userId).where('deleted', '=', 0).executeTakeFirst();
  await revokeRefreshTokens(db, userId);
  return Number(changed.numUpdatedRows) > 0;
}
