// The team's calls (issue 18): the caller log and the callbacks nobody has taken, from this
// desktop's store (offline: what was synced, with its age); claiming a callback, where the server
// decides between two operators who claim at once (the first claim wins: sync/push.ts keeps a
// task's first assignee against a concurrent hand-over, and the loser's desktop pulls the winner);
// and the operator's "mark all seen", kept on their synced user row through the server.
import {
  ApiError, TEAM_LOG_MAX_DAYS, TeamLogQuery, type ClaimResult, type TeamCallHandlers, type TeamLog,
} from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import { MetaKey, readMeta, writeMeta } from '../../db/meta.js';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { getTask, requireTaskRow } from '../../store/tasks.js';
import type { Store } from '../../store/write-path.js';
import { openCallbacks, teamCalls, teamLogChoices, unseenMissed } from './team-log.js';

export interface TeamCallContext {
  db: DbHandle;
  store: Store;
  sync: Pick<SyncClient, 'server' | 'status' | 'syncNow' | 'nudge'>;
  currentUserId: () => string;
  now: () => number;
}

const DAY_MS = 86_400_000;

/** The user's mark: the synced one, or a later one made here and not yet sent. */
export function missedSeenAt(db: DbHandle, userId: string): number | null {
  const synced = db.prepare('SELECT missed_seen_at FROM app_user WHERE id = ?').pluck().get(userId) as number | null | undefined;
  const pending = Number(readMeta(db.sqlite, MetaKey.missedSeenPending) ?? NaN);
  const values = [synced ?? null, Number.isFinite(pending) ? pending : null].filter((v): v is number => v !== null);
  return values.length > 0 ? Math.max(...values) : null;
}

export function createTeamCallHandlers(ctx: TeamCallContext): TeamCallHandlers {
  const { db } = ctx;
  const signedIn = () => ctx.sync.server?.hasCredentials() === true;
  return {
    'teamCalls.log': (input): TeamLog => {
      const q = TeamLogQuery.parse(input);
      const from = Math.max(q.from, ctx.now() - TEAM_LOG_MAX_DAYS * DAY_MS);
      const seenAt = missedSeenAt(db, ctx.currentUserId());
      const { calls, total } = teamCalls(db, { from, kind: q.kind, userId: q.userId, line: q.line }, seenAt);
      const status = ctx.sync.status;
      return {
        calls, total, ...teamLogChoices(db, from), openCallbacks: openCallbacks(db), missedSeenAt: seenAt,
        unseenMissed: unseenMissed(db, from, seenAt), syncedAt: signedIn() ? status.lastSyncAt : null,
        online: signedIn() && status.state !== 'offline' && status.state !== 'error',
      };
    },
    'teamCalls.markSeen': async (input) => {
      const at = input.at ?? ctx.now();
      const before = missedSeenAt(db, ctx.currentUserId());
      const next = Math.max(at, before ?? at);
      // Kept here at once (the log reads it offline) and sent with the next sync (sync/client/missed-seen-upload.ts).
      writeMeta(db.sqlite, MetaKey.missedSeenPending, String(next));
      if (signedIn()) ctx.sync.nudge();
      return { missedSeenAt: next };
    },
    'teamCalls.claim': async ({ id }): Promise<ClaimResult> => {
      const me = ctx.currentUserId();
      // A colleague's already, as far as this store knows: taken, and nothing is written.
      const taken = ctx.store.write((w) => {
        const task = requireTaskRow(db, id);
        if (task.status !== 'open') throw new ApiError('conflict', `the callback is already ${task.status}`);
        if (task.assignee_id !== null && task.assignee_id !== me) return true;
        if (task.assignee_id === null) w.update('task', task, { assignee_id: me });
        return false;
      });
      if (taken) return { taskId: id, outcome: 'taken', assigneeName: getTask(db, id).assignee?.name ?? null };
      if (!signedIn()) return { taskId: id, outcome: 'claimed', assigneeName: getTask(db, id).assignee?.name ?? null };
      try {
        await ctx.sync.syncNow();
      } catch {
        // Offline: the claim waits in the outbox; the server decides at the next sync.
      }
      const pending = (db.prepare("SELECT count(*) FROM outbox WHERE entity = 'task' AND row_id = ?").pluck().get(id) as number) > 0;
      const task = getTask(db, id);
      if (pending) return { taskId: id, outcome: 'pending', assigneeName: task.assignee?.name ?? null };
      if (task.assignee?.id === me) return { taskId: id, outcome: 'claimed', assigneeName: task.assignee.name };
      // The server refused the claim (a colleague was first) and this store took its version: the
      // operator is told here, so the refusal need not wait in the sync panel too.
      db.prepare("UPDATE sync_rejection SET dismissed = 1 WHERE entity = 'task' AND row_id = ? AND reason = 'taken'").run(id);
      return { taskId: id, outcome: 'taken', assigneeName: task.assignee?.name ?? null };
    },
  };
}
