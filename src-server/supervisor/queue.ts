// The work queue: open cases (open / pending) and open tasks of the supervisor's teams. An item is a
// team's when its assignee is a member, or it is unassigned and the customer's owner is a member, or
// it is unassigned and the customer has no owner (then every supervisor sees it: nobody's yet).
// A case is due its category's resolution time after it was opened; a task at its due_at.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { REASONS, TASK_PRIORITIES } from '../../src-shared/domain.js';
import type { QueueItem, QueueQuery, QueueResponse } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { customersWithLabel } from '../segments/facts.js';
import { centreDay } from './centre-time.js';
import type { SupervisorSettings } from './settings.js';
import { memberArray, type SupervisorScope } from './scope.js';

interface QueueRow {
  kind: 'case' | 'task'; id: string; customer_id: string | null; customer_name: string | null; title: string | null;
  category: string | null; task_kind: string | null; opened_at: number | null; due_at: number | null; due: QueueItem['due']; priority: string;
  assignee_id: string | null; assignee_name: string | null; owner_id: string | null; owner_name: string | null;
  assignee_stamp: string | null; owner_stamp: string | null; total: number;
}

/**
 * Whether an item with `assignee` and `customer` columns belongs to the scope (see above). The owner is
 * looked up (by primary key) only for unassigned items, so the queue never joins every customer.
 */
export function queueScope(scope: SupervisorScope, assignee: RawBuilder<unknown>, customer: RawBuilder<unknown>): RawBuilder<boolean> {
  if (scope.all) return sql<boolean>`true`;
  const m = memberArray(scope);
  return sql<boolean>`(${assignee} = ANY(${m}) OR (${assignee} IS NULL AND NOT EXISTS (
    SELECT 1 FROM customer sc WHERE sc.id = ${customer} AND sc.owner_id IS NOT NULL AND NOT (sc.owner_id = ANY(${m})))))`;
}

export async function workQueue(db: Kysely<ServerDb>, scope: SupervisorScope, q: QueueQuery, settings: SupervisorSettings, nowMs: number): Promise<QueueResponse> {
  const resolution = sql.join(REASONS.map((r) => sql`WHEN ${r} THEN ${settings.caseResolutionMs[r]}::bigint`), sql` `);
  const caseDue = sql`k.opened_at + (CASE k.category ${resolution} ELSE ${settings.caseResolutionMs.other}::bigint END)`;
  const filters: RawBuilder<unknown>[] = [];
  if (q.kind) filters.push(sql`kind = ${q.kind}`);
  if (q.assigneeId === 'unassigned') filters.push(sql`assignee_id IS NULL`);
  else if (q.assigneeId) filters.push(sql`assignee_id = ${q.assigneeId}`);
  if (q.category) filters.push(sql`category = ${q.category}`);
  if (q.due) filters.push(sql`due = ${q.due}`);
  if (q.label !== undefined) {
    const ids = await customersWithLabel(db, q.label, await centreDay(db, settings.timeZone, nowMs), nowMs);
    filters.push(sql`customer_id = ANY(${ids}::text[])`);
  }
  const where = filters.length > 0 ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``;
  const order = {
    due: sql`due_at ASC NULLS LAST, opened_at ASC`,
    priority: sql`(CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) ASC, due_at ASC NULLS LAST`,
    age: sql`opened_at ASC`,
    assignee: sql`assignee_name ASC NULLS FIRST, due_at ASC NULLS LAST`,
    category: sql`category ASC NULLS LAST, due_at ASC NULLS LAST`,
  }[q.sort];
  const dueState = (dueAt: RawBuilder<unknown>) =>
    sql`CASE WHEN ${dueAt} IS NULL THEN 'on_time' WHEN ${dueAt} < ${nowMs} THEN 'overdue' WHEN ${dueAt} < ${nowMs + settings.dueSoonMs} THEN 'due_soon' ELSE 'on_time' END`;
  // Items are chosen, counted, sorted and cut to the limit first; names and owners are joined for
  // the page only.
  const rows = await sql<QueueRow>`
    WITH items AS (
      SELECT 'case' AS kind, k.id, k.customer_id, k.subject AS title, k.category, NULL::text AS task_kind,
             k.opened_at, ${caseDue} AS due_at, ${dueState(caseDue)} AS due, k.priority,
             k.assignee_id, a.name AS assignee_name, coalesce(k.field_hlc ->> 'assignee_id', k.field_hlc ->> '_') AS assignee_stamp
      FROM "case" k
      LEFT JOIN app_user a ON a.id = k.assignee_id
      WHERE k.deleted = 0 AND k.status IN ('open', 'pending') AND ${queueScope(scope, sql`k.assignee_id`, sql`k.customer_id`)}
      UNION ALL
      SELECT 'task', t.id, t.customer_id, t.title, (SELECT tc.category FROM "case" tc WHERE tc.id = t.case_id), t.kind,
             coalesce(t.created_at, 0), t.due_at, ${dueState(sql`t.due_at`)}, t.priority,
             t.assignee_id, a.name, coalesce(t.field_hlc ->> 'assignee_id', t.field_hlc ->> '_')
      FROM task t
      LEFT JOIN app_user a ON a.id = t.assignee_id
      WHERE t.deleted = 0 AND t.status = 'open' AND ${queueScope(scope, sql`t.assignee_id`, sql`t.customer_id`)}
    ),
    page AS (
      SELECT *, count(*) OVER ()::int AS total FROM items ${where}
      ORDER BY ${order}, id
      LIMIT ${q.limit}
    )
    SELECT page.*, cu.name AS customer_name, cu.owner_id, o.name AS owner_name, coalesce(cu.field_hlc ->> 'owner_id', cu.field_hlc ->> '_') AS owner_stamp
    FROM page
    LEFT JOIN customer cu ON cu.id = page.customer_id
    LEFT JOIN app_user o ON o.id = cu.owner_id
    ORDER BY ${order}, page.id`.execute(db);
  const items = rows.rows.map((r): QueueItem => ({
    kind: r.kind, id: r.id, customerId: r.customer_id, customerName: r.customer_name, title: r.title ?? '',
    category: r.category !== null && (REASONS as readonly string[]).includes(r.category) ? (r.category as QueueItem['category']) : null,
    taskKind: r.task_kind as QueueItem['taskKind'],
    openedAt: Number(r.opened_at ?? 0), dueAt: r.due_at === null ? null : Number(r.due_at), due: r.due,
    priority: (TASK_PRIORITIES as readonly string[]).includes(r.priority) ? (r.priority as QueueItem['priority']) : 'normal',
    assigneeId: r.assignee_id, assigneeName: r.assignee_name, ownerId: r.owner_id, ownerName: r.owner_name,
    assigneeStamp: r.assignee_stamp, ownerStamp: r.owner_stamp,
  }));
  return { items, total: rows.rows[0]?.total ?? 0, serverTimeMs: nowMs, dueSoonMs: settings.dueSoonMs };
}
