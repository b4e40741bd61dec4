// Marks on numbers (issue 17), as this store holds them: the number's spam mark, and its calls
// logged without a customer. Both are read at every lookup of a number, through number_mark_number.
import type { NumberMark, NumberMarks } from '../../../src-shared/index.js';
import { NUMBER_MARKS_SHOWN } from '../../../src-shared/api/number-marks.js';
import type { DbHandle } from '../db/db-handle.js';
import type { NumberMarkRow } from '../db/schema.js';

type MarkRow = NumberMarkRow & { by_name: string | null };

export const SPAM_SQL = `SELECT m.*, u.name AS by_name FROM number_mark m LEFT JOIN app_user u ON u.id = m.user_id
  WHERE m.number = ? AND m.deleted = 0 AND m.kind = 'spam' ORDER BY m.occurred_at DESC, m.id DESC`;
const LOGGED_SQL = `SELECT m.*, u.name AS by_name FROM number_mark m LEFT JOIN app_user u ON u.id = m.user_id
  WHERE m.number = ? AND m.deleted = 0 AND m.kind <> 'spam' ORDER BY m.occurred_at DESC, m.id DESC LIMIT ${NUMBER_MARKS_SHOWN}`;

export function toNumberMark(r: MarkRow | (NumberMarkRow & { by_name?: string | null })): NumberMark {
  return { id: r.id, number: r.number, kind: r.kind, reason: r.reason, notes: r.notes, at: r.occurred_at, durationS: r.duration_s, byName: r.by_name ?? null };
}

/** Every live spam mark of a number (two desktops may have marked it at once), newest first. */
export function spamRows(db: DbHandle, e164: string): NumberMarkRow[] {
  return db.prepare(SPAM_SQL).all(e164) as NumberMarkRow[];
}

export function numberMarks(db: DbHandle, e164: string): NumberMarks {
  const spam = db.prepare(SPAM_SQL).get(e164) as MarkRow | undefined;
  const logged = db.prepare(LOGGED_SQL).all(e164) as MarkRow[];
  return { spam: spam ? toNumberMark(spam) : null, withoutCustomer: logged.map(toNumberMark) };
}
