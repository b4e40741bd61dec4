// Follow-up tasks (call back, send an offer).
import { ApiError, type Task } from '../../../src-shared/index.js';
import type { TaskRow } from '../db/schema.js';
import type { Statements } from '../db/statements.js';
import { userColumn, userFrom } from './refs.js';

const TASK_SELECT = `SELECT t.*, ${userColumn('t.assignee_id', 'au')} FROM task t`;
/** Repeats the partial index's condition (task_open). */
export const OPEN_TASKS_SQL = `${TASK_SELECT} WHERE t.customer_id = ? AND t.status = 'open' AND t.deleted = 0 ORDER BY t.due_at`;
const CUSTOMER_TASKS_SQL = `${TASK_SELECT} WHERE t.customer_id = ? AND t.deleted = 0 ORDER BY t.due_at`;
const ALL_OPEN_TASKS_SQL = `${TASK_SELECT} WHERE t.status = 'open' AND t.deleted = 0 ORDER BY t.due_at LIMIT 1000`;
const ALL_TASKS_SQL = `${TASK_SELECT} WHERE t.deleted = 0 ORDER BY t.due_at DESC LIMIT 1000`;
const TASK_BY_ID_SQL = `${TASK_SELECT} WHERE t.id = ? AND t.deleted = 0`;

type TaskJoinRow = TaskRow & Record<string, unknown>;

export function toTask(row: TaskJoinRow): Task {
  return {
    id: row.id,
    customerId: row.customer_id,
    caseId: row.case_id,
    interactionId: row.interaction_id,
    kind: row.kind,
    title: row.title,
    dueAt: row.due_at,
    assignee: userFrom(row, 'au'),
    status: row.status,
    createdAt: row.created_at,
  };
}

export function openTasks(st: Statements, customerId: string): Task[] {
  return (st.prepare(OPEN_TASKS_SQL).all(customerId) as TaskJoinRow[]).map(toTask);
}

export function listTasks(st: Statements, customerId: string | undefined, includeDone: boolean): Task[] {
  if (customerId === undefined) return (st.prepare(includeDone ? ALL_TASKS_SQL : ALL_OPEN_TASKS_SQL).all() as TaskJoinRow[]).map(toTask);
  return includeDone ? (st.prepare(CUSTOMER_TASKS_SQL).all(customerId) as TaskJoinRow[]).map(toTask) : openTasks(st, customerId);
}

export function getTask(st: Statements, id: string): Task {
  const row = st.prepare(TASK_BY_ID_SQL).get(id) as TaskJoinRow | undefined;
  if (!row) throw new ApiError('not_found', `no task ${id}`);
  return toTask(row);
}

export function getTaskRow(st: Statements, id: string): TaskRow | undefined {
  return st.first(st.kysely.selectFrom('task').selectAll().where('id', '=', id).where('deleted', '=', 0));
}
