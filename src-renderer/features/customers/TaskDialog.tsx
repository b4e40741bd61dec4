import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TASK_KINDS, TASK_PRIORITIES, type TaskKind, type TaskPriority } from '../../../src-shared/domain.js';
import type { CustomerCard, Task, UserRef } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { RadioGroup, SelectField, TextField } from '../../components/fields.js';
import { fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { useSession, useStores } from '../../stores/index.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { defaultDue } from '../../lib/due.js';
import { FormActions } from '../../components/FormActions.js';
import { useSave } from '../../hooks/useSave.js';

/** The assignee select's value for "the team's" (whoever is free takes it). */
const TEAM = '';

/**
 * A task is a promise: created here for the open customer, or (with `existing`) changed — text, due
 * time, priority, assignee picked from the colleagues — or cancelled with the reason. The assignee
 * is always shown; a new task is the operator's own unless they pick someone.
 */
export function TaskDialog({ card, existing }: { card: CustomerCard; existing?: Task }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore, myTasks } = useStores();
  const me = useSession((s) => s.user);
  const [kind, setKind] = useState<TaskKind>(existing?.kind ?? 'callback');
  const [title, setTitle] = useState(existing?.title ?? t('tasks.kindValue.callback'));
  const [due, setDue] = useState(toLocalInput(existing?.dueAt ?? defaultDue()));
  const [priority, setPriority] = useState<TaskPriority>(existing?.priority ?? 'normal');
  const [assignee, setAssignee] = useState<string>(existing ? (existing.assignee?.id ?? TEAM) : (me?.id ?? TEAM));
  const [users, setUsers] = useState<UserRef[]>([]);
  const [caseId, setCaseId] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const close = () => ui.getState().closeDialog();

  useEffect(() => {
    let current = true;
    api['users.list']({}).then((list) => current && setUsers(list), () => undefined);
    return () => {
      current = false;
    };
  }, [api]);

  const done = (toast: string) => {
    ui.getState().toast('success', toast);
    close();
    void cardStore.getState().refresh();
    void myTasks.getState().load();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const dueAt = fromLocalInput(due);
    if (cancelling) {
      if (!reason.trim()) local['reason'] = t('validation.required');
    } else {
      if (!title.trim()) local['title'] = t('validation.required');
      if (dueAt === null) local['dueAt'] = t('validation.date');
    }
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(null);
      return;
    }
    if (existing && cancelling) {
      if (await run(() => api['tasks.cancel']({ id: existing.id, reason: reason.trim() }))) done(t('tasks.cancelled'));
      return;
    }
    if (dueAt === null) return;
    const assigneeId = assignee === TEAM ? null : assignee;
    if (existing) {
      const ok = await run(() => api['tasks.update']({ id: existing.id, title: title.trim(), dueAt, priority, assigneeId }));
      if (ok) done(t('tasks.updated'));
      return;
    }
    const ok = await run(() => api['tasks.create']({
      customerId: card.customer.id, kind, title: title.trim(), dueAt, priority, ...(assigneeId ? { assigneeId } : {}), ...(caseId ? { caseId } : {}),
    }));
    if (ok) done(t('tasks.created'));
  };

  return (
    <Dialog title={`${existing ? t('tasks.edit') : t('tasks.new')} · ${card.customer.name}`} onClose={close} testId="task-dialog">
      <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
        {!existing && (
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
        )}
        {existing?.createdBy && <p className="muted" data-testid="task-promised-by">{t('tasks.promisedBy', { name: existing.createdBy.name })}</p>}
        <TextField label={t('tasks.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors['title']} disabled={cancelling} data-testid="task-title" />
        <TextField label={t('tasks.dueAt')} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors['dueAt']} disabled={cancelling} data-testid="task-due" />
        <SelectField label={t('tasks.assigneeField')} value={assignee} onChange={(e) => setAssignee(e.target.value)} disabled={cancelling} data-testid="task-assignee-select">
          <option value={TEAM}>{t('tasks.team')}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>{u.id === me?.id ? t('tasks.me', { name: u.name }) : u.name}</option>
          ))}
        </SelectField>
        <RadioGroup
          legend={t('tasks.priority')}
          name="task-priority"
          value={priority}
          onChange={setPriority}
          options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorityValue.${p}`) }))}
        />
        {!existing && card.openCases.length > 0 && (
          <RadioGroup
            legend={t('log.case')}
            name="task-case"
            value={caseId}
            onChange={setCaseId}
            options={[{ value: '', label: t('log.caseNone') }, ...card.openCases.map((c) => ({ value: c.id, label: c.subject }))]}
          />
        )}
        {existing && (
          <fieldset className="task-cancel">
            <legend>{t('tasks.cancelTitle')}</legend>
            <label className="inline-field">
              <input type="checkbox" checked={cancelling} onChange={(e) => setCancelling(e.target.checked)} data-testid="task-cancel-toggle" /> {t('tasks.cancelThis')}
            </label>
            {cancelling && <TextField label={t('tasks.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors['reason']} data-testid="task-cancel-reason" />}
          </fieldset>
        )}
        <ErrorSummary errors={errors} message={message} />
        <FormActions busy={busy} onCancel={close} testId="save" />
      </form>
    </Dialog>
  );
}
