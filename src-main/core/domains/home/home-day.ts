// "My day" for the operator's home screen, read from the desktop's own store so it works offline:
// the calls this user logged today, and the team's missed calls today with whether each was called
// back (a later outbound call to the customer) or its callback task is done.
import { HOME_LIST_LIMIT, MISSED_OUTCOME, type HomeCall, type HomeDay, type HomeMissedCall } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';

interface CallRow {
  id: string;
  customer_id: string;
  customer_name: string;
  occurred_at: number;
  direction: 'in' | 'out';
  duration_s: number | null;
  reason: HomeCall['reason'];
  outcome: string | null;
  number: string | null;
}

interface MissedRow extends CallRow {
  task_id: string | null;
  task_status: 'open' | 'done' | 'cancelled' | null;
  assignee_name: string | null;
  called_back_at: number | null;
}

const CALLS_SQL = `
  SELECT i.id, i.customer_id, c.name AS customer_name, i.occurred_at, i.direction, i.duration_s, i.reason, i.outcome, i.number
  FROM interaction i JOIN customer c ON c.id = i.customer_id
  WHERE i.deleted = 0 AND i.channel = 'call' AND i.occurred_at >= @from AND i.occurred_at < @to AND i.user_id = @me
    AND (i.outcome IS NULL OR i.outcome <> '${MISSED_OUTCOME}')
  ORDER BY i.occurred_at DESC, i.id DESC`;

const COUNT_SQL = `
  SELECT coalesce(sum(i.direction = 'in'), 0) AS n_in, coalesce(sum(i.direction = 'out'), 0) AS n_out, coalesce(sum(i.duration_s), 0) AS talk_s
  FROM interaction i
  WHERE i.deleted = 0 AND i.channel = 'call' AND i.occurred_at >= @from AND i.occurred_at < @to AND i.user_id = @me
    AND (i.outcome IS NULL OR i.outcome <> '${MISSED_OUTCOME}')`;

const MISSED_SQL = `
  SELECT i.id, i.customer_id, c.name AS customer_name, i.occurred_at, i.direction, i.duration_s, i.reason, i.outcome, i.number,
         t.id AS task_id, t.status AS task_status, u.name AS assignee_name,
         (SELECT min(o.occurred_at) FROM interaction o
           WHERE o.customer_id = i.customer_id AND o.deleted = 0 AND o.channel = 'call' AND o.direction = 'out' AND o.occurred_at > i.occurred_at) AS called_back_at
  FROM interaction i
  JOIN customer c ON c.id = i.customer_id
  LEFT JOIN task t ON t.id = (SELECT id FROM task WHERE interaction_id = i.id AND deleted = 0 ORDER BY created_at LIMIT 1)
  LEFT JOIN app_user u ON u.id = t.assignee_id
  WHERE i.deleted = 0 AND i.channel = 'call' AND i.occurred_at >= @from AND i.occurred_at < @to AND i.outcome = '${MISSED_OUTCOME}'
  ORDER BY i.occurred_at DESC, i.id DESC`;

export function homeDay(db: DbHandle, me: string, from: number, to: number): HomeDay {
  const params = { from, to, me };
  const calls = db.prepare(`${CALLS_SQL} LIMIT ${HOME_LIST_LIMIT}`).all(params) as CallRow[];
  const count = db.prepare(COUNT_SQL).get(params) as { n_in: number; n_out: number; talk_s: number };
  const missed = db.prepare(MISSED_SQL).all(params) as MissedRow[];
  const items = missed.map(
    (r): HomeMissedCall => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      occurredAt: r.occurred_at,
      number: r.number,
      callback: r.task_id !== null && r.task_status !== null ? { id: r.task_id, status: r.task_status, assigneeName: r.assignee_name } : null,
      calledBackAt: r.called_back_at,
    }),
  );
  return {
    myCalls: calls.map((r) => ({
      id: r.id, customerId: r.customer_id, customerName: r.customer_name, occurredAt: r.occurred_at, direction: r.direction,
      durationS: r.duration_s, reason: r.reason, outcome: r.outcome, number: r.number,
    })),
    myCallsCount: { in: count.n_in, out: count.n_out, talkS: count.talk_s },
    missed: items.slice(0, HOME_LIST_LIMIT),
    missedOpen: items.filter((m) => m.calledBackAt === null && m.callback?.status !== 'done').length,
  };
}
