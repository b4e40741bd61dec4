// The supervisors' API methods (docs/supervisors.md): a proxy to the central server's /supervisor
// endpoints with an offline cache. The role is checked here first, so an operator's desktop refuses
// at once (the server refuses too). Reads store every live answer; when the server is unreachable the
// last answer for the same input comes back marked live:false with the time the server computed it.
// Writes (reassignment, review comments) need the server and fail with 'offline' without it.
import type { z } from 'zod';
import {
  ApiError, BoardResponse, FiguresResponse, QueueResponse, QueueStatsResponse, ReassignResponse, ReviewComment, ReviewListResponse, TeamIssuesResponse,
  type MethodsOf, type Role, type SupervisorHandlers,
} from '../../../../src-shared/index.js';
import type { Locale } from '../../../../src-shared/domain.js';
import type { DbHandle } from '../../db/db-handle.js';
import { getUser } from '../../store/users.js';
import type { ServerApi } from '../../sync/server-api.js';
import { SyncHttpError } from '../../sync/server-api.js';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { figuresCsv, figuresFileName } from './figures-csv.js';
import { AuditEvent, ErasureOutcome } from '../../../../src-shared/sync/audit.js';
import { cacheKey, SupervisorCache } from './supervisor-cache.js';
import { withLocalQueues, type LocalQueue } from './queue-numbers-merge.js';

type SupervisorMethod = MethodsOf<'supervisor'>;

export interface SupervisorContext {
  db: DbHandle;
  sync: Pick<SyncClient, 'server' | 'status' | 'nudge' | 'serverReached'>;
  currentUserId: () => string;
  locale: () => Locale;
  /** The server's time as this desktop knows it (the wall clock plus the measured offset). */
  serverNow: () => number;
  /** Today's queue numbers from this desktop's AMI link, per queue (none without one). */
  localQueues?: (answerWithinS: number) => LocalQueue[];
}

const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'admin'];

/** The server's typed failure as the API's; the codes are shared except the protocol-only ones. */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof SyncHttpError)) return error;
  const details = error.details !== null && typeof error.details === 'object' && !Array.isArray(error.details) ? error.details : {};
  return new ApiError(error.code, error.message, { ...details, status: error.status });
}

/** The server cannot answer at all (down, no network, or a gateway in front of it says so). */
export function unreachable(error: unknown): boolean {
  return error instanceof SyncHttpError && (error.code === 'offline' || [502, 503, 504].includes(error.status));
}

/** A query string of the defined fields, in key order (so equal inputs make equal URLs). */
export function queryString(input: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(input).sort()) {
    const value = input[key];
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function createSupervisorHandlers(ctx: SupervisorContext): SupervisorHandlers {
  const cache = new SupervisorCache(ctx.db);

  const role = (): Role | null => ctx.sync.status.user?.role ?? ctx.sync.server?.user?.role ?? getUser(ctx.db, ctx.currentUserId())?.role ?? null;

  /** The signed-in supervisor's server connection; 'forbidden' for any other role, 'offline' signed out. */
  const serverFor = (): { api: ServerApi; userId: string } => {
    const r = role();
    if (!r || !SUPERVISOR_ROLES.includes(r)) throw new ApiError('forbidden', 'the supervisor views need the supervisor or admin role');
    const api = ctx.sync.server;
    if (!api || !api.hasCredentials()) throw new ApiError('offline', 'not signed in to a central server');
    return { api, userId: ctx.sync.status.user?.id ?? api.user?.id ?? ctx.currentUserId() };
  };

  async function read<S extends z.ZodType>(
    method: SupervisorMethod,
    path: string,
    input: unknown,
    schema: S,
    serverTime: (data: z.output<S>) => number | null,
  ): Promise<{ data: z.output<S>; fetchedAt: number; live: boolean }> {
    const { api, userId } = serverFor();
    // Per account: after a sign-in as someone else, the previous supervisor's teams stay hidden.
    const key = cacheKey(`${userId} ${method}`, input);
    try {
      const data = await api.call('GET', path, undefined, schema);
      ctx.sync.serverReached(true);
      const fetchedAt = serverTime(data) ?? ctx.serverNow();
      cache.put(key, data, fetchedAt);
      return { data, fetchedAt, live: true };
    } catch (error) {
      if (!unreachable(error)) throw toApiError(error);
      ctx.sync.serverReached(false);
      const hit = cache.get(key, schema);
      if (!hit) throw new ApiError('offline', `the central server is unreachable and nothing is cached for ${method}`);
      return { ...hit, live: false };
    }
  }

  async function write<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const { api } = serverFor();
    try {
      return await api.call('POST', path, body, schema);
    } catch (error) {
      if (unreachable(error)) {
        ctx.sync.serverReached(false);
        throw new ApiError('offline', 'the central server is unreachable; nothing was changed');
      }
      throw toApiError(error);
    }
  }

  const figures = (input: Parameters<SupervisorHandlers['supervisor.figures']>[0]) =>
    read('supervisor.figures', `/supervisor/figures${queryString(input)}`, input, FiguresResponse, (d) => d.computedAtMs);

  return {
    'supervisor.board': (input) => read('supervisor.board', '/supervisor/board', input, BoardResponse, (d) => d.serverTimeMs),
    'supervisor.queueStats': async (input) => {
      const answer = await read('supervisor.queueStats', `/supervisor/queue-stats${queryString(input)}`, input, QueueStatsResponse, (d) => d.serverTimeMs);
      return { ...answer, data: withLocalQueues(answer.data, ctx.localQueues?.(input.answerWithinS) ?? []) };
    },
    'supervisor.queue': (input) => read('supervisor.queue', `/supervisor/queue${queryString(input)}`, input, QueueResponse, (d) => d.serverTimeMs),
    'supervisor.reassign': async (input) => {
      const answer = await write('/supervisor/reassign', input, ReassignResponse);
      // The reassigned rows come back through the pull: fetch them now rather than at the next poke.
      ctx.sync.nudge();
      return answer;
    },
    'supervisor.figures': figures,
    'supervisor.figuresCsv': async (input) => {
      const answer = await figures(input);
      return { fileName: figuresFileName(answer.data), csv: figuresCsv(answer.data, ctx.locale()) };
    },
    'supervisor.interactions': (input) =>
      read('supervisor.interactions', `/supervisor/interactions${queryString(input)}`, input, ReviewListResponse, () => null),
    'supervisor.comments': async (input) =>
      (await read('supervisor.comments', `/supervisor/comments${queryString(input)}`, input, ReviewComment.array(), () => null)).data,
    'supervisor.addComment': (input) => write('/supervisor/comments', input, ReviewComment),
    'supervisor.teamIssues': (input) => read('supervisor.teamIssues', '/supervisor/team-issues', input, TeamIssuesResponse, () => null),
    // Personal data: live only. An audit log or an export served from a cache could be stale, and a
    // copy of someone's data kept on this desktop for the purpose is one more copy to erase.
    'supervisor.audit': async (input) => {
      const { api } = serverFor();
      const events = await live(() => api.call('GET', `/audit${queryString(input)}`, undefined, AuditEvent.array()));
      return events.map((e) => ({ ...e, actorName: e.actorId ? (getUser(ctx.db, e.actorId)?.name ?? null) : null, customerName: e.customerId ? customerName(ctx.db, e.customerId) : null }));
    },
    'supervisor.exportCustomer': async (input) => {
      const { api } = serverFor();
      const content = await live(() => api.text(`/admin/customers/${encodeURIComponent(input.customerId)}/export?format=${input.format}`));
      const mimeType = input.format === 'html' ? 'text/html;charset=utf-8' : 'application/json;charset=utf-8';
      return { fileName: `customer-${input.customerId}.${input.format}`, mimeType, content };
    },
    'supervisor.eraseCustomer': async (input) => {
      if (role() !== 'admin') throw new ApiError('forbidden', 'only an admin may erase a customer');
      const answer = await write(`/admin/customers/${encodeURIComponent(input.customerId)}/erase`, {}, ErasureOutcome);
      // The erasure reaches this store by the pull, like every other desktop's: now, not at the next poke.
      ctx.sync.nudge();
      return answer;
    },
  };
}

/** Runs a live server call; unreachable is 'offline' (nothing was read or changed), the rest typed. */
export async function live<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (unreachable(error)) throw new ApiError('offline', 'the central server is unreachable');
    throw toApiError(error);
  }
}

function customerName(db: DbHandle, id: string): string | null {
  return (db.prepare('SELECT name FROM customer WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
}
