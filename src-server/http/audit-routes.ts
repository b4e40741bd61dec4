// The audit log: desktops send the card views they recorded; supervisors and admins read it.
import type { FastifyInstance } from 'fastify';
import { AuditQuery, AuditUpload } from '../../src-shared/sync/audit.js';
import { listAudit, recordClientViews } from '../audit.js';
import { parseOr400 } from './errors.js';
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
