// Loyalty figures (issue 20): GET /loyalty/figures, for supervisors and admins, every programme's
// cards, members, purchases and points, by level (src-server/loyalty/figures.ts).
import type { FastifyInstance } from 'fastify';
import type { LoyaltyFiguresResponse } from '../../src-shared/loyalty/loyalty.js';
import { loyaltyFigures } from '../loyalty/figures.js';
import { requireSupervisor } from '../supervisor/scope.js';
import type { RouteContext } from './route-context.js';

export function registerLoyaltyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/loyalty/figures', async (request): Promise<LoyaltyFiguresResponse> => {
    const user = await ctx.authenticate(request);
    requireSupervisor(user);
    return loyaltyFigures(ctx.db, ctx.now());
  });
}
