// The diary and shared calendars (issue 19), from the local store: a person's day or week, booking
// into a colleague's calendar and answering a booking, absences. All local writes that sync, so a
// booking made offline reaches the colleague at the next sync, and their answer comes back the same way.
import { ApiError, type DiaryEntry, type DiaryHandlers, type DiaryView } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { AbsenceRow } from '../../db/schema.js';
import { absenceOn, absencesBetween, absenceView, currentAbsences, getAbsenceRow } from '../../store/absences.js';
import { appointmentsOf, appointmentView, getAppointmentRow } from '../../store/appointments.js';
import { requireCustomer, requireUser } from '../../store/customers.js';
import { userColumn, userFrom } from '../../store/refs.js';
import { getUser } from '../../store/users.js';
import { workCalendar } from '../../store/work-calendar.js';
import type { HandlerContext } from '../handler-context.js';

function userRef(db: DbHandle, id: string): DiaryView['user'] {
  const u = getUser(db, id);
  if (!u) throw new ApiError('not_found', `no user ${id}`);
  return { id: u.id, name: u.name, extension: u.extension, role: u.role };
}

function isSupervisor(db: DbHandle, id: string): boolean {
  const role = getUser(db, id)?.role;
  return role === 'supervisor' || role === 'admin';
}

export function diaryHandlers(ctx: HandlerContext): DiaryHandlers {
  const { store } = ctx;
  const { db } = store;
  const me = () => ctx.currentUserId();

  const diary = (userId: string, from: string, count: number): DiaryView => {
    const calendar = workCalendar(db);
    const days: DiaryView['days'] = [];
    let date = from;
    for (let i = 0; i < count; i++, date = calendar.next(date)) {
      const kind = calendar.kindOf(date);
      days.push({ date, start: calendar.at(date, 0), end: calendar.at(calendar.next(date), 0), kind, working: calendar.isWorkingDay(date) });
    }
    const start = days[0]!.start;
    const end = days.at(-1)!.end;
    const entries: DiaryEntry[] = [];
    const tasks = db.prepare(
      `SELECT t.id, t.title, t.due_at, t.status, t.priority, t.customer_id, (SELECT c.name FROM customer c WHERE c.id = t.customer_id) AS customer_name,
              (SELECT r.name FROM process_run r WHERE r.id = t.process_run_id) AS process_name, ${userColumn('t.created_by', 'cb')}
       FROM task t WHERE t.assignee_id = ? AND t.deleted = 0 AND t.status <> 'cancelled' AND t.due_at >= ? AND t.due_at < ? ORDER BY t.due_at LIMIT 2000`,
    ).all(userId, start, end) as Record<string, unknown>[];
    for (const t of tasks) {
      entries.push({
        kind: 'task', id: t.id as string, title: t.title as string, at: t.due_at as number, status: t.status as 'open', priority: t.priority as 'normal',
        customerId: t.customer_id as string, customerName: (t.customer_name as string | null) ?? '', process: (t.process_name as string | null) ?? null, createdBy: userFrom(t, 'cb'),
      });
    }
    for (const a of appointmentsOf(db, userId, start, end)) entries.push({ kind: 'appointment', id: a.id, at: a.startsAt, appointment: a });
    const calls = db.prepare(
      `SELECT i.id, i.occurred_at, i.duration_s, i.direction, i.customer_id, i.outcome, (SELECT c.name FROM customer c WHERE c.id = i.customer_id) AS customer_name
       FROM interaction i WHERE i.user_id = ? AND i.channel = 'call' AND i.deleted = 0 AND i.occurred_at >= ? AND i.occurred_at < ? ORDER BY i.occurred_at LIMIT 2000`,
    ).all(userId, start, end) as { id: string; occurred_at: number; duration_s: number | null; direction: 'in' | 'out'; customer_id: string; outcome: string | null; customer_name: string | null }[];
    for (const c of calls) {
      entries.push({ kind: 'call', id: c.id, at: c.occurred_at, durationS: c.duration_s, direction: c.direction, customerId: c.customer_id, customerName: c.customer_name ?? '', outcome: c.outcome });
    }
    entries.sort((a, b) => a.at - b.at);
    return {
      user: userRef(db, userId),
      timeZone: calendar.week.timeZone,
      days,
      entries,
      absences: absencesBetween(db, userId, from, days.at(-1)!.date, calendar),
      dueWhileAway: dueWhileAway(me()),
    };
  };

  /** Open tasks this user gave to colleagues that fall due on a day the colleague is away. */
  const dueWhileAway = (giverId: string): DiaryView['dueWhileAway'] => {
    const calendar = workCalendar(db);
    const given = db.prepare(
      `SELECT t.id, t.title, t.due_at, t.customer_id, t.assignee_id, ${userColumn('t.assignee_id', 'au')} FROM task t
       WHERE t.created_by = ? AND t.status = 'open' AND t.deleted = 0 AND t.assignee_id IS NOT NULL AND t.assignee_id <> ?
         AND EXISTS (SELECT 1 FROM absence a WHERE a.user_id = t.assignee_id AND a.deleted = 0)
       ORDER BY t.due_at LIMIT 200`,
    ).all(giverId, giverId) as Record<string, unknown>[];
    const out: DiaryView['dueWhileAway'] = [];
    for (const t of given) {
      const absence = absenceOn(db, t.assignee_id as string, calendar.dateOf(t.due_at as number), calendar);
      if (absence) out.push({ taskId: t.id as string, title: t.title as string, dueAt: t.due_at as number, assignee: userFrom(t, 'au'), customerId: t.customer_id as string, absence });
    }
    return out;
  };

  return {
    'diary.range': (input) => diary(input.userId ?? me(), input.from, input.days),
    'appointments.book': (input) =>
      store.write((w) => {
        requireUser(db, input.attendeeId);
        const customerId = input.customerId ? requireCustomer(db, input.customerId).id : null;
        const row = w.insert('appointment', {
          title: input.title, starts_at: input.startsAt, ends_at: input.endsAt, organiser_id: me(), attendee_id: input.attendeeId,
          customer_id: customerId, note: input.note ?? null, status: 'active',
        });
        // Booked into one's own calendar: nobody else to ask.
        if (input.attendeeId === me()) w.insert('appointment_answer', { appointment_id: row.id, customer_id: customerId, user_id: me(), answer: 'accept', starts_at: null, ends_at: null, note: null, answered_at: w.now });
        return appointmentView(db, row.id);
      }),
    'appointments.answer': (input) =>
      store.write((w) => {
        const row = getAppointmentRow(db, input.id);
        if (row.attendee_id !== me() && !isSupervisor(db, me())) throw new ApiError('forbidden', 'only the colleague it is booked for answers an appointment');
        if (row.status === 'cancelled') throw new ApiError('conflict', 'the booker cancelled this appointment');
        w.insert('appointment_answer', {
          appointment_id: row.id, customer_id: row.customer_id, user_id: me(), answer: input.answer,
          starts_at: input.answer === 'counter' ? input.startsAt : null, ends_at: input.answer === 'counter' ? input.endsAt : null,
          note: input.note ?? null, answered_at: w.now,
        });
        return appointmentView(db, row.id);
      }),
    'appointments.takeCounter': (input) =>
      store.write((w) => {
        const row = getAppointmentRow(db, input.id);
        if (row.organiser_id !== me()) throw new ApiError('forbidden', 'only the booker takes a proposed time');
        const view = appointmentView(db, row.id);
        if (view.state !== 'countered' || !view.counter) throw new ApiError('conflict', 'no other time is proposed');
        w.update('appointment', row, { starts_at: view.counter.startsAt, ends_at: view.counter.endsAt });
        w.insert('appointment_answer', { appointment_id: row.id, customer_id: row.customer_id, user_id: me(), answer: 'accept', starts_at: view.counter.startsAt, ends_at: view.counter.endsAt, note: null, answered_at: w.now });
        return appointmentView(db, row.id);
      }),
    'appointments.cancel': (input) =>
      store.write((w) => {
        const row = getAppointmentRow(db, input.id);
        if (row.organiser_id !== me() && !isSupervisor(db, me())) throw new ApiError('forbidden', 'only the booker cancels an appointment');
        if (row.status !== 'cancelled') w.update('appointment', row, { status: 'cancelled' });
        return appointmentView(db, row.id);
      }),
    'absences.list': () => {
      const calendar = workCalendar(db);
      return currentAbsences(db, calendar.dateOf(store.now()), calendar);
    },
    'absences.save': (input) =>
      store.write((w) => {
        if (input.userId !== me() && !isSupervisor(db, me())) throw new ApiError('forbidden', 'you enter your own absences; a supervisor enters anyone’s');
        requireUser(db, input.userId);
        if (input.standInId) requireUser(db, input.standInId);
        const fields = { user_id: input.userId, kind: input.kind, starts_on: input.startsOn, ends_on: input.endsOn, stand_in_id: input.standInId ?? null, note: input.note ?? null };
        const current: AbsenceRow | undefined = input.id ? getAbsenceRow(db, input.id) : undefined;
        const row = current ? w.update('absence', current, fields) : w.insert('absence', fields, input.id);
        return absenceView(db, row.id, workCalendar(db))!;
      }),
    'absences.remove': (input) =>
      store.write((w) => {
        const row = getAbsenceRow(db, input.id);
        if (!row) throw new ApiError('not_found', `no absence ${input.id}`);
        if (row.user_id !== me() && !isSupervisor(db, me())) throw new ApiError('forbidden', 'you remove your own absences; a supervisor removes anyone’s');
        w.tombstone('absence', row);
        return { ok: true as const };
      }),
  };
}
