import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REASONS, TASK_PRIORITIES, type Reason, type TaskPriority } from '../../../src-shared/domain.js';
import type { Case, CustomerCard } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { RadioGroup, TextField } from '../../components/fields.js';
import { useStores } from '../../stores/index.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { FormActions } from '../../components/FormActions.js';
import { useSave } from '../../hooks/useSave.js';

function useDone(messageKey: string) {
  const { ui, card } = useStores();
  return () => {
    ui.getState().toast('success', (tr) => tr(messageKey));
    ui.getState().closeDialog();
    void card.getState().refresh();
  };
}

export function CaseDialog({ card, existing }: { card: CustomerCard; existing?: Case | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [subject, setSubject] = useState(existing?.subject ?? '');
  const [category, setCategory] = useState<Reason>(existing?.category ?? 'service_request');
  const [status, setStatus] = useState<'open' | 'pending'>(existing?.status === 'pending' ? 'pending' : 'open');
  const [lastStep, setLastStep] = useState(existing?.lastStep ?? '');
  const [promise, setPromise] = useState(existing?.promise ?? '');
  const [priority, setPriority] = useState<TaskPriority>(existing?.priority ?? 'normal');
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const done = useDone(existing ? 'cases.updated' : 'cases.opened');
  const close = () => ui.getState().closeDialog();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!subject.trim()) {
      setErrors({ subject: t('validation.required') });
      setMessage(null);
      return;
    }
    setErrors({});
    const ok = await run(() =>
      existing
        ? api['cases.update']({
            id: existing.id,
            patch: { subject: subject.trim(), category, status, priority, lastStep: lastStep.trim() || null, promise: promise.trim() || null },
          })
        : api['cases.open']({ customerId: card.customer.id, subject: subject.trim(), category, priority, ...(promise.trim() ? { promise: promise.trim() } : {}) }),
    );
    if (ok) done();
  };

  return (
    <Dialog title={existing ? t('cases.edit') : t('cases.new')} onClose={close} testId="case-dialog">
      <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
        <TextField label={t('cases.subject')} value={subject} onChange={(e) => setSubject(e.target.value)} error={errors['subject']} data-autofocus="" />
        <RadioGroup legend={t('cases.category')} name="category" value={category} onChange={setCategory} options={REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))} />
        <RadioGroup
          legend={t('tasks.priority')}
          name="case-priority"
          value={priority}
          onChange={setPriority}
          options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorityValue.${p}`) }))}
        />
        {existing && (
          <>
            <RadioGroup
              legend={t('cases.status')}
              name="status"
              value={status}
              onChange={setStatus}
              options={[
                { value: 'open', label: t('cases.statusValue.open') },
                { value: 'pending', label: t('cases.statusValue.pending') },
              ]}
            />
            <TextField label={t('cases.lastStep')} value={lastStep} onChange={(e) => setLastStep(e.target.value)} error={errors['patch.lastStep']} />
          </>
        )}
        <TextField label={t('cases.promise')} value={promise} onChange={(e) => setPromise(e.target.value)} error={errors['promise']} />
        <ErrorSummary errors={errors} message={message} />
        <FormActions busy={busy} onCancel={close} testId="save" />
      </form>
    </Dialog>
  );
}

export function CloseCaseDialog({ existing }: { existing: Case }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [resolution, setResolution] = useState('');
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const done = useDone('cases.closed');
  const close = () => ui.getState().closeDialog();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!resolution.trim()) {
      setErrors({ resolution: t('validation.required') });
      setMessage(null);
      return;
    }
    setErrors({});
    const ok = await run(() => api['cases.close']({ id: existing.id, resolution: resolution.trim() }));
    if (ok) done();
  };

  return (
    <Dialog title={t('cases.closeNamed', { subject: existing.subject })} onClose={close} size="small" testId="close-case-dialog">
      <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
        <TextField label={t('cases.resolution')} value={resolution} onChange={(e) => setResolution(e.target.value)} error={errors['resolution']} data-autofocus="" />
        <ErrorSummary errors={errors} message={message} />
        <FormActions busy={busy} onCancel={close} testId="save" />
      </form>
    </Dialog>
  );
}
