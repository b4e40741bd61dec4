// Saved segments (issue 20), for supervisors, under Campaigns: each with its members on this desktop,
// and one segment's rule in the form. A local write that syncs; every desktop and the server read
// the rule alike (src-shared/segments).
import './segments.css';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS } from '../../../src-shared/domain.js';
import { SegmentInput, type SegmentRule, type SegmentView } from '../../../src-shared/segments/segment.js';
import { useApi } from '../../api/context.js';
import { Checkbox, SelectField, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';
import { TagImport } from './TagImport.js';

type Draft = Pick<SegmentInput, 'id' | 'name' | 'active'> & { rule: SegmentRule };
const fresh = (): Draft => ({ name: '', active: true, rule: { tags: [], field: null, kind: null, birthdayThisMonth: false, noComplaintDays: null, contactedWithinDays: null } });
const days = (v: string): number | null => (v.trim() === '' ? null : Number(v));

function SegmentForm({ initial, onSave, onCancel }: { initial: Draft; onSave(d: SegmentInput): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(initial);
  const [tags, setTags] = useState(initial.rule.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rule = (p: Partial<SegmentRule>) => setD((x) => ({ ...x, rule: { ...x.rule, ...p } }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = SegmentInput.safeParse({ ...d, rule: { ...d.rule, tags: tags.split(',').map((s) => s.trim()).filter((s) => s !== '') } });
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
    <form className="form campaign-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="segment-form">
      <TextField label={t('segments.name')} value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} autoFocus />
      <div className="form-row">
        <TextField label={t('segments.ruleTags')} value={tags} onChange={(e) => setTags(e.target.value)} />
        <TextField label={t('segments.field')} value={d.rule.field ?? ''} onChange={(e) => rule({ field: e.target.value.trim() === '' ? null : e.target.value })} />
        <SelectField label={t('segments.kind')} value={d.rule.kind ?? ''} onChange={(e) => rule({ kind: e.target.value === '' ? null : (e.target.value as SegmentRule['kind']) })}>
          <option value="">{t('segments.kindAny')}</option>
          {CUSTOMER_KINDS.map((k) => <option key={k} value={k}>{t(k === 'organisation' ? 'card.organisationKind' : 'card.person')}</option>)}
        </SelectField>
      </div>
      <div className="form-row">
        <TextField label={t('segments.noComplaintDays')} inputMode="numeric" value={d.rule.noComplaintDays ?? ''} onChange={(e) => rule({ noComplaintDays: days(e.target.value) })} />
        <TextField label={t('segments.contactedWithinDays')} inputMode="numeric" value={d.rule.contactedWithinDays ?? ''} onChange={(e) => rule({ contactedWithinDays: days(e.target.value) })} />
      </div>
      <Checkbox label={t('segments.birthdayThisMonth')} checked={d.rule.birthdayThisMonth} onChange={(on) => rule({ birthdayThisMonth: on })} />
      <Checkbox label={t('segments.active')} checked={d.active} onChange={(on) => setD({ ...d, active: on })} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="segment-save" />
    </form>
  );
}

/** What a rule says, in a line: "VIP · birthday this month · no complaint for 90 days". */
function ruleLine(r: SegmentRule, t: (k: string) => string): string {
  return [
    ...r.tags.map((tag) => `#${tag}`),
    r.field ? `${t('segments.field')}: ${r.field}` : null,
    r.kind ? t(r.kind === 'organisation' ? 'card.organisationKind' : 'card.person') : null,
    r.birthdayThisMonth ? t('segments.birthdayThisMonth') : null,
    r.noComplaintDays !== null ? `${t('segments.noComplaintDays')}: ${r.noComplaintDays}` : null,
    r.contactedWithinDays !== null ? `${t('segments.contactedWithinDays')}: ${r.contactedWithinDays}` : null,
  ].filter((x): x is string => x !== null).join(' · ');
}

export function SegmentsEditor() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [segments, setSegments] = useState<SegmentView[]>([]);
  const [editing, setEditing] = useState<Draft | null>(null);
  const reload = useCallback(() => api['segments.list']({}).then(setSegments, () => setSegments([])), [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const save = async (d: SegmentInput) => {
    try {
      setSegments(await api['segments.save'](d));
      ui.getState().toast('success', (tr) => tr('segments.saved'));
      setEditing(null);
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };
  return (
    <section aria-labelledby={titleId} data-testid="segments-editor">
      <h3 id={titleId}>{t('segments.title')}</h3>
      <p className="muted">{t('segments.intro')}</p>
      {editing ? <SegmentForm key={editing.id ?? 'new'} initial={editing} onSave={save} onCancel={() => setEditing(null)} /> : (
        <>
          <button type="button" className="btn" onClick={() => setEditing(fresh())} data-testid="segment-new">{t('segments.newSegment')}</button>
          {segments.length === 0 ? <p className="muted">{t('segments.none')}</p> : (
            <ul className="greeting-rules segment-list">
              {segments.map((s) => (
                <li key={s.id} data-testid="segment" className={s.active ? '' : 'muted'}>
                  <strong>{s.name}</strong> · {ruleLine(s.rule, t)} · <span data-testid="segment-members">{t('segments.members', { count: s.members })}</span>{' '}
                  <button type="button" className="btn btn-small" aria-label={t('segments.editNamed', { name: s.name })} onClick={() => setEditing(s)}>{t('planning.edit')}</button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <TagImport onDone={() => void reload()} />
    </section>
  );
}
