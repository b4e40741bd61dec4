// Tasks: follow-ups promised to customers, the operator's own list and the team's callbacks.
import { ApiError, type TaskHandlers } from '../../../../src-shared/index.js';
import { requireCaseOf } from '../../store/cases.js';
import { requireCustomer, requireUser } from '../../store/customers.js';
import { getTask, insertTask, listTasks, requireTaskRow } from '../../store/tasks.js';
import type { HandlerContext } from '../handler-context.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { TaskRow } from '../../db/schema.js';
import { getUser } from '../../store/users.js';
import { followStep, stopRunOf } from '../../store/processes.js';

/** Whether this user may change the task: it is theirs, the team's, or they promised it; supervisors and admins any. */
function mayManageTask(db: DbHandle, userId: string, task: TaskRow): boolean {
  if (task.assignee_id === null || task.assignee_id === userId || task.created_by === userId) return true;
  const role = getUser(db, userId)?.role;
  return role === 'supervisor' || role === 'admin';
}

export function taskHandlers(ctx: HandlerContext): TaskHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    'tasks.list': (input) => {
      const customerId = input.customerId ? requireCustomer(db, input.customerId).id : undefined;
      return listTasks(db, { customerId, includeDone: input.includeDone, assigneeId: input.assignee === 'me' ? ctx.currentUserId() : undefined });
    },
    'tasks.create': (input) =>
      store.write((w) => {
        const customerId = requireCustomer(db, input.customerId).id;
        if (input.caseId) requireCaseOf(db, input.caseId, customerId);
        if (input.assigneeId) requireUser(db, input.assigneeId);
        const row = insertTask(w, {
          customer_id: customerId,
          case_id: input.caseId ?? null,
          kind: input.kind,
          title: input.title,
          due_at: input.dueAt,
          assignee_id: input.assigneeId ?? ctx.currentUserId(),
          created_by: ctx.currentUserId(),
          ...(input.priority ? { priority: input.priority } : {}),
        });
        return getTask(db, row.id);
      }),
    'tasks.complete': (input) =>
      store.write((w) => {
        const current = requireTaskRow(db, input.id);
        if (current.status !== 'open') throw new ApiError('conflict', `the task is already ${current.status}`);
        const outcome = input.outcome ?? null;
        // The next step is written first: an outcome the step does not offer refuses the whole close.
        followStep(db, w, current, outcome, ctx.currentUserId());
        w.update('task', current, { status: 'done', done_at: w.now, ...(outcome !== null ? { outcome } : {}) });
        return getTask(db, input.id);
      }),
    'tasks.update': (input) =>
      store.write((w) => {
        const current = requireTaskRow(db, input.id);
        if (current.status !== 'open') throw new ApiError('conflict', `the task is already ${current.status}`);
        const me = ctx.currentUserId();
        const handingOver = input.assigneeId !== undefined && input.assigneeId !== current.assignee_id;
        // Operators change their own promises and the team's; handing over someone else's is a supervisor's call.
        if (!mayManageTask(db, me, current)) throw new ApiError('forbidden', 'this task is a colleague\'s: a supervisor can hand it over');
        if (handingOver && input.assigneeId) requireUser(db, input.assigneeId);
        const patch = {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.dueAt !== undefined ? { due_at: input.dueAt } : {}),
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          ...(handingOver ? { assignee_id: input.assigneeId ?? null } : {}),
        };
        if (Object.keys(patch).length > 0) w.update('task', current, patch);
        return getTask(db, input.id);
      }),
    'tasks.cancel': (input) =>
      store.write((w) => {
        const current = requireTaskRow(db, input.id);
        if (current.status !== 'open') throw new ApiError('conflict', `the task is already ${current.status}`);
        if (!mayManageTask(db, ctx.currentUserId(), current)) throw new ApiError('forbidden', 'this task is a colleague\'s: a supervisor can cancel it');
        w.update('task', current, { status: 'cancelled', done_at: w.now, cancel_reason: input.reason });
        // A process step withdrawn stops its process: nothing follows a step nobody did.
        stopRunOf(db, w, current);
        return getTask(db, input.id);
      }),
  };
}
