// Sign-in: password login, refresh-token rotation, and who the token belongs to.
import type { FastifyInstance } from 'fastify';
import { LoginRequest, RefreshRequest, type TokenResponse } from '../../src-shared/sync/protocol.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { HashingOverloaded, verifyPassword } from '../auth/passwords.js';
import { ACCESS_TOKEN_TTL_S, issueAccessToken, revokeRefreshToken, rotateRefreshToken } from '../auth/tokens.js';
import { findUser, findUserByUsername, toAuthUser } from '../users.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

/** Verified against when the username is unknown, so timing does not reveal which usernames exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function registerAuthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, keys, now } = ctx;
  const throttle = new LoginThrottle();

  app.post('/auth/login', async (request, reply) => {
    const input = parseOr400(LoginRequest, request.body);
    const address = request.ip;
    const wait = throttle.waitMs(input.username, address, now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('retry-after', String(seconds));
      throw new HttpError('rate_limited', `too many failed sign-ins; try again in ${seconds} s`, { retryAfterS: seconds });
    }
    const user = await findUserByUsername(db, input.username);
    let ok: boolean;
    try {
      ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
    } catch (error) {
      if (error instanceof HashingOverloaded) throw new HttpError('unavailable', error.message);
      throw error;
    }
    if (!user || !ok) {
      throttle.failed(input.username, address, now());
      throw new HttpError('unauthorized', 'wrong username or password');
    }
    throttle.succeeded(input.username);
    return ctx.tokensFor(user);
  });

  // Signing out on a desktop: its refresh token stops working here too, not only on that desktop.
  app.post('/auth/logout', async (request) => {
    const input = parseOr400(RefreshRequest, request.body);
    await revokeRefreshToken(db, input.refreshToken);
    return { ok: true };
  });

  app.post('/auth/refresh', async (request) => {
    const input = parseOr400(RefreshRequest, request.body);
    const rotated = await rotateRefreshToken(db, keys, input.refreshToken, now());
    if (!rotated) throw new HttpError('unauthorized', 'refresh token is invalid, expired or already used');
    const user = await findUser(db, rotated.userId);
    if (!user) throw new HttpError('unauthorized', 'the user no longer exists or is disabled');
    return { accessToken: await issueAccessToken(keys, user.id, now()), refreshToken: rotated.token, expiresInS: ACCESS_TOKEN_TTL_S, user: toAuthUser(user) } satisfies TokenResponse;
  });

  app.get('/auth/me', async (request) => toAuthUser(await ctx.authenticate(request)));
}
