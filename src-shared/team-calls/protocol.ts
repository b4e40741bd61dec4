// The team's calls (issue 18): the caller log every operator sees, the callbacks nobody has taken,
// and each operator's "seen" mark for the team's missed calls.
import { z } from 'zod';
import { Direction, EpochMs, Id, TaskStatus } from '../domain.js';

/** `POST /me/missed-seen`: the team's missed calls up to `at` are seen by the signed-in user. */
export const MarkMissedSeen = z.strictObject({ at: EpochMs });
export type MarkMissedSeen = z.infer<typeof MarkMissedSeen>;
export const MissedSeenAnswer = z.object({ missedSeenAt: EpochMs });

/** How far back the caller log reads (the store keeps more; the log is for the recent days). */
export const TEAM_LOG_MAX_DAYS = 31;
export const TEAM_LOG_LIMIT = 500;

export const TEAM_LOG_KINDS = ['all', 'in', 'out', 'missed'] as const;
export const TeamLogKind = z.enum(TEAM_LOG_KINDS);
export type TeamLogKind = z.infer<typeof TeamLogKind>;

export const TeamLogQuery = z.object({
  /** Calls from this time on (the window's "since"); at most TEAM_LOG_MAX_DAYS back. */
  from: EpochMs,
  kind: TeamLogKind.default('all'),
  /** Handled by this user. */
  userId: Id.optional(),
  /** Came in on this queue or number. */
  line: z.string().trim().min(1).max(100).optional(),
});
export type TeamLogQuery = z.input<typeof TeamLogQuery>;

export const TeamCall = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  occurredAt: EpochMs,
  direction: Direction,
  missed: z.boolean(),
  durationS: z.number().int().nullable(),
  /** Who answered it (or, missed, whose desktop recorded it first). */
  userName: z.string().nullable(),
  number: z.string().nullable(),
  line: z.string().nullable(),
  waitS: z.number().int().nullable(),
  /** A missed call's callback: its state and who took it (null: nobody yet). */
  callback: z.object({ id: Id, status: TaskStatus, assigneeId: Id.nullable(), assigneeName: z.string().nullable() }).nullable(),
  /** Missed after the operator's last "mark all seen". */
  unseen: z.boolean(),
});
export type TeamCall = z.infer<typeof TeamCall>;

export const OpenCallback = z.object({
  taskId: Id,
  customerId: Id,
  customerName: z.string(),
  title: z.string(),
  number: z.string().nullable(),
  dueAt: EpochMs,
});
export type OpenCallback = z.infer<typeof OpenCallback>;

export const TeamLog = z.object({
  calls: z.array(TeamCall),
  /** Every call that matched, though at most TEAM_LOG_LIMIT are listed. */
  total: z.number().int(),
  /** The operators and the lines the filters offer (from the calls in the window). */
  agents: z.array(z.object({ id: Id, name: z.string() })),
  lines: z.array(z.string()),
  /** Callback tasks nobody has taken, oldest due first. */
  openCallbacks: z.array(OpenCallback),
  missedSeenAt: EpochMs.nullable(),
  unseenMissed: z.number().int(),
  /** When this desktop last heard from the server (null: never, or no server): the data's age. */
  syncedAt: EpochMs.nullable(),
  online: z.boolean(),
});
export type TeamLog = z.infer<typeof TeamLog>;

/** The first claim wins: the server keeps it, and a later claimant is told who has the callback. */
export const ClaimResult = z.object({
  taskId: Id,
  /** claimed: yours; taken: a colleague's first; pending: offline, decided at the next sync. */
  outcome: z.enum(['claimed', 'taken', 'pending']),
  assigneeName: z.string().nullable(),
});
export type ClaimResult = z.infer<typeof ClaimResult>;
