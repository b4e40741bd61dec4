// The sync dialog signed in: the account, the state of the sync, sync now and sign out.
import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../src-shared/sync/status.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatAgo, formatDateTime, formatPercent } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { skewMinutes, STATE_ICON, syncErrorText } from './text.js';
import { useKeepFocus } from './useKeepFocus.js';

export function SyncAccount({ status, ready }: { status: SyncStatus; ready: RefObject<boolean> }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { sync, ui } = useStores();
  const [busy, setBusy] = useState<'now' | 'out' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const nowRef = useRef<HTMLButtonElement>(null);
  const now = useNow(30_000);
  const lng = i18n.language;
  useKeepFocus(nowRef, ready);

  const run = async (which: 'now' | 'out') => {
    setBusy(which);
    setFailure(null);
    try {
      const next = which === 'now' ? await api['sync.now']({}) : await api['sync.signOut']({});
      sync.getState().apply(next);
      if (which === 'out') ui.getState().toast('info', (tr) => tr('sync.signedOut'));
      else if (next.state === 'online') ui.getState().toast('success', (tr) => tr('sync.done'));
    } catch (error) {
      setFailure(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };

  const last = status.lastSyncAt;
  const ago = last != null ? (formatAgo(last, now, lng) ?? t('sync.justNow')) : null;
  const { progress } = status;
  return (
    <section className="sync-account" data-testid="sync-account">
      <dl className="facts sync-facts">
        <div>
          <dt>{t('sync.info.server')}</dt>
          <dd data-testid="sync-server-url">{status.serverUrl}</dd>
        </div>
        <div>
          <dt>{t('sync.info.user')}</dt>
          <dd>{status.user?.name}</dd>
        </div>
        <div>
          <dt>{t('sync.info.role')}</dt>
          <dd>{status.user ? t(`sync.role.${status.user.role}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('sync.info.state')}</dt>
          <dd className={`sync-state-${status.state}`} data-testid="sync-state">
            <span aria-hidden="true">{STATE_ICON[status.state]} </span>
            {t(`sync.state.${status.state}`)}
            {status.state === 'error' && status.error ? ` — ${syncErrorText(status.error, t)}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('sync.info.pending')}</dt>
          <dd>{new Intl.NumberFormat(lng).format(status.pendingUploads)}</dd>
        </div>
        <div>
          <dt>{t('sync.info.lastSync')}</dt>
          <dd>{last != null ? `${formatDateTime(last, lng)} (${ago})` : t('sync.info.never')}</dd>
        </div>
      </dl>
      {progress && (
        <div className="sync-progress">
          <progress max={Math.max(progress.total, 1)} value={Math.min(progress.done, progress.total)} aria-label={t('sync.firstSync')} />
          <span>{t('sync.progress', { done: progress.done, count: progress.total, percent: formatPercent(progress.done, progress.total, lng) })}</span>
        </div>
      )}
      {status.error === 'clock_skew' && (
        <p className="alert alert-warning" data-testid="sync-clock-skew-detail">
          {t('sync.clockSkew', { count: skewMinutes(status.clockSkewMs) })}
        </p>
      )}
      {failure && (
        <p role="alert" className="alert alert-error">
          {failure}
        </p>
      )}
      <div className="sync-actions">
        <button ref={nowRef} type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void run('now')} data-testid="sync-now">
          {busy === 'now' ? t('sync.running') : t('sync.now')}
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('out')} data-testid="sync-signout">
          {t('sync.signOut')}
        </button>
      </div>
    </section>
  );
}
