import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { formatAgo, formatPercent } from '../../i18n/format.js';
import { useStores, useSync } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { isSignedIn, skewMinutes, STATE_ICON, syncErrorText } from './text.js';

/**
 * The header's sync state as a one-line chip: state icon and word, pending uploads, and small marks
 * for rejected changes and clock skew. The full sentences stay in the status region for screen
 * readers (visually hidden) and in the chip's tooltip; the panel (Alt+S, the button in the chip)
 * has every detail. The status region is always in the DOM (a live region added together with its
 * text is often not announced).
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { ui } = useStores();
  const status = useSync((s) => s.status);
  const now = useNow(30_000);
  const lng = i18n.language;

  let body = null;
  const details: string[] = [];
  if (status) {
    const { state, progress, error } = status;
    const ago = status.lastSyncAt != null ? (formatAgo(status.lastSyncAt, now, lng) ?? t('sync.justNow')) : null;
    const errorText = state === 'error' && error ? syncErrorText(error, t) : null;
    const pendingText = status.pendingUploads > 0 ? t('sync.pending', { count: status.pendingUploads }) : null;
    const rejectedText = status.rejected > 0 ? t('sync.rejected', { count: status.rejected }) : null;
    const overwrittenText = status.overwritten > 0 ? t('sync.overwritten', { count: status.overwritten }) : null;
    const progressText = progress ? t('sync.progress', { done: progress.done, count: progress.total, percent: formatPercent(progress.done, progress.total, lng) }) : null;
    const lastText = !progress && isSignedIn(status) ? (ago ? t('sync.lastSync', { ago }) : t('sync.neverSynced')) : null;
    const skewText = error === 'clock_skew' ? t('sync.clockSkewShort', { count: skewMinutes(status.clockSkewMs) }) : null;
    details.push(t(`sync.state.${state}`) + (errorText ? `: ${errorText}` : ''));
    for (const d of [pendingText, rejectedText, overwrittenText, progressText, lastText, skewText]) if (d) details.push(d);

    body = (
      <>
        <span className={`sync-state sync-state-${state}`} data-state={state}>
          <span aria-hidden="true">{STATE_ICON[state]} </span>
          {t(`sync.state.${state}`)}
          {errorText && <span className="visually-hidden">: {errorText}</span>}
        </span>
        {pendingText && (
          <span className="sync-pending" data-testid="sync-pending">
            <span aria-hidden="true">↑ {status.pendingUploads.toLocaleString(lng)}</span>
            <span className="visually-hidden">{pendingText}</span>
          </span>
        )}
        {progress && progressText && (
          <span className="sync-progress" data-testid="sync-progress">
            <progress max={Math.max(progress.total, 1)} value={Math.min(progress.done, progress.total)} aria-label={t('sync.firstSync')} />
            <span aria-hidden="true">{formatPercent(progress.done, progress.total, lng)}</span>
            <span className="visually-hidden">{progressText}</span>
          </span>
        )}
        {rejectedText && (
          <span className="sync-mark sync-mark-rejected" data-testid="sync-rejected">
            <span aria-hidden="true">✕ {status.rejected.toLocaleString(lng)}</span>
            <span className="visually-hidden">{rejectedText}</span>
          </span>
        )}
        {overwrittenText && (
          <span className="sync-mark sync-mark-overwritten" data-testid="sync-overwritten">
            <span aria-hidden="true">↺ {status.overwritten.toLocaleString(lng)}</span>
            <span className="visually-hidden">{overwrittenText}</span>
          </span>
        )}
        {skewText && (
          <span className="sync-mark sync-mark-skew" data-testid="sync-clock-skew" title={t('sync.clockSkew', { count: skewMinutes(status.clockSkewMs) })}>
            <span aria-hidden="true">⚠ {t('sync.clockShort')}</span>
            <span className="visually-hidden">{skewText}</span>
          </span>
        )}
        {lastText && (
          // The minute ticking by is not news: only the rest of the region is announced.
          <span className="visually-hidden" aria-live="off" data-testid="sync-last">
            {lastText}
          </span>
        )}
      </>
    );
  }

  const tone = status?.state === 'error' || (status?.rejected ?? 0) > 0 ? 'bad' : status?.state === 'offline' || status?.error === 'clock_skew' || (status?.overwritten ?? 0) > 0 ? 'warn' : 'ok';
  return (
    <div className={`sync-indicator sync-chip sync-chip-${tone}`} title={details.join('\n') || undefined}>
      <div role="status" aria-live="polite" className="sync-status" data-testid="sync-indicator" data-state={status?.state}>
        {body}
      </div>
      <ShortcutButton shortcutId="sync" label={t('sync.open')} tone="ghost" onClick={() => ui.getState().openDialog({ kind: 'sync' })} data-testid="sync-open" />
    </div>
  );
}
