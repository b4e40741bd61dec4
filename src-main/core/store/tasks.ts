// Follow-up tasks (call back, send an offer).
import { ApiError, type Task } from '../../../src-shared/index.js';
import type { TaskRow } from '../db/schema.js';
import type { ProcessStep } from '../../../src-shared/planning/process.js';
import type { DbHandle } from '../db/db-handle.js';
import { userColumn, userFrom } from './refs.js';
import type { Writer } from './write-path.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';

// The customer's name by primary key, a correlated subquery for the same reason as userColumn (refs.ts).
const TASK_SELECT = `SELECT t.*, ${userColumn('t.assignee_id', 'au')}, ${userColumn('t.created_by', 'cb')}, (SELECT c.name FROM customer c WHERE c.id = t.customer_id) AS customer_name,
  (SELECT json_array(r.name, r.steps) FROM process_run r WHERE r.id = t.process_run_id) AS run_json FROM task t`;
/** Repeats the partial index's condition (task_open). */
export const OPEN_TASKS_SQL = `${TASK_SELECT} WHERE t.customer_id = ? AND t.status = 'open' AND t.deleted = 0 ORDER BY t.due_at`;
const CUSTOMER_TASKS_SQL = `${TASK_SELECT} WHERE t.customer_id = ? AND t.deleted = 0 ORDER BY t.due_at`;
const ALL_OPEN_TASKS_SQL = `${TASK_SELECT} WHERE t.status = 'open' AND t.deleted = 0 ORDER BY t.due_at LIMIT 1000`;
const ALL_TASKS_SQL = `${TASK_SELECT} WHERE t.deleted = 0 ORDER BY t.due_at DESC LIMIT 1000`;
/** One assignee's tasks: both read the task_assignee index (migrations/local/0005). */
export const ASSIGNEE_OPEN_TASKS_SQL = `${TASK_SELECT} WHERE t.assignee_id = ? AND t.status = 'open' AND t.deleted = 0 ORDER BY t.due_at LIMIT 1000`;
const ASSIGNEE_TASKS_SQL = `${TASK_SELECT} WHERE t.assignee_id = ? AND t.deleted = 0 ORDER BY t.due_at DESC LIMIT 1000`;
const TASK_BY_ID_SQL = `${TASK_SELECT} WHERE t.id = ? AND t.deleted = 0`;

type TaskJoinRow = TaskRow & { customer_name: string | null; run_json?: string | null } & Record<string, unknown>;

/** The process a task belongs to, with its step's outcomes (from the run's own copy of the steps). */
function processOf(row: TaskJoinRow): Task['process'] {
  if (row.process_run_id === null || row.step_key === null || typeof row.run_json !== 'string') return null;
  const [name, stepsJson] = JSON.parse(row.run_json) as [string, string];
  const steps = JSON.parse(stepsJson) as ProcessStep[];
  const step = steps.find((s) => s.key === row.step_key);
  return { runId: row.process_run_id, name, stepKey: row.step_key, outcomes: step?.outcomes.map((o) => ({ key: o.key, label: o.label })) ?? [], outcome: row.outcome };
}

export function toTask(row: TaskJoinRow): Task {
  return {
    id: row.id,
    customerId: row.customer_id,
    // A task synced before its customer (never expected: rows are applied parent first) still lists.
    customerName: row.customer_name ?? '',
    caseId: row.case_id,
    interactionId: row.interaction_id,
    kind: row.kind,
    title: row.title,
    dueAt: row.due_at,
    assignee: userFrom(row, 'au'),
    status: row.status,
    createdAt: row.created_at,
    createdBy: userFrom(row, 'cb'),
    priority: row.priority ?? 'normal',
    cancelReason: row.cancel_reason ?? null,
    doneAt: row.done_at,
    process: processOf(row),
  };
}

export function openTasks(db: DbHandle, customerId: string): Task[] {
  return (db.prepare(OPEN_TASKS_SQL).all(customerId) as TaskJoinRow[]).map(toTask);
}

export interface TaskFilter {
  customerId?: string | undefined;
  includeDone: boolean;
  /** Only this user's tasks (undefined: anyone's). */
  assigneeId?: string | undefined;
}

export function listTasks(db: DbHandle, filter: TaskFilter): Task[] {
  const { customerId, includeDone, assigneeId } = filter;
  let rows: TaskJoinRow[];
  if (customerId !== undefined) {
    rows = includeDone ? (db.prepare(CUSTOMER_TASKS_SQL).all(customerId) as TaskJoinRow[]) : (db.prepare(OPEN_TASKS_SQL).all(customerId) as TaskJoinRow[]);
    // One customer has a handful of tasks: filtering them here keeps to the customer's index.
    if (assigneeId !== undefined) rows = rows.filter((r) => r.assignee_id === assigneeId);
  } else if (assigneeId !== undefined) {
    rows = db.prepare(includeDone ? ASSIGNEE_TASKS_SQL : ASSIGNEE_OPEN_TASKS_SQL).all(assigneeId) as TaskJoinRow[];
  } else {
    rows = db.prepare(includeDone ? ALL_TASKS_SQL : ALL_OPEN_TASKS_SQL).all() as TaskJoinRow[];
  }
  return rows.map(toTask);
}

export function getTask(db: DbHandle, id: string): Task {
  const row = db.prepare(TASK_BY_ID_SQL).get(id) as TaskJoinRow | undefined;
  if (!row) throw new ApiError('not_found', `no task ${id}`);
  return toTask(row);
}

export function getTaskRow(db: DbHandle, id: string): TaskRow | undefined {
  return db.first(db.kysely.selectFrom('task').selectAll().where('id', '=', id).where('deleted', '=', 0));
}

export function requireTaskRow(db: DbHandle, id: string): TaskRow {
  const row = getTaskRow(db, id);
  if (!row) throw new ApiError('not_found', `no task ${id}`);
  return row;
}

export interface NewTask {
  customer_id: string;
  kind: TaskRow['kind'];
  title: string;
  due_at: number;
  /** null: the team's (whoever is free takes it). */
  assignee_id: string | null;
  case_id?: string | null;
  /** The interaction that promised it. */
  interaction_id?: string | null;
  /** Who promised it (told when it is done); null: the system (a missed call's callback). */
  created_by?: string | null;
  priority?: TaskRow['priority'];
  /** The process run and step that set it (issue 19). */
  process_run_id?: string | null;
  step_key?: string | null;
}

/** A new task is open. */
export function insertTask(w: Writer, data: NewTask, id?: string): TaskRow {
  return w.insert('task', {
    case_id: null, interaction_id: null, created_by: null, priority: 'normal', process_run_id: null, step_key: null,
    ...data, status: 'open', done_at: null, cancel_reason: null, outcome: null,
  }, id);
}

/**
 * The tasks this user promised that someone else completed since they were last told (at most 50),
 * and moves the mark past them: each is told once. The first call only sets the mark (a desktop
 * signing in is not told about old promises).
 */
export function takeDoneNotices(db: DbHandle, userId: string, now: number): { id: string; title: string; customerId: string; customerName: string; doneBy: string | null; doneAt: number; outcome: string | null }[] {
  return db.sqlite.transaction(() => {
    const mark = readMeta(db.sqlite, MetaKey.taskNoticesUpTo);
    if (mark === undefined) {
      writeMeta(db.sqlite, MetaKey.taskNoticesUpTo, String(now));
      return [];
    }
    const rows = db.prepare(
      `SELECT t.id, t.title, t.customer_id, t.done_at, t.outcome, t.step_key, (SELECT r.steps FROM process_run r WHERE r.id = t.process_run_id) AS steps,
              (SELECT c.name FROM customer c WHERE c.id = t.customer_id) AS customer_name,
              (SELECT u.name FROM app_user u WHERE u.id = t.assignee_id) AS done_by
       FROM task t WHERE t.created_by = ? AND t.status = 'done' AND t.done_at > ? AND (t.assignee_id IS NULL OR t.assignee_id <> ?) AND t.deleted = 0
       ORDER BY t.done_at LIMIT 50`,
    ).all(userId, Number(mark), userId) as { id: string; title: string; customer_id: string; done_at: number; customer_name: string | null; done_by: string | null; outcome: string | null; step_key: string | null; steps: string | null }[];
    const last = rows.at(-1);
    if (last) writeMeta(db.sqlite, MetaKey.taskNoticesUpTo, String(last.done_at));
    // A process step's outcome is told by its label, as the person who closed it chose it.
    const outcomeLabel = (r: (typeof rows)[number]): string | null => {
      if (r.outcome === null || r.steps === null) return r.outcome;
      const step = (JSON.parse(r.steps) as ProcessStep[]).find((s) => s.key === r.step_key);
      return step?.outcomes.find((o) => o.key === r.outcome)?.label ?? r.outcome;
    };
    return rows.map((r) => ({ id: r.id, title: r.title, customerId: r.customer_id, customerName: r.customer_name ?? '', doneBy: r.done_by, doneAt: r.done_at, outcome: outcomeLabel(r) }));
  })();
}
