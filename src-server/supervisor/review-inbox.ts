// The operator's side of the review (issue 17): the comments supervisors left on the operator's own
// entries, newest first, unread until the operator marks them seen. Only the entry's author reads
// them here; a comment on someone else's entry is neither listed nor markable.
import { sql, type Kysely } from 'kysely';
import { MY_REVIEW_COMMENTS_LIMIT, type MyReviewComment, type MyReviewComments } from '../../src-shared/home/review-inbox.js';
import type { Channel } from '../../src-shared/domain.js';
import type { ServerDb } from '../db/schema.js';

interface InboxRow {
  id: string;
  interaction_id: string;
  author_id: string;
  author_name: string;
  text: string;
  at: string | number;
  seen_at: string | number | null;
  customer_id: string | null;
  customer_name: string | null;
  channel: Channel;
  occurred_at: string | number;
}

export async function myReviewComments(db: Kysely<ServerDb>, userId: string): Promise<MyReviewComments> {
  const rows = await sql<InboxRow>`
    SELECT rc.id, rc.interaction_id, rc.author_id, u.name AS author_name, rc.text, rc.at, rc.seen_at,
           i.customer_id, c.name AS customer_name, i.channel, i.occurred_at
    FROM interaction i
    JOIN review_comment rc ON rc.interaction_id = i.id
    JOIN app_user u ON u.id = rc.author_id
    LEFT JOIN customer c ON c.id = i.customer_id
    WHERE i.user_id = ${userId} AND i.deleted = 0
    ORDER BY rc.at DESC, rc.id DESC
    LIMIT ${MY_REVIEW_COMMENTS_LIMIT}`.execute(db);
  const unread = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM interaction i JOIN review_comment rc ON rc.interaction_id = i.id
    WHERE i.user_id = ${userId} AND i.deleted = 0 AND rc.seen_at IS NULL`.execute(db);
  return {
    comments: rows.rows.map((r): MyReviewComment => ({
      id: r.id, interactionId: r.interaction_id, authorId: r.author_id, authorName: r.author_name, text: r.text, at: Number(r.at),
      seenAt: r.seen_at === null ? null : Number(r.seen_at), customerId: r.customer_id, customerName: r.customer_name,
      channel: r.channel, occurredAt: Number(r.occurred_at),
    })),
    unread: unread.rows[0]?.n ?? 0,
  };
}

/** Marks the user's own comments seen (once: the first time stays); returns how many changed. */
export async function markCommentsSeen(db: Kysely<ServerDb>, userId: string, ids: readonly string[], now: number): Promise<number> {
  const result = await db.updateTable('review_comment').set({ seen_at: now })
    .where('id', 'in', [...ids]).where('seen_at', 'is', null)
    .where('interaction_id', 'in', (qb) => qb.selectFrom('interaction').select('id').where('user_id', '=', userId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Who is told of a new comment: the author of the entry it is about. */
export async function entryAuthor(db: Kysely<ServerDb>, interactionId: string): Promise<string | null> {
  const row = await db.selectFrom('interaction').select('user_id').where('id', '=', interactionId).executeTakeFirst();
  return (row?.user_id as string | null | undefined) ?? null;
}
