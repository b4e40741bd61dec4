// Loyalty programmes (issue 20), for supervisors, under Campaigns: each programme with the server's
// figures (cards, members, purchases, points earned and spent, and by level how members buy), and one
// programme in the form: its rate and its levels. Offline, the last figures read, with their time.
import './loyalty.css';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoyaltyProgrammeInput, type LoyaltyFigures, type LoyaltyFiguresView, type LoyaltyLevel, type LoyaltyProgrammeView } from '../../../src-shared/loyalty/loyalty.js';
import { useApi } from '../../api/context.js';
import { Checkbox, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { roubles } from './LoyaltyPanel.js';

type Draft = Omit<LoyaltyProgrammeInput, 'levels'> & { levels: { name: string; minPoints: string; discountPct: string }[] };
const fresh = (): Draft => ({ name: '', pointsPer100: 5, active: true, levels: [{ name: '', minPoints: '0', discountPct: '0' }] });
const toDraft = (p: LoyaltyProgrammeView): Draft => ({ ...p, levels: p.levels.map((l) => ({ name: l.name, minPoints: String(l.minPoints), discountPct: String(l.discountPct) })) });

function ProgrammeForm({ initial, onSave, onCancel }: { initial: Draft; onSave(p: LoyaltyProgrammeInput): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setLevel = (i: number, patch: Partial<Draft['levels'][number]>) => setD((x) => ({ ...x, levels: x.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const levels: LoyaltyLevel[] = d.levels.map((l) => ({ name: l.name, minPoints: Number(l.minPoints), discountPct: Number(l.discountPct.replace(',', '.')) }));
    const checked = LoyaltyProgrammeInput.safeParse({ ...d, levels });
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
    <form className="form campaign-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="loyalty-form">
      <div className="form-row">
        <TextField label={t('loyalty.name')} value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} autoFocus />
        <TextField label={t('loyalty.rate')} inputMode="numeric" value={String(d.pointsPer100)} onChange={(e) => setD({ ...d, pointsPer100: Number(e.target.value) })} />
      </div>
      <fieldset>
        <legend>{t('loyalty.levels')}</legend>
        <div className="loyalty-levels">
          {d.levels.map((l, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <TextField label={t('loyalty.levelName', { n: i + 1 })} value={l.name} onChange={(e) => setLevel(i, { name: e.target.value })} />
              <TextField label={t('loyalty.levelFrom', { n: i + 1 })} inputMode="numeric" value={l.minPoints} onChange={(e) => setLevel(i, { minPoints: e.target.value })} />
              <TextField label={t('loyalty.levelDiscount', { n: i + 1 })} inputMode="decimal" value={l.discountPct} onChange={(e) => setLevel(i, { discountPct: e.target.value })} />
              <button type="button" className="btn btn-small" aria-label={t('loyalty.removeLevel', { n: i + 1 })} disabled={d.levels.length === 1}
                onClick={() => setD({ ...d, levels: d.levels.filter((_, j) => j !== i) })}>×</button>
            </div>
          ))}
        </div>
        <button type="button" className="btn btn-small" onClick={() => setD({ ...d, levels: [...d.levels, { name: '', minPoints: '', discountPct: '0' }] })}>{t('loyalty.addLevel')}</button>
      </fieldset>
      <Checkbox label={t('loyalty.active')} checked={d.active} onChange={(on) => setD({ ...d, active: on })} />
      {error && <p role="alert" className="field-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="loyalty-save" />
    </form>
  );
}

function Figures({ f }: { f: LoyaltyFigures }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number | null, digits = 0) => (v === null ? '—' : v.toLocaleString(lng, { maximumFractionDigits: digits }));
  return (
    <div data-testid="loyalty-figures">
      <p>
        {t('loyalty.cards')}: {n(f.cards)} · {t('loyalty.members')}: {n(f.members)} · {t('loyalty.purchases')}: {n(f.purchases)} ({roubles(f.amountKopecks, lng)}) ·{' '}
        {t('loyalty.accrued')}: {n(f.accrued)} · {t('loyalty.redeemed')}: {n(f.redeemed)} · {t('loyalty.outstanding')}: {n(f.outstanding)}
      </p>
      <table className="loyalty-table">
        <thead>
          <tr><th>{t('loyalty.level')}</th><th>{t('loyalty.members')}</th><th>{t('loyalty.perMember')}</th><th>{t('loyalty.average')}</th></tr>
        </thead>
        <tbody>
          {f.byLevel.map((l) => (
            <tr key={l.level} data-testid="loyalty-level-row">
              <td>{l.level} · {t('loyalty.discount', { pct: l.discountPct })}</td>
              <td>{n(l.members)}</td>
              <td>{n(l.purchasesPerMember, 1)}</td>
              <td>{l.averageKopecks === null ? '—' : roubles(l.averageKopecks, lng)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LoyaltyProgrammes() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [programmes, setProgrammes] = useState<LoyaltyProgrammeView[]>([]);
  const [figures, setFigures] = useState<LoyaltyFiguresView | null>(null);
  const [editing, setEditing] = useState<Draft | null>(null);
  const reload = useCallback(() => {
    api['loyalty.programmes']({}).then(setProgrammes, () => setProgrammes([]));
    api['loyalty.figures']({}).then(setFigures, () => setFigures(null));
  }, [api]);
  useEffect(reload, [reload]);
  const save = async (p: LoyaltyProgrammeInput) => {
    try {
      setProgrammes(await api['loyalty.saveProgramme'](p));
      ui.getState().toast('success', (tr) => tr('loyalty.saved'));
      setEditing(null);
      api['loyalty.figures']({}).then(setFigures, () => undefined);
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };
  const figuresOf = (id: string) => figures?.figures?.programmes.find((f) => f.programmeId === id);
  return (
    <section aria-labelledby={titleId} data-testid="loyalty-programmes">
      <h3 id={titleId}>{t('loyalty.programmes')}</h3>
      <p className="muted">{t('loyalty.programmesIntro')}</p>
      {figures && !figures.live && figures.fetchedAt !== null && <p className="muted" role="status">{t('loyalty.figuresOffline', { time: formatDateTime(figures.fetchedAt, i18n.language) })}</p>}
      {editing ? <ProgrammeForm key={editing.id ?? 'new'} initial={editing} onSave={save} onCancel={() => setEditing(null)} /> : (
        <>
          <button type="button" className="btn" onClick={() => setEditing(fresh())} data-testid="loyalty-new">{t('loyalty.newProgramme')}</button>
          {programmes.length === 0 ? <p className="muted">{t('loyalty.none')}</p> : programmes.map((p) => {
            const f = figuresOf(p.id);
            return (
              <article key={p.id} className={p.active ? 'loyalty-programme' : 'loyalty-programme muted'} data-testid="loyalty-programme">
                <h4>
                  {p.name} · {t('loyalty.rate')}: {p.pointsPer100}{' '}
                  <button type="button" className="btn btn-small" aria-label={t('loyalty.editNamed', { name: p.name })} onClick={() => setEditing(toDraft(p))}>{t('planning.edit')}</button>
                </h4>
                {f && <Figures f={f} />}
              </article>
            );
          })}
        </>
      )}
    </section>
  );
}
