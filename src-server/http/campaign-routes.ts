// Campaign figures (issue 20): GET /campaigns/figures, for supervisors and admins, every campaign's
// reach, responses and rate counted over every customer (src-server/campaigns/figures.ts).
import type { FastifyInstance } from 'fastify';
import type { CampaignFiguresResponse } from '../../src-shared/campaigns/campaign.js';
import { campaignFigures } from '../campaigns/figures.js';
import { requireSupervisor } from '../supervisor/scope.js';
import type { RouteContext } from './route-context.js';

export function registerCampaignRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/campaigns/figures', async (request): Promise<CampaignFiguresResponse> => {
    const user = await ctx.authenticate(request);
    requireSupervisor(user);
    return campaignFigures(ctx.db, ctx.now(), ctx.supervisorSettings.timeZone);
  });
}
