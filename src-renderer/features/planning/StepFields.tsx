import { useTranslation } from 'react-i18next';
import { TASK_KINDS, TASK_PRIORITIES } from '../../../src-shared/domain.js';
import { DEADLINE_UNITS, type ProcessStep, type StepAssignee } from '../../../src-shared/planning/process.js';
import type { UserRef } from '../../../src-shared/api/entities.js';
import { Checkbox, SelectField, TextField } from '../../components/fields.js';

/** The next-step choices of a step: every other step by number, or the end of the process. */
function NextOptions({ steps, self }: { steps: readonly ProcessStep[]; self: number }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('planning.nextEnd')}</option>
      {steps.map((s, i) => (i === self ? null : <option key={s.key} value={s.key}>{t('planning.nextStep', { n: i + 1, title: s.title || '…' })}</option>))}
    </>
  );
}

export interface StepFieldsProps {
  step: ProcessStep;
  index: number;
  steps: readonly ProcessStep[];
  users: readonly UserRef[];
  onChange(step: ProcessStep): void;
  onRemove(): void;
  newOutcomeKey(): string;
}

/** One step of a process in the supervisors' editor: the task it sets, its deadline, its outcomes. */
export function StepFields({ step, index, steps, users, onChange, onRemove, newOutcomeKey }: StepFieldsProps) {
  const { t } = useTranslation();
  const n = index + 1;
  const set = (patch: Partial<ProcessStep>) => onChange({ ...step, ...patch });
  const setAssignee = (kind: StepAssignee['kind']) =>
    set({ assignee: kind === 'user' ? { kind, userId: step.assignee.kind === 'user' ? step.assignee.userId : users[0]?.id ?? '' } : { kind } });
  return (
    <fieldset className="process-step" data-testid="process-step">
      <legend>{t('planning.stepN', { n })}</legend>
      <div className="process-step-grid">
        <TextField label={t('planning.stepTitle')} value={step.title} maxLength={200} required className="field-wide" onChange={(e) => set({ title: e.target.value })} data-testid="step-title" />
        <SelectField label={t('planning.kind')} value={step.kind} onChange={(e) => set({ kind: e.target.value as ProcessStep['kind'] })}>
          {TASK_KINDS.map((k) => <option key={k} value={k}>{t(`tasks.kindValue.${k}`)}</option>)}
        </SelectField>
        <SelectField label={t('planning.priority')} value={step.priority} onChange={(e) => set({ priority: e.target.value as ProcessStep['priority'] })}>
          {TASK_PRIORITIES.map((p) => <option key={p} value={p}>{t(`tasks.priorityValue.${p}`)}</option>)}
        </SelectField>
      </div>
      <div className="process-step-grid">
        <SelectField label={t('planning.assignee')} value={step.assignee.kind} onChange={(e) => setAssignee(e.target.value as StepAssignee['kind'])} data-testid="step-assignee">
          {(['owner', 'operator', 'user', 'team'] as const).map((k) => <option key={k} value={k}>{t(`planning.assignee_${k}`)}</option>)}
        </SelectField>
        {step.assignee.kind === 'user' && (
          <SelectField label={t('planning.user')} value={step.assignee.userId} onChange={(e) => set({ assignee: { kind: 'user', userId: e.target.value } })} data-testid="step-user">
            {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </SelectField>
        )}
        <TextField label={t('planning.dueAmount')} type="number" min={0} max={10_000} value={step.due.amount} className="field-narrow"
          onChange={(e) => set({ due: { ...step.due, amount: Math.max(0, Math.min(10_000, Math.trunc(Number(e.target.value) || 0))) } })} data-testid="step-due-amount" />
        <SelectField label={t('planning.dueUnit')} value={step.due.unit} onChange={(e) => set({ due: { ...step.due, unit: e.target.value as ProcessStep['due']['unit'] } })} data-testid="step-due-unit">
          {DEADLINE_UNITS.map((u) => <option key={u} value={u}>{t(`planning.unit_${u}`)}</option>)}
        </SelectField>
        <SelectField label={t('planning.dueFrom')} value={step.due.from} onChange={(e) => set({ due: { ...step.due, from: e.target.value as 'start' | 'previous' } })}>
          <option value="start">{t('planning.from_start')}</option>
          <option value="previous">{t('planning.from_previous')}</option>
        </SelectField>
      </div>
      {index > 0 && <Checkbox label={t('planning.parallel')} checked={step.parallel} onChange={(parallel) => set({ parallel })} testId="step-parallel" />}
      <fieldset className="process-outcomes">
        <legend>{t('planning.outcomes')}</legend>
        {step.outcomes.length === 0 && (
          <>
            <p className="muted">{t('planning.outcomesHint')}</p>
            <div className="process-outcome">
              <SelectField label={t('planning.next')} value={step.next ?? ''} onChange={(e) => set({ next: e.target.value || null })} data-testid="step-next">
                <NextOptions steps={steps} self={index} />
              </SelectField>
            </div>
          </>
        )}
        {step.outcomes.map((o, j) => (
          <div key={o.key} className="process-outcome" data-testid="step-outcome">
            <TextField label={t('planning.outcomeLabel')} value={o.label} maxLength={100} required
              onChange={(e) => set({ outcomes: step.outcomes.map((x, k) => (k === j ? { ...x, label: e.target.value } : x)) })} data-testid="outcome-label" />
            <SelectField label={t('planning.outcomeNext')} value={o.next ?? ''}
              onChange={(e) => set({ outcomes: step.outcomes.map((x, k) => (k === j ? { ...x, next: e.target.value || null } : x)) })} data-testid="outcome-next">
              <NextOptions steps={steps} self={index} />
            </SelectField>
            <button type="button" className="btn btn-small" aria-label={t('planning.removeOutcome', { label: o.label })} onClick={() => set({ outcomes: step.outcomes.filter((_, k) => k !== j) })}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => set({ outcomes: [...step.outcomes, { key: newOutcomeKey(), label: '', next: steps[index + 1]?.key ?? null }] })} data-testid="add-outcome">
          {t('planning.addOutcome')}
        </button>
      </fieldset>
      {steps.length > 1 && (
        <button type="button" className="btn btn-small process-step-remove" onClick={onRemove} data-testid="remove-step">
          {t('planning.removeStep', { n })}
        </button>
      )}
    </fieldset>
  );
}
