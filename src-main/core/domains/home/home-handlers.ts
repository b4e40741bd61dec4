// The operator's home screen (issue 17): the day from the local store, and the review comments about
// this user's entries from the central server. Like the supervisors' reads, the inbox is cached: the
// server unreachable, the last one read comes back marked live:false; signed out, there is none.
import { ApiError, FiguresResponse, MyReviewComments, type HomeHandlers, type HomeReviews, type MyFigures } from '../../../../src-shared/index.js';
import { z } from 'zod';
import type { SupervisorContext } from '../supervisor/supervisor-handlers.js';
import { toApiError, unreachable } from '../supervisor/supervisor-handlers.js';
import { cacheKey, SupervisorCache } from '../supervisor/supervisor-cache.js';
import { homeDay } from './home-day.js';

const Marked = z.object({ marked: z.number().int().nonnegative() });

export function createHomeHandlers(ctx: SupervisorContext): HomeHandlers {
  const cache = new SupervisorCache(ctx.db);
  const signedIn = () => {
    const api = ctx.sync.server;
    return api && api.hasCredentials() ? { api, userId: ctx.sync.status.user?.id ?? api.user?.id ?? ctx.currentUserId() } : null;
  };
  return {
    'home.day': ({ from, to }) => homeDay(ctx.db, ctx.currentUserId(), from, to),
    'home.reviews': async (): Promise<HomeReviews> => {
      const server = signedIn();
      if (!server) return { comments: [], unread: 0, available: false, live: false, fetchedAt: null };
      // Per account: after a sign-in as someone else, the previous user's comments stay theirs.
      const key = cacheKey(`${server.userId} home.reviews`, {});
      try {
        const data = await server.api.call('GET', '/me/review-comments', undefined, MyReviewComments);
        ctx.sync.serverReached(true);
        const fetchedAt = ctx.serverNow();
        cache.put(key, data, fetchedAt);
        return { ...data, available: true, live: true, fetchedAt };
      } catch (error) {
        if (!unreachable(error)) throw toApiError(error);
        ctx.sync.serverReached(false);
        const hit = cache.get(key, MyReviewComments);
        return hit ? { ...hit.data, available: true, live: false, fetchedAt: hit.fetchedAt } : { comments: [], unread: 0, available: true, live: false, fetchedAt: null };
      }
    },
    'home.myFigures': async ({ from, to, fromMs, toMs }): Promise<MyFigures> => {
      const me = ctx.currentUserId();
      const tasks = ctx.db.prepare(
        `SELECT sum(status = 'open') AS open, sum(status = 'open' AND due_at < ?) AS overdue, sum(status = 'done' AND done_at >= ? AND done_at < ?) AS done
         FROM task WHERE assignee_id = ? AND deleted = 0`,
      ).get(ctx.serverNow(), fromMs, toMs, me) as { open: number | null; overdue: number | null; done: number | null };
      const counts = { open: tasks.open ?? 0, overdue: tasks.overdue ?? 0, done: tasks.done ?? 0 };
      const server = signedIn();
      if (!server) return { figures: null, available: false, live: false, fetchedAt: null, tasks: counts };
      const key = cacheKey(`${server.userId} home.myFigures`, { from, to });
      try {
        const figures = await server.api.call('GET', `/me/figures?from=${from}&to=${to}`, undefined, FiguresResponse);
        ctx.sync.serverReached(true);
        cache.put(key, figures, figures.computedAtMs);
        return { figures, available: true, live: true, fetchedAt: figures.computedAtMs, tasks: counts };
      } catch (error) {
        if (!unreachable(error)) throw toApiError(error);
        ctx.sync.serverReached(false);
        // Offline: the last figures read for this range, marked as such.
        const hit = cache.get(key, FiguresResponse);
        return { figures: hit?.data ?? null, available: true, live: false, fetchedAt: hit?.fetchedAt ?? null, tasks: counts };
      }
    },
    'home.markReviewsSeen': async (input) => {
      const server = signedIn();
      if (!server) throw new ApiError('offline', 'not signed in to a central server');
      try {
        return await server.api.call('POST', '/me/review-comments/seen', input, Marked);
      } catch (error) {
        if (unreachable(error)) throw new ApiError('offline', 'the central server is unreachable; the comments stay unread');
        throw toApiError(error);
      }
    },
  };
}
