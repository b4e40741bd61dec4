// The operator's review comments (issue 17): GET /me/review-comments lists the comments on the
// signed-in user's own entries; POST /me/review-comments/seen marks some of them seen. Any role may
// call them; each reads and marks only its own.
import type { FastifyInstance } from 'fastify';
import { MarkCommentsSeen, type MyReviewComments } from '../../src-shared/home/review-inbox.js';
import { markCommentsSeen, myReviewComments } from '../supervisor/review-inbox.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerReviewInboxRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;

  app.get('/me/review-comments', async (request): Promise<MyReviewComments> => {
    const user = await ctx.authenticate(request);
    return myReviewComments(db, user.id);
  });

  app.post('/me/review-comments/seen', async (request): Promise<{ marked: number }> => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(MarkCommentsSeen, request.body);
    return { marked: await markCommentsSeen(db, user.id, input.ids, now()) };
  });
}
