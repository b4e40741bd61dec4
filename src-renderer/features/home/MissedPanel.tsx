import { useTranslation } from 'react-i18next';
import type { HomeMissedCall } from '../../../src-shared/home/protocol.js';
import { formatTime } from '../../i18n/format.js';
import { usePhoneFormat } from '../../lib/phone.js';
import { useSystemText } from '../../lib/systemText.js';
import { useHome, useStores } from '../../stores/index.js';
import { HomePanel } from './HomePanel.js';
import { RovingList } from './RovingList.js';

/** Today's missed calls of the whole team, and what became of each; Enter opens the caller's card. */
export function MissedPanel() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const phone = usePhoneFormat();
  const { card } = useStores();
  const day = useHome((s) => s.day);
  const status = (m: HomeMissedCall): { text: string; open: boolean } => {
    if (m.calledBackAt !== null) return { text: t('home.calledBack', { time: formatTime(m.calledBackAt, i18n.language) }), open: false };
    if (m.callback?.status === 'done') return { text: t('home.callbackDone'), open: false };
    if (m.callback?.status === 'cancelled') return { text: t('home.callbackCancelled'), open: true };
    return { text: t('home.callbackOpen', { who: m.callback?.assigneeName ?? t('home.team') }), open: true };
  };
  return (
    <HomePanel
      id="home-missed-title"
      title={t('home.missed')}
      testId="home-missed"
      badge={day && day.missedOpen > 0 ? <span className="badge home-badge home-badge-alert">{day.missedOpen}</span> : undefined}
      summary={day && day.missed.length > 0 ? t('home.missedSummary', { open: day.missedOpen, total: day.missed.length }) : undefined}
    >
      {day && day.missed.length === 0 && <p className="muted">{t('home.missedNone')}</p>}
      {day && day.missed.length > 0 && (
        <RovingList
          label={t('home.missed')}
          testId="home-missed-list"
          items={day.missed.map((m) => {
            const s = status(m);
            return {
              id: m.id,
              className: s.open ? 'home-open' : undefined,
              onOpen: () => void card.getState().openCustomer(m.customerId),
              content: (
                <>
                  <time className="home-time" dateTime={new Date(m.occurredAt).toISOString()}>{formatTime(m.occurredAt, i18n.language)}</time>
                  <span className="home-name">{sys(m.customerName)}</span>
                  <span className="home-meta">{m.number ? phone(m.number) : ''}</span>
                  <span className={s.open ? 'home-flag' : 'home-meta'}>{s.text}</span>
                </>
              ),
            };
          })}
        />
      )}
    </HomePanel>
  );
}
