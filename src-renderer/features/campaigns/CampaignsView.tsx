import './campaigns.css';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignFiguresView, CampaignView } from '../../../src-shared/campaigns/campaign.js';
import type { ProcessDef } from '../../../src-shared/planning/process.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime, formatDay, todayIso, addDays } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { CampaignForm, type CampaignDraft } from './CampaignForm.js';
import { GreetingRules } from '../greetings/GreetingRules.js';
import { SegmentsEditor } from '../segments/SegmentsEditor.js';
import { LoyaltyProgrammes } from '../loyalty/LoyaltyProgrammes.js';
import { TemplatesEditor } from '../compose/TemplatesEditor.js';

const percent = (rate: number | null, lng: string) => (rate === null ? '—' : new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(rate));

/**
 * The supervisors' campaigns (issue 20): the list with each one's figures, and one campaign in the
 * form. Saving is a local write that syncs to every desktop; the figures come from the server, and
 * offline the last ones read, marked as such.
 */
export function CampaignsView() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [list, setList] = useState<CampaignView[]>([]);
  const [processes, setProcesses] = useState<ProcessDef[]>([]);
  const [figures, setFigures] = useState<CampaignFiguresView | null>(null);
  const [editing, setEditing] = useState<CampaignDraft | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    void api['campaigns.list']({}).then(setList, (e: unknown) => setError(errorMessage(e, t)));
    void api['campaigns.figures']({}).then(setFigures, () => setFigures(null));
  }, [api, t]);
  useEffect(() => {
    reload();
    api['processes.list']({}).then(setProcesses, () => setProcesses([]));
  }, [api, reload]);

  const save = async (draft: CampaignDraft) => {
    try {
      await api['campaigns.save'](draft);
      ui.getState().toast('success', (tr) => tr('campaigns.saved'));
      setEditing(null);
      reload();
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };
  const today = todayIso();
  const fresh = (): CampaignDraft => ({
    name: '', kind: 'discount', startsOn: today, endsOn: addDays(today, 30), offer: '', channel: 'call', segments: [], followUpProcessId: null, followUpOn: ['interested'], active: true,
  });
  const figuresOf = (id: string) => figures?.figures?.campaigns.find((c) => c.campaignId === id);

  return (
    <section className="supervisor-view" aria-labelledby={titleId} data-testid="campaigns-view">
      <h2 id={titleId} tabIndex={-1}>{t('campaigns.campaigns')}</h2>
      <p className="muted">{t('campaigns.intro')}</p>
      {error && <p role="alert" className="field-error">{error}</p>}
      {editing ? (
        <CampaignForm key={editing.id ?? 'new'} initial={editing} processes={processes} onSave={save} onCancel={() => setEditing(null)} />
      ) : (
        <>
          <button type="button" className="btn btn-primary" onClick={() => setEditing(fresh())} data-testid="campaign-new">{t('campaigns.newCampaign')}</button>
          {figures && !figures.available && <p className="muted">{t('campaigns.figuresUnavailable')}</p>}
          {figures?.available && !figures.live && figures.fetchedAt !== null && (
            <p className="muted" data-testid="campaign-figures-offline">{t('campaigns.figuresOffline', { time: formatDateTime(figures.fetchedAt, lng) })}</p>
          )}
          {list.length === 0 ? (
            <p className="muted" data-testid="campaigns-none">{t('campaigns.noCampaigns')}</p>
          ) : (
            <table className="campaigns-table" data-testid="campaigns-table">
              <caption className="visually-hidden">{t('campaigns.campaigns')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.name')}</th><th scope="col">{t('campaigns.kind')}</th><th scope="col">{t('campaigns.dates')}</th>
                  <th scope="col">{t('campaigns.reach')}</th><th scope="col">{t('campaigns.responded')}</th><th scope="col">{t('campaigns.rate')}</th>
                  <th scope="col">{t('campaigns.byChannel')}</th><td />
                </tr>
              </thead>
              <tbody>
                {list.map((c) => {
                  const f = figuresOf(c.id);
                  return (
                    <tr key={c.id} data-testid="campaign-row" className={c.active ? '' : 'muted'}>
                      <td>
                        {c.name}{!c.active && ` (${t('campaigns.inactive')})`}
                        <div className="muted">{c.segments.length > 0 ? c.segments.join(', ') : t('campaigns.everyone')}</div>
                      </td>
                      <td>{t(`campaigns.kind_${c.kind}`)}</td>
                      <td>{formatDay(c.startsOn, lng)} – {formatDay(c.endsOn, lng)}</td>
                      <td data-testid="campaign-reach">{f?.reach ?? '—'}</td>
                      <td data-testid="campaign-responded">
                        {f ? `${f.responded} (${Object.entries(f.byKind).filter(([, n]) => n > 0).map(([k, n]) => `${t(`campaigns.response_${k}`)}: ${n}`).join(', ') || '—'})` : '—'}
                      </td>
                      <td data-testid="campaign-rate">{f ? percent(f.rate, lng) : '—'}</td>
                      <td>{f ? Object.entries(f.byChannel).map(([ch, n]) => `${t(`channel.${ch}`, { defaultValue: ch })}: ${n}`).join(', ') || '—' : '—'}</td>
                      <td>
                        <button type="button" className="btn btn-small" aria-label={t('campaigns.editNamed', { name: c.name })} onClick={() => setEditing(c)} data-testid="campaign-edit">
                          {t('planning.edit')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <SegmentsEditor />
          <LoyaltyProgrammes />
          <TemplatesEditor />
          <GreetingRules />
        </>
      )}
    </section>
  );
}
