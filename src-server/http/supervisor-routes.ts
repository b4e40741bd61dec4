// The supervisors' endpoints: live board, queue numbers, work queue, reassignment, figures, review and
// team issues.
// Each one authenticates, refuses operators (403 forbidden), validates its input with the
// src-shared/supervisor schemas (400 validation) and scopes everything to the supervisor's teams.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Id } from '../../src-shared/domain.js';
import {
  AddReviewCommentRequest, FiguresQuery, MAX_FIGURES_DAYS, QueueQuery, ReassignRequest, ReviewQuery,
  type BoardResponse, type FiguresResponse, type QueueResponse, type ReassignResponse, type ReviewComment, type ReviewListResponse, type SupervisorTopic, type TeamIssuesResponse,
} from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { teamBoard } from '../supervisor/board.js';
import { daysInRange } from '../supervisor/centre-time.js';
import { computeFigures } from '../supervisor/figures.js';
import { withCaseSla } from '../supervisor/case-sla.js';
import type { SupervisorHub } from '../supervisor/live.js';
import { workQueue } from '../supervisor/queue.js';
import { reassign } from '../supervisor/reassign.js';
import { addComment, listComments, reviewPage } from '../supervisor/review.js';
import { entryAuthor } from '../supervisor/review-inbox.js';
import { queueStats } from '../supervisor/queue-stats.js';
import { QueueStatsQuery, type QueueStatsResponse } from '../../src-shared/supervisor/queue-stats.js';
import type { ReviewCommentPoke } from '../../src-shared/home/review-inbox.js';
import { requireSupervisor, supervisorScope } from '../supervisor/scope.js';
import type { SupervisorSettings } from '../supervisor/settings.js';
import { teamIssues } from '../supervisor/team-issues.js';
import type { UserRow } from '../users.js';
import { HttpError, parseOr400 } from './errors.js';

export interface SupervisorRouteDeps {
  db: Kysely<ServerDb>;
  settings: SupervisorSettings;
  now: () => number;
  hub: SupervisorHub;
  authenticate: (request: FastifyRequest) => Promise<UserRow>;
  /** Tells connected desktops that the change log moved (they pull). */
  pokeDesktops: () => void;
  /** Sends a message to one user's connected desktops. */
  tellUser: (userId: string, message: object) => void;
}

const CommentsQuery = z.object({ interactionId: Id });

export function registerSupervisorRoutes(app: FastifyInstance, deps: SupervisorRouteDeps): void {
  const { db, settings, now, hub } = deps;
  const supervisor = async (request: FastifyRequest): Promise<UserRow> => {
    const user = await deps.authenticate(request);
    requireSupervisor(user);
    return user;
  };

  app.get('/supervisor/board', async (request): Promise<BoardResponse> => {
    const user = await supervisor(request);
    const scope = await supervisorScope(db, user);
    return teamBoard(db, scope, { timeZone: settings.timeZone, presenceStaleMs: settings.presenceStaleMs, nowMs: now(), isConnected: (id) => hub.isConnected(id) });
  });

  app.get('/supervisor/queue', async (request): Promise<QueueResponse> => {
    const user = await supervisor(request);
    const q = parseOr400(QueueQuery, request.query);
    return workQueue(db, await supervisorScope(db, user), q, await withCaseSla(db, settings), now());
  });

  app.post('/supervisor/reassign', async (request): Promise<ReassignResponse> => {
    const user = await supervisor(request);
    const input = parseOr400(ReassignRequest, request.body);
    const outcome = await reassign(db, await supervisorScope(db, user), user, input, now());
    if (outcome.changed) {
      deps.pokeDesktops();
      hub.notify(['queue', 'board'], [user.team_id, ...outcome.teamIds]);
    }
    return outcome.response;
  });

  app.get('/supervisor/figures', async (request): Promise<FiguresResponse> => {
    const user = await supervisor(request);
    const q = parseOr400(FiguresQuery, request.query);
    if (daysInRange(q.from, q.to) > MAX_FIGURES_DAYS) {
      throw new HttpError('validation', `to: a range of at most ${MAX_FIGURES_DAYS} days`, { to: [`at most ${MAX_FIGURES_DAYS} days`] });
    }
    return computeFigures(db, await supervisorScope(db, user, q.teamId), q, settings.timeZone, now());
  });

  app.get('/supervisor/interactions', async (request): Promise<ReviewListResponse> => {
    const user = await supervisor(request);
    const q = parseOr400(ReviewQuery, request.query);
    return reviewPage(db, await supervisorScope(db, user), q, settings.timeZone);
  });

  app.get('/supervisor/comments', async (request): Promise<ReviewComment[]> => {
    const user = await supervisor(request);
    const q = parseOr400(CommentsQuery, request.query);
    return listComments(db, await supervisorScope(db, user), q.interactionId);
  });

  app.post('/supervisor/comments', async (request, reply) => {
    const user = await supervisor(request);
    const input = parseOr400(AddReviewCommentRequest, request.body);
    const comment = await addComment(db, await supervisorScope(db, user), user, input, now());
    hub.notify(['review'], [user.team_id]);
    // The operator the comment is about finds it on their home screen, unread (issue 17).
    const author = await entryAuthor(db, input.interactionId);
    if (author !== null && author !== user.id) deps.tellUser(author, { type: 'review-comment' } satisfies ReviewCommentPoke);
    return reply.status(201).send(comment);
  });

  app.get('/supervisor/queue-stats', async (request): Promise<QueueStatsResponse> => {
    const user = await supervisor(request);
    const q = parseOr400(QueueStatsQuery, request.query);
    return queueStats(db, await supervisorScope(db, user), q, settings.timeZone, now());
  });

  app.get('/supervisor/team-issues', async (request): Promise<TeamIssuesResponse> => {
    const user = await supervisor(request);
    return teamIssues(db, await supervisorScope(db, user));
  });
}

/** Which supervisor views a desktop's applied push changes. */
export function topicsOfPush(entities: Iterable<string>): SupervisorTopic[] {
  const topics = new Set<SupervisorTopic>();
  for (const e of entities) {
    if (e === 'interaction') for (const t of ['board', 'figures', 'review'] as const) topics.add(t);
    if (e === 'case') for (const t of ['queue', 'figures'] as const) topics.add(t);
    if (e === 'task' || e === 'customer') topics.add('queue');
  }
  return [...topics];
}
