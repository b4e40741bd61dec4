import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard, UserRef } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Checkbox, SelectField, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

/** Books a meeting into a colleague's calendar (or one's own): they accept, decline or propose another time. */
export function BookForm({ users, attendeeId, card, onDone }: { users: readonly UserRef[]; attendeeId: string; card: CustomerCard | null; onDone(booked: boolean): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [who, setWho] = useState(attendeeId);
  const [title, setTitle] = useState('');
  // The next full hour: the usual slot for a meeting booked now.
  const [start, setStart] = useState(() => toLocalInput(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000));
  const [minutes, setMinutes] = useState('30');
  const [about, setAbout] = useState(card !== null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const startsAt = fromLocalInput(start);
    const length = Number(minutes);
    if (!title.trim() || startsAt === null || !Number.isInteger(length) || length <= 0) {
      setError(t('error.validation'));
      return;
    }
    setBusy(true);
    try {
      const booked = await api['appointments.book']({
        attendeeId: who, title: title.trim(), startsAt, endsAt: startsAt + length * 60_000,
        ...(about && card ? { customerId: card.customer.id } : {}), ...(note.trim() ? { note: note.trim() } : {}),
      });
      ui.getState().toast('success', (tr) => tr('diary.booked', { title: booked.title }));
      onDone(true);
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  };
  return (
    <form className="diary-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} data-testid="book-form" noValidate>
      <h3>{t('diary.bookTitle')}</h3>
      <TextField label={t('diary.what')} value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} data-testid="book-title" data-autofocus autoFocus />
      <SelectField label={t('diary.bookFor')} value={who} onChange={(e) => setWho(e.target.value)} data-testid="book-who">
        {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
      </SelectField>
      <div className="diary-form-row">
        <TextField label={t('diary.startsAt')} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} data-testid="book-start" />
        <TextField label={t('diary.minutes')} type="number" min={5} max={1440} step={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="book-minutes" />
      </div>
      {card && <Checkbox label={t('diary.aboutCustomer', { name: card.customer.name })} checked={about} onChange={setAbout} testId="book-about" />}
      <TextField label={t('diary.note')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={() => onDone(false)} testId="book-save" />
    </form>
  );
}
