import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { formatAgo, formatPercent } from '../../i18n/format.js';
import { useStores, useSync } from '../../stores/index.js';
import { useNow } from '../caller-card/useNow.js';
import { isSignedIn, skewMinutes, STATE_ICON, syncErrorText } from './text.js';

/**
 * The header's sync state. The status region is always in the DOM (a live region added together
 * with its text is often not announced); the button beside it opens the sync panel (Alt+S).
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { ui } = useStores();
  const status = useSync((s) => s.status);
  const now = useNow(30_000);
  const lng = i18n.language;

  let body = null;
  if (status) {
    const { state, progress, error } = status;
    const ago = status.lastSyncAt != null ? (formatAgo(status.lastSyncAt, now, lng) ?? t('sync.justNow')) : null;
    body = (
      <>
        <span className="sync-line">
          <span className={`sync-state sync-state-${state}`} data-state={state}>
            <span aria-hidden="true">{STATE_ICON[state]} </span>
            {t(`sync.state.${state}`)}
            {state === 'error' && error ? `: ${syncErrorText(error, t)}` : ''}
          </span>
          {status.pendingUploads > 0 && (
            <span className="sync-pending" data-testid="sync-pending">
              <span aria-hidden="true">↑ </span>
              {t('sync.pending', { count: status.pendingUploads })}
            </span>
          )}
          {status.rejected > 0 && (
            <span className="badge badge-danger" data-testid="sync-rejected">
              {t('sync.rejected', { count: status.rejected })}
            </span>
          )}
        </span>
        {progress ? (
          <span className="sync-line sync-progress" data-testid="sync-progress">
            <progress max={Math.max(progress.total, 1)} value={Math.min(progress.done, progress.total)} aria-label={t('sync.firstSync')} />
            <span>
              {t('sync.progress', { done: progress.done, count: progress.total, percent: formatPercent(progress.done, progress.total, lng) })}
            </span>
          </span>
        ) : (
          isSignedIn(status) && (
            // The minute ticking by is not news: only the rest of the region is announced.
            <span className="sync-line muted-light" aria-live="off" data-testid="sync-last">
              {ago ? t('sync.lastSync', { ago }) : t('sync.neverSynced')}
            </span>
          )
        )}
        {error === 'clock_skew' && (
          <span className="sync-line sync-skew" data-testid="sync-clock-skew" title={t('sync.clockSkew', { count: skewMinutes(status.clockSkewMs) })}>
            <span aria-hidden="true">⚠ </span>
            {t('sync.clockSkewShort', { count: skewMinutes(status.clockSkewMs) })}
          </span>
        )}
      </>
    );
  }

  return (
    <div className="sync-indicator">
      <div role="status" aria-live="polite" className="sync-status" data-testid="sync-indicator" data-state={status?.state}>
        {body}
      </div>
      <ShortcutButton shortcutId="sync" label={t('sync.open')} onClick={() => ui.getState().openDialog({ kind: 'sync' })} data-testid="sync-open" />
    </div>
  );
}
