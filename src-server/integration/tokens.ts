// The admin's tokens for other systems (issue 26, docs/api.md). A token belongs to one system (its
// external ids are that system's) and carries scopes; it is shown once, and only its SHA-256 is kept,
// so a copy of the database gives nobody a working token. Revoked, it stops at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiScope, ApiTokenView, CreateApiTokenRequest } from '../../src-shared/integration/protocol.js';
import { newId } from '../../src-shared/ids.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';

const PREFIX = 'kt_';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

type Row = { id: string; name: string; system: string; scopes: string[]; created_at: number; last_used_at: number | null; revoked_at: number | null };
const view = (r: Row): ApiTokenView => ({
  id: r.id, name: r.name, system: r.system, scopes: r.scopes as ApiScope[], createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export async function createApiToken(db: Kysely<ServerDb>, input: CreateApiTokenRequest, createdBy: string, now: number): Promise<ApiTokenView & { token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.insertInto('api_token').values({
    id: newId(), name: input.name, system: input.system, token_hash: hash(token), scopes: JSON.stringify([...new Set(input.scopes)]), created_by: createdBy, created_at: now,
    last_used_at: null, revoked_at: null,
  }).returningAll().executeTakeFirstOrThrow();
  return { ...view(row), token };
}

export async function listApiTokens(db: Kysely<ServerDb>): Promise<ApiTokenView[]> {
  return (await db.selectFrom('api_token').selectAll().orderBy('created_at').execute()).map(view);
}

export async function revokeApiToken(db: Kysely<ServerDb>, id: string, now: number): Promise<void> {
  const r = await db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found', 'no such live token');
}

export interface ApiCaller {
  tokenId: string;
  system: string;
}

/** The caller of an API request: its token must be live and carry `scope`. */
export async function apiCaller(db: Kysely<ServerDb>, authorization: string | undefined, scope: ApiScope, now: number): Promise<ApiCaller> {
  const token = /^Bearer (kt_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!token) throw new DomainError('unauthorized', 'an API token is required: Authorization: Bearer kt_…');
  const row = await db.selectFrom('api_token').select(['id', 'system', 'scopes', 'revoked_at', 'last_used_at']).where('token_hash', '=', hash(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null) throw new DomainError('unauthorized', 'the API token is not valid');
  if (!row.scopes.includes(scope)) throw new DomainError('forbidden', `the token lacks the scope ${scope}`);
  // Written at most once a minute: a busy import does not rewrite the token's row per request.
  if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { tokenId: row.id, system: row.system };
}
