// The central server's HTTP and WebSocket surface. Routes are thin: they authenticate, validate
// with the src-shared schemas, and call the business modules; each group of routes has its module.
import type { SurveyMailConfig } from '../config.js';
import websocket from '@fastify/websocket';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION } from '../../src-shared/sync/protocol.js';
import type { TokenKeys } from '../auth/tokens.js';
import { pingDatabase } from '../db/health.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { CallRouter } from '../pbx/call-router.js';
import { registerReviewInboxRoutes } from './review-inbox-routes.js';
import { registerOutboundMail } from './outbound-mail-worker.js';
import { registerGreetings } from './greetings-worker.js';
import type { OutboundMailConfig } from '../mail/outbound-sender.js';
import { registerCampaignRoutes } from './campaign-routes.js';
import { registerLoyaltyRoutes } from './loyalty-routes.js';
import { registerMyFiguresRoutes } from './my-figures-routes.js';
import { registerTeamCallRoutes } from './team-call-routes.js';
import { SupervisorHub } from '../supervisor/live.js';
import { DEFAULT_SUPERVISOR_SETTINGS, type SupervisorSettings } from '../supervisor/settings.js';
import { LiveFeed } from '../sync/live-feed.js';
import type { SnapshotStore } from '../sync/snapshots.js';
import type { UserRow } from '../users.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerCustomerRoutes } from './customer-routes.js';
import { registerMailRoutes } from './mail-routes.js';
import { FORM_ROUTE, registerFormRoutes } from './form-routes.js';
import { CHAT_ROUTES, registerConversationRoutes } from './conversation-routes.js';
import { IVR_SURVEY_ROUTE, SURVEY_LINK_ROUTE, registerSurveyRoutes } from './survey-routes.js';
import { INTEGRATION_ROUTES, registerIntegrationRoutes } from './integration-routes.js';
import { registerRecordingRoutes } from './recording-routes.js';
import { registerAuditRoutes, registerExportRoutes } from './audit-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { DEFAULT_BODY_LIMIT } from './body-limits.js';
import { HttpError, sendError } from './errors.js';
import { PBX_WEBHOOK_ROUTE, registerPbxRoutes } from './pbx-routes.js';
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
  /** TLS: the server answers https:// with this certificate (PEM); without it, plain http://. */
  tls?: { cert: Buffer; key: Buffer };
  /** Load shedding: past this event-loop delay requests get 503 with Retry-After (0: off). */
  maxEventLoopDelayMs?: number;
  /** Reverse proxies trusted for X-Forwarded-For (request.ip is then the client's). */
  trustProxy?: string[];
  /** Email surveys after a closed case; absent: none sent. */
  surveyMail?: SurveyMailConfig;
  /** Letters operators write (issue 20); absent: they stay queued. */
  outboundMail?: OutboundMailConfig;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserRow;
  }
  interface FastifyInstance {
    /** Which users have a desktop connected for cloud PBX calls (operations and tests ask). */
    callRouter: CallRouter;
  }
}

const MAX_SOCKET_MESSAGE = 64 * 1024;
/** Routes anyone may call: signing in, the load balancer's health check, PBX webhooks (signed instead), websites' forms and chats, VK's events (signed), IVR ratings (keyed), the integration API (its own tokens). */
const PUBLIC_ROUTES = new Set(['/health', '/auth/login', '/auth/refresh', '/auth/logout', PBX_WEBHOOK_ROUTE, FORM_ROUTE, ...CHAT_ROUTES, IVR_SURVEY_ROUTE, SURVEY_LINK_ROUTE, `${SURVEY_LINK_ROUTE}/stop`, ...INTEGRATION_ROUTES]);
const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1_000;
const RETRY_AFTER_S = 5;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' } } : {}),
    ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}),
  } as never) as unknown as FastifyInstance;
  await app.register(websocket, { options: { maxPayload: MAX_SOCKET_MESSAGE } });
  // An API serves no pages: no content may be framed, sniffed or scripted from its answers.
  await app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }, crossOriginResourcePolicy: { policy: 'same-origin' } });
  // Overload gives a fast 503 with Retry-After instead of unbounded latency; /health still answers.
  const maxDelay = options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
  if (maxDelay > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: maxDelay,
      pressureHandler: (_request: FastifyRequest, reply: FastifyReply) => {
        reply.header('retry-after', String(RETRY_AFTER_S));
        return Promise.reject(new HttpError('unavailable', 'the server is overloaded; try again shortly'));
      },
    });
  }

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
    calls: new CallRouter(),
    feed: new LiveFeed(db, (err) => app.log.warn({ err }, 'live feed failed')),
  });

  app.decorate('callRouter', ctx.calls);

  // Authentication before the body is read: an unauthenticated client cannot make the server read
  // (and hold) a large body. The WebSocket authenticates in its handler, to close with a reason.
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined || PUBLIC_ROUTES.has(route) || route === '/sync/ws') return;
    await ctx.authenticate(request);
  });

  app.get('/health', { config: { pressureHandler: () => undefined } }, async () => {
    await pingDatabase(db);
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION };
  });
  registerAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  await registerSnapshotRoutes(app, ctx);
  registerPresenceRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerRecordingRoutes(app, ctx);
  await registerPbxRoutes(app, ctx);
  const sockets = registerWebSocketRoutes(app, ctx);
  registerSupervisorRoutes(app, {
    db, settings: ctx.supervisorSettings, now: ctx.now, hub: ctx.hub,
    authenticate: (request) => ctx.authenticate(request),
    pokeDesktops: () => ctx.feed.notify(),
    tellUser: (userId, message) => void ctx.calls.tell(userId, message),
  });
  registerReviewInboxRoutes(app, ctx);
  registerMyFiguresRoutes(app, ctx);
  registerCampaignRoutes(app, ctx);
  registerLoyaltyRoutes(app, ctx);
  registerTeamCallRoutes(app, ctx);
  registerMailRoutes(app, ctx);
  await registerFormRoutes(app, ctx);
  await registerConversationRoutes(app, ctx);
  registerSurveyRoutes(app, ctx, options.surveyMail ?? null);
  registerOutboundMail(app, ctx, options.outboundMail ?? null);
  registerGreetings(app, ctx, options.outboundMail !== undefined);
  await registerIntegrationRoutes(app, ctx);

  app.addHook('onClose', async () => {
    ctx.hub.close();
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });
  return app;
}
