import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PbxSourceDetail, PbxSourceView } from '../../../src-shared/pbx/protocol.js';
import { ApiError, type UserRef } from '../../../src-shared/index.js';
import { useApi } from '../../api/context.js';
import { SelectField, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';

type Load = { status: 'loading' | 'ready' | 'error'; error: string | null };

/**
 * The admin's map of phone lines (docs/cti.md): who has which extension on each of the centre's
 * PBXes. A line on an Asterisk PBX reaches the user's desktop with their record, so nobody types
 * an extension; a cloud PBX's calls are routed by the server to the line's user. Read and changed
 * live on the server, never from a cache.
 */
export function LinesView() {
  const { t } = useTranslation();
  const api = useApi();
  const [sources, setSources] = useState<PbxSourceView[]>([]);
  const [sourceId, setSourceId] = useState('');
  const [detail, setDetail] = useState<PbxSourceDetail | null>(null);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [load, setLoad] = useState<Load>({ status: 'loading', error: null });
  const [form, setForm] = useState({ userId: '', extension: '', endpoint: '' });
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    Promise.all([api['admin.pbxList']({}), api['users.list']({})]).then(
      ([list, people]) => {
        if (!current) return;
        setSources(list);
        setUsers(people);
        setSourceId((id) => id || (list[0]?.id ?? ''));
        setLoad({ status: list.length ? 'loading' : 'ready', error: null });
      },
      (error: unknown) => current && setLoad({ status: 'error', error: errorMessage(error, t) }),
    );
    return () => {
      current = false;
    };
  }, [api, t]);

  useEffect(() => {
    if (!sourceId) return;
    let current = true;
    api['admin.pbxLines']({ sourceId }).then(
      (d) => {
        if (!current) return;
        setDetail(d);
        setLoad({ status: 'ready', error: null });
      },
      (error: unknown) => current && setLoad({ status: 'error', error: errorMessage(error, t) }),
    );
    return () => {
      current = false;
    };
  }, [api, sourceId, t]);

  const run = useCallback(async (change: () => Promise<PbxSourceDetail>) => {
    setSaving(true);
    setFormError(null);
    try {
      setDetail(await change());
      return true;
    } catch (error) {
      // The one conflict a line can meet: its extension is someone else's on this PBX.
      setFormError(error instanceof ApiError && error.code === 'conflict' ? t('lines.taken') : errorMessage(error, t));
      return false;
    } finally {
      setSaving(false);
    }
  }, [t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.userId || !form.extension.trim()) {
      setFormError(t('lines.required'));
      return;
    }
    const endpoint = form.endpoint.trim();
    const saved = await run(() => api['admin.pbxSetLine']({ sourceId, userId: form.userId, extension: form.extension.trim(), ...(endpoint ? { endpoint } : {}) }));
    if (saved) setForm({ userId: '', extension: '', endpoint: '' });
  };

  const source = sources.find((s) => s.id === sourceId);
  const isAsterisk = source?.kind === 'asterisk';
  return (
    <section className="supervisor-view" aria-labelledby="sv-lines-title" data-testid="lines-view">
      <h2 tabIndex={-1} id="sv-lines-title" className="title">{t('lines.title')}</h2>
      <p className="muted">{t('lines.help')}</p>
      <div role="status" aria-live="polite" className="muted">
        {load.status === 'loading' && t('supervisor.loading')}
        {load.status === 'error' && <span className="supervisor-error" role="alert" data-testid="lines-error">{load.error}</span>}
        {load.status === 'ready' && sources.length === 0 && t('lines.noPbx')}
      </div>
      {sources.length > 0 && (
        <div className="supervisor-filters" role="group" aria-label={t('lines.pbx')}>
          <SelectField label={t('lines.pbx')} value={sourceId} onChange={(e) => setSourceId(e.target.value)} data-testid="lines-pbx">
            {sources.map((s) => (
              <option key={s.id} value={s.id}>{`${s.name} — ${t(`lines.kinds.${s.kind}`)}`}</option>
            ))}
          </SelectField>
          {source?.webhookPath && <p className="muted" data-testid="lines-webhook">{t('lines.webhook', { path: source.webhookPath })}</p>}
        </div>
      )}
      {detail && (
        <>
          <div className="table-scroll">
            <table className="data-table compact" data-testid="lines-table">
              <caption className="visually-hidden">{t('lines.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('lines.extension')}</th>
                  {isAsterisk && <th scope="col">{t('lines.endpoint')}</th>}
                  <th scope="col">{t('lines.user')}</th>
                  <th scope="col"><span className="visually-hidden">{t('lines.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {detail.lines.length === 0 && <tr><td colSpan={isAsterisk ? 4 : 3} className="muted">{t('lines.none')}</td></tr>}
                {detail.lines.map((l) => (
                  <tr key={l.userId} data-testid="lines-row">
                    <td>{l.extension}</td>
                    {isAsterisk && <td>{l.endpoint ?? '—'}</td>}
                    <td>{l.userName}</td>
                    <td>
                      <button type="button" className="btn btn-small" disabled={saving} onClick={() => setForm({ userId: l.userId, extension: l.extension, endpoint: l.endpoint ?? '' })}>
                        {t('lines.edit', { name: l.userName })}
                      </button>{' '}
                      <button type="button" className="btn btn-small" disabled={saving} aria-label={t('lines.removeFor', { name: l.userName })}
                        onClick={() => void run(() => api['admin.pbxRemoveLine']({ sourceId, userId: l.userId }))} data-testid="lines-remove">
                        {t('lines.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form className="lines-form" onSubmit={(e) => void submit(e)} aria-labelledby="sv-lines-form" data-testid="lines-form">
            <h3 id="sv-lines-form">{t('lines.setTitle')}</h3>
            <SelectField label={t('lines.user')} value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} data-testid="lines-user">
              <option value="">{t('lines.pickUser')}</option>
              {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </SelectField>
            <TextField label={t('lines.extension')} value={form.extension} maxLength={64} inputMode="numeric" autoComplete="off"
              onChange={(e) => setForm({ ...form, extension: e.target.value })} data-testid="lines-extension" />
            {isAsterisk && (
              <TextField label={t('lines.endpoint')} hint={t('lines.endpointHint')} value={form.endpoint} maxLength={64} autoComplete="off"
                onChange={(e) => setForm({ ...form, endpoint: e.target.value })} data-testid="lines-endpoint" />
            )}
            {formError && <p className="field-error" role="alert" data-testid="lines-form-error">{formError}</p>}
            <button type="submit" className="btn btn-primary" disabled={saving} data-testid="lines-save">{t('lines.save')}</button>
          </form>
        </>
      )}
    </section>
  );
}
