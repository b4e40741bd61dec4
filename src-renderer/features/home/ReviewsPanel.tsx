import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useSystemText } from '../../lib/systemText.js';
import { useHome, useStores } from '../../stores/index.js';
import { HomePanel } from './HomePanel.js';
import { RovingList } from './RovingList.js';

/**
 * What supervisors said about this operator's entries, newest first; a new one stands out until it is
 * opened (Enter shows the entry it is about) or all are marked read.
 */
export function ReviewsPanel() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const { home, ui } = useStores();
  const reviews = useHome((s) => s.reviews);
  const error = useHome((s) => s.reviewsError);
  const fail = (e: unknown) => ui.getState().toast('error', (tr) => errorMessage(e, tr));
  const unreadIds = reviews?.comments.filter((c) => c.seenAt === null).map((c) => c.id) ?? [];
  return (
    <HomePanel
      id="home-reviews-title"
      title={t('home.reviews')}
      testId="home-reviews"
      badge={reviews && reviews.unread > 0 ? <span className="badge home-badge home-badge-alert" data-testid="home-reviews-unread">{t('home.reviewsUnread', { count: reviews.unread })}</span> : undefined}
    >
      {error != null && <p role="alert">{t('home.loadFailed', { error: errorMessage(error, t) })}</p>}
      {reviews && !reviews.available && <p className="muted">{t('home.reviewsNoServer')}</p>}
      {reviews && reviews.available && !reviews.live && reviews.fetchedAt !== null && (
        <p className="home-stale" role="status">{t('home.reviewsOffline', { time: formatDateTime(reviews.fetchedAt, i18n.language) })}</p>
      )}
      {reviews && reviews.available && reviews.comments.length === 0 && <p className="muted">{t('home.reviewsNone')}</p>}
      {reviews && reviews.comments.length > 0 && (
        <RovingList
          label={t('home.reviews')}
          testId="home-reviews-list"
          items={reviews.comments.map((c) => ({
            id: c.id,
            className: c.seenAt === null ? 'home-unread' : undefined,
            onOpen: () => {
              ui.getState().openDialog({ kind: 'entry', entryId: c.interactionId });
              if (c.seenAt === null) home.getState().markSeen([c.id]).catch(fail);
            },
            content: (
              <>
                <span className="home-review-head">
                  <strong>{c.authorName}</strong>
                  {c.seenAt === null && <span className="home-flag">{t('home.reviewNew')}</span>}
                  <span className="home-meta">
                    {t('home.reviewAbout', { channel: t(`channel.${c.channel}`), time: formatDateTime(c.occurredAt, i18n.language), customer: c.customerName ? sys(c.customerName) : '—' })}
                  </span>
                </span>
                <span className="home-review-text">{c.text}</span>
              </>
            ),
          }))}
        />
      )}
      {unreadIds.length > 0 && (
        <button type="button" className="btn" onClick={() => home.getState().markSeen(unreadIds).catch(fail)} data-testid="home-reviews-read-all">
          {t('home.markAllRead')}
        </button>
      )}
    </HomePanel>
  );
}
