// People's absences (issue 19): trips, leave and sick days, entered ahead. The card's owner block,
// the transfer hint and the diary read them; "back on" is the first working day after the last day.
import type { AbsenceView } from '../../../src-shared/planning/diary.js';
import type { WorkCalendar } from '../../../src-shared/planning/working-time.js';
import type { DbHandle } from '../db/db-handle.js';
import type { AbsenceRow } from '../db/schema.js';
import { userColumn, userFrom } from './refs.js';

const SELECT = `SELECT a.*, ${userColumn('a.user_id', 'u')}, ${userColumn('a.stand_in_id', 's')} FROM absence a`;

type AbsenceJoinRow = AbsenceRow & Record<string, unknown>;

export function backOn(calendar: WorkCalendar, endsOn: string): string {
  let date = calendar.next(endsOn);
  for (let i = 0; i < 400 && !calendar.isWorkingDay(date); i++) date = calendar.next(date);
  return date;
}

export function toAbsenceView(row: AbsenceJoinRow, calendar: WorkCalendar): AbsenceView {
  return {
    id: row.id,
    user: userFrom(row, 'u'),
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    standIn: userFrom(row, 's'),
    note: row.note,
    backOn: backOn(calendar, row.ends_on),
  };
}

/** Absences that have not ended before `today`, soonest first. */
export function currentAbsences(db: DbHandle, today: string, calendar: WorkCalendar): AbsenceView[] {
  return (db.prepare(`${SELECT} WHERE a.deleted = 0 AND a.ends_on >= ? ORDER BY a.starts_on LIMIT 1000`).all(today) as AbsenceJoinRow[]).map((r) => toAbsenceView(r, calendar));
}

/** One person's absence covering a date, if any. */
export function absenceOn(db: DbHandle, userId: string, date: string, calendar: WorkCalendar): AbsenceView | null {
  const row = db.prepare(`${SELECT} WHERE a.user_id = ? AND a.deleted = 0 AND a.starts_on <= ? AND a.ends_on >= ? ORDER BY a.starts_on LIMIT 1`).get(userId, date, date) as AbsenceJoinRow | undefined;
  return row ? toAbsenceView(row, calendar) : null;
}

/** A person's absences overlapping [from, to] (dates). */
export function absencesBetween(db: DbHandle, userId: string, from: string, to: string, calendar: WorkCalendar): AbsenceView[] {
  return (db.prepare(`${SELECT} WHERE a.user_id = ? AND a.deleted = 0 AND a.starts_on <= ? AND a.ends_on >= ? ORDER BY a.starts_on`).all(userId, to, from) as AbsenceJoinRow[]).map((r) => toAbsenceView(r, calendar));
}

export function getAbsenceRow(db: DbHandle, id: string): AbsenceRow | undefined {
  return db.prepare('SELECT * FROM absence WHERE id = ? AND deleted = 0').get(id) as AbsenceRow | undefined;
}

export function absenceView(db: DbHandle, id: string, calendar: WorkCalendar): AbsenceView | null {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AbsenceJoinRow | undefined;
  return row ? toAbsenceView(row, calendar) : null;
}
