// A process (issue 19): a named chain of steps, each a task template. The steps travel as one JSON
// value (the process row's `steps`, and a running process's copy of them), checked here field by
// field on every desktop and on the server: a step that names a step that does not exist, or two
// steps with one key, never reaches a store.
import { z } from 'zod';
import { Reason, TaskKind, TaskPriority } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';

export const StepKey = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'a step key: a-z, 0-9, _ and -');
export type StepKey = z.infer<typeof StepKey>;

export const DEADLINE_UNITS = ['minutes', 'hours', 'working_days', 'days'] as const;

/** Who does a step: the customer's owner, the operator who started the process, a named person, or the team. */
export const StepAssignee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner') }),
  z.object({ kind: z.literal('operator') }),
  z.object({ kind: z.literal('user'), userId: z.guid() }),
  z.object({ kind: z.literal('team') }),
]);
export type StepAssignee = z.infer<typeof StepAssignee>;

export const StepOutcome = z.object({
  key: StepKey,
  label: cleanString(100).trim().min(1),
  /** The step it starts; null: the process ends. */
  next: StepKey.nullable(),
});
export type StepOutcome = z.infer<typeof StepOutcome>;

export const ProcessStep = z.object({
  key: StepKey,
  title: cleanString(LIMITS.subjectChars).trim().min(1),
  kind: TaskKind,
  priority: TaskPriority,
  assignee: StepAssignee,
  /** Due `amount` units after the process started, or after the previous step was closed. */
  due: z.object({ amount: z.number().int().min(0).max(10_000), unit: z.enum(DEADLINE_UNITS), from: z.enum(['start', 'previous']) }),
  /** The outcomes the person closing the step chooses from; none: closing it starts `next`. */
  outcomes: z.array(StepOutcome).max(10),
  next: StepKey.nullable(),
  /** Starts together with the step before it in the list (several people's tasks at once), rather than after it. */
  parallel: z.boolean().default(false),
});
export type ProcessStep = z.infer<typeof ProcessStep>;

export const ProcessSteps = z.array(ProcessStep).min(1).max(30).superRefine((steps, ctx) => {
  const keys = new Set<string>();
  for (const [i, s] of steps.entries()) {
    if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `two steps are called "${s.key}"` });
    keys.add(s.key);
    const outcomeKeys = new Set<string>();
    for (const [j, o] of s.outcomes.entries()) {
      if (outcomeKeys.has(o.key)) ctx.addIssue({ code: 'custom', path: [i, 'outcomes', j, 'key'], message: `two outcomes are called "${o.key}"` });
      outcomeKeys.add(o.key);
    }
  }
  for (const [i, s] of steps.entries()) {
    if (s.next !== null && !keys.has(s.next)) ctx.addIssue({ code: 'custom', path: [i, 'next'], message: `no step "${s.next}"` });
    for (const [j, o] of s.outcomes.entries()) {
      if (o.next !== null && !keys.has(o.next)) ctx.addIssue({ code: 'custom', path: [i, 'outcomes', j, 'next'], message: `no step "${o.next}"` });
    }
  }
});

/** What starts a process by itself: nothing (by hand from the card), a case of a category opened, or a missed call. */
export const PROCESS_TRIGGERS = ['manual', 'case_opened', 'missed_call'] as const;
export const ProcessTrigger = z.enum(PROCESS_TRIGGERS);
export type ProcessTrigger = z.infer<typeof ProcessTrigger>;

export const PROCESS_RUN_STATUSES = ['running', 'done', 'cancelled'] as const;
export const ProcessRunStatus = z.enum(PROCESS_RUN_STATUSES);

/** A process as the app shows and edits it. */
export const ProcessDef = z.object({
  id: z.guid(),
  name: cleanString(LIMITS.nameChars).trim().min(1),
  trigger: ProcessTrigger,
  /** For 'case_opened': the category; null: any. */
  triggerCategory: Reason.nullable(),
  steps: ProcessSteps,
  active: z.boolean(),
});
export type ProcessDef = z.infer<typeof ProcessDef>;

export const ProcessInput = ProcessDef.omit({ id: true }).extend({ id: z.guid().optional() });
