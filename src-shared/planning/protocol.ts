// What the operator API says about planned work (issue 19): processes and their runs, and the
// centre's working calendar.
import { z } from 'zod';
import { EpochMs, Id, Reason } from '../domain.js';
import { Task, UserRef } from '../api/entities.js';
import { cleanString } from '../text.js';
import { ProcessRunStatus } from './process.js';
import { CalendarDayKind } from './day-kind.js';

export const ProcessRunView = z.object({
  id: Id,
  processId: Id,
  name: z.string(),
  customerId: Id,
  caseId: Id.nullable(),
  status: ProcessRunStatus,
  startedAt: EpochMs,
  startedBy: UserRef.nullable(),
  finishedAt: EpochMs.nullable(),
  /** The run's tasks, oldest first: the steps done, and the one open now. */
  tasks: z.array(Task),
});
export type ProcessRunView = z.infer<typeof ProcessRunView>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');
export { CalendarDayKind };

export const WorkWeekInput = z.object({
  timeZone: z.string().max(64),
  /** Minutes after midnight. */
  start: z.number().int().min(0).max(24 * 60 - 1),
  end: z.number().int().min(1).max(24 * 60),
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
}).refine((w) => w.end > w.start, { message: 'the working day ends after it starts', path: ['end'] });

export const CalendarYear = z.object({
  year: z.number().int(),
  week: z.object({ timeZone: z.string(), start: z.number(), end: z.number(), days: z.array(z.number()) }),
  /** Every date of the year that is not a plain day of the working week, with where its kind comes from. */
  days: z.array(z.object({ date: IsoDate, kind: CalendarDayKind, name: z.string().nullable(), source: z.enum(['production', 'admin']) })),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const SetCalendarDay = z.object({ date: IsoDate, kind: CalendarDayKind, name: cleanString(100).trim().nullable().optional() });

/** The resolution time of each case category (issue 19): a supervisor's, or the default. */
export const CaseHours = z.array(z.object({ category: Reason, hours: z.number().int(), set: z.boolean() }));
export type CaseHours = z.infer<typeof CaseHours>;
export const SetCaseHours = z.object({ category: Reason, hours: z.number().int().min(1).max(8_760) });
