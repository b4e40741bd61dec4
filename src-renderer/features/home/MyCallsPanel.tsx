import { useTranslation } from 'react-i18next';
import { formatClock } from '../../lib/clock.js';
import { formatTime } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { useHome, useStores } from '../../stores/index.js';
import { HomePanel } from './HomePanel.js';
import { RovingList } from './RovingList.js';

const ARROW = { in: '↙', out: '↗' } as const;

/** The calls this operator logged today, newest first; Enter opens the customer's card. */
export function MyCallsPanel() {
  const { t, i18n } = useTranslation();
  const { card } = useStores();
  const day = useHome((s) => s.day);
  const error = useHome((s) => s.dayError);
  const count = day ? day.myCallsCount.in + day.myCallsCount.out : 0;
  return (
    <HomePanel
      id="home-calls-title"
      title={t('home.myCalls')}
      testId="home-calls"
      summary={day && count > 0 ? t('home.myCallsSummary', { count, in: day.myCallsCount.in, out: day.myCallsCount.out, talk: formatClock(day.myCallsCount.talkS) }) : undefined}
    >
      {error != null && <p role="alert">{t('home.loadFailed', { error: errorMessage(error, t) })}</p>}
      {day && count === 0 && <p className="muted">{t('home.myCallsNone')}</p>}
      {day && day.myCalls.length > 0 && (
        <RovingList
          label={t('home.myCalls')}
          testId="home-calls-list"
          items={day.myCalls.map((c) => ({
            id: c.id,
            onOpen: () => void card.getState().openCustomer(c.customerId),
            content: (
              <>
                <time className="home-time" dateTime={new Date(c.occurredAt).toISOString()}>{formatTime(c.occurredAt, i18n.language)}</time>
                <span aria-hidden="true" className="home-arrow">{ARROW[c.direction]}</span>
                <span className="visually-hidden">{t(`home.direction.${c.direction}`)}</span>
                <span className="home-name">{c.customerName}</span>
                <span className="home-meta">{t(`reason.${c.reason}`)}</span>
                <span className="home-meta home-num">{c.durationS !== null ? formatClock(c.durationS) : ''}</span>
              </>
            ),
          }))}
        />
      )}
      {day && count > day.myCalls.length && <p className="muted">{t('home.more', { shown: day.myCalls.length, total: count })}</p>}
    </HomePanel>
  );
}
