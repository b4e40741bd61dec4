import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GREETING_CHANNELS, GREETING_OCCASIONS, GreetingRuleInput, type GreetingRuleView } from '../../../src-shared/greetings/greeting.js';
import { useApi } from '../../api/context.js';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

type Draft = GreetingRuleInput;
const fresh = (): Draft => ({ name: '', occasion: 'birthday', monthDay: null, dateLabel: null, channel: 'email', subject: '', text: '{{name}}, ', active: true });

function RuleForm({ initial, onSave, onCancel }: { initial: Draft; onSave(d: Draft): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = GreetingRuleInput.safeParse(d);
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
    <form className="form campaign-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="greeting-rule-form">
      <TextField label={t('greetings.name')} value={d.name} onChange={(e) => set({ name: e.target.value })} autoFocus />
      <div className="form-row">
        <SelectField label={t('greetings.occasion')} value={d.occasion} onChange={(e) => set({ occasion: e.target.value as Draft['occasion'] })}>
          {GREETING_OCCASIONS.map((o) => <option key={o} value={o}>{t(`greetings.occasion_${o}`)}</option>)}
        </SelectField>
        {d.occasion === 'holiday' && <TextField label={t('greetings.holidayDay')} value={d.monthDay ?? ''} placeholder="03-08" onChange={(e) => set({ monthDay: e.target.value || null })} />}
        {d.occasion === 'customer_date' && <TextField label={t('greetings.dateLabel')} value={d.dateLabel ?? ''} onChange={(e) => set({ dateLabel: e.target.value || null })} />}
        <SelectField label={t('greetings.channel')} value={d.channel} onChange={(e) => set({ channel: e.target.value as Draft['channel'] })}>
          {GREETING_CHANNELS.map((c) => <option key={c} value={c}>{t(`greetings.channel_${c}`)}</option>)}
        </SelectField>
      </div>
      <TextField label={t('greetings.subject')} value={d.subject} onChange={(e) => set({ subject: e.target.value })} />
      <TextArea label={t('greetings.text')} value={d.text} rows={3} onChange={(e) => set({ text: e.target.value })} />
      <Checkbox label={t('greetings.active')} checked={d.active} onChange={(on) => set({ active: on })} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="greeting-rule-save" />
    </form>
  );
}

/** The greeting rules (issue 20), for supervisors, under the campaigns: a list and one rule in the form. */
export function GreetingRules() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [rules, setRules] = useState<GreetingRuleView[]>([]);
  const [editing, setEditing] = useState<Draft | null>(null);
  const reload = useCallback(() => api['greetings.rules']({}).then(setRules, () => setRules([])), [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const save = async (d: Draft) => {
    try {
      await api['greetings.saveRule'](d);
      ui.getState().toast('success', (tr) => tr('greetings.saved'));
      setEditing(null);
      await reload();
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };
  return (
    <section aria-labelledby={titleId} data-testid="greeting-rules">
      <h3 id={titleId}>{t('greetings.rules')}</h3>
      <p className="muted">{t('greetings.rulesIntro')}</p>
      {editing ? <RuleForm key={editing.id ?? 'new'} initial={editing} onSave={save} onCancel={() => setEditing(null)} /> : (
        <>
          <button type="button" className="btn" onClick={() => setEditing(fresh())} data-testid="greeting-rule-new">{t('greetings.newRule')}</button>
          {rules.length === 0 ? <p className="muted">{t('greetings.noRules')}</p> : (
            <ul className="greeting-rules">
              {rules.map((r) => (
                <li key={r.id} data-testid="greeting-rule" className={r.active ? '' : 'muted'}>
                  <strong>{r.name}</strong> · {t(`greetings.occasion_${r.occasion}`)}{r.monthDay ? ` ${r.monthDay}` : ''}{r.dateLabel ? ` «${r.dateLabel}»` : ''} · {t(`greetings.channel_${r.channel}`)}{' '}
                  <button type="button" className="btn btn-small" aria-label={t('greetings.editNamed', { name: r.name })} onClick={() => setEditing(r)}>{t('planning.edit')}</button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
