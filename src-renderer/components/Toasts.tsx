import { useTranslation } from 'react-i18next';
import { useStores, useUi } from '../stores/index.js';

/** Results and errors of background work, announced politely (errors assertively). */
export function Toasts() {
  const { t } = useTranslation();
  const toasts = useUi((s) => s.toasts);
  const { ui } = useStores();
  return (
    <section className="toasts" aria-label={t('common.notifications')}>
      <div role="status" aria-live="polite" className="toast-list">
        {toasts
          .filter((x) => x.tone !== 'error')
          .map((x) => (
            <div key={x.id} className={`toast toast-${x.tone}`}>
              <span>{typeof x.text === 'string' ? x.text : x.text(t)}</span>
              <button type="button" className="btn btn-ghost btn-small" aria-label={t('common.dismiss')} onClick={() => ui.getState().dismissToast(x.id)}>
                ×
              </button>
            </div>
          ))}
      </div>
      <div role="alert" className="toast-list">
        {toasts
          .filter((x) => x.tone === 'error')
          .map((x) => (
            <div key={x.id} className="toast toast-error">
              <span>{typeof x.text === 'string' ? x.text : x.text(t)}</span>
              <button type="button" className="btn btn-ghost btn-small" aria-label={t('common.dismiss')} onClick={() => ui.getState().dismissToast(x.id)}>
                ×
              </button>
            </div>
          ))}
      </div>
    </section>
  );
}
