// The diary and shared calendars (issue 19), as the operator API carries them: a person's tasks,
// appointments and calls over a range of days, appointments booked into colleagues' calendars with
// their answers, and absences.
import { z } from 'zod';
import { EpochMs, Id, TaskPriority, TaskStatus } from '../domain.js';
import { UserRef } from '../api/user-ref.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { CalendarDayKind } from './day-kind.js';

export const ABSENCE_KINDS = ['trip', 'leave', 'sick'] as const;
export const AbsenceKind = z.enum(ABSENCE_KINDS);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

/** Where an appointment stands: proposed (unanswered), accepted, declined, another time proposed, or cancelled by the booker. */
export const AppointmentState = z.enum(['proposed', 'accepted', 'declined', 'countered', 'cancelled']);
export type AppointmentState = z.infer<typeof AppointmentState>;

export const AppointmentView = z.object({
  id: Id,
  title: z.string(),
  startsAt: EpochMs,
  endsAt: EpochMs,
  organiser: UserRef.nullable(),
  attendee: UserRef.nullable(),
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  note: z.string().nullable(),
  state: AppointmentState,
  /** The other time the colleague proposed (state 'countered'). */
  counter: z.object({ startsAt: EpochMs, endsAt: EpochMs, note: z.string().nullable() }).nullable(),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

export const DiaryEntry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task'), id: Id, title: z.string(), at: EpochMs, status: TaskStatus, priority: TaskPriority,
    customerId: Id, customerName: z.string(), process: z.string().nullable(), createdBy: UserRef.nullable(),
  }),
  z.object({ kind: z.literal('appointment'), id: Id, at: EpochMs, appointment: AppointmentView }),
  z.object({ kind: z.literal('call'), id: Id, at: EpochMs, durationS: z.number().int().nullable(), direction: z.enum(['in', 'out']), customerId: Id, customerName: z.string(), outcome: z.string().nullable() }),
]);
export type DiaryEntry = z.infer<typeof DiaryEntry>;

export const AbsenceView = z.object({
  id: Id,
  user: UserRef.nullable(),
  kind: AbsenceKind,
  startsOn: IsoDate,
  endsOn: IsoDate,
  standIn: UserRef.nullable(),
  note: z.string().nullable(),
  /** The first working day after it: "back on". */
  backOn: IsoDate,
});
export type AbsenceView = z.infer<typeof AbsenceView>;

export const DiaryQuery = z.object({
  /** Whose diary; absent: this desktop's user. */
  userId: Id.optional(),
  /** The first day shown (YYYY-MM-DD, in the centre's zone) and how many days. */
  from: IsoDate,
  days: z.number().int().min(1).max(31),
});

export const DiaryView = z.object({
  user: UserRef,
  timeZone: z.string(),
  days: z.array(z.object({ date: IsoDate, start: EpochMs, end: EpochMs, kind: z.union([CalendarDayKind, z.literal('weekend')]), working: z.boolean() })),
  entries: z.array(DiaryEntry),
  absences: z.array(AbsenceView),
  /** Tasks this user gave that fall due while their assignee is away (issue 19): the giver is flagged. */
  dueWhileAway: z.array(z.object({ taskId: Id, title: z.string(), dueAt: EpochMs, assignee: UserRef.nullable(), customerId: Id, absence: AbsenceView })),
});
export type DiaryView = z.infer<typeof DiaryView>;

export const BookInput = z.object({
  attendeeId: Id,
  title: cleanString(LIMITS.subjectChars).trim().min(1),
  startsAt: EpochMs,
  endsAt: EpochMs,
  customerId: Id.optional(),
  note: cleanString(LIMITS.shortTextChars).trim().optional(),
}).refine((b) => b.endsAt > b.startsAt, { message: 'an appointment ends after it starts', path: ['endsAt'] });

export const AnswerInput = z.discriminatedUnion('answer', [
  z.object({ id: Id, answer: z.literal('accept'), note: cleanString(LIMITS.shortTextChars).trim().optional() }),
  z.object({ id: Id, answer: z.literal('decline'), note: cleanString(LIMITS.shortTextChars).trim().optional() }),
  z.object({ id: Id, answer: z.literal('counter'), startsAt: EpochMs, endsAt: EpochMs, note: cleanString(LIMITS.shortTextChars).trim().optional() })
    .refine((b) => b.endsAt > b.startsAt, { message: 'the time proposed ends after it starts', path: ['endsAt'] }),
]);

export const AbsenceInput = z.object({
  id: Id.optional(),
  userId: Id,
  kind: AbsenceKind,
  startsOn: IsoDate,
  endsOn: IsoDate,
  standInId: Id.nullable().optional(),
  note: cleanString(LIMITS.shortTextChars).trim().optional(),
}).refine((a) => a.endsOn >= a.startsOn, { message: 'an absence ends on or after its first day', path: ['endsOn'] });

/** An answer to one of this user's bookings, told once at the sync that brought it. */
export const AnswerNotice = z.object({ appointmentId: Id, title: z.string(), by: z.string().nullable(), answer: z.enum(['accept', 'decline', 'counter']), startsAt: EpochMs.nullable() });
