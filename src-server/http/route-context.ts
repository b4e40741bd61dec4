// What every route module is given: the database, the clock, the live channels, and the checks of
// who is asking. Built once per app in app.ts.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { TokenResponse } from '../../src-shared/sync/protocol.js';
import { ACCESS_TOKEN_TTL_S, issueAccessToken, issueRefreshToken, verifyAccessToken, type TokenKeys } from '../auth/tokens.js';
import type { ServerDb } from '../db/schema.js';
import type { CallRouter } from '../pbx/call-router.js';
import type { SupervisorHub } from '../supervisor/live.js';
import type { SupervisorSettings } from '../supervisor/settings.js';
import type { LiveFeed } from '../sync/live-feed.js';
import type { SnapshotStore } from '../sync/snapshots.js';
import { findUser, teamExists, toAuthUser, type UserRow } from '../users.js';
import { HttpError } from './errors.js';

export interface RouteContext {
  db: Kysely<ServerDb>;
  keys: TokenKeys;
  now: () => number;
  /** The schema version desktops must have migrated to (their local migration count). */
  minSchemaVersion: number;
  supervisorSettings: SupervisorSettings;
  snapshots: SnapshotStore;
  /** Supervisors' sockets: told when a board, queue, figures or review changed. */
  hub: SupervisorHub;
  /** Desktops' sockets by user: cloud PBX call events for the users they concern. */
  calls: CallRouter;
  /** Desktops' sockets: new changes for those caught up, pokes for the others. */
  feed: LiveFeed;
  /** The caller's account from the bearer token of the Authorization header (never from the URL). */
  authenticate(request: FastifyRequest): Promise<UserRow>;
  requireRole(user: UserRow, ...roles: UserRow['role'][]): void;
  /**
   * Who a pull or a snapshot upload is for: the caller, or (admins only, for a team's snapshot
   * builder) a team-scoped operator of `asTeam`, so the builder's store holds exactly that scope.
   */
  viewAs(user: UserRow, asTeam: string | undefined): Promise<UserRow>;
  tokensFor(user: UserRow): Promise<TokenResponse>;
}

export function routeContext(base: Omit<RouteContext, 'authenticate' | 'requireRole' | 'viewAs' | 'tokensFor'>): RouteContext {
  const { db, keys, now } = base;
  const requireRole = (user: UserRow, ...roles: UserRow['role'][]): void => {
    if (!roles.includes(user.role)) throw new HttpError('forbidden', `requires role ${roles.join(' or ')}`);
  };
  return {
    ...base,
    requireRole,
    async authenticate(request) {
      // Authenticated once per request (the onRequest hook, then the handler asks again).
      if (request.user) return request.user;
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      if (!token) throw new HttpError('unauthorized', 'missing access token');
      const verified = await verifyAccessToken(keys, token);
      if (!verified) throw new HttpError('unauthorized', 'invalid or expired access token');
      const user = await findUser(db, verified.userId);
      if (!user) throw new HttpError('unauthorized', 'the user no longer exists or is disabled', { reason: 'disabled' });
      if (verified.issuedAtMs < Number(user.sessions_valid_after)) throw new HttpError('unauthorized', 'this session was revoked: sign in again', { reason: 'revoked' });
      request.user = user;
      return user;
    },
    async viewAs(user, asTeam) {
      if (asTeam === undefined) return user;
      requireRole(user, 'admin');
      if (!(await teamExists(db, asTeam))) throw new HttpError('not_found', `no team ${asTeam}`);
      return { ...user, role: 'operator', scope: 'team', team_id: asTeam };
    },
    async tokensFor(user) {
      return {
        accessToken: await issueAccessToken(keys, user.id, now()),
        refreshToken: await issueRefreshToken(db, user.id, now()),
        expiresInS: ACCESS_TOKEN_TTL_S,
        user: toAuthUser(user),
      };
    },
  };
}
