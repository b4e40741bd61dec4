// The central server's HTTP and WebSocket surface. Routes are thin: they authenticate, validate
// with the src-shared schemas, and call the sync and user modules.
import { Readable } from 'node:stream';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  CreateTeamRequest, CreateUserRequest, HelloRequest, PresenceReport, type PresenceEntry, LoginRequest, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, PullRequest,
  PushRequest, RefreshRequest, type HelloResponse, type Poke, type PushResponse, type TokenResponse,
} from '../../src-shared/sync/protocol.js';
import { SNAPSHOT_HEADERS, SNAPSHOT_MEDIA_TYPE, SnapshotUploadQuery, type SnapshotInfo } from '../../src-shared/sync/snapshot.js';
import { verifyPassword } from '../auth/passwords.js';
import { ACCESS_TOKEN_TTL_S, issueAccessToken, issueRefreshToken, rotateRefreshToken, verifyAccessToken, type TokenKeys } from '../auth/tokens.js';
import type { ServerDb } from '../db/schema.js';
import { SYNC_ENTITIES, isSyncEntity } from '../../src-shared/sync/entities.js';
import { runPush } from '../sync/push.js';
import { dbToWire, parseFieldHlc } from '../sync/row-codec.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { pullPageJson } from '../sync/pull.js';
import { LiveFeed, scopeKey } from '../sync/live-feed.js';
import { SnapshotRefused, type SnapshotStore } from '../sync/snapshots.js';
import { headSeq } from '../sync/row-version.js';
import { createTeam, createUser, findUser, toAuthUser, UnknownTeamError, UsernameTakenError, type UserRow } from '../users.js';
import { SupervisorHub } from '../supervisor/live.js';
import { supervisedTeamIds } from '../supervisor/scope.js';
import { DEFAULT_SUPERVISOR_SETTINGS, type SupervisorSettings } from '../supervisor/settings.js';
import { HttpError, parseOr400, sendError } from './errors.js';
import { registerSupervisorRoutes, topicsOfPush } from './supervisor-routes.js';

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

/** How long a client still sending a refused body gets to read the answer before its socket goes. */
const LINGER_MS = 1000;

/**
 * The answer to an upload refused before its body ended. The rest of the body is read and dropped
 * meanwhile; a client that keeps the connection half open after the answer (undici does) would
 * hold it, and the server's close, forever, so it is cut after a moment to read the answer.
 */
function refuseMidBody(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  reply.raw.once('finish', () => {
    if (!request.raw.complete) setTimeout(() => request.raw.socket.destroy(), LINGER_MS).unref();
  });
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, keys } = options;
  const now = options.now ?? Date.now;
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024 * 1024,
  } as never) as unknown as FastifyInstance;
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const sockets = new Set<WebSocket>();
  const hub = new SupervisorHub();
  // Desktops known to be up to date get the new changes on their socket; the others are poked.
  const feed = new LiveFeed(db, (err) => app.log.warn({ err }, 'live feed failed'));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendError(reply, new HttpError('too_large', 'request body is too large'));
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, new HttpError('validation', (error as Error).message));
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, new HttpError('internal', 'internal error'));
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError('not_found', 'no such endpoint')));

  async function authenticate(request: FastifyRequest, tokenFromQuery?: string): Promise<UserRow> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : tokenFromQuery;
    if (!token) throw new HttpError('unauthorized', 'missing access token');
    const userId = await verifyAccessToken(keys, token);
    if (!userId) throw new HttpError('unauthorized', 'invalid or expired access token');
    const user = await findUser(db, userId);
    if (!user) throw new HttpError('unauthorized', 'the user no longer exists or is disabled');
    return user;
  }
  /**
   * Who a pull or a snapshot upload is for: the caller, or (admins only, for a team's snapshot
   * builder) a team-scoped operator of `asTeam`, so the builder's store holds exactly that scope.
   */
  const viewAs = async (user: UserRow, asTeam: string | undefined): Promise<UserRow> => {
    if (asTeam === undefined) return user;
    requireRole(user, 'admin');
    if (!(await db.selectFrom('team').select('id').where('id', '=', asTeam).executeTakeFirst())) throw new HttpError('not_found', `no team ${asTeam}`);
    return { ...user, role: 'operator', scope: 'team', team_id: asTeam };
  };

  const requireRole = (user: UserRow, ...roles: UserRow['role'][]) => {
    if (!roles.includes(user.role)) throw new HttpError('forbidden', `requires role ${roles.join(' or ')}`);
  };
  async function tokensFor(user: UserRow): Promise<TokenResponse> {
    return {
      accessToken: await issueAccessToken(keys, user.id),
      refreshToken: await issueRefreshToken(db, user.id, now()),
      expiresInS: ACCESS_TOKEN_TTL_S,
      user: toAuthUser(user),
    };
  }

  app.get('/health', async () => {
    await db.selectFrom('schema_migrations').select('name').limit(1).execute();
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION };
  });

  app.post('/auth/login', async (request) => {
    const input = parseOr400(LoginRequest, request.body);
    const user = await db.selectFrom('app_user').selectAll().where('username', '=', input.username).where('disabled', '=', 0).executeTakeFirst();
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await verifyPassword(input.password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    if (!user || !ok) throw new HttpError('unauthorized', 'wrong username or password');
    return tokensFor(user);
  });

  app.post('/auth/refresh', async (request) => {
    const input = parseOr400(RefreshRequest, request.body);
    const rotated = await rotateRefreshToken(db, input.refreshToken, now());
    if (!rotated) throw new HttpError('unauthorized', 'refresh token is invalid, expired or already used');
    const user = await findUser(db, rotated.userId);
    if (!user) throw new HttpError('unauthorized', 'the user no longer exists or is disabled');
    return { accessToken: await issueAccessToken(keys, user.id), refreshToken: rotated.token, expiresInS: ACCESS_TOKEN_TTL_S, user: toAuthUser(user) } satisfies TokenResponse;
  });

  app.get('/auth/me', async (request) => toAuthUser(await authenticate(request)));

  app.post('/admin/users', async (request, reply) => {
    requireRole(await authenticate(request), 'admin');
    const input = parseOr400(CreateUserRequest, request.body);
    try {
      return reply.status(201).send(await createUser(db, input, now()));
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new HttpError('conflict', error.message);
      if (error instanceof UnknownTeamError) throw new HttpError('validation', error.message);
      throw error;
    }
  });
  app.get('/admin/users', async (request) => {
    requireRole(await authenticate(request), 'admin', 'supervisor');
    const users = await db.selectFrom('app_user').selectAll().where('deleted', '=', 0).orderBy('name').execute();
    return users.map(toAuthUser);
  });
  app.post('/admin/teams', async (request, reply) => {
    requireRole(await authenticate(request), 'admin');
    const input = parseOr400(CreateTeamRequest, request.body);
    return reply.status(201).send(await createTeam(db, input.name, now()));
  });

  app.post('/sync/hello', async (request) => {
    const user = await authenticate(request);
    const input = parseOr400(HelloRequest, request.body);
    if (input.protocolVersion < MIN_PROTOCOL_VERSION || input.schemaVersion < (options.minSchemaVersion ?? 0)) {
      throw new HttpError('client_too_old', `this desktop is too old for the server (protocol ${input.protocolVersion}, schema ${input.schemaVersion}); update Kartoteka`, {
        minProtocolVersion: MIN_PROTOCOL_VERSION,
        minSchemaVersion: options.minSchemaVersion ?? 0,
      });
    }
    return { protocolVersion: PROTOCOL_VERSION, serverTimeMs: now(), user: toAuthUser(user), headSeq: await headSeq(db) } satisfies HelloResponse;
  });

  app.post('/sync/push', async (request) => {
    const user = await authenticate(request);
    const input = parseOr400(PushRequest, request.body);
    const outcome = await runPush(db, user, input.clientId, input.mutations, now);
    if (outcome.changed) {
      feed.notify();
      const applied = new Set(outcome.results.filter((r) => r.status === 'applied').map((r) => r.seq));
      const entities = new Set(input.mutations.filter((m) => applied.has(m.seq)).map((m) => m.entity));
      // Case, task and customer changes can move an item between teams' queues: every supervisor.
      const topics = topicsOfPush(entities);
      hub.notify(topics.filter((t) => t !== 'queue'), [user.team_id]);
      if (topics.includes('queue')) hub.notify(['queue'], null);
    }
    return { results: outcome.results, headSeq: outcome.headSeq } satisfies PushResponse;
  });

  app.get('/sync/pull', async (request, reply) => {
    const user = await authenticate(request);
    const input = parseOr400(PullRequest, request.query);
    const viewer = await viewAs(user, input.asTeam);
    // The page arrives as JSON text from the database (a PullResponse); it is sent as it is.
    return reply.type('application/json; charset=utf-8').send(await pullPageJson(db, viewer, input.after, input.limit));
  });

  // The server's current version of one row: a desktop whose change was rejected fetches it to
  // replace its local value, since its own stamp would otherwise keep winning locally.
  app.get('/sync/row', async (request) => {
    const user = await authenticate(request);
    const q = parseOr400(z.object({ entity: z.string().max(50), id: z.string().max(100) }), request.query);
    if (!isSyncEntity(q.entity)) throw new HttpError('validation', `unknown entity ${q.entity}`);
    const def = SYNC_ENTITIES[q.entity];
    const row = (await db.selectFrom(def.table as 'customer').selectAll().where('id', '=', q.id).executeTakeFirst()) as Record<string, unknown> | undefined;
    if (!row) return { row: null, fieldHlc: {} };
    const customerId = def.customerColumn === null ? null : (row[def.customerColumn] as string | null);
    if (customerId !== null && !(await mayAccessCustomer(db, user, customerId))) throw new HttpError('forbidden', 'this customer is outside your scope');
    return { row: dbToWire(def, row), fieldHlc: parseFieldHlc(row.field_hlc) };
  });

  // Store snapshots. In a context of their own: only here does a body of SNAPSHOT_MEDIA_TYPE
  // reach the handler as the raw request stream, written to disk as it arrives, never buffered.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(SNAPSHOT_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
    const { snapshots } = options;
    // A response that ends after close() began leaves its keep-alive connection open until the
    // client drops it (up to the 72 s keep-alive): a download ending during a shutdown held it so.
    scoped.addHook('onResponse', async () => {
      if (!app.server.listening) setImmediate(() => app.server.closeIdleConnections());
    });

    // Fastify applies no bodyLimit to a streamed body; the store counts against its own maximum.
    scoped.put('/sync/snapshot', { bodyLimit: snapshots.maxBytes }, async (request, reply) => {
      const user = await authenticate(request);
      requireRole(user, 'admin');
      const query = parseOr400(SnapshotUploadQuery, request.query);
      if (!(request.body instanceof Readable)) throw new HttpError('validation', `the snapshot must be sent as ${SNAPSHOT_MEDIA_TYPE}`);
      const declared = Number(request.headers['content-length']);
      try {
        const info = await snapshots.save({
          scope: scopeKey(await viewAs(user, query.asTeam)), seq: query.seq, schemaVersion: query.schemaVersion, headSeq: await headSeq(db),
          ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}), body: request.body, now,
        });
        request.log.info({ snapshot: info }, 'snapshot stored');
        return reply.status(201).send(info);
      } catch (error) {
        if (error instanceof SnapshotRefused) {
          if (!request.raw.complete) refuseMidBody(request, reply);
          const code = error.kind === 'stale' ? 'conflict' : error.kind === 'too_large' ? 'too_large' : 'validation';
          throw new HttpError(code, error.message, error.details);
        }
        // A client gone mid-upload is no server failure; nobody reads this answer anyway.
        if (request.raw.destroyed && !request.raw.complete) throw new HttpError('validation', 'the upload ended before its body did');
        throw error;
      }
    });

    scoped.get('/sync/snapshot/info', async (request) => {
      const user = await authenticate(request);
      const info = await snapshots.info(scopeKey(user));
      if (!info) throw new HttpError('not_found', 'no snapshot for your scope');
      return info satisfies SnapshotInfo;
    });

    // No automatic HEAD: it would read the whole file to throw it away; /sync/snapshot/info says it all.
    scoped.get('/sync/snapshot', { exposeHeadRoute: false }, async (request, reply) => {
      const user = await authenticate(request);
      const opened = await snapshots.read(scopeKey(user));
      if (!opened) throw new HttpError('not_found', 'no snapshot for your scope');
      const { info, stream } = opened;
      return reply
        .type(SNAPSHOT_MEDIA_TYPE)
        .header('content-length', info.bytes)
        .header(SNAPSHOT_HEADERS.scope, info.scope)
        .header(SNAPSHOT_HEADERS.seq, info.seq)
        .header(SNAPSHOT_HEADERS.schemaVersion, info.schemaVersion)
        .header(SNAPSHOT_HEADERS.createdAt, info.createdAt)
        .header(SNAPSHOT_HEADERS.sha256, info.sha256)
        .send(stream);
    });
  });

  // Operator state for the supervisors' board: each desktop reports its own; supervisors read all.
  app.post('/presence', async (request) => {
    const user = await authenticate(request);
    const input = parseOr400(PresenceReport, request.body);
    const row = { user_id: user.id, state: input.state, since: input.since, caller_name: input.callerName, reported_at: now() };
    await db.insertInto('operator_presence').values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ state: row.state, since: row.since, caller_name: row.caller_name, reported_at: row.reported_at }))
      .execute();
    hub.notify(['board'], [user.team_id]);
    return { ok: true };
  });
  app.get('/presence', async (request) => {
    const user = await authenticate(request);
    requireRole(user, 'admin', 'supervisor');
    let query = db.selectFrom('operator_presence as p').innerJoin('app_user as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'p.state', 'p.since', 'p.caller_name', 'p.reported_at', 'u.name', 'u.team_id']);
    // A supervisor sees their own team; an admin (or a supervisor without a team) everyone.
    if (user.role === 'supervisor' && user.team_id !== null) query = query.where('u.team_id', '=', user.team_id);
    const rows = await query.orderBy('u.name').execute();
    return rows.map((r): PresenceEntry => ({
      userId: r.user_id, name: r.name, teamId: r.team_id, state: r.state as PresenceEntry['state'], since: r.since, callerName: r.caller_name, reportedAt: r.reported_at,
    }));
  });

  app.get('/sync/conflicts', async (request) => {
    requireRole(await authenticate(request), 'admin', 'supervisor');
    const q = parseOr400(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }), request.query);
    return db.selectFrom('sync_conflict').selectAll().orderBy('id', 'desc').limit(q.limit).execute();
  });

  app.get('/sync/rejections', async (request) => {
    const user = await authenticate(request);
    const q = parseOr400(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }), request.query);
    let query = db.selectFrom('sync_rejection').selectAll().orderBy('id', 'desc').limit(q.limit);
    if (user.role === 'operator') query = query.where('user_id', '=', user.id);
    return query.execute();
  });

  app.get('/sync/ws', { websocket: true }, async (socket, request) => {
    const token = (request.query as { token?: string }).token;
    // Listened to at once: a desktop's first caught-up can arrive while the token is checked.
    const early: unknown[] = [];
    let fed = false;
    socket.on('message', (data) => {
      if (fed) feed.receive(socket, data);
      else if (early.push(data) > 4) socket.close(4400, 'too many messages');
    });
    let user: UserRow;
    try {
      user = await authenticate(request, token);
    } catch {
      socket.close(4401, 'unauthorized');
      return;
    }
    const teamIds = user.role === 'operator' ? [] : await supervisedTeamIds(db, user);
    if (socket.readyState !== socket.OPEN) return; // closed while its teams were read
    sockets.add(socket);
    feed.add(socket, user);
    fed = true;
    for (const data of early) feed.receive(socket, data);
    hub.add(socket, { userId: user.id, role: user.role, teamIds });
    // The board shows a connected desktop's last state, a disconnected one as offline (board.ts).
    hub.notify(['board'], [user.team_id]);
    socket.on('close', () => {
      sockets.delete(socket);
      feed.delete(socket);
      hub.notify(['board'], [user.team_id]);
    });
    socket.send(JSON.stringify({ type: 'poke', headSeq: await headSeq(db) } satisfies Poke));
  });

  registerSupervisorRoutes(app, {
    db, settings: options.supervisor ?? DEFAULT_SUPERVISOR_SETTINGS, now, hub,
    authenticate: (request) => authenticate(request),
    pokeDesktops: () => feed.notify(),
  });

  app.addHook('onClose', async () => {
    hub.close();
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });
  return app;
}
