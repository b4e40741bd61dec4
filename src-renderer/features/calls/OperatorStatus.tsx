import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useCalls, useSession, useStores } from '../../stores/index.js';

/**
 * The operator in the top bar: their name and, under it, their state (available / ringing / on call
 * / wrap-up / away). The status region is always in the DOM so that changes are announced.
 */
export function OperatorCard() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const op = useCalls((s) => s.state?.operatorState);
  return (
    <div className="operator-card">
      {user && (
        <span className="user" title={t('app.user', { name: user.name })}>
          <span className="visually-hidden">{t('app.userLabel')}: </span>
          {user.name}
        </span>
      )}
      <div role="status" aria-live="polite" className="operator-state" data-testid="operator-state" data-state={op}>
        {op && (
          <>
            <span className={`op-dot op-${op}`} aria-hidden="true" />
            <span className="visually-hidden">{t('calls.operatorState')}: </span>
            {t(`calls.state.${op}`)}
          </>
        )}
      </div>
    </div>
  );
}

/** The call bar's own controls: the away toggle (Alt+A) and the missed-call badge (Alt+M). */
export function OperatorControls({ onToggleAway }: { onToggleAway(): void }) {
  const { t } = useTranslation();
  const { ui } = useStores();
  const state = useCalls((s) => s.state);
  const missed = state?.missed.length ?? 0;
  return (
    <>
      <ShortcutButton
        shortcutId="away"
        label={t('calls.away')}
        aria-pressed={state?.away ?? false}
        className={state?.away ? 'btn-pressed' : ''}
        disabled={!state}
        onClick={onToggleAway}
        data-testid="away-toggle"
      />
      <ShortcutButton
        shortcutId="missedCalls"
        label={missed > 0 ? t('calls.missedCount', { count: missed }) : t('calls.missedOpen')}
        className={missed > 0 ? 'btn-missed' : ''}
        onClick={() => ui.getState().openDialog({ kind: 'missed' })}
        data-testid="missed-calls"
        data-count={missed}
      />
    </>
  );
}
