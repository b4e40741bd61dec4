// Short-lived access tokens (signed JWT, 15 minutes) and long-lived refresh tokens (random, stored
// only as a hash, rotated on every use so that a stolen one is detected when both are used).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';

export const ACCESS_TOKEN_TTL_S = 15 * 60;
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface TokenKeys {
  secret: Uint8Array;
}

/**
 * An access token carries the millisecond it was issued at (`ims`): revoking a user's sessions makes
 * every token issued before that moment invalid at once, without waiting for it to expire.
 */
export async function issueAccessToken(keys: TokenKeys, userId: string, now = Date.now()): Promise<string> {
  return new SignJWT({ ims: now })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(keys.secret);
}

/** The user and issue time of a valid access token, or null (forged, expired or malformed). */
export async function verifyAccessToken(keys: TokenKeys, token: string): Promise<{ userId: string; issuedAtMs: number } | null> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, { algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string') return null;
    const issuedAtMs = typeof payload.ims === 'number' ? payload.ims : (payload.iat ?? 0) * 1000;
    return { userId: payload.sub, issuedAtMs };
  } catch {
    return null;
  }
}

/** Every refresh token of the user goes (sign-out everywhere, a disabled account). */
export async function revokeRefreshTokens(db: Kysely<ServerDb>, userId: string): Promise<void> {
  await db.deleteFrom('refresh_token').where('user_id', '=', userId).execute();
}

/** A desktop signing out: its refresh token and the chain it came from go. */
export async function revokeRefreshToken(db: Kysely<ServerDb>, token: string): Promise<void> {
  await db.deleteFrom('refresh_token').where('token_hash', '=', hashToken(token)).execute();
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function issueRefreshToken(db: Kysely<ServerDb>, userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('refresh_token').values({ token_hash: hashToken(token), user_id: userId, expires_at: now + REFRESH_TOKEN_TTL_MS, replaced_by: null, replaced_at: null }).execute();
  return token;
}

/**
 * A used refresh token presented again within this long after its exchange is a retry whose answer
 * was lost (a dropped connection), not a stolen copy: it gets the same new token again.
 */
export const REFRESH_RETRY_GRACE_MS = 30_000;

/**
 * The token that replaces `token`: derived from it with the signing key, so a retry of the same
 * exchange can be answered with the same token without the server ever storing one in the clear.
 */
function successorOf(keys: TokenKeys, token: string): string {
  return createHmac('sha256', keys.secret).update('refresh-successor:').update(token).digest('base64url');
}

/**
 * Exchanges a refresh token for its successor; returns the user id, or null if it is unknown,
 * expired, or used and not a retry. A used token coming back after the grace, or after its successor
 * was itself used, means someone holds a copy: the user's whole chain is revoked.
 */
export async function rotateRefreshToken(db: Kysely<ServerDb>, keys: TokenKeys, token: string, now: number): Promise<{ userId: string; token: string } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('refresh_token').selectAll().where('token_hash', '=', hashToken(token)).forUpdate().executeTakeFirst();
    if (!row || row.expires_at < now) return null;
    const next = successorOf(keys, token);
    if (row.replaced_by !== null) {
      const successor = await trx.selectFrom('refresh_token').select(['replaced_by']).where('token_hash', '=', row.replaced_by).executeTakeFirst();
      const retry = row.replaced_at !== null && now - row.replaced_at <= REFRESH_RETRY_GRACE_MS
        && row.replaced_by === hashToken(next) && successor !== undefined && successor.replaced_by === null;
      if (retry) return { userId: row.user_id, token: next };
      await trx.deleteFrom('refresh_token').where('user_id', '=', row.user_id).execute();
      return null;
    }
    await trx.insertInto('refresh_token').values({ token_hash: hashToken(next), user_id: row.user_id, expires_at: now + REFRESH_TOKEN_TTL_MS, replaced_by: null, replaced_at: null }).execute();
    await trx.updateTable('refresh_token').set({ replaced_by: hashToken(next), replaced_at: now }).where('token_hash', '=', row.token_hash).execute();
    return { userId: row.user_id, token: next };
  });
}
