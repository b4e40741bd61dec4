// Review comments delivered to the operator they are about (issue 17): a supervisor's comment on an
// entry reaches its author's home screen, unread until the operator has seen it.
import { z } from 'zod';
import { Channel, EpochMs, Id } from '../domain.js';
import { ReviewComment } from '../supervisor/protocol.js';

export const MyReviewComment = ReviewComment.extend({
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  channel: Channel,
  /** When the entry the comment is about happened. */
  occurredAt: EpochMs,
  /** When the operator saw it (null: unread). */
  seenAt: EpochMs.nullable(),
});
export type MyReviewComment = z.infer<typeof MyReviewComment>;

export const MyReviewComments = z.object({
  comments: z.array(MyReviewComment),
  unread: z.number().int().nonnegative(),
});
export type MyReviewComments = z.infer<typeof MyReviewComments>;

export const MarkCommentsSeen = z.object({ ids: z.array(Id).min(1).max(200) });
export type MarkCommentsSeen = z.infer<typeof MarkCommentsSeen>;

/** Sent on the author's sync sockets when a comment about their entry is added: the desktop re-reads. */
export const ReviewCommentPoke = z.object({ type: z.literal('review-comment') });
export type ReviewCommentPoke = z.infer<typeof ReviewCommentPoke>;

/** How many comments the inbox shows, newest first. */
export const MY_REVIEW_COMMENTS_LIMIT = 100;
