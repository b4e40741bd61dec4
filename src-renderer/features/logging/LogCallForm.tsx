import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MOODS, type Direction, type Mood } from '../../../src-shared/domain.js';
import type { Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { RadioGroup, TextArea, TextField } from '../../components/fields.js';
import { formatDateTime, formatDuration, fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { callDuration, callStart } from '../../stores/calls.js';
import { CaseAndFollowUp, commonInput, initialCommon, NoteTemplateField, OutcomeFields, ReasonField, validateCommon, withTemplate, type CommonState, DirectionField } from './CommonFields.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { FormActions } from '../../components/FormActions.js';
import type { LogFormProps } from './types.js';
import { useSave } from '../../hooks/useSave.js';

export function LogCallForm({ card, callStartedAt, call = null, corrects, onSaved, onCancel }: LogFormProps & { corrects?: Interaction | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  // Opened during or right after the call: the start comes from the incoming call and the
  // duration is the time elapsed since, so the operator rarely touches either. A CTI call knows
  // both exactly: the answer (or the first ring) and the talk time up to the hang-up.
  const [opened] = useState(() => Date.now());
  const start = corrects?.occurredAt ?? (call ? callStart(call) : (callStartedAt ?? opened));
  const [direction, setDirection] = useState<Direction>(corrects?.direction ?? call?.direction ?? (callStartedAt ? 'in' : 'out'));
  const [startedAt, setStartedAt] = useState(toLocalInput(start));
  const [duration, setDuration] = useState(String(corrects?.durationS ?? (call ? callDuration(call, opened) : Math.max(0, Math.round((opened - start) / 1000)))));
  // The call moves on while the form is open (answered → hung up): fields the operator has not
  // touched follow it, so the wrap-up form carries the final duration.
  const [touched, setTouched] = useState({ start: false, duration: false });
  const callKey = call && !corrects ? `${call.callId}:${call.state}:${call.answeredAt}:${call.hungUpAt}` : '';
  const [seenKey, setSeenKey] = useState(callKey);
  if (call && callKey !== seenKey) {
    setSeenKey(callKey);
    if (!touched.start) setStartedAt(toLocalInput(callStart(call)));
    if (!touched.duration) setDuration(String(callDuration(call, call.hungUpAt ?? opened)));
  }
  const [mood, setMood] = useState<Mood | ''>(corrects?.mood ?? '');
  const [notes, setNotes] = useState(corrects?.notes ?? '');
  const [common, setCommonState] = useState<CommonState>(() =>
    initialCommon(t, corrects ? { reason: corrects.reason, outcome: corrects.outcome ?? '', promise: corrects.promise ?? '', caseChoice: corrects.caseId ?? '' } : {}),
  );
  const set = (p: Partial<CommonState>) => setCommonState((s) => ({ ...s, ...p }));
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const formRef = useRef<HTMLFormElement>(null);
  // A call from the pop (or a card opened for an incoming number) brings its time and duration.
  const fromPop = !corrects && (call !== null || callStartedAt !== null);
  const [timeOpen, setTimeOpen] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateCommon(common, t);
    // The field shows minutes only; an untouched field keeps the exact start from the call event.
    const startedMs = startedAt === toLocalInput(start) ? start : fromLocalInput(startedAt);
    if (startedMs === null) local['startedAt'] = t('validation.date');
    const durationS = Number(duration);
    if (!/^\d+$/.test(duration.trim()) || durationS > 24 * 3600) local['durationS'] = t('validation.duration');
    setErrors(local);
    if (Object.keys(local).length > 0 || startedMs === null) {
      setMessage(null);
      return;
    }
    const result = await run(() =>
      api['interactions.logCall']({
        ...commonInput(common, card.customer.id, corrects?.id),
        direction,
        startedAt: startedMs,
        durationS,
        notes,
        ...(mood ? { mood } : {}),
        // Saving the wrap-up ends it; a call still in conversation is not ended by logging it early.
        ...(call && call.state === 'ended' && !corrects ? { callId: call.callId } : {}),
      }),
    );
    if (result) onSaved(result);
  };

  const timeFields = (
    <div className="form-grid">
      <TextField label={t('log.startedAt')} type="datetime-local" value={startedAt} onChange={(e) => {
          setStartedAt(e.target.value);
          setTouched((s) => ({ ...s, start: true }));
        }} error={errors['startedAt']} data-testid="call-started-at" />
      <TextField label={t('log.duration')} inputMode="numeric" value={duration} onChange={(e) => {
          setDuration(e.target.value);
          setTouched((s) => ({ ...s, duration: true }));
        }} error={errors['durationS']} data-testid="call-duration" />
    </div>
  );
  // The order is the operator's: the reason (a digit), the notes, then what is sometimes said.
  return (
    <form ref={formRef} className="form log-form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="log-call-form">
      <ReasonField s={common} set={set} errors={errors} onPicked={() => formRef.current?.querySelector<HTMLTextAreaElement>('[data-testid="call-notes"]')?.focus()} />
      <TextArea label={t('log.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} error={errors['notes']} data-testid="call-notes" />
      <NoteTemplateField reason={common.reason} onInsert={(text) => setNotes((n) => withTemplate(n, text))} />
      <OutcomeFields s={common} set={set} errors={errors} />
      <RadioGroup
        legend={t('mood.label')}
        name="mood"
        value={mood}
        onChange={setMood}
        options={[{ value: '' as const, label: t('mood.none') }, ...MOODS.map((m) => ({ value: m, label: t(`mood.${m}`) }))]}
        testId="mood"
      />
      <DirectionField value={direction} onChange={setDirection} />
      {fromPop && !timeOpen && !errors['startedAt'] && !errors['durationS'] ? (
        // Taken from the call: shown, and changed only on request (out of the way of the Tab order).
        <p className="call-time-summary" data-testid="call-time-summary">
          {t('log.timeFromCall', { start: formatDateTime(fromLocalInput(startedAt) ?? start, i18n.language), duration: formatDuration(Number(duration) || 0, t, i18n.language) })}{' '}
          <button type="button" className="btn btn-link" tabIndex={-1} onClick={() => setTimeOpen(true)} data-testid="call-time-change">{t('log.timeChange')}</button>
        </p>
      ) : timeFields}
      <CaseAndFollowUp s={common} set={set} errors={errors} openCases={card.openCases} />
      <ErrorSummary errors={errors} message={message} />
      <FormActions busy={busy} onCancel={onCancel} testId="save" />
    </form>
  );
}
