// The review: interactions logged by the members of the supervisor's teams, newest first, one page
// at a time (keyset on occurred_at, id: a page costs the same at the end as at the start), with the
// number of review comments; and the comments themselves.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { newId } from '../../src-shared/index.js';
import type { AddReviewCommentRequest, ReviewComment, ReviewItem, ReviewListResponse, ReviewQuery } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { UserRow } from '../users.js';
import { centreRange } from './centre-time.js';
import { covers, memberArray, type SupervisorScope } from './scope.js';

interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}:${c.id}`).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const [at, id] = Buffer.from(text, 'base64url').toString().split(':');
  if (at === undefined || id === undefined || !/^\d+$/.test(at) || id.length === 0) throw new DomainError('validation', 'cursor: not a cursor from a previous page');
  return { at: Number(at), id };
}

interface ReviewRow {
  id: string; customer_id: string | null; customer_name: string | null; user_id: string | null; operator_name: string | null;
  channel: ReviewItem['channel']; direction: ReviewItem['direction']; reason: ReviewItem['reason']; mood: ReviewItem['mood'];
  occurred_at: number; duration_s: number | null; outcome: string | null; summary: string | null; comments: number;
}

export async function reviewPage(db: Kysely<ServerDb>, scope: SupervisorScope, q: ReviewQuery, timeZone: string): Promise<ReviewListResponse> {
  if (q.operatorId !== undefined && !covers(scope, q.operatorId)) throw new DomainError('forbidden', 'this operator is not in your teams');
  const where: RawBuilder<unknown>[] = [sql`i.deleted = 0`];
  if (!scope.all) where.push(sql`i.user_id = ANY(${memberArray(scope)})`);
  if (q.operatorId) where.push(sql`i.user_id = ${q.operatorId}`);
  if (q.reason) where.push(sql`i.reason = ${q.reason}`);
  if (q.outcome) where.push(sql`i.outcome = ${q.outcome}`);
  if (q.mood) where.push(sql`i.mood = ${q.mood}`);
  if (q.channel) where.push(sql`i.channel = ${q.channel}`);
  if (q.from || q.to) {
    const { startMs, endMs } = await centreRange(db, timeZone, q.from ?? '1970-01-01', q.to ?? '9999-12-30');
    if (q.from) where.push(sql`i.occurred_at >= ${startMs}`);
    if (q.to) where.push(sql`i.occurred_at < ${endMs}`);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(i.occurred_at, i.id) < (${c.at}::bigint, ${c.id}::text)`);
  }
  const rows = await sql<ReviewRow>`
    SELECT i.id, i.customer_id, c.name AS customer_name, i.user_id, u.name AS operator_name, i.channel, i.direction, i.reason, i.mood,
           i.occurred_at, i.duration_s, i.outcome, coalesce(nullif(i.email_subject, ''), left(i.notes, 200), '') AS summary,
           (SELECT count(*) FROM review_comment rc WHERE rc.interaction_id = i.id)::int AS comments
    FROM interaction i
    LEFT JOIN customer c ON c.id = i.customer_id
    LEFT JOIN app_user u ON u.id = i.user_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY i.occurred_at DESC, i.id DESC
    LIMIT ${q.limit + 1}`.execute(db);
  const page = rows.rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r): ReviewItem => ({
      id: r.id, customerId: r.customer_id, customerName: r.customer_name, userId: r.user_id, operatorName: r.operator_name,
      channel: r.channel, direction: r.direction, reason: r.reason, mood: r.mood, occurredAt: Number(r.occurred_at),
      durationS: r.duration_s, outcome: r.outcome, summary: r.summary ?? '', comments: r.comments,
    })),
    nextCursor: rows.rows.length > q.limit && last ? encodeCursor({ at: Number(last.occurred_at), id: last.id }) : null,
  };
}

/** The interaction's author must be in the scope (an admin: any interaction). */
async function checkInteraction(db: Kysely<ServerDb>, scope: SupervisorScope, interactionId: string): Promise<void> {
  const row = await db.selectFrom('interaction').select(['id', 'user_id']).where('id', '=', interactionId).where('deleted', '=', 0).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such interaction');
  if (!covers(scope, (row.user_id as string | null) ?? null)) throw new DomainError('forbidden', 'this interaction was logged outside your teams');
}

export async function listComments(db: Kysely<ServerDb>, scope: SupervisorScope, interactionId: string): Promise<ReviewComment[]> {
  await checkInteraction(db, scope, interactionId);
  const rows = await db.selectFrom('review_comment as rc').innerJoin('app_user as u', 'u.id', 'rc.author_id')
    .select(['rc.id', 'rc.interaction_id', 'rc.author_id', 'u.name', 'rc.text', 'rc.at'])
    .where('rc.interaction_id', '=', interactionId).orderBy('rc.at').orderBy('rc.id').execute();
  return rows.map((r) => ({ id: r.id, interactionId: r.interaction_id, authorId: r.author_id, authorName: r.name, text: r.text, at: Number(r.at) }));
}

export async function addComment(db: Kysely<ServerDb>, scope: SupervisorScope, author: UserRow, input: AddReviewCommentRequest, nowMs: number): Promise<ReviewComment> {
  await checkInteraction(db, scope, input.interactionId);
  const row = { id: newId(), interaction_id: input.interactionId, author_id: author.id, text: input.text, at: nowMs };
  await db.insertInto('review_comment').values(row).execute();
  return { id: row.id, interactionId: row.interaction_id, authorId: author.id, authorName: author.name, text: row.text, at: nowMs };
}
