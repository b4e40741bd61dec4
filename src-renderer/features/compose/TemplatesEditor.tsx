// Email templates (issue 20), for supervisors, under Campaigns: the list and one template in the form.
// A local write that syncs; the letter form on every desktop offers the active ones.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MailTemplateInput, type MailTemplateView } from '../../../src-shared/mail/templates.js';
import { useApi } from '../../api/context.js';
import { Checkbox, TextArea, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

const PLACEHOLDERS = { name: '{{name}}', organisation: '{{organisation}}', operator: '{{operator}}' };
const fresh = (): MailTemplateInput => ({ name: '', subject: '', body: '{{name}}, ', active: true });

function TemplateForm({ initial, onSave, onCancel }: { initial: MailTemplateInput; onSave(d: MailTemplateInput): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [d, setD] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = MailTemplateInput.safeParse(d);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(`${issue?.path.join(' › ') ?? ''}: ${issue?.message ?? ''}`);
      return;
    }
    setBusy(true);
    try {
      await onSave(checked.data);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form campaign-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="template-form">
      <TextField label={t('compose.name')} value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} autoFocus />
      <TextField label={t('compose.subject')} value={d.subject} onChange={(e) => setD({ ...d, subject: e.target.value })} />
      <TextArea label={t('compose.body')} value={d.body} rows={6} onChange={(e) => setD({ ...d, body: e.target.value })} />
      <Checkbox label={t('compose.active')} checked={d.active} onChange={(on) => setD({ ...d, active: on })} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="template-save" />
    </form>
  );
}

export function TemplatesEditor() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [list, setList] = useState<MailTemplateView[]>([]);
  const [editing, setEditing] = useState<MailTemplateInput | null>(null);
  const reload = useCallback(() => api['templates.list']({}).then(setList, () => setList([])), [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const save = async (d: MailTemplateInput) => {
    try {
      setList(await api['templates.save'](d));
      ui.getState().toast('success', (tr) => tr('compose.saved'));
      setEditing(null);
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };
  return (
    <section aria-labelledby={titleId} data-testid="templates-editor">
      <h3 id={titleId}>{t('compose.templates')}</h3>
      <p className="muted">{t('compose.templatesIntro', PLACEHOLDERS)}</p>
      {editing ? <TemplateForm key={editing.id ?? 'new'} initial={editing} onSave={save} onCancel={() => setEditing(null)} /> : (
        <>
          <button type="button" className="btn" onClick={() => setEditing(fresh())} data-testid="template-new">{t('compose.newTemplate')}</button>
          {list.length === 0 ? <p className="muted">{t('compose.noTemplates')}</p> : (
            <ul className="greeting-rules">
              {list.map((x) => (
                <li key={x.id} data-testid="template" className={x.active ? '' : 'muted'}>
                  <strong>{x.name}</strong> · {x.subject}{' '}
                  <button type="button" className="btn btn-small" aria-label={t('compose.editNamed', { name: x.name })} onClick={() => setEditing(x)}>{t('planning.edit')}</button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
