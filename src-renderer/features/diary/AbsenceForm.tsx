import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '../../../src-shared/api/entities.js';
import { ABSENCE_KINDS } from '../../../src-shared/planning/diary.js';
import { useApi } from '../../api/context.js';
import { RadioGroup, SelectField, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { addDays, todayIso } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

type Kind = (typeof ABSENCE_KINDS)[number];

/** A trip, leave or sick days, entered ahead: for oneself, or by a supervisor for anyone. */
export function AbsenceForm({ users, userId, mayChoose, onDone }: { users: readonly UserRef[]; userId: string; mayChoose: boolean; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [who, setWho] = useState(userId);
  const [kind, setKind] = useState<Kind>('leave');
  const [from, setFrom] = useState(() => addDays(todayIso(), 1));
  const [to, setTo] = useState(() => addDays(todayIso(), 5));
  const [standIn, setStandIn] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Opened inside the diary, after the dialog placed its focus: the reason takes it (digits choose it).
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api['absences.save']({ userId: who, kind, startsOn: from, endsOn: to, standInId: standIn || null, ...(note.trim() ? { note: note.trim() } : {}) });
      ui.getState().toast('success', (tr) => tr('diary.absenceSaved'));
      onDone(true);
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  };
  return (
    <form ref={formRef} className="diary-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} data-testid="absence-form" noValidate>
      <h3>{t('diary.absenceTitle')}</h3>
      {mayChoose && (
        <SelectField label={t('diary.who')} value={who} onChange={(e) => setWho(e.target.value)} data-testid="absence-who">
          {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </SelectField>
      )}
      <RadioGroup legend={t('diary.kind')} name="absence-kind" value={kind} onChange={setKind} digitKeys autoFocus
        options={ABSENCE_KINDS.map((k) => ({ value: k, label: t(`diary.kind_${k}`) }))} testId="absence-kind" />
      <div className="diary-form-row">
        <TextField label={t('diary.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="absence-from" />
        <TextField label={t('diary.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="absence-to" />
      </div>
      <SelectField label={t('diary.standIn')} value={standIn} onChange={(e) => setStandIn(e.target.value)} data-testid="absence-stand-in">
        <option value="">{t('diary.noStandIn')}</option>
        {users.filter((u) => u.id !== who).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
      </SelectField>
      <TextField label={t('diary.note')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={() => onDone(false)} testId="absence-save" />
    </form>
  );
}
