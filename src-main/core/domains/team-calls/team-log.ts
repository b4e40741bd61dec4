// The team's caller log (issue 18), read from this desktop's store so it works offline: every call
// entry in the window, in and out, answered and missed, with who handled it, the line it came in on,
// and for a missed call its callback and whether it came after the operator's last "seen".
import { MISSED_OUTCOME, TEAM_LOG_LIMIT, type OpenCallback, type TeamCall, type TeamLogKind } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';

interface Row {
  id: string;
  customer_id: string;
  customer_name: string;
  occurred_at: number;
  direction: 'in' | 'out';
  outcome: string | null;
  duration_s: number | null;
  user_name: string | null;
  number: string | null;
  line: string | null;
  wait_s: number | null;
  task_id: string | null;
  task_status: 'open' | 'done' | 'cancelled' | null;
  assignee_id: string | null;
  assignee_name: string | null;
}

export interface TeamLogFilter {
  from: number;
  kind: TeamLogKind;
  userId?: string | undefined;
  line?: string | undefined;
}

function where(f: TeamLogFilter): { sql: string; params: Record<string, unknown> } {
  const parts = [`i.deleted = 0`, `i.channel = 'call'`, `i.occurred_at >= @from`];
  const params: Record<string, unknown> = { from: f.from };
  if (f.kind === 'missed') parts.push(`i.outcome = '${MISSED_OUTCOME}'`);
  else if (f.kind !== 'all') {
    parts.push(`i.direction = @direction`, `(i.outcome IS NULL OR i.outcome <> '${MISSED_OUTCOME}')`);
    params.direction = f.kind;
  }
  if (f.userId !== undefined) {
    parts.push('i.user_id = @userId');
    params.userId = f.userId;
  }
  if (f.line !== undefined) {
    parts.push('i.line = @line');
    params.line = f.line;
  }
  return { sql: parts.join(' AND '), params };
}

export function teamCalls(db: DbHandle, filter: TeamLogFilter, seenAt: number | null): { calls: TeamCall[]; total: number } {
  const w = where(filter);
  // interaction_by_time (migration 0019) serves the window, newest first.
  const rows = db.prepare(`
    SELECT i.id, i.customer_id, c.name AS customer_name, i.occurred_at, i.direction, i.outcome, i.duration_s, u.name AS user_name,
           i.number, i.line, i.wait_s, t.id AS task_id, t.status AS task_status, t.assignee_id, a.name AS assignee_name
    FROM interaction i
    JOIN customer c ON c.id = i.customer_id
    LEFT JOIN app_user u ON u.id = i.user_id
    LEFT JOIN task t ON t.id = (SELECT id FROM task WHERE interaction_id = i.id AND deleted = 0 AND kind = 'callback' ORDER BY created_at LIMIT 1)
    LEFT JOIN app_user a ON a.id = t.assignee_id
    WHERE ${w.sql}
    ORDER BY i.occurred_at DESC, i.id DESC
    LIMIT ${TEAM_LOG_LIMIT}`).all(w.params) as Row[];
  const total = rows.length < TEAM_LOG_LIMIT ? rows.length : (db.prepare(`SELECT count(*) FROM interaction i WHERE ${w.sql}`).pluck().get(w.params) as number);
  return {
    total,
    calls: rows.map((r) => {
      const missed = r.outcome === MISSED_OUTCOME;
      return {
        id: r.id, customerId: r.customer_id, customerName: r.customer_name, occurredAt: r.occurred_at, direction: r.direction, missed,
        durationS: r.duration_s, userName: r.user_name, number: r.number, line: r.line, waitS: r.wait_s,
        callback: r.task_id !== null && r.task_status !== null ? { id: r.task_id, status: r.task_status, assigneeId: r.assignee_id, assigneeName: r.assignee_name } : null,
        unseen: missed && (seenAt === null || r.occurred_at > seenAt),
      };
    }),
  };
}

/** The filters' choices: who handled calls in the window, and the lines they came in on. */
export function teamLogChoices(db: DbHandle, from: number): { agents: { id: string; name: string }[]; lines: string[] } {
  const agents = db.prepare(`
    SELECT DISTINCT u.id, u.name FROM interaction i JOIN app_user u ON u.id = i.user_id
    WHERE i.deleted = 0 AND i.channel = 'call' AND i.occurred_at >= ? ORDER BY u.name`).all(from) as { id: string; name: string }[];
  const lines = db.prepare(`
    SELECT DISTINCT line FROM interaction WHERE deleted = 0 AND channel = 'call' AND occurred_at >= ? AND line IS NOT NULL ORDER BY line`).pluck().all(from) as string[];
  return { agents, lines };
}

export function unseenMissed(db: DbHandle, from: number, seenAt: number | null): number {
  return db.prepare(`
    SELECT count(*) FROM interaction WHERE deleted = 0 AND channel = 'call' AND outcome = '${MISSED_OUTCOME}' AND occurred_at >= ? AND occurred_at > ?`)
    .pluck().get(from, seenAt ?? -1) as number;
}

/** Callback tasks nobody has taken, oldest due first. */
export function openCallbacks(db: DbHandle): OpenCallback[] {
  const rows = db.prepare(`
    SELECT t.id, t.customer_id, c.name AS customer_name, t.title, t.due_at, i.number
    FROM task t JOIN customer c ON c.id = t.customer_id LEFT JOIN interaction i ON i.id = t.interaction_id
    WHERE t.deleted = 0 AND t.kind = 'callback' AND t.status = 'open' AND t.assignee_id IS NULL AND c.deleted = 0
    ORDER BY t.due_at, t.id LIMIT ${TEAM_LOG_LIMIT}`).all() as { id: string; customer_id: string; customer_name: string; title: string; due_at: number; number: string | null }[];
  return rows.map((r) => ({ taskId: r.id, customerId: r.customer_id, customerName: r.customer_name, title: r.title, number: r.number, dueAt: r.due_at }));
}
