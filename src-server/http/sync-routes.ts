// The desktops' sync: handshake, push, pull, one row's server version, and the logs of conflicts
// and refusals.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isSyncEntity } from '../../src-shared/sync/entities.js';
import {
  HelloRequest, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, PullRequest, OverwrittenQuery, PushRequest, type HelloResponse, type PushResponse,
} from '../../src-shared/sync/protocol.js';
import { headSeq } from '../sync/change-log.js';
import { pullPageJson } from '../sync/pull.js';
import { runPush } from '../sync/push.js';
import { readServerRow } from '../sync/row-read.js';
import { listConflicts, listOverwritten, listRejections } from '../sync/sync-log.js';
import { toAuthUser } from '../users.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';
import { topicsOfPush } from './supervisor-routes.js';
import { PUSH_BODY_LIMIT } from './body-limits.js';

const RowQuery = z.object({ entity: z.string().max(50), id: z.string().max(100) });
const LogQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export function registerSyncRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, hub, feed } = ctx;

  app.post('/sync/hello', async (request) => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(HelloRequest, request.body);
    if (input.protocolVersion < MIN_PROTOCOL_VERSION || input.schemaVersion < ctx.minSchemaVersion) {
      throw new HttpError('client_too_old', `this desktop is too old for the server (protocol ${input.protocolVersion}, schema ${input.schemaVersion}); update Kartoteka`, {
        minProtocolVersion: MIN_PROTOCOL_VERSION,
        minSchemaVersion: ctx.minSchemaVersion,
      });
    }
    return { protocolVersion: PROTOCOL_VERSION, serverTimeMs: now(), user: toAuthUser(user), headSeq: await headSeq(db) } satisfies HelloResponse;
  });

  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT }, async (request) => {
    const user = await ctx.authenticate(request);
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
    const user = await ctx.authenticate(request);
    const input = parseOr400(PullRequest, request.query);
    const viewer = await ctx.viewAs(user, input.asTeam);
    // The page arrives as JSON text from the database (a PullResponse); it is sent as it is.
    return reply.type('application/json; charset=utf-8').send(await pullPageJson(db, viewer, input.after, input.limit));
  });

  app.get('/sync/row', async (request) => {
    const user = await ctx.authenticate(request);
    const q = parseOr400(RowQuery, request.query);
    if (!isSyncEntity(q.entity)) throw new HttpError('validation', `unknown entity ${q.entity}`);
    return readServerRow(db, user, q.entity, q.id);
  });

  app.get('/sync/conflicts', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    return listConflicts(db, user, parseOr400(LogQuery, request.query).limit);
  });

  app.get('/sync/overwritten', async (request) => {
    const user = await ctx.authenticate(request);
    const q = parseOr400(OverwrittenQuery, request.query);
    return listOverwritten(db, user, q.after, q.limit);
  });

  app.get('/sync/rejections', async (request) => {
    const user = await ctx.authenticate(request);
    return listRejections(db, user, parseOr400(LogQuery, request.query).limit);
  });
}
