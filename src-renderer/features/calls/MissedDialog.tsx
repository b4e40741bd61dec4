import { useTranslation } from 'react-i18next';
import { usePhoneFormat } from '../../lib/phone.js';
import { Dialog } from '../../components/Dialog.js';
import { formatDuration, formatTime } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { useCalls, useStores } from '../../stores/index.js';
import { missedOutcome } from './text.js';

/** Missed calls not yet dismissed, newest first: each logged with a callback task for the team. */
export function MissedDialog() {
  const { t, i18n } = useTranslation();
  const phone = usePhoneFormat();
  const { ui, calls, card } = useStores();
  const missed = useCalls((s) => s.state?.missed ?? []);
  const lng = i18n.language;
  const close = () => ui.getState().closeDialog();
  const dismiss = async (callId?: string) => {
    try {
      await calls.getState().dismissMissed(callId);
    } catch (error) {
      ui.getState().toast('error', errorMessage(error, t));
    }
    // The row under the focus is gone: keep the focus in the dialog.
    setTimeout(() => {
      const dialog = document.querySelector<HTMLElement>('[data-testid="missed-calls-dialog"]');
      if (dialog && !dialog.contains(document.activeElement)) dialog.querySelector<HTMLElement>('.dialog-body button, .dialog-header button')?.focus();
    });
  };
  return (
    <Dialog title={t('calls.missedTitle')} onClose={close} size="wide" testId="missed-calls-dialog">
      {missed.length === 0 ? (
        <p data-testid="missed-none">{t('calls.missedNone')}</p>
      ) : (
        <>
          <ul className="missed-list" data-testid="missed-list">
            {missed.map((m) => {
              const number = m.number ? phone(m.number) : t('calls.withheld');
              const time = formatTime(m.ringingAt, lng);
              const rang = formatDuration(Math.max(0, Math.round((m.hungUpAt - m.ringingAt) / 1000)), t, lng);
              return (
                <li key={m.callId} className="missed-call" data-testid="missed-call" data-call-id={m.callId}>
                  <div>
                    <strong>{number}</strong> <span className="muted">{t('calls.missedRang', { time, duration: rang })}</span>
                    <div className={m.taskId || m.byServer ? 'missed-task' : 'missed-error'} data-testid="missed-outcome">
                      {missedOutcome(m, t)}
                    </div>
                  </div>
                  <div className="missed-actions">
                    {m.number && (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => {
                          close();
                          void card.getState().lookup(m.number, m.ringingAt);
                        }}
                        data-testid="missed-open"
                      >
                        {t('calls.missedOpenCard', { number: m.number })}
                      </button>
                    )}
                    <button type="button" className="btn btn-small" aria-label={t('calls.missedDismiss', { number, time })} onClick={() => void dismiss(m.callId)} data-testid="missed-dismiss">
                      {t('calls.dismiss')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => void dismiss()} data-testid="missed-dismiss-all">
              {t('calls.missedDismissAll')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
