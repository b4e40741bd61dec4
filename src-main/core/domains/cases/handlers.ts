// Cases: a customer's problems, from opened to closed, with the last step and what was promised.
import { ApiError, type CaseHandlers } from '../../../../src-shared/index.js';
import { getCase, listCases, openCase, requireCaseRow } from '../../store/cases.js';
import { requireCustomer, requireUser } from '../../store/customers.js';
import type { HandlerContext } from '../handler-context.js';
import { caseOpened } from '../../store/processes.js';

export function caseHandlers(ctx: HandlerContext): CaseHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    'cases.list': (input) => listCases(db, requireCustomer(db, input.customerId).id, input.includeClosed),
    'cases.open': (input) =>
      store.write((w) => {
        const customerId = requireCustomer(db, input.customerId).id;
        if (input.assigneeId) requireUser(db, input.assigneeId);
        const row = openCase(w, {
          customer_id: customerId,
          category: input.category,
          subject: input.subject,
          opened_at: w.now,
          assignee_id: input.assigneeId ?? ctx.currentUserId(),
          promise: input.promise ?? null,
          priority: input.priority ?? 'normal',
        });
        caseOpened(db, w, row, ctx.currentUserId());
        return getCase(db, row.id);
      }),
    'cases.update': (input) =>
      store.write((w) => {
        const current = requireCaseRow(db, input.id);
        const p = input.patch;
        if (p.assigneeId) requireUser(db, p.assigneeId);
        // Setting a closed case back to open or pending reopens it.
        const reopening = p.status !== undefined && current.status === 'closed';
        w.update('case', current, {
          subject: p.subject,
          category: p.category,
          status: p.status,
          assignee_id: p.assigneeId,
          last_step: p.lastStep,
          promise: p.promise,
          priority: p.priority,
          ...(reopening ? { closed_at: null, resolution: null } : {}),
        });
        return getCase(db, input.id);
      }),
    'cases.close': (input) =>
      store.write((w) => {
        const current = requireCaseRow(db, input.id);
        if (current.status === 'closed') throw new ApiError('conflict', 'the case is already closed');
        w.update('case', current, { status: 'closed', closed_at: w.now, resolution: input.resolution });
        return getCase(db, input.id);
      }),
  };
}
