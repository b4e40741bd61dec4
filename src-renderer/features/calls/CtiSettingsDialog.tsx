import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CtiSettingsPatch, CtiSettingsView, DialSettings, SourceStatus } from '../../../src-shared/api/cti.js';
import { DialSettingsFields, dialErrors } from './DialSettingsFields.js';

/** As src-shared/api/cti.ts's PbxId: the same id on every desktop of the centre. */
const PBX_ID = /^[\w.:@-]*$/;
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { Checkbox, Progress, TextField } from '../../components/fields.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage, fieldErrors } from '../../i18n/errors.js';
import { formatTime } from '../../i18n/format.js';
import { useCalls, useStores } from '../../stores/index.js';
import { ErrorSummary, type Errors } from '../../components/ErrorSummary.js';
import { FormActions } from '../../components/FormActions.js';

interface Form {
  webhookEnabled: boolean;
  webhookPort: string;
  webhookSecret: string;
  listenOnLan: boolean;
  handleTel: boolean;
  handleCallto: boolean;
  amiEnabled: boolean;
  amiHost: string;
  amiPort: string;
  amiUser: string;
  amiSecret: string;
  amiExtension: string;
  amiEndpoint: string;
  webhookPbx: string;
  amiPbx: string;
  dial: DialSettings;
}

function toForm(v: CtiSettingsView): Form {
  return {
    webhookEnabled: v.webhook.enabled,
    webhookPort: String(v.webhook.port),
    webhookSecret: v.webhook.secret ?? '',
    listenOnLan: v.webhook.listenOnLan,
    handleTel: v.softphone.handleTel,
    handleCallto: v.softphone.handleCallto,
    amiEnabled: v.ami.enabled,
    amiHost: v.ami.host,
    amiPort: String(v.ami.port),
    amiUser: v.ami.username,
    amiSecret: '',
    amiExtension: v.ami.extension,
    amiEndpoint: v.ami.endpoint,
    webhookPbx: v.webhook.pbxId,
    amiPbx: v.ami.pbxId,
    dial: { ...v.dial },
  };
}

function port(value: string, min: number): number | null {
  const n = Number(value.trim());
  return /^\d+$/.test(value.trim()) && n >= min && n <= 65535 ? n : null;
}

function validate(f: Form, t: TFunction): Errors {
  const e: Errors = {};
  if (port(f.webhookPort, 1024) === null) e['webhook.port'] = t('cti.invalidPort', { min: 1024, max: 65535 });
  if (f.webhookSecret.trim() && f.webhookSecret.trim().length < 16) e['webhook.secret'] = t('cti.secretShort');
  if (port(f.amiPort, 1) === null) e['ami.port'] = t('cti.invalidPort', { min: 1, max: 65535 });
  if (!/^[\w.+\-*#]*$/.test(f.amiExtension.trim())) e['ami.extension'] = t('cti.invalidExtension');
  if (!/^[\w.+\-@]*$/.test(f.amiEndpoint.trim())) e['ami.endpoint'] = t('cti.invalidEndpoint');
  for (const [key, value] of [['webhook.pbxId', f.webhookPbx], ['ami.pbxId', f.amiPbx]] as const) if (!PBX_ID.test(value.trim())) e[key] = t('teamCalls.invalidPbxId');
  return { ...e, ...dialErrors(f.dial, t) };
}

function toPatch(f: Form): CtiSettingsPatch {
  return {
    webhook: { enabled: f.webhookEnabled, port: Number(f.webhookPort.trim()), secret: f.webhookSecret.trim() || null, listenOnLan: f.listenOnLan, pbxId: f.webhookPbx.trim() },
    dial: { ...f.dial, template: f.dial.template.trim() },
    softphone: { handleTel: f.handleTel, handleCallto: f.handleCallto },
    // An empty secret field keeps the stored one (it is never sent back to the renderer).
    ami: {
      enabled: f.amiEnabled,
      host: f.amiHost.trim(),
      port: Number(f.amiPort.trim()),
      username: f.amiUser.trim(),
      extension: f.amiExtension.trim(),
      endpoint: f.amiEndpoint.trim(),
      pbxId: f.amiPbx.trim(),
      ...(f.amiSecret ? { secret: f.amiSecret } : {}),
    },
  };
}

/** Telephony settings (Alt+P): the PBX webhook, tel:/callto: handling, Asterisk AMI, and their status. */
export function CtiSettingsDialog() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, calls } = useStores();
  const [view, setView] = useState<CtiSettingsView | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api['cti.settings']({})
      .then((v) => {
        if (!live) return;
        setView(v);
        setForm(toForm(v));
      })
      .catch((error: unknown) => live && setLoadError(error));
    api['cti.status']({})
      .then((s) => live && calls.getState().applyStatus(s))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [api, calls]);

  const close = () => ui.getState().closeDialog();
  const set = (p: Partial<Form>) => setForm((f) => (f ? { ...f, ...p } : f));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || busy) return;
    const local = validate(form, t);
    setErrors(local);
    if (Object.keys(local).length) {
      setMessage(null);
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api['cti.updateSettings'](toPatch(form));
      setView(saved);
      setForm(toForm(saved));
      ui.getState().toast('success', (tr) => tr('cti.saved'));
      calls.getState().applyStatus(await api['cti.status']({}));
    } catch (error) {
      setErrors(fieldErrors(error));
      setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('cti.title')} onClose={close} size="wide" testId="cti-settings-dialog">
      <CtiStatusView />
      {!form ? (
        loadError ? (
          <p role="alert" className="alert alert-error">
            {errorMessage(loadError, t)}
          </p>
        ) : (
          <Progress label={t('app.loading')} />
        )
      ) : (
        <form className="form cti-form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="cti-settings-form">
          <fieldset className="cti-section">
            <legend>{t('cti.webhook')}</legend>
            <Checkbox label={t('cti.webhookEnabled')} checked={form.webhookEnabled} onChange={(v) => set({ webhookEnabled: v })} testId="cti-webhook-enabled" />
            <div className="form-grid">
              <TextField label={t('cti.port')} inputMode="numeric" value={form.webhookPort} onChange={(e) => set({ webhookPort: e.target.value })} error={errors['webhook.port']} data-testid="cti-webhook-port" />
              <TextField
                label={t('cti.secret')}
                value={form.webhookSecret}
                onChange={(e) => set({ webhookSecret: e.target.value })}
                hint={t('cti.secretHint')}
                error={errors['webhook.secret']}
                spellCheck={false}
                autoComplete="off"
                data-testid="cti-webhook-secret"
              />
            </div>
            <Checkbox label={t('cti.listenOnLan')} checked={form.listenOnLan} onChange={(v) => set({ listenOnLan: v })} testId="cti-listen-lan" />
            <TextField label={t('teamCalls.pbxId')} value={form.webhookPbx} onChange={(e) => set({ webhookPbx: e.target.value })} hint={t('teamCalls.pbxIdHint')} error={errors['webhook.pbxId']} spellCheck={false} data-testid="cti-webhook-pbx" />
          </fieldset>
          <fieldset className="cti-section">
            <legend>{t('cti.softphone')}</legend>
            <Checkbox label={t('cti.handleTel')} checked={form.handleTel} onChange={(v) => set({ handleTel: v })} testId="cti-handle-tel" />
            <Checkbox label={t('cti.handleCallto')} checked={form.handleCallto} onChange={(v) => set({ handleCallto: v })} testId="cti-handle-callto" />
          </fieldset>
          <fieldset className="cti-section">
            <legend>{t('cti.ami')}</legend>
            <Checkbox label={t('cti.amiEnabled')} checked={form.amiEnabled} onChange={(v) => set({ amiEnabled: v })} testId="cti-ami-enabled" />
            <div className="form-grid">
              <TextField label={t('cti.host')} value={form.amiHost} onChange={(e) => set({ amiHost: e.target.value })} error={errors['ami.host']} spellCheck={false} data-testid="cti-ami-host" />
              <TextField label={t('cti.amiPort')} inputMode="numeric" value={form.amiPort} onChange={(e) => set({ amiPort: e.target.value })} error={errors['ami.port']} data-testid="cti-ami-port" />
              <TextField label={t('cti.username')} value={form.amiUser} onChange={(e) => set({ amiUser: e.target.value })} error={errors['ami.username']} spellCheck={false} autoComplete="off" data-testid="cti-ami-user" />
              <TextField
                label={t('cti.amiSecret')}
                type="password"
                value={form.amiSecret}
                onChange={(e) => set({ amiSecret: e.target.value })}
                hint={view?.ami.secretSet ? t('cti.amiSecretSet') : undefined}
                error={errors['ami.secret']}
                autoComplete="new-password"
                data-testid="cti-ami-secret"
              />
              <TextField
                label={t('cti.extension')}
                value={form.amiExtension}
                onChange={(e) => set({ amiExtension: e.target.value })}
                hint={t('cti.extensionHint')}
                error={errors['ami.extension']}
                data-testid="cti-ami-extension"
              />
              <TextField
                label={t('cti.endpoint')}
                value={form.amiEndpoint}
                onChange={(e) => set({ amiEndpoint: e.target.value })}
                hint={t('cti.endpointHint')}
                error={errors['ami.endpoint']}
                data-testid="cti-ami-endpoint"
              />
              <TextField label={t('teamCalls.pbxId')} value={form.amiPbx} onChange={(e) => set({ amiPbx: e.target.value })} hint={t('teamCalls.pbxIdHint')} error={errors['ami.pbxId']} spellCheck={false} data-testid="cti-ami-pbx" />
            </div>
          </fieldset>
          <DialSettingsFields dial={form.dial} onChange={(p) => set({ dial: { ...form.dial, ...p } })} errors={errors} />
          <ErrorSummary errors={errors} message={message} />
          <FormActions busy={busy ? 'saving' : false} onCancel={close} testId="cti-save" />
        </form>
      )}
    </Dialog>
  );
}

function CtiStatusView() {
  const { t } = useTranslation();
  const status = useCalls((s) => s.ctiStatus);
  return (
    <section className="cti-status" aria-labelledby="cti-status-title">
      <h3 id="cti-status-title">{t('cti.statusTitle')}</h3>
      <div role="status" aria-live="polite">
        <dl className="facts">
          <SourceLine label={t('cti.webhookStatus')} status={status?.webhook ?? null} testId="cti-status-webhook" />
          <SourceLine label={t('cti.amiStatus')} status={status?.ami ?? null} testId="cti-status-ami" />
        </dl>
      </div>
    </section>
  );
}

function SourceLine({ label, status, testId }: { label: string; status: SourceStatus | null; testId: string }) {
  const { t, i18n } = useTranslation();
  const state = status?.state;
  const bad = state === 'error' || state === 'auth_failed' || state === 'backoff';
  const good = state === 'connected' || state === 'listening';
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} data-state={state} className={bad ? 'cti-bad' : good ? 'cti-good' : undefined}>
        {status ? (
          <>
            <span aria-hidden="true">{good ? '● ' : bad ? '⚠ ' : '○ '}</span>
            {t(`cti.state.${status.state}`)}
            {status.port != null && good ? ` · ${t('cti.onPort', { port: status.port })}` : ''}
            {status.error ? ` — ${status.error}` : ''}
            {status.nextAttemptAt != null && state === 'backoff' ? ` · ${t('cti.nextAttempt', { time: formatTime(status.nextAttemptAt, i18n.language) })}` : ''}
          </>
        ) : (
          '—'
        )}
      </dd>
    </div>
  );
}
