// POST /me/missed-seen: the signed-in user has seen the team's missed calls up to `at` (issue 18).
// Any role; each marks only their own.
import type { FastifyInstance } from 'fastify';
import { MarkMissedSeen } from '../../src-shared/team-calls/protocol.js';
import { markMissedSeen } from '../missed-seen.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerTeamCallRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/me/missed-seen', async (request): Promise<{ missedSeenAt: number }> => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(MarkMissedSeen, request.body);
    const result = await markMissedSeen(ctx.db, user.id, input.at, ctx.now());
    if (result.changed) ctx.feed.notify();
    return { missedSeenAt: result.missedSeenAt };
  });
}
