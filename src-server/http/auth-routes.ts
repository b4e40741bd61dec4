// Sign-in: password login, refresh-token rotation, and who the token belongs to.
import type { FastifyInstance } from 'fastify';
import { LoginRequest, RefreshRequest, type TokenResponse } from '../../src-shared/sync/protocol.js';
import { verifyPassword } from '../auth/passwords.js';
import { ACCESS_TOKEN_TTL_S, issueAccessToken, rotateRefreshToken } from '../auth/tokens.js';
import { findUser, findUserByUsername, toAuthUser } from '../users.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

/** Verified against when the username is unknown, so timing does not reveal which usernames exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function registerAuthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, keys, now } = ctx;

  app.post('/auth/login', async (request) => {
    const input = parseOr400(LoginRequest, request.body);
    const user = await findUserByUsername(db, input.username);
    const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok) throw new HttpError('unauthorized', 'wrong username or password');
    return ctx.tokensFor(user);
  });

  app.post('/auth/refresh', async (request) => {
    const input = parseOr400(RefreshRequest, request.body);
    const rotated = await rotateRefreshToken(db, input.refreshToken, now());
    if (!rotated) throw new HttpError('unauthorized', 'refresh token is invalid, expired or already used');
    const user = await findUser(db, rotated.userId);
    if (!user) throw new HttpError('unauthorized', 'the user no longer exists or is disabled');
    return { accessToken: await issueAccessToken(keys, user.id), refreshToken: rotated.token, expiresInS: ACCESS_TOKEN_TTL_S, user: toAuthUser(user) } satisfies TokenResponse;
  });

  app.get('/auth/me', async (request) => toAuthUser(await ctx.authenticate(request)));
}
