import { useTranslation } from 'react-i18next';
import type { NumberMarks as Marks } from '../../../src-shared/api/number-marks.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { usePhoneFormat } from '../../lib/phone.js';
import { useApi } from '../../api/context.js';
import { useCard, useStores } from '../../stores/index.js';

/** The number on screen is marked as spam: said first, with who marked it and when, and "Not spam". */
export function SpamBanner({ number, marks }: { number: string; marks: Marks | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { card, ui } = useStores();
  const phone = usePhoneFormat();
  const spam = marks?.spam;
  if (!spam) return null;
  const unmark = async () => {
    try {
      await api['numbers.unmarkSpam']({ number });
      const shown = phone(number);
      ui.getState().toast('success', (tr) => tr('numbers.unmarked', { number: shown }));
      const s = card.getState();
      void s.lookup(s.query || number, s.callStartedAt ?? undefined, s.callId ?? undefined);
    } catch (e) {
      ui.getState().toast('error', (tr) => errorMessage(e, tr));
    }
  };
  return (
    <div className="alert alert-warning spam-banner" role="status" data-testid="spam-banner">
      <span>
        <span aria-hidden="true">⚠ </span>
        {t('numbers.spamBanner', { by: spam.byName ?? t('numbers.spamBy'), date: formatDateTime(spam.at, i18n.language) })}
        {spam.notes && <> {spam.notes}</>}
      </span>
      <button type="button" className="btn" onClick={() => void unmark()} data-testid="spam-unmark">
        {t('numbers.notSpam')}
      </button>
    </div>
  );
}

/** On an unknown caller's card: log the call without a customer (Alt+Z), and what was logged before. */
export function UnknownNumberActions({ number }: { number: string }) {
  const { t, i18n } = useTranslation();
  const { ui } = useStores();
  const marks = useCard((s) => s.numberMarks);
  if (!number.startsWith('+')) return null;
  const earlier = marks?.withoutCustomer ?? [];
  return (
    <div className="number-actions">
      <ShortcutButton shortcutId="markNumber" label={t('numbers.open')} onClick={() => ui.getState().openDialog({ kind: 'numberMark', number })} data-testid="number-mark-open" />
      {earlier.length > 0 && (
        <div className="number-earlier" data-testid="number-earlier">
          <span className="muted">{t('numbers.earlier')}:</span>
          <ul>
            {earlier.map((m) => (
              <li key={m.id}>
                {t('numbers.earlierItem', { kind: t(`numbers.kindValue.${m.kind}`), by: m.byName ?? '—', date: formatDateTime(m.at, i18n.language) })}
                {m.notes && <span className="muted"> — {m.notes}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
