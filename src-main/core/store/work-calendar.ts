// The centre's working calendar as this desktop knows it: the working week an admin set (or the
// default), and the dates an admin set apart, over the Russian production calendar. Read afresh for
// each planning decision: it is two small tables, and an admin's edit must count at once.
import type { DayKind } from '../../../src-shared/planning/production-calendar-ru.js';
import { DEFAULT_WORK_WEEK, WorkCalendar, type WorkWeek } from '../../../src-shared/planning/working-time.js';
import type { DbHandle } from '../db/db-handle.js';
import type { CalendarDayRow, CentreSettingsRow } from '../db/schema.js';

import { CENTRE_SETTINGS_ID } from '../../../src-shared/planning/centre-settings.js';

export { CENTRE_SETTINGS_ID };

export function workWeek(db: DbHandle): WorkWeek {
  const row = db.prepare('SELECT * FROM centre_settings WHERE id = ? AND deleted = 0').get(CENTRE_SETTINGS_ID) as CentreSettingsRow | undefined;
  if (!row) return DEFAULT_WORK_WEEK;
  return { timeZone: row.time_zone, start: row.work_start, end: row.work_end, days: JSON.parse(row.work_days) as number[] };
}

export function calendarDays(db: DbHandle): CalendarDayRow[] {
  return db.prepare('SELECT * FROM calendar_day WHERE deleted = 0 ORDER BY day').all() as CalendarDayRow[];
}

export function workCalendar(db: DbHandle): WorkCalendar {
  const overrides = new Map<string, DayKind | 'weekday'>();
  for (const d of calendarDays(db)) overrides.set(d.day, d.kind);
  return new WorkCalendar(workWeek(db), overrides);
}
