// Users (app_user). The central server owns them; a desktop that has never signed in creates one
// local operator identity on first open, replaced by the account at the first sign-in.
import { userInfo } from 'node:os';
import { newId, type UserRef } from '../../../src-shared/index.js';
import type { AppUserRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import type { HlcClock } from './clock.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';

/** The operator this desktop acts as: the signed-in account, or the local identity before any sign-in. */
export function currentUserIdOf(db: DbHandle): string | undefined {
  return readMeta(db.sqlite, MetaKey.currentUser);
}

export function toUserRef(row: Pick<AppUserRow, 'id' | 'name' | 'extension' | 'role'>): UserRef {
  return { id: row.id, name: row.name, extension: row.extension, role: row.role };
}

/**
 * The colleagues a task can be given to. Once this desktop has a server, only the server's accounts:
 * the local identity made before the first sign-in (stamped by this desktop's own clock node, never
 * by the server) stays in the store for what was logged under it, but is nobody to hand work to, and
 * the server refuses a task assigned to it.
 */
export function listUsers(db: DbHandle): UserRef[] {
  let query = db.kysely.selectFrom('app_user').select(['id', 'name', 'extension', 'role']).where('deleted', '=', 0).orderBy('name');
  const node = readMeta(db.sqlite, MetaKey.nodeId);
  if (readMeta(db.sqlite, MetaKey.syncServerUrl) && node) query = query.where('hlc', 'not like', `%:${node}`);
  return db.all(query).map(toUserRef);
}

// Raw SQL: checked on every write that names a user (a follow-up's assignee).
const USER_SQL = 'SELECT id, name, extension, role FROM app_user WHERE id = ? AND deleted = 0';

export function getUser(db: DbHandle, id: string): UserRef | null {
  const row = db.prepare(USER_SQL).get(id) as Pick<AppUserRow, 'id' | 'name' | 'extension' | 'role'> | undefined;
  return row ? toUserRef(row) : null;
}

/** The endpoint name of a user's phone on the Asterisk PBX, when an admin set one apart from the extension. */
export function userEndpoint(db: DbHandle, id: string): string | null {
  const row = db.prepare('SELECT endpoint FROM app_user WHERE id = ? AND deleted = 0').get(id) as { endpoint: string | null } | undefined;
  return row?.endpoint ?? null;
}

function localUserName(): string {
  try {
    return userInfo().username || 'Оператор';
  } catch {
    return 'Оператор';
  }
}

/**
 * Returns the current user's id, creating the local identity on first open. Users are server-owned rows
 * (a desktop's push of them is refused), so this one gets no outbox entry; signing in replaces it
 * with the server's account (adoptServerUser).
 */
export function ensureCurrentUser(db: DbHandle, clock: HlcClock, now: number): string {
  return db.sqlite.transaction(() => {
    const existing = currentUserIdOf(db);
    if (existing && getUser(db, existing)) return existing;
    const id = newId();
    db.prepare(
      `INSERT INTO app_user (id, name, extension, role, team_id, created_at, updated_at, hlc, deleted) VALUES (?, ?, NULL, 'operator', NULL, ?, ?, ?, 0)`,
    ).run(id, localUserName(), now, now, clock.now());
    clock.persist();
    writeMeta(db.sqlite, MetaKey.currentUser, id);
    return id;
  }).immediate();
}

/**
 * Makes the signed-in server account the current user. Its app_user row is written with empty field
 * stamps, so the server's own copy (arriving with the next pull) replaces it field by field.
 */
export function adoptServerUser(db: DbHandle, user: Pick<AppUserRow, 'id' | 'name' | 'extension' | 'role'>, now: number): void {
  db.sqlite.transaction(() => {
    db.prepare(
      `INSERT INTO app_user (id, name, extension, role, team_id, created_at, updated_at, hlc, deleted, field_hlc)
       VALUES (?, ?, ?, ?, NULL, ?, ?, '', 0, '{"_":""}') ON CONFLICT (id) DO NOTHING`,
    ).run(user.id, user.name, user.extension, user.role, now, now);
    writeMeta(db.sqlite, MetaKey.currentUser, user.id);
  })();
}
