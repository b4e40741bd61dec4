// The integration API (issue 26, docs/api.md), version 1, under /api/v1: other systems' tokens
// instead of users' (each request checked for its scope), every body checked field by field against
// src-shared/integration/protocol.ts, and the OpenAPI document generated from the same schemas. The
// admin issues and revokes the tokens (/admin/api-tokens).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '../../src-shared/domain.js';
import {
  CaseUpsert, ChangesQuery, CreateApiTokenRequest, CreateWebhookRequest, CustomerUpsert, ExternalId, InteractionUpsert, TaskUpsert, type ApiScope,
} from '../../src-shared/integration/protocol.js';
import { importCustomers, linesOfCsv, linesOfJson } from '../integration/bulk-import.js';
import { openApiDocument } from '../integration/openapi.js';
import { apiCaller, createApiToken, listApiTokens, revokeApiToken } from '../integration/tokens.js';
import { upsertCase, upsertCustomer, upsertInteraction, upsertTask } from '../integration/upserts.js';
import { createWebhook, WebhookDispatcher } from '../integration/webhooks.js';
import { pullPageJson } from '../sync/pull.js';
import { WHOLE_LOG_READER } from '../sync/whole-log-reader.js';
import type { UserRow } from '../users.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outgoing webhooks' dispatcher (tests drive and wait for it). */
    webhooks: WebhookDispatcher;
  }
}

export const INTEGRATION_ROUTES = [
  '/api/v1/openapi.json', '/api/v1/customers/:externalId', '/api/v1/interactions/:externalId', '/api/v1/tasks/:externalId', '/api/v1/cases/:externalId', '/api/v1/import/customers', '/api/v1/changes',
];
const Params = z.object({ externalId: ExternalId });
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

export async function registerIntegrationRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { db, now } = ctx;
  const caller = (request: FastifyRequest, scope: ApiScope) => apiCaller(db, request.headers.authorization, scope, now());
  const wrote = () => ctx.feed.notify();
  const webhooks = new WebhookDispatcher(db, { now });
  app.decorate('webhooks', webhooks);
  const unlisten = ctx.feed.onNotify(() => webhooks.kick());
  app.addHook('onReady', async () => webhooks.kick());
  app.addHook('onClose', async () => {
    unlisten();
    await webhooks.stop();
  });

  app.get('/api/v1/openapi.json', async () => openApiDocument());

  app.put('/api/v1/customers/:externalId', async (request) => {
    const who = await caller(request, 'customers:write');
    const result = await upsertCustomer(db, who, parseOr400(Params, request.params).externalId, parseOr400(CustomerUpsert, request.body), now());
    if (result.outcome !== 'unchanged') wrote();
    return result;
  });
  app.put('/api/v1/interactions/:externalId', async (request) => {
    const who = await caller(request, 'interactions:write');
    const result = await upsertInteraction(db, who, parseOr400(Params, request.params).externalId, parseOr400(InteractionUpsert, request.body), now());
    if (result.outcome !== 'unchanged') wrote();
    return result;
  });
  app.put('/api/v1/tasks/:externalId', async (request) => {
    const who = await caller(request, 'tasks:write');
    const result = await upsertTask(db, who, parseOr400(Params, request.params).externalId, parseOr400(TaskUpsert, request.body), now());
    if (result.outcome !== 'unchanged') wrote();
    return result;
  });

  app.put('/api/v1/cases/:externalId', async (request) => {
    const who = await caller(request, 'cases:write');
    const result = await upsertCase(db, who, parseOr400(Params, request.params).externalId, parseOr400(CaseUpsert, request.body), now());
    if (result.outcome !== 'unchanged') wrote();
    return result;
  });

  await app.register(async (bulk) => {
    bulk.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, { csv: body as string }));
    bulk.post('/api/v1/import/customers', { bodyLimit: IMPORT_BODY_LIMIT }, async (request) => {
      const who = await caller(request, 'customers:write');
      const body = request.body as { csv?: string } | unknown;
      const input = typeof body === 'object' && body !== null && typeof (body as { csv?: unknown }).csv === 'string' ? linesOfCsv((body as { csv: string }).csv) : linesOfJson(body);
      const report = await importCustomers(db, who, input, now);
      if (report.created + report.updated > 0) wrote();
      return report;
    });
  });

  app.get('/api/v1/changes', async (request, reply) => {
    await caller(request, 'export:read');
    const q = parseOr400(ChangesQuery, request.query);
    return reply.type('application/json; charset=utf-8').send(await pullPageJson(db, WHOLE_LOG_READER, q.after, q.limit));
  });

  const admin = async (request: FastifyRequest): Promise<UserRow> => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin');
    return user;
  };
  app.get('/admin/api-tokens', async (request) => {
    await admin(request);
    return listApiTokens(db);
  });
  app.post('/admin/api-tokens', async (request, reply) => {
    const user = await admin(request);
    return reply.status(201).send(await createApiToken(db, parseOr400(CreateApiTokenRequest, request.body), user.id, now()));
  });
  app.post('/admin/webhooks', async (request, reply) => {
    await admin(request);
    const created = await createWebhook(db, parseOr400(CreateWebhookRequest, request.body), now());
    webhooks.kick();
    return reply.status(201).send(created);
  });
  app.get('/admin/webhooks', async (request) => {
    await admin(request);
    const subs = await db.selectFrom('webhook_subscription as s').select(['s.id', 's.name', 's.url', 's.entities', 's.enabled', 's.cursor'])
      .select((eb) => [
        eb.selectFrom('webhook_delivery as d').select(eb.fn.countAll<number>().as('n')).whereRef('d.subscription_id', '=', 's.id').where('d.status', '=', 'pending').as('pending'),
        eb.selectFrom('webhook_delivery as d').select(eb.fn.countAll<number>().as('n')).whereRef('d.subscription_id', '=', 's.id').where('d.status', '=', 'failed').as('failed'),
      ]).orderBy('s.created_at').execute();
    return subs.map((s) => ({ ...s, cursor: Number(s.cursor), pending: Number(s.pending ?? 0), failed: Number(s.failed ?? 0) }));
  });
  app.get('/admin/webhooks/:id/deliveries', async (request) => {
    await admin(request);
    const { id } = parseOr400(z.object({ id: Id }), request.params);
    const { status } = parseOr400(z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional() }), request.query);
    let q = db.selectFrom('webhook_delivery').select(['id', 'seq', 'entity', 'status', 'attempts', 'last_status', 'last_error', 'delivered_at', 'next_attempt_at'])
      .where('subscription_id', '=', id);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('seq', 'desc').limit(500).execute();
    return rows.map((r) => ({
      id: r.id, seq: Number(r.seq), entity: r.entity, status: r.status, attempts: Number(r.attempts), lastStatus: r.last_status, lastError: r.last_error,
      deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at), nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    }));
  });
  app.post('/admin/webhooks/:id/deliveries/:deliveryId/retry', async (request) => {
    await admin(request);
    const { id, deliveryId } = parseOr400(z.object({ id: Id, deliveryId: Id }), request.params);
    await db.updateTable('webhook_delivery').set({ status: 'pending', next_attempt_at: now(), attempts: 0 }).where('id', '=', deliveryId).where('subscription_id', '=', id).where('status', '=', 'failed').execute();
    webhooks.kick();
    return { ok: true };
  });
  app.post('/admin/api-tokens/:id/revoke', async (request) => {
    await admin(request);
    await revokeApiToken(db, parseOr400(z.object({ id: Id }), request.params).id, now());
    return { ok: true };
  });
}
