import './diary.css';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard, UserRef } from '../../../src-shared/api/entities.js';
import type { DiaryEntry, DiaryView } from '../../../src-shared/planning/diary.js';
import { useApi } from '../../api/context.js';
import { ActiveList } from '../../components/ActiveList.js';
import { Dialog } from '../../components/Dialog.js';
import { RadioGroup, SelectField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { addDays, formatDate, formatDay, mondayOf, todayIso } from '../../i18n/format.js';
import { isTextTarget } from '../../lib/keymap.js';
import { isSupervisorRole } from '../../lib/roles.js';
import { useNow } from '../../hooks/useNow.js';
import { useSession, useStores } from '../../stores/index.js';
import { AbsenceForm } from './AbsenceForm.js';
import { AppointmentPanel } from './AppointmentPanel.js';
import { BookForm } from './BookForm.js';
import { DiaryEntryRow } from './DiaryEntryRow.js';

type Mode = { kind: 'view' } | { kind: 'book' } | { kind: 'absence' } | { kind: 'appointment'; id: string };

/**
 * A person's diary (Ctrl+Shift+D): a day or a week of their tasks, meetings and calls, on the centre's
 * working calendar, with their absences; a colleague's within this desktop's scope. Keyboard only:
 * ← → move by a day or a week, T today, D/W switch the view, Tab between days, ↑ ↓ within a day,
 * Enter opens an entry; B books a meeting, A enters an absence.
 */
export function DiaryDialog({ card }: { card: CustomerCard | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore } = useStores();
  const me = useSession((s) => s.user);
  const now = useNow(60_000);
  const [userId, setUserId] = useState<string | null>(me?.id ?? null);
  const [view, setView] = useState<'day' | 'week'>('week');
  const [from, setFrom] = useState(() => todayIso());
  const [data, setData] = useState<DiaryView | null>(null);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [error, setError] = useState<string | null>(null);
  const first = view === 'week' ? mondayOf(from) : from;
  const rootRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api['diary.range']({ ...(userId ? { userId } : {}), from: first, days: view === 'week' ? 7 : 1 }).then(setData, (e: unknown) => setError(errorMessage(e, t)));
  }, [api, userId, first, view, t]);
  useEffect(() => load(), [load]);
  useEffect(() => {
    api['users.list']({}).then(setUsers, () => setUsers([]));
    // A sync that brings a colleague's answer or a new task shows at once.
    return api.onEvent((e) => {
      if (e.type === 'data-changed' || e.type === 'appointments-answered') load();
    });
  }, [api, load]);

  // The dialog opened before the days were read, and a new day or week replaces the lists: the
  // keyboard goes to today's list (or the first day's) whenever it is not on something still shown,
  // and back there after a form, so ← → and ↑ ↓ keep working.
  useEffect(() => {
    if (mode.kind !== 'view' || !data) return;
    const root = rootRef.current;
    const active = document.activeElement;
    if (!root || (active && active !== root && root.contains(active))) return;
    const today = root.querySelector<HTMLElement>(`[data-date="${todayIso()}"] [role="listbox"]`);
    (today ?? root.querySelector<HTMLElement>('[role="listbox"]') ?? root).focus();
  }, [data, mode]);

  const close = () => ui.getState().closeDialog();
  const step = view === 'week' ? 7 : 1;
  // From the latest date, not this render's: keys pressed faster than the days load still add up.
  const move = (days: number) => setFrom((f) => addDays(view === 'week' ? mondayOf(f) : f, days));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (mode.kind !== 'view' || e.ctrlKey || e.altKey || e.metaKey || isTextTarget(e.target) || e.target instanceof HTMLSelectElement) return;
    // A radio group's arrows are its own.
    if (e.target instanceof HTMLInputElement && e.target.type === 'radio' && e.key.startsWith('Arrow')) return;
    if (e.key === 'ArrowLeft') move(-step);
    else if (e.key === 'ArrowRight') move(step);
    else if (e.code === 'KeyT') setFrom(todayIso());
    else if (e.code === 'KeyD') setView('day');
    else if (e.code === 'KeyW') setView('week');
    else if (e.code === 'KeyB') setMode({ kind: 'book' });
    else if (e.code === 'KeyA') setMode({ kind: 'absence' });
    else return;
    e.preventDefault();
  };
  const openEntry = (entry: DiaryEntry) => {
    if (entry.kind === 'appointment') setMode({ kind: 'appointment', id: entry.id });
    else if (entry.kind === 'call') ui.getState().openDialog({ kind: 'entry', entryId: entry.id });
    else {
      close();
      void cardStore.getState().openCustomer(entry.customerId);
    }
  };
  const back = (changed = true) => {
    setMode({ kind: 'view' });
    if (changed) load();
  };

  const lng = i18n.language;
  const person = data?.user ?? me;
  const dayLabel = (d: DiaryView['days'][number]) => {
    // A plain weekend is marked by its colour alone; holidays and moved days are named.
    const marker = d.kind === 'holiday' ? t('diary.holiday') : d.kind === 'short' ? t('diary.short') : d.kind === 'workday' ? t('diary.workday') : d.working || view === 'week' ? '' : t('diary.dayOff');
    return { date: formatDay(d.date, lng), marker, spoken: marker || (d.working ? '' : t('diary.dayOff')) };
  };
  const appointment = mode.kind === 'appointment' ? data?.entries.find((e) => e.kind === 'appointment' && e.id === mode.id) : undefined;
  return (
    <Dialog title={person ? t('diary.titleOf', { name: person.name }) : t('diary.title')} description={t('diary.description')} onClose={close} size={mode.kind === 'view' ? 'full' : 'wide'} testId="diary-dialog">
      <div ref={rootRef} className="diary" tabIndex={-1} onKeyDown={onKeyDown}>
        {error && <p role="alert" className="field-error">{error}</p>}
        {mode.kind === 'book' && <BookForm users={users} attendeeId={userId ?? me?.id ?? ''} card={card} onDone={back} />}
        {mode.kind === 'absence' && <AbsenceForm users={users} userId={userId ?? me?.id ?? ''} mayChoose={isSupervisorRole(me?.role)} onDone={back} />}
        {appointment?.kind === 'appointment' && me && <AppointmentPanel appointment={appointment.appointment} me={me.id} onDone={() => back()} />}
        {mode.kind === 'view' && data && (
          <>
            <div className="diary-bar">
              <SelectField label={t('diary.person')} value={userId ?? ''} onChange={(e) => setUserId(e.target.value)} data-testid="diary-person">
                {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </SelectField>
              <RadioGroup legend={t('diary.view')} name="diary-view" value={view} onChange={setView} options={[{ value: 'day', label: t('diary.day') }, { value: 'week', label: t('diary.week') }]} testId="diary-view" />
              <div className="diary-nav">
                <button type="button" className="btn btn-small" aria-keyshortcuts="ArrowLeft" onClick={() => move(-step)} data-testid="diary-previous">← {t('diary.previous')}</button>
                <button type="button" className="btn btn-small" aria-keyshortcuts="T" onClick={() => setFrom(todayIso())}>{t('diary.today')}</button>
                <button type="button" className="btn btn-small" aria-keyshortcuts="ArrowRight" onClick={() => move(step)} data-testid="diary-next">{t('diary.next')} →</button>
              </div>
              <div className="diary-nav">
                <button type="button" className="btn btn-small" aria-keyshortcuts="B" onClick={() => setMode({ kind: 'book' })} data-testid="diary-book">{t('diary.book')} <kbd aria-hidden="true">B</kbd></button>
                <button type="button" className="btn btn-small" aria-keyshortcuts="A" onClick={() => setMode({ kind: 'absence' })} data-testid="diary-absence">{t('diary.addAbsence')} <kbd aria-hidden="true">A</kbd></button>
              </div>
            </div>
            {data.absences.map((a) => (
              <p key={a.id} className="diary-away" data-testid="diary-away">
                {t('diary.away', { kind: t(`diary.kind_${a.kind}`), until: formatDate(Date.parse(`${a.endsOn}T12:00:00Z`), lng), back: formatDate(Date.parse(`${a.backOn}T12:00:00Z`), lng) })}
                {a.standIn && ` · ${t('diary.awayStandIn', { name: a.standIn.name })}`}
              </p>
            ))}
            {data.dueWhileAway.length > 0 && (
              <div role="note" className="diary-flags" data-testid="diary-flags">
                <strong>{t('diary.awayFlags')}</strong>
                <ul>
                  {data.dueWhileAway.map((f) => (
                    <li key={f.taskId}>{t('diary.awayFlag', { title: f.title, name: f.assignee?.name ?? '', kind: t(`diary.kind_${f.absence.kind}`), until: formatDate(Date.parse(`${f.absence.endsOn}T12:00:00Z`), lng) })}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className={`diary-days diary-${view}`} data-testid={`diary-view-${view}`}>
              {data.days.map((d) => {
                const entries = data.entries.filter((e) => e.at >= d.start && e.at < d.end);
                const label = dayLabel(d);
                return (
                  <section key={d.date} className={`diary-day ${d.working ? '' : 'diary-day-off'}`} aria-label={`${label.date} ${label.spoken}`.trim()} data-testid="diary-day" data-date={d.date}>
                    <h3 className="diary-day-head">{label.date}{label.marker && <span className="diary-marker"> · {label.marker}</span>}</h3>
                    {entries.length === 0 ? (
                      <p className="muted diary-empty">{t('diary.empty')}</p>
                    ) : (
                      <ActiveList items={entries} idOf={(e) => `${e.kind}-${e.id}`} render={(e) => <DiaryEntryRow entry={e} now={now} compact={view === 'week'} />} onEnter={openEntry}
                        label={t('diary.entries', { date: label.date })} testId={`diary-list-${d.date}`} rows={view === 'week' ? 9 : 12} />
                    )}
                  </section>
                );
              })}
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}
