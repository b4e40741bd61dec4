import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../src-shared/planning/diary.js';
import { useApi } from '../../api/context.js';
import { TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../i18n/format.js';

/**
 * One appointment: the colleague it is booked for accepts, declines or proposes another time; the
 * booker takes a proposed time or cancels. Each answer is a local write that syncs.
 */
export function AppointmentPanel({ appointment, me, onDone }: { appointment: AppointmentView; me: string; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [countering, setCountering] = useState(false);
  const [at, setAt] = useState(() => toLocalInput(appointment.startsAt + 86_400_000));
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button, input')?.focus();
  }, [countering]);
  const lng = i18n.language;
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      onDone();
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };
  const a = appointment;
  const mine = a.attendee?.id === me;
  const booker = a.organiser?.id === me;
  const open = a.state !== 'cancelled';
  const length = a.endsAt - a.startsAt;
  return (
    <div ref={ref} className="diary-form" data-testid="appointment-panel">
      <h3>{a.title}</h3>
      <p>
        {formatDateTime(a.startsAt, lng)} · <strong>{t(`diary.state_${a.state}`)}</strong>
        <br />
        {a.organiser && t('diary.organiser', { name: a.organiser.name })} · {a.attendee && t('diary.attendee', { name: a.attendee.name })}
        {a.customerName && <> · {a.customerName}</>}
      </p>
      {a.note && <p className="muted">{a.note}</p>}
      {a.counter && <p>{t('diary.counterAt')}: {formatDateTime(a.counter.startsAt, lng)}</p>}
      {error && <p role="alert" className="field-error">{error}</p>}
      {countering ? (
        <div className="diary-form-row">
          <TextField label={t('diary.counterAt')} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} data-testid="counter-at" />
          <button type="button" className="btn btn-primary" data-testid="counter-send" onClick={() => {
            const startsAt = fromLocalInput(at);
            if (startsAt !== null) void act(() => api['appointments.answer']({ id: a.id, answer: 'counter', startsAt, endsAt: startsAt + length }));
          }}>{t('diary.counter')}</button>
        </div>
      ) : (
        <div className="diary-actions">
          {mine && open && a.state !== 'accepted' && <button type="button" className="btn btn-primary" onClick={() => void act(() => api['appointments.answer']({ id: a.id, answer: 'accept' }))} data-testid="appointment-accept">{t('diary.accept')}</button>}
          {mine && open && a.state !== 'declined' && <button type="button" className="btn" onClick={() => void act(() => api['appointments.answer']({ id: a.id, answer: 'decline' }))} data-testid="appointment-decline">{t('diary.decline')}</button>}
          {mine && open && <button type="button" className="btn" onClick={() => setCountering(true)} data-testid="appointment-counter">{t('diary.counter')}</button>}
          {booker && a.state === 'countered' && a.counter && (
            <button type="button" className="btn btn-primary" onClick={() => void act(() => api['appointments.takeCounter']({ id: a.id }))} data-testid="appointment-take">
              {t('diary.takeCounter', { time: formatDateTime(a.counter.startsAt, lng) })}
            </button>
          )}
          {booker && open && <button type="button" className="btn" onClick={() => void act(() => api['appointments.cancel']({ id: a.id }))}>{t('diary.cancel')}</button>}
        </div>
      )}
      <button type="button" className="btn btn-ghost" onClick={onDone} data-testid="appointment-back">{t('diary.back')}</button>
    </div>
  );
}
