// Operator state for the supervisors' board: each desktop reports its own; supervisors read all.
import type { FastifyInstance } from 'fastify';
import { PresenceReport } from '../../src-shared/sync/protocol.js';
import { listPresence, recordPresence } from '../presence.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerPresenceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, hub } = ctx;

  app.post('/presence', async (request) => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(PresenceReport, request.body);
    await recordPresence(db, user.id, input, now());
    hub.notify(['board'], [user.team_id]);
    return { ok: true };
  });

  app.get('/presence', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    return listPresence(db, user);
  });
}
