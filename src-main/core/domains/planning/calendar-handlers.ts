// The centre's working calendar (issue 19): the working week and the dates apart from it, over the
// Russian production calendar. Admins edit it; every desktop counts deadlines on it, offline too.
import { v5 } from 'uuid';
import { ApiError, REASONS, type CalendarYear, type CaseHours, type PlanningHandlers, type Reason } from '../../../../src-shared/index.js';
import { DEFAULT_CASE_HOURS } from '../../../../src-shared/planning/case-sla.js';
import { DERIVED_ID_NAMESPACE } from '../../../../src-shared/call-ids.js';
import { russianProductionYear } from '../../../../src-shared/planning/production-calendar-ru.js';
import { isIanaZone } from '../../../../src-shared/planning/time-zone.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { CalendarDayRow, CaseSlaRow, CentreSettingsRow } from '../../db/schema.js';
import { getUser } from '../../store/users.js';
import { calendarDays, CENTRE_SETTINGS_ID, workWeek } from '../../store/work-calendar.js';
import type { HandlerContext } from '../handler-context.js';
import { requireSupervisor } from './process-handlers.js';

function requireAdmin(db: DbHandle, userId: string): void {
  if (getUser(db, userId)?.role !== 'admin') throw new ApiError('forbidden', 'the working calendar is set by admins');
}

/** One row per date, whoever sets it: two admins' edits of a date merge on the same row. */
function dayId(date: string): string {
  return v5(`calendar-day:${date}`, DERIVED_ID_NAMESPACE);
}

export function calendarYear(db: DbHandle, year: number): CalendarYear {
  const days = new Map<string, CalendarYear['days'][number]>();
  for (const [date, kind] of russianProductionYear(year)) {
    days.set(date, { date, kind, name: null, source: 'production' });
  }
  for (const d of calendarDays(db)) if (d.day.startsWith(`${year}-`)) days.set(d.day, { date: d.day, kind: d.kind, name: d.name, source: 'admin' });
  const week = workWeek(db);
  return { year, week: { ...week, days: [...week.days] }, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

function caseHours(db: DbHandle): CaseHours {
  const set = new Map((db.prepare('SELECT category, hours FROM case_sla WHERE deleted = 0 ORDER BY updated_at').all() as { category: Reason; hours: number }[]).map((r) => [r.category, r.hours]));
  return REASONS.map((category) => ({ category, hours: set.get(category) ?? DEFAULT_CASE_HOURS[category], set: set.has(category) }));
}

export function calendarHandlers(ctx: HandlerContext): Pick<PlanningHandlers, 'calendar.year' | 'calendar.setDay' | 'calendar.setWeek' | 'calendar.caseHours' | 'calendar.setCaseHours'> {
  const { store } = ctx;
  const { db } = store;
  return {
    'calendar.year': (input) => calendarYear(db, input.year),
    'calendar.caseHours': () => caseHours(db),
    'calendar.setCaseHours': (input) =>
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'setting resolution times');
        // One row per category, whoever sets it: two supervisors' edits merge on it.
        const id = v5(`case-sla:${input.category}`, DERIVED_ID_NAMESPACE);
        const current = db.prepare('SELECT * FROM case_sla WHERE id = ?').get(id) as CaseSlaRow | undefined;
        if (!current) w.insert('case_sla', { category: input.category, hours: input.hours }, id);
        else w.update('case_sla', current, { hours: input.hours, ...(current.deleted ? { deleted: 0 } : {}) });
        return caseHours(db);
      }),
    'calendar.setDay': (input) =>
      store.write((w) => {
        requireAdmin(db, ctx.currentUserId());
        const id = dayId(input.date);
        const current = db.prepare('SELECT * FROM calendar_day WHERE id = ?').get(id) as CalendarDayRow | undefined;
        const fields = { day: input.date, kind: input.kind, name: input.name ?? null };
        if (!current) w.insert('calendar_day', fields, id);
        else w.update('calendar_day', current, { ...fields, ...(current.deleted ? { deleted: 0 } : {}) });
        return calendarYear(db, Number(input.date.slice(0, 4)));
      }),
    'calendar.setWeek': (input) =>
      store.write((w) => {
        requireAdmin(db, ctx.currentUserId());
        if (!isIanaZone(input.timeZone)) throw new ApiError('validation', `not a time zone: ${input.timeZone}`);
        const fields = { time_zone: input.timeZone, work_start: input.start, work_end: input.end, work_days: JSON.stringify([...new Set(input.days)].sort()) };
        const current = db.prepare('SELECT * FROM centre_settings WHERE id = ?').get(CENTRE_SETTINGS_ID) as CentreSettingsRow | undefined;
        if (!current) w.insert('centre_settings', fields, CENTRE_SETTINGS_ID);
        else w.update('centre_settings', current, fields);
        return calendarYear(db, new Date(w.now).getUTCFullYear());
      }),
  };
}
