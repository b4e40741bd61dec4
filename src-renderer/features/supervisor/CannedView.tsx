import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedKind, CannedText } from '../../../src-shared/api/entities.js';
import { REASONS, type Reason } from '../../../src-shared/domain.js';
import { useApi } from '../../api/context.js';
import { RadioGroup, SelectField, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

/**
 * The supervisors' canned outcomes and note templates (Alt+K): what the logging form offers, per call
 * reason or for every reason. A local write that syncs to every desktop, so it works offline too.
 */
export function CannedView() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [list, setList] = useState<CannedText[]>([]);
  const [kind, setKind] = useState<CannedKind>('outcome');
  const [reason, setReason] = useState<Reason | ''>('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  // After an add or a removal the keyboard goes back to the text field, for the next one.
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus > 0) textRef.current?.focus();
  }, [refocus]);

  const reload = useCallback(() => api['canned.all']({}).then(setList, (e: unknown) => setError(errorMessage(e, t))), [api, t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      const saved = await api['canned.save']({ kind, reason: reason || null, text: text.trim() });
      ui.getState().toast('success', (tr) => tr('canned.added', { text: saved.text }));
      setText('');
      await reload();
      setRefocus((n) => n + 1);
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };
  const remove = async (item: CannedText) => {
    try {
      await api['canned.remove']({ id: item.id });
      await reload();
      setRefocus((n) => n + 1);
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  const reasonText = (r: Reason | null) => (r ? t(`reason.${r}`) : t('canned.anyReason'));
  return (
    <section className="supervisor-view" aria-labelledby={titleId} data-testid="canned-view">
      <h2 id={titleId} tabIndex={-1}>{t('canned.title')}</h2>
      <p className="muted">{t('canned.intro')}</p>
      <form className="canned-form" onSubmit={(e) => void add(e)} data-testid="canned-form">
        <RadioGroup legend={t('canned.kind')} name="canned-kind" value={kind} onChange={setKind}
          options={(['outcome', 'note'] as const).map((k) => ({ value: k, label: t(`canned.kinds.${k}`) }))} testId="canned-kind" />
        <SelectField label={t('canned.reason')} value={reason} onChange={(e) => setReason(e.target.value as Reason | '')} data-testid="canned-reason">
          <option value="">{t('canned.anyReason')}</option>
          {REASONS.map((r) => <option key={r} value={r}>{t(`reason.${r}`)}</option>)}
        </SelectField>
        <TextField ref={textRef} label={t('canned.text')} value={text} onChange={(e) => setText(e.target.value)} maxLength={500} data-testid="canned-text" />
        <button type="submit" className="btn btn-primary" data-testid="canned-add">{t('canned.add')}</button>
      </form>
      {error && <p role="alert" className="field-error">{error}</p>}
      {list.length === 0 ? (
        <p className="muted">{t('canned.none')}</p>
      ) : (
        (['outcome', 'note'] as const).map((k) => {
          const items = list.filter((c) => c.kind === k);
          if (items.length === 0) return null;
          return (
            <table key={k} className="canned-table" data-testid={`canned-${k}s`}>
              <caption>{t(k === 'outcome' ? 'canned.outcomes' : 'canned.notes')}</caption>
              <thead><tr><th scope="col">{t('canned.reason')}</th><th scope="col">{t('canned.text')}</th><td /></tr></thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} data-testid="canned-item">
                    <td>{reasonText(c.reason)}</td>
                    <td>{c.text}</td>
                    <td>
                      <button type="button" className="btn btn-small" aria-label={t('canned.removeNamed', { text: c.text })} onClick={() => void remove(c)}>
                        {t('canned.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })
      )}
    </section>
  );
}
