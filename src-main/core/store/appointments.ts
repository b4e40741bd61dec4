// Appointments booked into people's calendars and their answers (issue 19). An appointment's state
// is read from its answers (append-only, the latest wins) and its own status (the booker's cancel):
// answers made offline on two desktops never overwrite each other, they follow each other.
import { ApiError } from '../../../src-shared/index.js';
import type { AppointmentState, AppointmentView } from '../../../src-shared/planning/diary.js';
import type { DbHandle } from '../db/db-handle.js';
import type { AppointmentAnswerRow, AppointmentRow } from '../db/schema.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';
import { userColumn, userFrom } from './refs.js';

const SELECT = `SELECT a.*, ${userColumn('a.organiser_id', 'o')}, ${userColumn('a.attendee_id', 't')},
  (SELECT c.name FROM customer c WHERE c.id = a.customer_id) AS customer_name FROM appointment a`;

type AppointmentJoinRow = AppointmentRow & { customer_name: string | null } & Record<string, unknown>;

function latestAnswer(db: DbHandle, appointmentId: string): AppointmentAnswerRow | undefined {
  return db.prepare('SELECT * FROM appointment_answer WHERE appointment_id = ? AND deleted = 0 ORDER BY answered_at DESC, created_at DESC, id DESC LIMIT 1').get(appointmentId) as AppointmentAnswerRow | undefined;
}

export function toAppointmentView(db: DbHandle, row: AppointmentJoinRow): AppointmentView {
  const answer = row.status === 'cancelled' ? undefined : latestAnswer(db, row.id);
  const state: AppointmentState = row.status === 'cancelled' ? 'cancelled' : answer === undefined ? 'proposed' : answer.answer === 'accept' ? 'accepted' : answer.answer === 'decline' ? 'declined' : 'countered';
  return {
    id: row.id,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    organiser: userFrom(row, 'o'),
    attendee: userFrom(row, 't'),
    customerId: row.customer_id,
    customerName: row.customer_name,
    note: row.note,
    state,
    counter: state === 'countered' && answer?.starts_at != null && answer.ends_at != null ? { startsAt: answer.starts_at, endsAt: answer.ends_at, note: answer.note } : null,
  };
}

export function getAppointmentRow(db: DbHandle, id: string): AppointmentRow {
  const row = db.prepare('SELECT * FROM appointment WHERE id = ? AND deleted = 0').get(id) as AppointmentRow | undefined;
  if (!row) throw new ApiError('not_found', `no appointment ${id}`);
  return row;
}

export function appointmentView(db: DbHandle, id: string): AppointmentView {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AppointmentJoinRow | undefined;
  if (!row) throw new ApiError('not_found', `no appointment ${id}`);
  return toAppointmentView(db, row);
}

/** The appointments in a person's calendar overlapping [from, to). */
export function appointmentsOf(db: DbHandle, userId: string, from: number, to: number): AppointmentView[] {
  const rows = db.prepare(`${SELECT} WHERE a.attendee_id = ? AND a.deleted = 0 AND a.starts_at < ? AND a.ends_at > ? ORDER BY a.starts_at LIMIT 2000`).all(userId, to, from) as AppointmentJoinRow[];
  return rows.map((r) => toAppointmentView(db, r));
}

/**
 * Answers to this user's bookings that came since they were last told (at most 50), and moves the
 * mark past them: each is told once. The first call only sets the mark.
 */
export function takeAnswerNotices(db: DbHandle, userId: string, now: number): { appointmentId: string; title: string; by: string | null; answer: 'accept' | 'decline' | 'counter'; startsAt: number | null }[] {
  return db.sqlite.transaction(() => {
    const mark = readMeta(db.sqlite, MetaKey.answerNoticesUpTo);
    if (mark === undefined) {
      writeMeta(db.sqlite, MetaKey.answerNoticesUpTo, String(now));
      return [];
    }
    const rows = db.prepare(
      `SELECT r.appointment_id, r.answer, r.starts_at, r.answered_at, a.title, (SELECT u.name FROM app_user u WHERE u.id = r.user_id) AS by_name
       FROM appointment_answer r JOIN appointment a ON a.id = r.appointment_id
       WHERE a.organiser_id = ? AND r.user_id <> ? AND r.answered_at > ? AND r.deleted = 0 ORDER BY r.answered_at LIMIT 50`,
    ).all(userId, userId, Number(mark)) as { appointment_id: string; answer: 'accept' | 'decline' | 'counter'; starts_at: number | null; answered_at: number; title: string; by_name: string | null }[];
    const last = rows.at(-1);
    if (last) writeMeta(db.sqlite, MetaKey.answerNoticesUpTo, String(last.answered_at));
    return rows.map((r) => ({ appointmentId: r.appointment_id, title: r.title, by: r.by_name, answer: r.answer, startsAt: r.starts_at }));
  })();
}
