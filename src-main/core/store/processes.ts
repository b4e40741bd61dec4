// Processes (issue 19): definitions, runs and the tasks they set, on this desktop's store. Starting
// a run writes it and its first step's task in the caller's write; closing a step's task writes the
// next step's task (or ends the run) in the same write, so a process never stops half-way, offline
// or not. What each step does is decided by src-shared/planning/process-plan.ts, as on the server.
import { ApiError } from '../../../src-shared/index.js';
import { closeStep, firstTasks, runIdFor, type PlannedTask, type RunFacts } from '../../../src-shared/planning/process-plan.js';
import { ProcessSteps, type ProcessDef, type ProcessStep, type ProcessTrigger } from '../../../src-shared/planning/process.js';
import type { Reason } from '../../../src-shared/domain.js';
import type { DbHandle } from '../db/db-handle.js';
import type { CaseRow, ProcessRow, ProcessRunRow, TaskRow } from '../db/schema.js';
import { insertTask } from './tasks.js';
import { workCalendar } from './work-calendar.js';
import type { Writer } from './write-path.js';

export function toProcessDef(row: ProcessRow): ProcessDef {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    triggerCategory: row.trigger_category,
    steps: JSON.parse(row.steps) as ProcessStep[],
    active: row.active === 1,
  };
}

export function listProcesses(db: DbHandle): ProcessDef[] {
  return (db.prepare('SELECT * FROM process WHERE deleted = 0 ORDER BY name').all() as ProcessRow[]).map(toProcessDef);
}

export function getProcessRow(db: DbHandle, id: string): ProcessRow | undefined {
  return db.prepare('SELECT * FROM process WHERE id = ? AND deleted = 0').get(id) as ProcessRow | undefined;
}

export function getRunRow(db: DbHandle, id: string): ProcessRunRow | undefined {
  return db.prepare('SELECT * FROM process_run WHERE id = ? AND deleted = 0').get(id) as ProcessRunRow | undefined;
}

export function customerRuns(db: DbHandle, customerId: string): ProcessRunRow[] {
  return db.prepare('SELECT * FROM process_run WHERE customer_id = ? AND deleted = 0 ORDER BY started_at DESC LIMIT 50').all(customerId) as ProcessRunRow[];
}

function ownerOf(db: DbHandle, customerId: string): string | null {
  return (db.prepare('SELECT owner_id FROM customer WHERE id = ?').pluck().get(customerId) as string | null | undefined) ?? null;
}

function runFacts(db: DbHandle, run: ProcessRunRow): RunFacts {
  return {
    id: run.id,
    steps: ProcessSteps.parse(JSON.parse(run.steps)),
    startedAt: run.started_at,
    operatorId: run.operator_id,
    ownerId: ownerOf(db, run.customer_id),
  };
}

function writeTask(w: Writer, run: ProcessRunRow, planned: PlannedTask, createdBy: string | null): TaskRow {
  return insertTask(w, {
    customer_id: run.customer_id,
    case_id: run.case_id,
    kind: planned.kind,
    title: planned.title,
    due_at: planned.dueAt,
    assignee_id: planned.assigneeId,
    created_by: createdBy,
    priority: planned.priority,
    process_run_id: run.id,
    step_key: planned.stepKey,
  }, planned.id);
}

export interface StartRun {
  process: ProcessRow;
  customerId: string;
  caseId: string | null;
  /** Who started it (the operator of the call or case that started it; null: the team). */
  operatorId: string | null;
  /** The user writing it, named as the tasks' giver; null: the system. */
  startedBy: string | null;
  /** The event that started it, for a run every desktop derives alike; absent: started by hand. */
  event?: string;
}

/** Writes a run and its first task; a run an event already started here is returned as it is. */
export function startRun(db: DbHandle, w: Writer, start: StartRun): ProcessRunRow {
  const id = start.event === undefined ? undefined : runIdFor(start.process.id, start.event);
  if (id !== undefined) {
    const existing = getRunRow(db, id);
    if (existing) return existing;
  }
  const run = w.insert('process_run', {
    customer_id: start.customerId,
    process_id: start.process.id,
    case_id: start.caseId,
    name: start.process.name,
    steps: start.process.steps,
    started_at: w.now,
    started_by: start.startedBy,
    operator_id: start.operatorId,
    status: 'running',
    finished_at: null,
  }, id);
  for (const planned of firstTasks(runFacts(db, run), workCalendar(db))) writeTask(w, run, planned, start.startedBy);
  return run;
}

export interface TriggerEvent {
  trigger: Exclude<ProcessTrigger, 'manual'>;
  category?: Reason;
  customerId: string;
  caseId: string | null;
  operatorId: string | null;
  startedBy: string | null;
  /** The event's own identity (the case id, the missed call's interaction id). */
  event: string;
}

/** Starts every active process this event triggers. */
export function startTriggered(db: DbHandle, w: Writer, e: TriggerEvent): number {
  const processes = db.prepare('SELECT * FROM process WHERE trigger = ? AND active = 1 AND deleted = 0').all(e.trigger) as ProcessRow[];
  let started = 0;
  for (const process of processes) {
    if (e.trigger === 'case_opened' && process.trigger_category !== null && process.trigger_category !== e.category) continue;
    startRun(db, w, { process, customerId: e.customerId, caseId: e.caseId, operatorId: e.operatorId, startedBy: e.startedBy, event: `${e.trigger}:${e.event}` });
    started++;
  }
  return started;
}

/** A case was opened: the processes of its category start, for its assignee, given by the user who opened it. */
export function caseOpened(db: DbHandle, w: Writer, opened: CaseRow, byUserId: string): void {
  startTriggered(db, w, {
    trigger: 'case_opened', category: opened.category, customerId: opened.customer_id, caseId: opened.id,
    operatorId: opened.assignee_id, startedBy: byUserId, event: opened.id,
  });
}

/**
 * A process step's task closed with an outcome: writes the next step's task, or ends the run. The
 * next task's id derives from this one, so a step closed twice (two desktops, concurrently) starts
 * its next step once. Throws 'validation' when the step asks for an outcome that was not given.
 */
export function followStep(db: DbHandle, w: Writer, task: TaskRow, outcome: string | null, closedBy: string): void {
  if (task.process_run_id === null || task.step_key === null) return;
  const run = getRunRow(db, task.process_run_id);
  if (!run || run.status !== 'running') return;
  const closing = closeStep(runFacts(db, run), task.step_key, task.id, outcome, w.now, workCalendar(db));
  switch (closing.kind) {
    case 'outcome_needed':
      throw new ApiError('validation', `choose the step's outcome: ${closing.outcomes.join(', ')}`);
    case 'unknown_outcome':
      throw new ApiError('validation', `no outcome "${outcome ?? ''}" at this step: ${closing.outcomes.join(', ')}`);
    case 'end': {
      // Steps running side by side: the run is done when the last of them closes.
      const others = db.prepare("SELECT count(*) FROM task WHERE process_run_id = ? AND id <> ? AND status = 'open' AND deleted = 0").pluck().get(run.id, task.id) as number;
      if (others === 0) w.update('process_run', run, { status: 'done', finished_at: w.now });
      return;
    }
    case 'next':
      for (const planned of closing.tasks) if (!db.prepare('SELECT 1 FROM task WHERE id = ?').get(planned.id)) writeTask(w, run, planned, closedBy);
  }
}

/** A process step's task cancelled: its run stops. */
export function stopRunOf(db: DbHandle, w: Writer, task: TaskRow): void {
  if (task.process_run_id === null) return;
  const run = getRunRow(db, task.process_run_id);
  if (run?.status === 'running') w.update('process_run', run, { status: 'cancelled', finished_at: w.now });
}

/** The step's outcomes, for the task's close form; empty when it asks for none. */
export function stepOutcomes(db: DbHandle, task: Pick<TaskRow, 'process_run_id' | 'step_key'>): { key: string; label: string }[] {
  if (task.process_run_id === null || task.step_key === null) return [];
  const run = getRunRow(db, task.process_run_id);
  if (!run) return [];
  const step = (JSON.parse(run.steps) as ProcessStep[]).find((s) => s.key === task.step_key);
  return step?.outcomes.map((o) => ({ key: o.key, label: o.label })) ?? [];
}

export function requireProcessRow(db: DbHandle, id: string): ProcessRow {
  const row = getProcessRow(db, id);
  if (!row) throw new ApiError('not_found', `no process ${id}`);
  return row;
}
