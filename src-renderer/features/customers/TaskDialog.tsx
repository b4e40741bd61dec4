import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TASK_KINDS, type TaskKind } from '../../../src-shared/domain.js';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { RadioGroup, TextField } from '../../components/fields.js';
import { fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { defaultDue } from '../../lib/due.js';
import { FormActions } from '../../components/FormActions.js';
import { useSave } from '../../hooks/useSave.js';

export function TaskDialog({ card }: { card: CustomerCard }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore } = useStores();
  const [kind, setKind] = useState<TaskKind>('callback');
  const [title, setTitle] = useState(t('tasks.kindValue.callback'));
  const [due, setDue] = useState(toLocalInput(defaultDue()));
  const [caseId, setCaseId] = useState('');
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const close = () => ui.getState().closeDialog();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const dueAt = fromLocalInput(due);
    if (!title.trim()) local['title'] = t('validation.required');
    if (dueAt === null) local['dueAt'] = t('validation.date');
    setErrors(local);
    if (Object.keys(local).length > 0 || dueAt === null) {
      setMessage(null);
      return;
    }
    const ok = await run(() => api['tasks.create']({ customerId: card.customer.id, kind, title: title.trim(), dueAt, ...(caseId ? { caseId } : {}) }));
    if (ok) {
      ui.getState().toast('success', t('tasks.created'));
      close();
      void cardStore.getState().refresh();
    }
  };

  return (
    <Dialog title={`${t('tasks.new')} · ${card.customer.name}`} onClose={close} testId="task-dialog">
      <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
        <RadioGroup
          legend={t('tasks.kind')}
          name="task-kind"
          value={kind}
          onChange={(k) => {
            if (title === t(`tasks.kindValue.${kind}`)) setTitle(t(`tasks.kindValue.${k}`));
            setKind(k);
          }}
          options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kindValue.${k}`) }))}
        />
        <TextField label={t('tasks.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors['title']} />
        <TextField label={t('tasks.dueAt')} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors['dueAt']} />
        {card.openCases.length > 0 && (
          <RadioGroup
            legend={t('log.case')}
            name="task-case"
            value={caseId}
            onChange={setCaseId}
            options={[{ value: '', label: t('log.caseNone') }, ...card.openCases.map((c) => ({ value: c.id, label: c.subject }))]}
          />
        )}
        <ErrorSummary errors={errors} message={message} />
        <FormActions busy={busy} onCancel={close} testId="save" />
      </form>
    </Dialog>
  );
}
