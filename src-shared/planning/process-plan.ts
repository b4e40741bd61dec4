// What a process does next, as pure decisions that a desktop (offline) and the server make alike:
// the task of a step, with its assignee and its minute-exact deadline, and the step an outcome
// starts. Ids are derived, not drawn: the first step's task from the run, every later one from the
// task whose closing started it. Two desktops closing the same step concurrently therefore write
// the same next task, and the server keeps the first push of it (the other is `superseded`): the
// next step starts once. A run started by an event (a case opened, a missed call) is derived from
// the process and the event, so every desktop that records the event starts the same run.
import { v5 } from 'uuid';
import { DERIVED_ID_NAMESPACE } from '../call-ids.js';
import type { ProcessStep } from './process.js';
import type { WorkCalendar } from './working-time.js';

export interface RunFacts {
  id: string;
  steps: readonly ProcessStep[];
  startedAt: number;
  /** Who started it (the operator of the call or case that started it). */
  operatorId: string | null;
  /** The customer's owner as the step is planned; null: nobody owns them. */
  ownerId: string | null;
}

export interface PlannedTask {
  id: string;
  stepKey: string;
  title: string;
  kind: ProcessStep['kind'];
  priority: ProcessStep['priority'];
  /** null: the team's (whoever is free takes it). */
  assigneeId: string | null;
  dueAt: number;
}

/** A run started by an event: the same run on every desktop that records the event. */
export function runIdFor(processId: string, event: string): string {
  return v5(`process-run:${processId}:${event}`, DERIVED_ID_NAMESPACE);
}

/**
 * The n-th task a closing (or the start) writes. Not keyed by the step: two desktops closing one step
 * with different outcomes still write one next task (the first push's), not one of each.
 */
function taskIdAfter(runId: string, fromTaskId: string | null, n: number): string {
  return v5(`process-task:${runId}:${fromTaskId ?? 'start'}:${n}`, DERIVED_ID_NAMESPACE);
}

function assigneeOf(step: ProcessStep, run: RunFacts): string | null {
  switch (step.assignee.kind) {
    case 'owner': return run.ownerId;
    case 'operator': return run.operatorId;
    case 'user': return step.assignee.userId;
    case 'team': return null;
  }
}

function plan(run: RunFacts, step: ProcessStep, fromTaskId: string | null, n: number, previousClosedAt: number, calendar: WorkCalendar): PlannedTask {
  const base = step.due.from === 'start' ? run.startedAt : previousClosedAt;
  return {
    id: taskIdAfter(run.id, fromTaskId, n),
    stepKey: step.key,
    title: step.title,
    kind: step.kind,
    priority: step.priority,
    assigneeId: assigneeOf(step, run),
    // A deadline before the start (due "from the start" on a late step) is due at once.
    dueAt: Math.max(calendar.deadline(base, step.due.amount, step.due.unit), previousClosedAt),
  };
}

/** A step and the steps after it in the list marked to start together with it. */
function startingWith(run: RunFacts, key: string): ProcessStep[] {
  const at = run.steps.findIndex((s) => s.key === key);
  if (at < 0) return [];
  const out = [run.steps[at]!];
  for (let i = at + 1; i < run.steps.length && run.steps[i]!.parallel; i++) out.push(run.steps[i]!);
  return out;
}

/** The tasks a run starts with: the first step's, and those of the steps that start together with it. */
export function firstTasks(run: RunFacts, calendar: WorkCalendar): PlannedTask[] {
  const first = run.steps[0];
  if (!first) throw new RangeError('a process has at least one step');
  return startingWith(run, first.key).map((step, n) => plan(run, step, null, n, run.startedAt, calendar));
}

export type StepClosing =
  | { kind: 'next'; tasks: PlannedTask[] }
  | { kind: 'end' }
  | { kind: 'outcome_needed'; outcomes: readonly string[] }
  | { kind: 'unknown_outcome'; outcomes: readonly string[] };

/**
 * What closing a step's task with an outcome starts: the next step's tasks, or nothing more from this
 * branch (the run ends once no task of it is open).
 */
export function closeStep(run: RunFacts, stepKey: string, taskId: string, outcome: string | null, closedAt: number, calendar: WorkCalendar): StepClosing {
  const step = run.steps.find((s) => s.key === stepKey);
  // A step no longer in the run's copy (never expected: the copy is the run's own) ends the run.
  if (!step) return { kind: 'end' };
  let nextKey = step.next;
  if (step.outcomes.length > 0) {
    const keys = step.outcomes.map((o) => o.key);
    if (outcome === null) return { kind: 'outcome_needed', outcomes: keys };
    const chosen = step.outcomes.find((o) => o.key === outcome);
    if (!chosen) return { kind: 'unknown_outcome', outcomes: keys };
    nextKey = chosen.next;
  }
  const next = nextKey === null ? [] : startingWith(run, nextKey);
  if (next.length === 0) return { kind: 'end' };
  return { kind: 'next', tasks: next.map((step, n) => plan(run, step, taskId, n, closedAt, calendar)) };
}
