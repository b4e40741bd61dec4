// Processes (issue 19): supervisors define them, anyone starts one from the card, and they start by
// themselves on events (store/processes.ts). Everything here is local: a process started offline
// runs offline, and its tasks for colleagues reach them at the next sync.
import { ApiError, type PlanningHandlers, type ProcessRunView } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { ProcessRunRow, TaskRow } from '../../db/schema.js';
import { requireCaseOf } from '../../store/cases.js';
import { requireCustomer } from '../../store/customers.js';
import { customerRuns, getProcessRow, getRunRow, listProcesses, requireProcessRow, startRun, toProcessDef } from '../../store/processes.js';
import { userColumn, userFrom } from '../../store/refs.js';
import { getTask } from '../../store/tasks.js';
import { getUser } from '../../store/users.js';
import type { HandlerContext } from '../handler-context.js';

export function runView(db: DbHandle, run: ProcessRunRow): ProcessRunView {
  const starter = db.prepare(`SELECT ${userColumn('?', 's')}`).get(run.started_by) as Record<string, unknown>;
  // Oldest first; tasks written together (steps side by side) in the order of their steps.
  const order = (JSON.parse(run.steps) as { key: string }[]).map((s) => s.key);
  const rows = db.prepare('SELECT id, created_at, step_key FROM task WHERE process_run_id = ? AND deleted = 0').all(run.id) as { id: string; created_at: number; step_key: string | null }[];
  rows.sort((a, b) => a.created_at - b.created_at || order.indexOf(a.step_key ?? '') - order.indexOf(b.step_key ?? ''));
  const taskIds = rows.map((r) => r.id);
  return {
    id: run.id,
    processId: run.process_id,
    name: run.name,
    customerId: run.customer_id,
    caseId: run.case_id,
    status: run.status,
    startedAt: run.started_at,
    startedBy: userFrom(starter, 's'),
    finishedAt: run.finished_at,
    tasks: taskIds.map((id) => getTask(db, id)),
  };
}

export function requireSupervisor(db: DbHandle, userId: string, what: string): void {
  const role = getUser(db, userId)?.role;
  if (role !== 'supervisor' && role !== 'admin') throw new ApiError('forbidden', `${what} is for supervisors and admins`);
}

export function processHandlers(ctx: HandlerContext): Pick<PlanningHandlers, 'processes.list' | 'processes.save' | 'processes.start' | 'processes.runs' | 'processes.cancelRun'> {
  const { store } = ctx;
  const { db } = store;
  return {
    'processes.list': () => listProcesses(db),
    'processes.save': (input) =>
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'defining processes');
        const fields = { name: input.name, trigger: input.trigger, trigger_category: input.trigger === 'case_opened' ? input.triggerCategory : null, steps: JSON.stringify(input.steps), active: input.active ? 1 : 0 };
        const current = input.id === undefined ? undefined : getProcessRow(db, input.id);
        if (!current) return toProcessDef(w.insert('process', fields, input.id));
        // Only the fields that changed are written: a colleague's concurrent edit of another field stands.
        const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
        return toProcessDef(Object.keys(patch).length > 0 ? w.update('process', current, patch) : current);
      }),
    'processes.start': (input) =>
      store.write((w) => {
        const process = requireProcessRow(db, input.processId);
        if (process.active !== 1) throw new ApiError('conflict', `the process "${process.name}" is switched off`);
        const customerId = requireCustomer(db, input.customerId).id;
        if (input.caseId) requireCaseOf(db, input.caseId, customerId);
        const me = ctx.currentUserId();
        const run = startRun(db, w, { process, customerId, caseId: input.caseId ?? null, operatorId: me, startedBy: me });
        return runView(db, run);
      }),
    'processes.runs': (input) => customerRuns(db, requireCustomer(db, input.customerId).id).map((run) => runView(db, run)),
    'processes.cancelRun': (input) =>
      store.write((w) => {
        const run = getRunRow(db, input.id);
        if (!run) throw new ApiError('not_found', `no process run ${input.id}`);
        if (run.status !== 'running') throw new ApiError('conflict', `the process is already ${run.status}`);
        for (const task of db.prepare("SELECT * FROM task WHERE process_run_id = ? AND status = 'open' AND deleted = 0").all(run.id) as TaskRow[]) {
          w.update('task', task, { status: 'cancelled', done_at: w.now, cancel_reason: input.reason });
        }
        return runView(db, w.update('process_run', run, { status: 'cancelled', finished_at: w.now }));
      }),
  };
}
