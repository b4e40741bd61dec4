// The audit log (desktops send the card views they recorded; supervisors and admins read it), and
// the right of access: one customer's whole data, exported and audited.
import type { FastifyInstance } from 'fastify';
import { AuditQuery, AuditUpload } from '../../src-shared/sync/audit.js';
import { z } from 'zod';
import { Id } from '../../src-shared/domain.js';
import { listAudit, recordAudit, recordClientViews } from '../audit.js';
import { exportAsHtml, exportCustomer } from '../customer-export.js';
import { eraseCustomer } from '../erasure.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerAuditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;

  app.post('/audit/events', async (request) => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(AuditUpload, request.body);
    await recordClientViews(db, user, input.events, now());
    return { ok: true };
  });

  app.get('/audit', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    return listAudit(db, user, parseOr400(AuditQuery, request.query));
  });
}

const ExportParams = z.object({ id: Id });
const ExportQuery = z.object({ format: z.enum(['json', 'html']).default('json') });

/** The right of access: one customer's whole data, for a supervisor of their owner's team or an admin. */
export function registerExportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;
  // The right to erasure: admins only. Snapshots go too: any of them may hold the customer.
  app.post('/admin/customers/:id/erase', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin');
    const { id } = parseOr400(ExportParams, request.params);
    const outcome = await eraseCustomer(db, user.id, id, now());
    await ctx.snapshots.dropAll();
    ctx.feed.notify();
    return outcome;
  });

  app.get('/admin/customers/:id/export', async (request, reply) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    const { id } = parseOr400(ExportParams, request.params);
    const { format } = parseOr400(ExportQuery, request.query);
    if (!(await mayAccessCustomer(db, user, id))) throw new HttpError('forbidden', 'this customer is outside your scope');
    const data = await exportCustomer(db, user, id, now());
    await recordAudit(db, { kind: 'export', actorId: user.id, customerId: id, detail: { format } }, now());
    reply.header('content-disposition', `attachment; filename="customer-${id}.${format}"`);
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(exportAsHtml(data));
    return data;
  });
}
