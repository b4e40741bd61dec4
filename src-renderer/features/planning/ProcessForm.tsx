import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REASONS, type Reason } from '../../../src-shared/domain.js';
import { PROCESS_TRIGGERS, ProcessInput, type ProcessDef, type ProcessStep, type ProcessTrigger } from '../../../src-shared/planning/process.js';
import type { UserRef } from '../../../src-shared/api/entities.js';
import { Checkbox, SelectField, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { StepFields } from './StepFields.js';

export type ProcessDraft = Omit<ProcessDef, 'id'> & { id?: string };

export function blankStep(key: string, title = ''): ProcessStep {
  return { key, title, kind: 'other', priority: 'normal', assignee: { kind: 'operator' }, due: { amount: 1, unit: 'working_days', from: 'previous' }, outcomes: [], next: null, parallel: false };
}

/** The smallest free key with this prefix and a number ("s3", "o2"): keys stay short, readable and stable. */
function freeKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/**
 * A process as a form, not JSON (issue 19): its name, what starts it, and its steps. Checked by the
 * same schema the server uses before it is saved; Ctrl+Enter saves.
 */
export function ProcessForm({ initial, users, onSave, onCancel }: { initial: ProcessDraft; users: readonly UserRef[]; onSave(draft: ProcessDraft): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ProcessDraft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProcessDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setStep = (i: number, step: ProcessStep) => set({ steps: draft.steps.map((s, j) => (j === i ? step : s)) });
  const removeStep = (i: number) => {
    const gone = draft.steps[i]?.key;
    // Whatever led to the removed step now ends the process.
    const steps = draft.steps.filter((_, j) => j !== i).map((s) => ({
      ...s, next: s.next === gone ? null : s.next, outcomes: s.outcomes.map((o) => (o.next === gone ? { ...o, next: null } : o)),
    }));
    set({ steps });
  };
  const addStep = () => {
    const key = freeKey('s', draft.steps.map((s) => s.key));
    const last = draft.steps.at(-1);
    // The step that ended the process with no outcomes now leads to the new one.
    const steps = draft.steps.map((s) => (s === last && s.outcomes.length === 0 && s.next === null ? { ...s, next: key } : s));
    set({ steps: [...steps, blankStep(key)] });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = ProcessInput.safeParse({ ...draft, triggerCategory: draft.trigger === 'case_opened' ? draft.triggerCategory : null });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(`${issue?.path.join(' › ') ?? ''}: ${issue?.message ?? ''}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(checked.data);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form className="process-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} data-testid="process-form" noValidate>
      <div className="process-head">
        <TextField label={t('planning.name')} value={draft.name} maxLength={200} required onChange={(e) => set({ name: e.target.value })} data-testid="process-name" data-autofocus />
        <SelectField label={t('planning.trigger')} value={draft.trigger} onChange={(e) => set({ trigger: e.target.value as ProcessTrigger })} data-testid="process-trigger">
          {PROCESS_TRIGGERS.map((k) => <option key={k} value={k}>{t(`planning.trigger_${k}`)}</option>)}
        </SelectField>
        {draft.trigger === 'case_opened' && (
          <SelectField label={t('planning.category')} value={draft.triggerCategory ?? ''} onChange={(e) => set({ triggerCategory: (e.target.value || null) as Reason | null })} data-testid="process-category">
            <option value="">{t('planning.anyCategory')}</option>
            {REASONS.map((r) => <option key={r} value={r}>{t(`reason.${r}`)}</option>)}
          </SelectField>
        )}
        <Checkbox label={t('planning.active')} checked={draft.active} onChange={(active) => set({ active })} testId="process-active" />
      </div>
      <h3>{t('planning.steps')}</h3>
      {draft.steps.map((step, i) => (
        <StepFields key={step.key} step={step} index={i} steps={draft.steps} users={users} onChange={(s) => setStep(i, s)} onRemove={() => removeStep(i)}
          newOutcomeKey={() => freeKey('o', step.outcomes.map((o) => o.key))} />
      ))}
      <button type="button" className="btn" onClick={addStep} data-testid="add-step">{t('planning.addStep')}</button>
      {error && <p role="alert" className="field-error" data-testid="process-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="process-save" />
    </form>
  );
}
