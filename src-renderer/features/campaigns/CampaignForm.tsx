import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_CHANNELS, CAMPAIGN_KINDS, CampaignInput, RESPONSE_KINDS, type CampaignChannel, type CampaignKind, type ResponseKind } from '../../../src-shared/campaigns/campaign.js';
import type { ProcessDef } from '../../../src-shared/planning/process.js';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';

export type CampaignDraft = CampaignInput;

/** "VIP, розница" → ["VIP", "розница"]: the segments as the card's segment field holds them. */
export function parseSegments(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/**
 * A campaign as a form (issue 20): what it is, when, its text, whom it targets, and the process a
 * response starts. Checked by the schema the API uses before it is saved; Ctrl+Enter saves.
 */
export function CampaignForm({ initial, processes, onSave, onCancel }: { initial: CampaignDraft; processes: readonly ProcessDef[]; onSave(draft: CampaignDraft): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CampaignDraft>(initial);
  const [segments, setSegments] = useState(initial.segments.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const toggleFollowUpOn = (kind: ResponseKind, on: boolean) => set({ followUpOn: on ? [...draft.followUpOn, kind] : draft.followUpOn.filter((k) => k !== kind) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = CampaignInput.safeParse({ ...draft, segments: parseSegments(segments), followUpOn: draft.followUpProcessId ? draft.followUpOn : [] });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(`${issue?.path.join(' › ') ?? ''}: ${issue?.message ?? ''}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(checked.data);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form campaign-form" onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="campaign-form">
      <TextField label={t('campaigns.name')} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-autofocus="" autoFocus />
      <div className="form-row">
        <SelectField label={t('campaigns.kind')} value={draft.kind} onChange={(e) => set({ kind: e.target.value as CampaignKind })}>
          {CAMPAIGN_KINDS.map((k) => <option key={k} value={k}>{t(`campaigns.kind_${k}`)}</option>)}
        </SelectField>
        <SelectField label={t('campaigns.channel')} value={draft.channel} onChange={(e) => set({ channel: e.target.value as CampaignChannel })}>
          {CAMPAIGN_CHANNELS.map((c) => <option key={c} value={c}>{t(`campaigns.channel_${c}`)}</option>)}
        </SelectField>
        <TextField label={t('campaigns.startsOn')} type="date" value={draft.startsOn} onChange={(e) => set({ startsOn: e.target.value })} />
        <TextField label={t('campaigns.endsOn')} type="date" value={draft.endsOn} onChange={(e) => set({ endsOn: e.target.value })} />
      </div>
      <TextArea label={t('campaigns.offer')} value={draft.offer} rows={3} onChange={(e) => set({ offer: e.target.value })} />
      <TextField label={t('campaigns.segments')} value={segments} onChange={(e) => setSegments(e.target.value)} />
      <SelectField label={t('campaigns.followUp')} value={draft.followUpProcessId ?? ''} onChange={(e) => set({ followUpProcessId: e.target.value || null })}>
        <option value="">{t('campaigns.noFollowUp')}</option>
        {processes.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </SelectField>
      {draft.followUpProcessId && (
        <fieldset className="checkbox-row">
          <legend>{t('campaigns.followUpOn')}</legend>
          {RESPONSE_KINDS.map((k) => (
            <Checkbox key={k} label={t(`campaigns.response_${k}`)} checked={draft.followUpOn.includes(k)} onChange={(on) => toggleFollowUpOn(k, on)} />
          ))}
        </fieldset>
      )}
      <Checkbox label={t('campaigns.active')} checked={draft.active} onChange={(on) => set({ active: on })} />
      {error && <p role="alert" className="field-error" data-testid="campaign-form-error">{error}</p>}
      <FormActions busy={busy ? 'saving' : false} onCancel={onCancel} testId="campaign-save" />
    </form>
  );
}
