// Messages of the supervisors' views between the desktop and the central server: the live team board,
// the work queues, reassignment, the figures and the review. The server validates requests and the
// desktop validates answers with these schemas; the desktop's API (api/methods.ts) wraps the answers
// in a Cached<> envelope so that, offline, the last synced answer is shown with its time.
import { z } from 'zod';
import { SegmentName } from '../segments/segment.js';
import { Channel, Direction, EpochMs, Id, Mood, RatingChannel, Reason, Role, TaskKind, TaskPriority } from '../domain.js';
import { PRESENCE_STATES } from '../sync/protocol.js';

/** A calendar day in the centre's time zone (not UTC): figures and "today" are counted by it. */
export const CentreDate = z.iso.date();
export type CentreDate = z.infer<typeof CentreDate>;

export const PresenceState = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceState>;

// ---------------------------------------------------------------------------------------------
// Live team board

export const BoardEntry = z.object({
  userId: Id,
  name: z.string(),
  role: Role,
  teamId: Id.nullable(),
  teamName: z.string().nullable(),
  extension: z.string().nullable(),
  /** 'offline' when the desktop never reported, or its last report is older than the server's bound. */
  state: PresenceState,
  /** When the operator entered the state (null: never reported). */
  since: EpochMs.nullable(),
  /** The caller's name while ringing or on a call. */
  callerName: z.string().nullable(),
  /** Interactions this user logged today (the centre's day). */
  handledToday: z.number().int().nonnegative(),
  reportedAt: EpochMs.nullable(),
});
export type BoardEntry = z.infer<typeof BoardEntry>;

export const BoardResponse = z.object({
  entries: z.array(BoardEntry),
  serverTimeMs: EpochMs,
  /** Today in the centre's time zone, and that zone (IANA name). */
  day: CentreDate,
  timeZone: z.string(),
});
export type BoardResponse = z.infer<typeof BoardResponse>;

// ---------------------------------------------------------------------------------------------
// Work queues: open cases and callback tasks of the supervisor's teams

export const QUEUE_KINDS = ['case', 'task'] as const;
export const QueueKind = z.enum(QUEUE_KINDS);
export type QueueKind = z.infer<typeof QueueKind>;

/** overdue: past due; due_soon: due within the server's warning window; on_time otherwise. */
export const DUE_STATES = ['overdue', 'due_soon', 'on_time'] as const;
export const DueState = z.enum(DUE_STATES);
export type DueState = z.infer<typeof DueState>;

export const QUEUE_SORTS = ['due', 'priority', 'age', 'assignee', 'category'] as const;

export const QueueQuery = z.object({
  kind: QueueKind.optional(),
  /** An operator's id, or 'unassigned'. */
  assigneeId: z.union([Id, z.literal('unassigned')]).optional(),
  category: Reason.optional(),
  due: DueState.optional(),
  /** Items of customers carrying this label: a tag, the segment field or a saved segment (issue 20). */
  label: SegmentName.optional(),
  sort: z.enum(QUEUE_SORTS).default('due'),
  limit: z.coerce.number().int().min(1).max(2_000).default(500),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueItem = z.object({
  kind: QueueKind,
  id: Id,
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  /** The case's subject or the task's title. */
  title: z.string(),
  /** The case's category (a task's: its case's category, or null). */
  category: Reason.nullable(),
  taskKind: TaskKind.nullable(),
  /** When the case was opened / the task created: the item's age counts from here. */
  openedAt: EpochMs,
  /** A task's due time; a case's is opened + the centre's resolution time for its category. */
  dueAt: EpochMs.nullable(),
  due: DueState,
  /** The case's or task's priority (issue 19). */
  priority: TaskPriority.default('normal'),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  /** The customer's owner (the manager), shown because reassigning the owner is one of the actions. */
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  /**
   * The HLC stamps of the assignee and the owner as listed: a reassignment that sends them back
   * (ReassignRequest items' `seen`) lets the server tell an operator's concurrent change of the
   * same field apart and keep the value it overwrites in sync_conflict.
   */
  assigneeStamp: z.string().nullable().optional(),
  ownerStamp: z.string().nullable().optional(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueResponse = z.object({
  items: z.array(QueueItem),
  /** All matching items (items holds at most `limit`). */
  total: z.number().int().nonnegative(),
  serverTimeMs: EpochMs,
  /** The "about to breach" window: items due within it are 'due_soon'. */
  dueSoonMs: z.number().int().nonnegative(),
});
export type QueueResponse = z.infer<typeof QueueResponse>;

// ---------------------------------------------------------------------------------------------
// Reassignment: many items in one action; a customer's owner too (that lifts the owner lock)

export const REASSIGN_KINDS = ['case', 'task', 'customer'] as const;
export const ReassignKind = z.enum(REASSIGN_KINDS);
export type ReassignKind = z.infer<typeof ReassignKind>;

export const MAX_REASSIGN_ITEMS = 500;
export const ReassignRequest = z.object({
  items: z.array(z.object({
    kind: ReassignKind,
    id: Id,
    /** The stamp of the assignee (case, task) or owner (customer) as the supervisor saw it (QueueItem). */
    seen: z.string().max(80).optional(),
  })).min(1).max(MAX_REASSIGN_ITEMS),
  toUserId: Id,
  /** Why: recorded with who did it, shown in the review. */
  reason: z.string().trim().min(1).max(500),
});
export type ReassignRequest = z.infer<typeof ReassignRequest>;

export const REASSIGN_OUTCOMES = ['reassigned', 'unchanged', 'not_found', 'out_of_scope'] as const;
export const ReassignResult = z.object({
  kind: ReassignKind,
  id: Id,
  status: z.enum(REASSIGN_OUTCOMES),
  previousUserId: Id.nullable(),
});
export type ReassignResult = z.infer<typeof ReassignResult>;
export const ReassignResponse = z.object({ results: z.array(ReassignResult) });
export type ReassignResponse = z.infer<typeof ReassignResponse>;

export const ReassignmentRecord = z.object({
  id: z.number().int(),
  kind: ReassignKind,
  rowId: Id,
  fromUserId: Id.nullable(),
  toUserId: Id,
  byUserId: Id,
  byName: z.string(),
  reason: z.string(),
  at: EpochMs,
});
export type ReassignmentRecord = z.infer<typeof ReassignmentRecord>;

// ---------------------------------------------------------------------------------------------
// Figures: per operator and team, for a range of the centre's days

export const MAX_FIGURES_DAYS = 366;
export const FiguresQuery = z
  .object({
    from: CentreDate,
    /** Inclusive. */
    to: CentreDate,
    /** One team; omitted: all the supervisor's teams. */
    teamId: Id.optional(),
  })
  .refine((q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] });
export type FiguresQuery = z.infer<typeof FiguresQuery>;

export const FiguresRow = z.object({
  /** null in the team's total row. */
  userId: Id.nullable(),
  name: z.string(),
  callsIn: z.number().int(),
  callsOut: z.number().int(),
  emails: z.number().int(),
  faxes: z.number().int(),
  complaints: z.number().int(),
  serviceRequests: z.number().int(),
  informationRequests: z.number().int(),
  sales: z.number().int(),
  other: z.number().int(),
  /** Mean duration of answered calls (missed ones excluded), seconds; null with no calls. */
  avgHandlingS: z.number().nullable(),
  missed: z.number().int(),
  /** Missed calls followed by an outbound call to the same customer (at any later time). */
  missedCalledBack: z.number().int(),
  casesOpened: z.number().int(),
  casesClosed: z.number().int(),
  /** Conversations in the site chat and messengers the operator closed (issue 26). */
  chats: z.number().int().default(0),
  /** The customers' own ratings of the operator's entries in the range (answered in it), and their mean 1–5. */
  ratings: z.number().int().default(0),
  ratingMean: z.number().nullable().default(null),
});
export type FiguresRow = z.infer<typeof FiguresRow>;

export const FiguresResponse = z.object({
  from: CentreDate,
  to: CentreDate,
  timeZone: z.string(),
  operators: z.array(FiguresRow),
  total: FiguresRow,
  /** Interactions by the hour of the centre's day (0–23), summed over the range. */
  byHour: z.array(z.object({ hour: z.number().int().min(0).max(23), calls: z.number().int(), emails: z.number().int(), faxes: z.number().int() })),
  byReason: z.array(z.object({ reason: Reason, count: z.number().int() })),
  /** Calls by recorded outcome, most frequent first (at most 20); the rest in otherOutcomes. */
  byOutcome: z.array(z.object({ outcome: z.string(), count: z.number().int() })).default([]),
  otherOutcomes: z.number().int().default(0),
  /** Calls logged without an outcome. */
  noOutcome: z.number().int().default(0),
  byChannel: z.array(z.object({ channel: Channel, direction: Direction, count: z.number().int() })),
  /** Calls by the queue or number they came in on (issue 18): answered, missed, the callers' mean wait. */
  byLine: z.array(z.object({ line: z.string(), calls: z.number().int(), missed: z.number().int(), avgWaitS: z.number().nullable() })).default([]),
  /** The customers' own ratings (issue 26) by the reason of the entry rated, and by how they came. */
  satisfaction: z.object({
    byReason: z.array(z.object({ reason: Reason, count: z.number().int(), mean: z.number().nullable() })),
    byChannel: z.array(z.object({ channel: RatingChannel, count: z.number().int(), mean: z.number().nullable() })),
  }).default({ byReason: [], byChannel: [] }),
  computedAtMs: EpochMs,
});
export type FiguresResponse = z.infer<typeof FiguresResponse>;

// ---------------------------------------------------------------------------------------------
// Review: logged interactions of the team, review comments, conflicts and rejections

export const ReviewQuery = z.object({
  operatorId: Id.optional(),
  reason: Reason.optional(),
  mood: Mood.optional(),
  channel: Channel.optional(),
  /** Entries with exactly this outcome (a canned one, or free text). */
  outcome: z.string().trim().min(1).max(500).optional(),
  from: CentreDate.optional(),
  to: CentreDate.optional(),
  /** Opaque cursor from the previous page's nextCursor. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const ReviewItem = z.object({
  id: Id,
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  userId: Id.nullable(),
  operatorName: z.string().nullable(),
  channel: Channel,
  direction: Direction,
  reason: Reason,
  mood: Mood.nullable(),
  occurredAt: EpochMs,
  durationS: z.number().int().nullable(),
  outcome: z.string().nullable(),
  /** The email subject, or the start of the notes. */
  summary: z.string(),
  comments: z.number().int().nonnegative(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewListResponse = z.object({ items: z.array(ReviewItem), nextCursor: z.string().nullable() });
export type ReviewListResponse = z.infer<typeof ReviewListResponse>;

export const ReviewComment = z.object({
  id: Id,
  interactionId: Id,
  authorId: Id,
  authorName: z.string(),
  text: z.string(),
  at: EpochMs,
});
export type ReviewComment = z.infer<typeof ReviewComment>;
export const AddReviewCommentRequest = z.object({ interactionId: Id, text: z.string().trim().min(1).max(4_000) });
export type AddReviewCommentRequest = z.infer<typeof AddReviewCommentRequest>;

export const TeamConflict = z.object({
  id: z.number().int(),
  entity: z.string(),
  rowId: Id,
  field: z.string(),
  keptValue: z.unknown(),
  lostValue: z.unknown(),
  lostByUserId: Id.nullable(),
  lostByName: z.string().nullable(),
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  at: EpochMs,
});
export type TeamConflict = z.infer<typeof TeamConflict>;

export const TeamRejection = z.object({
  id: z.number().int(),
  userId: Id,
  userName: z.string(),
  entity: z.string(),
  rowId: Id,
  reason: z.string(),
  message: z.string(),
  at: EpochMs,
});
export type TeamRejection = z.infer<typeof TeamRejection>;

export const TeamIssuesResponse = z.object({
  conflicts: z.array(TeamConflict),
  rejections: z.array(TeamRejection),
  reassignments: z.array(ReassignmentRecord),
});
export type TeamIssuesResponse = z.infer<typeof TeamIssuesResponse>;

// ---------------------------------------------------------------------------------------------
// Live updates: on the sync WebSocket, supervisors' desktops also get this message; they refetch.

export const SUPERVISOR_TOPICS = ['board', 'queue', 'figures', 'review'] as const;
export const SupervisorTopic = z.enum(SUPERVISOR_TOPICS);
export type SupervisorTopic = z.infer<typeof SupervisorTopic>;
export const SupervisorPoke = z.object({ type: z.literal('supervisor'), topics: z.array(SupervisorTopic).min(1) });
export type SupervisorPoke = z.infer<typeof SupervisorPoke>;
