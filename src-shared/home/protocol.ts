// The operator's home screen (issue 17): what the desktop reads for "my day" from its own store (my
// calls today, the team's missed calls and whether they were called back), and the review inbox it
// reads from the server (cached for offline, like the supervisors' views).
import { z } from 'zod';
import { Direction, EpochMs, Id, Reason, TaskStatus } from '../domain.js';
import { MyReviewComments } from './review-inbox.js';
import { FiguresResponse } from '../supervisor/protocol.js';

/** The operator's day as the window's clock has it: [from, to). */
export const HomeDayQuery = z.object({ from: EpochMs, to: EpochMs }).refine((q) => q.to > q.from && q.to - q.from <= 26 * 3_600_000, {
  message: 'a day: to after from, at most 26 hours (a DST change)',
  path: ['to'],
});

/** How many rows each list of the home screen holds; the counts above them are exact. */
export const HOME_LIST_LIMIT = 200;

export const HomeCall = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  occurredAt: EpochMs,
  direction: Direction,
  durationS: z.number().int().nullable(),
  reason: Reason,
  outcome: z.string().nullable(),
  number: z.string().nullable(),
});
export type HomeCall = z.infer<typeof HomeCall>;

export const HomeMissedCall = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  occurredAt: EpochMs,
  number: z.string().nullable(),
  /** The callback task the missed call made (null: none, e.g. written before tasks were made). */
  callback: z.object({ id: Id, status: TaskStatus, assigneeName: z.string().nullable() }).nullable(),
  /** A later outbound call to the customer, by anyone: the caller was called back. */
  calledBackAt: EpochMs.nullable(),
});
export type HomeMissedCall = z.infer<typeof HomeMissedCall>;

export const HomeDay = z.object({
  myCalls: z.array(HomeCall),
  myCallsCount: z.object({ in: z.number().int(), out: z.number().int(), talkS: z.number().int() }),
  missed: z.array(HomeMissedCall),
  /** Missed calls today that nobody called back and whose callback is not done. */
  missedOpen: z.number().int(),
});
export type HomeDay = z.infer<typeof HomeDay>;

/** The inbox as the home screen shows it: live, or (offline) the last one read, or none signed out. */
export const HomeReviews = MyReviewComments.extend({
  /** False: this desktop has no server (comments exist only there). */
  available: z.boolean(),
  live: z.boolean(),
  fetchedAt: EpochMs.nullable(),
});
export type HomeReviews = z.infer<typeof HomeReviews>;

/**
 * The operator's own figures (issue 19): what they handled in a range of the centre's days, from the
 * server (null when never read: signed out, or offline with nothing cached), and their tasks from the
 * local store: open now, overdue now, and done in the range.
 */
export const MyFigures = z.object({
  figures: FiguresResponse.nullable(),
  available: z.boolean(),
  live: z.boolean(),
  fetchedAt: EpochMs.nullable(),
  tasks: z.object({ open: z.number().int(), overdue: z.number().int(), done: z.number().int() }),
});
export type MyFigures = z.infer<typeof MyFigures>;
export const MyFiguresQuery = z.object({ from: z.iso.date(), to: z.iso.date(), fromMs: EpochMs, toMs: EpochMs });
