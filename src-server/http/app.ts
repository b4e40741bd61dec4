// The central server's HTTP and WebSocket surface. Routes are thin: they authenticate, validate
// with the src-shared schemas, and call the business modules; each group of routes has its module.
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION } from '../../src-shared/sync/protocol.js';
import type { TokenKeys } from '../auth/tokens.js';
import { pingDatabase } from '../db/health.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { SupervisorHub } from '../supervisor/live.js';
import { DEFAULT_SUPERVISOR_SETTINGS, type SupervisorSettings } from '../supervisor/settings.js';
import { LiveFeed } from '../sync/live-feed.js';
import type { SnapshotStore } from '../sync/snapshots.js';
import type { UserRow } from '../users.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { HttpError, sendError } from './errors.js';
import { registerPresenceRoutes } from './presence-routes.js';
import { routeContext } from './route-context.js';
import { registerSnapshotRoutes } from './snapshot-routes.js';
import { registerSupervisorRoutes } from './supervisor-routes.js';
import { registerSyncRoutes } from './sync-routes.js';
import { registerWebSocketRoutes } from './websocket-routes.js';

export interface AppOptions {
  db: Kysely<ServerDb>;
  keys: TokenKeys;
  logger: Logger | false;
  /** The schema version desktops must have migrated to (their local migration count). */
  minSchemaVersion?: number;
  bodyLimitBytes?: number;
  now?: () => number;
  /** The centre's time zone, "due soon" window and case resolution times (config.ts). */
  supervisor?: SupervisorSettings;
  /** Uploaded store snapshots (sync/snapshots.ts). */
  snapshots: SnapshotStore;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserRow;
  }
}

const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
const MAX_SOCKET_MESSAGE = 64 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
  } as never) as unknown as FastifyInstance;
  await app.register(websocket, { options: { maxPayload: MAX_SOCKET_MESSAGE } });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendError(reply, new HttpError('too_large', 'request body is too large'));
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, new HttpError('validation', (error as Error).message));
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, new HttpError('internal', 'internal error'));
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError('not_found', 'no such endpoint')));

  const ctx = routeContext({
    db,
    keys: options.keys,
    now: options.now ?? Date.now,
    minSchemaVersion: options.minSchemaVersion ?? 0,
    supervisorSettings: options.supervisor ?? DEFAULT_SUPERVISOR_SETTINGS,
    snapshots: options.snapshots,
    hub: new SupervisorHub(),
    feed: new LiveFeed(db, (err) => app.log.warn({ err }, 'live feed failed')),
  });

  app.get('/health', async () => {
    await pingDatabase(db);
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION };
  });
  registerAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  await registerSnapshotRoutes(app, ctx);
  registerPresenceRoutes(app, ctx);
  const sockets = registerWebSocketRoutes(app, ctx);
  registerSupervisorRoutes(app, {
    db, settings: ctx.supervisorSettings, now: ctx.now, hub: ctx.hub,
    authenticate: (request) => ctx.authenticate(request),
    pokeDesktops: () => ctx.feed.notify(),
  });

  app.addHook('onClose', async () => {
    ctx.hub.close();
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });
  return app;
}
