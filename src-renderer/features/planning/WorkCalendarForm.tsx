import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarYear } from '../../../src-shared/planning/protocol.js';
import { HOLIDAY_NAMES } from '../../../src-shared/planning/production-calendar-ru.js';
import { useApi } from '../../api/context.js';
import { SelectField, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDay, todayIso } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

const KINDS = ['holiday', 'workday', 'short', 'weekday'] as const;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (text: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/**
 * The centre's working calendar (admins, issue 19): the zone, the working hours and days, and the
 * year's dates apart from the working week — the Russian production calendar's, and the admin's own
 * corrections, which every desktop's deadlines follow after a sync.
 */
export function WorkCalendarForm() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [year, setYear] = useState(() => Number(todayIso().slice(0, 4)));
  const [cal, setCal] = useState<CalendarYear | null>(null);
  const [week, setWeek] = useState({ zone: '', start: '', end: '', days: [] as number[] });
  const [day, setDay] = useState({ date: todayIso(), kind: 'holiday' as (typeof KINDS)[number], name: '' });
  const [error, setError] = useState<string | null>(null);
  const take = (c: CalendarYear) => {
    setCal(c);
    setWeek({ zone: c.week.timeZone, start: hhmm(c.week.start), end: hhmm(c.week.end), days: c.week.days });
  };
  useEffect(() => {
    api['calendar.year']({ year }).then(take, (e: unknown) => setError(errorMessage(e, t)));
  }, [api, year, t]);
  const run = async (call: () => Promise<CalendarYear>) => {
    setError(null);
    try {
      take(await call());
      ui.getState().toast('success', (tr) => tr('planning.calendarSaved'));
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };
  const saveWeek = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api['calendar.setWeek']({ timeZone: week.zone.trim(), start: minutesOf(week.start), end: minutesOf(week.end), days: week.days }));
  };
  const saveDay = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api['calendar.setDay']({ date: day.date, kind: day.kind, name: day.name.trim() || null });
      return api['calendar.year']({ year });
    });
  };
  const lng = i18n.language === 'en' ? 'en' : 'ru';
  return (
    <section className="work-calendar" aria-labelledby={titleId} data-testid="work-calendar">
      <h3 id={titleId}>{t('planning.calendar')}</h3>
      <form className="diary-form-row" onSubmit={saveWeek} data-testid="work-week-form">
        <TextField label={t('planning.timeZone')} value={week.zone} onChange={(e) => setWeek({ ...week, zone: e.target.value })} data-testid="work-week-zone" />
        <TextField label={t('planning.dayStart')} type="time" value={week.start} onChange={(e) => setWeek({ ...week, start: e.target.value })} />
        <TextField label={t('planning.dayEnd')} type="time" value={week.end} onChange={(e) => setWeek({ ...week, end: e.target.value })} />
        <fieldset className="work-week-days">
          <legend>{t('planning.workDays')}</legend>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className="checkbox">
              <input type="checkbox" checked={week.days.includes(d)} onChange={(e) => setWeek({ ...week, days: e.target.checked ? [...week.days, d].sort() : week.days.filter((x) => x !== d) })} />
              <span>{formatDay(`2026-01-${String(4 + d).padStart(2, '0')}`, lng).split(',')[0]}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn">{t('planning.saveWeek')}</button>
      </form>
      <form className="diary-form-row" onSubmit={saveDay} data-testid="calendar-day-form">
        <TextField label={t('planning.date')} type="date" value={day.date} onChange={(e) => setDay({ ...day, date: e.target.value })} data-testid="calendar-day-date" />
        <SelectField label={t('planning.dayKind')} value={day.kind} onChange={(e) => setDay({ ...day, kind: e.target.value as (typeof KINDS)[number] })} data-testid="calendar-day-kind">
          {KINDS.map((k) => <option key={k} value={k}>{t(`planning.dayKind_${k}`)}</option>)}
        </SelectField>
        <TextField label={t('planning.dayName')} value={day.name} maxLength={100} onChange={(e) => setDay({ ...day, name: e.target.value })} />
        <button type="submit" className="btn" data-testid="calendar-day-save">{t('planning.saveDay')}</button>
      </form>
      {error && <p role="alert" className="field-error">{error}</p>}
      <div className="diary-form-row">
        <button type="button" className="btn btn-small" onClick={() => setYear(year - 1)}>← {year - 1}</button>
        <strong>{year}</strong>
        <button type="button" className="btn btn-small" onClick={() => setYear(year + 1)}>{year + 1} →</button>
      </div>
      {cal && (
        <table className="processes-table" data-testid="calendar-days">
          <caption className="visually-hidden">{t('planning.calendar')} {year}</caption>
          <thead><tr><th scope="col">{t('planning.date')}</th><th scope="col">{t('planning.dayKind')}</th><th scope="col">{t('planning.dayName')}</th><th scope="col">{t('planning.source')}</th></tr></thead>
          <tbody>
            {cal.days.map((d) => (
              <tr key={d.date} data-testid="calendar-day">
                <td>{formatDay(d.date, lng)}</td>
                <td>{t(`planning.dayKind_${d.kind}`)}</td>
                <td>{d.name ?? HOLIDAY_NAMES[d.date.slice(5)]?.[lng] ?? ''}</td>
                <td>{t(`planning.source_${d.source}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
