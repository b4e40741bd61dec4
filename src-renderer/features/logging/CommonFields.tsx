import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REASONS, TASK_KINDS, type Direction, type Reason, type TaskKind } from '../../../src-shared/domain.js';
import type { Case } from '../../../src-shared/api/entities.js';
import type { FollowUp } from '../../../src-shared/api/logging-inputs.js';
import { Checkbox, RadioGroup, TextField } from '../../components/fields.js';
import type { Errors } from '../../components/ErrorSummary.js';
import { fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { defaultDue } from '../../lib/due.js';
import { useCanned } from '../../hooks/useCanned.js';

export interface CommonState {
  /** '' until the operator picks one: a reason is required, so figures do not fill up with "Other". */
  reason: Reason | '';
  outcome: string;
  promise: string;
  /** '' = no case, 'new' = open a new case, otherwise the id of an open case. */
  caseChoice: string;
  newCaseSubject: string;
  followUp: boolean;
  followKind: TaskKind;
  followTitle: string;
  followDue: string;
}


export function initialCommon(t: (k: string) => string, init?: Partial<CommonState>): CommonState {
  return {
    reason: '',
    outcome: '',
    promise: '',
    caseChoice: '',
    newCaseSubject: '',
    followUp: false,
    followKind: 'callback',
    followTitle: t('tasks.kindValue.callback'),
    followDue: toLocalInput(defaultDue()),
    ...init,
  };
}

export function validateCommon(s: CommonState, t: (k: string) => string): Errors {
  const e: Errors = {};
  if (s.reason === '') e['reason'] = t('validation.reason');
  if (s.caseChoice === 'new' && !s.newCaseSubject.trim()) e['newCase.subject'] = t('validation.required');
  if (s.followUp) {
    if (!s.followTitle.trim()) e['followUp.title'] = t('validation.required');
    if (fromLocalInput(s.followDue) === null) e['followUp.dueAt'] = t('validation.date');
  }
  return e;
}

export function commonInput(s: CommonState, customerId: string, correctsId?: string) {
  const followUp: FollowUp | undefined = s.followUp
    ? { kind: s.followKind, title: s.followTitle.trim(), dueAt: fromLocalInput(s.followDue) ?? defaultDue() }
    : undefined;
  // validateCommon has refused a form without one.
  const reason: Reason = s.reason === '' ? 'other' : s.reason;
  return {
    customerId,
    reason,
    ...(s.caseChoice && s.caseChoice !== 'new' ? { caseId: s.caseChoice } : {}),
    ...(s.caseChoice === 'new' ? { newCase: { subject: s.newCaseSubject.trim(), category: reason } } : {}),
    ...(s.outcome.trim() ? { outcome: s.outcome.trim() } : {}),
    ...(s.promise.trim() ? { promise: s.promise.trim() } : {}),
    ...(followUp ? { followUp } : {}),
    ...(correctsId ? { correctsId } : {}),
  };
}

/**
 * The reason, first in every logging form and focused when it opens: its digit (1–5) picks it and
 * moves on to the next field (onPicked), so a call is logged with a digit, the notes and Ctrl+Enter.
 */
export function ReasonField({ s, set, errors, onPicked }: { s: CommonState; set(p: Partial<CommonState>): void; errors: Errors; onPicked?: () => void }) {
  const { t } = useTranslation();
  return (
    <RadioGroup<Reason | ''>
      legend={t('reason.labelRequired')}
      name="reason"
      value={s.reason}
      onChange={(reason) => set({ reason })}
      options={REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
      error={errors['reason']}
      testId="reason"
      digitKeys
      autoFocus
      {...(onPicked ? { onDigit: onPicked } : {})}
    />
  );
}

/**
 * The outcome, with the supervisors' canned outcomes for the reason offered as the operator types
 * (a native datalist: ↓ opens it, Enter picks); any other text is still accepted.
 */
export function OutcomeFields({ s, set, errors }: { s: CommonState; set(p: Partial<CommonState>): void; errors: Errors }) {
  const { t } = useTranslation();
  const { outcomes } = useCanned(s.reason);
  const listId = useId();
  return (
    <div className="form-grid">
      <TextField
        label={t('log.outcome')}
        value={s.outcome}
        onChange={(e) => set({ outcome: e.target.value })}
        error={errors['outcome']}
        list={outcomes.length > 0 ? listId : undefined}
        autoComplete="off"
        hint={outcomes.length > 0 ? t('log.outcomeHint') : undefined}
        data-testid="log-outcome"
      />
      {outcomes.length > 0 && (
        <datalist id={listId} data-testid="outcome-options">
          {outcomes.map((o) => <option key={o.id} value={o.text} />)}
        </datalist>
      )}
      <TextField label={t('log.promise')} value={s.promise} onChange={(e) => set({ promise: e.target.value })} error={errors['promise']} />
    </div>
  );
}

/**
 * The supervisors' note templates for the reason: picked (or typed in full), a template is added to
 * the notes and the field empties for the next one. Nothing shows when there are none.
 */
export function NoteTemplateField({ reason, onInsert }: { reason: Reason | ''; onInsert(text: string): void }) {
  const { t } = useTranslation();
  const { notes } = useCanned(reason);
  const [value, setValue] = useState('');
  const listId = useId();
  if (notes.length === 0) return null;
  return (
    <>
      <TextField
        label={t('log.noteTemplate')}
        value={value}
        list={listId}
        autoComplete="off"
        hint={t('log.noteTemplateHint')}
        onChange={(e) => {
          const picked = notes.find((n) => n.text === e.target.value);
          if (picked) {
            onInsert(picked.text);
            setValue('');
          } else setValue(e.target.value);
        }}
        data-testid="note-template"
      />
      <datalist id={listId}>
        {notes.map((n) => <option key={n.id} value={n.text} />)}
      </datalist>
    </>
  );
}

/** Notes with a template added: on a line of its own after what is there. */
export function withTemplate(notes: string, template: string): string {
  return notes.trim() ? `${notes.replace(/\s+$/, '')}\n${template}` : template;
}

export function CaseAndFollowUp({
  s,
  set,
  errors,
  openCases,
}: {
  s: CommonState;
  set(p: Partial<CommonState>): void;
  errors: Errors;
  openCases: Case[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        legend={t('log.case')}
        name="case"
        value={s.caseChoice}
        onChange={(caseChoice) => set({ caseChoice })}
        options={[
          { value: '', label: t('log.caseNone') },
          ...openCases.map((c) => ({ value: c.id, label: c.subject })),
          { value: 'new', label: t('log.caseNew') },
        ]}
        error={errors['caseId']}
        testId="case-choice"
      />
      {s.caseChoice === 'new' && (
        <TextField
          label={t('log.newCaseSubject')}
          value={s.newCaseSubject}
          onChange={(e) => set({ newCaseSubject: e.target.value })}
          error={errors['newCase.subject']}
          required
        />
      )}
      <div className="followup" data-testid="followup">
        <Checkbox label={t('log.followUp')} checked={s.followUp} onChange={(followUp) => set({ followUp })} testId="followup-toggle" />
        {s.followUp && (
          <div className="form-grid followup-fields" data-testid="followup-fields">
            <RadioGroup
              legend={t('tasks.kind')}
              name="follow-kind"
              value={s.followKind}
              onChange={(followKind) =>
                // Keep a title the operator typed; replace only the default of the previous kind.
                set({
                  followKind,
                  ...(s.followTitle === t(`tasks.kindValue.${s.followKind}`) ? { followTitle: t(`tasks.kindValue.${followKind}`) } : {}),
                })
              }
              options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kindValue.${k}`) }))}
            />
            <TextField
              label={t('tasks.titleField')}
              value={s.followTitle}
              onChange={(e) => set({ followTitle: e.target.value })}
              error={errors['followUp.title']}
              data-testid="followup-title"
            />
            <TextField
              label={t('tasks.dueAt')}
              type="datetime-local"
              value={s.followDue}
              onChange={(e) => set({ followDue: e.target.value })}
              error={errors['followUp.dueAt']}
              data-testid="followup-due"
            />
          </div>
        )}
      </div>
    </>
  );
}

/** Inbound or outbound: the first choice of every logging form. */
export function DirectionField({ value, onChange }: { value: Direction; onChange: (value: Direction) => void }) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      legend={t('direction.label')}
      name="direction"
      value={value}
      onChange={onChange}
      options={[
        { value: 'in', label: t('direction.in') },
        { value: 'out', label: t('direction.out') },
      ]}
    />
  );
}
