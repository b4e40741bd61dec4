// Tasks: follow-ups promised to customers, the operator's own list and the team's callbacks.
import { ApiError, type TaskHandlers } from '../../../../src-shared/index.js';
import { requireCaseOf } from '../../store/cases.js';
import { requireCustomer, requireUser } from '../../store/customers.js';
import { getTask, insertTask, listTasks, requireTaskRow } from '../../store/tasks.js';
import type { HandlerContext } from '../handler-context.js';

export function taskHandlers(ctx: HandlerContext): TaskHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    'tasks.list': (input) => {
      if (input.customerId) requireCustomer(db, input.customerId);
      return listTasks(db, { customerId: input.customerId, includeDone: input.includeDone, assigneeId: input.assignee === 'me' ? ctx.currentUserId() : undefined });
    },
    'tasks.create': (input) =>
      store.write((w) => {
        requireCustomer(db, input.customerId);
        if (input.caseId) requireCaseOf(db, input.caseId, input.customerId);
        if (input.assigneeId) requireUser(db, input.assigneeId);
        const row = insertTask(w, {
          customer_id: input.customerId,
          case_id: input.caseId ?? null,
          kind: input.kind,
          title: input.title,
          due_at: input.dueAt,
          assignee_id: input.assigneeId ?? ctx.currentUserId(),
        });
        return getTask(db, row.id);
      }),
    'tasks.complete': (input) =>
      store.write((w) => {
        const current = requireTaskRow(db, input.id);
        if (current.status !== 'open') throw new ApiError('conflict', `the task is already ${current.status}`);
        w.update('task', current, { status: 'done', done_at: w.now });
        return getTask(db, input.id);
      }),
  };
}
