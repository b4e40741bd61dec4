// The operator's own figures (issue 19): GET /me/figures?from&to counts what the signed-in user
// handled in a range of the centre's days, by channel and reason, with the supervisors' definitions
// (computeFigures over a scope of one). Any role may call it; each reads only their own. A month at most.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CentreDate, type FiguresResponse } from '../../src-shared/supervisor/protocol.js';
import { computeFigures } from '../supervisor/figures.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

const MY_FIGURES_DAYS = 31;
const MyFiguresQuery = z.object({ from: CentreDate, to: CentreDate });

export function registerMyFiguresRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/me/figures', async (request): Promise<FiguresResponse> => {
    const user = await ctx.authenticate(request);
    const q = parseOr400(MyFiguresQuery, request.query);
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (!(days >= 1 && days <= MY_FIGURES_DAYS)) throw new HttpError('validation', `to: from 1 to ${MY_FIGURES_DAYS} days after from`, { to: [`at most ${MY_FIGURES_DAYS} days`] });
    return computeFigures(ctx.db, { all: false, teamIds: [], memberIds: [user.id] }, q, ctx.supervisorSettings.timeZone, ctx.now());
  });
}
