import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { formatDate, formatDateTime } from '../../i18n/format.js';

/**
 * The customer's own ratings (issue 26), beside the operator's mood notes: the newest few, each with
 * how it came (IVR, chat, messenger) and when, and the mean of all they gave. Shown only once there is one.
 */
export function RecentRatings({ ratings, average }: { ratings: CustomerCard['recentRatings']; average: CustomerCard['ratingAverage'] }) {
  const { t, i18n } = useTranslation();
  if (ratings.length === 0) return null;
  return (
    <section className="panel ratings" aria-labelledby="ratings-title" data-testid="ratings">
      <h3 id="ratings-title">{t('ratings.title')}</h3>
      {average && <p className="ratings-mean" data-testid="ratings-mean">{t('ratings.mean', { mean: average.mean.toLocaleString(i18n.language), count: average.count })}</p>}
      <ol className="rating-list">
        {ratings.map((r, i) => (
          <li key={i} className={`rating rating-${r.score <= 2 ? 'low' : r.score >= 4 ? 'high' : 'mid'}`} title={formatDateTime(r.answeredAt, i18n.language)}>
            <span className="rating-stars" aria-hidden="true">{'★'.repeat(r.score)}{'☆'.repeat(5 - r.score)} </span>
            <span>{t('ratings.score', { score: r.score })}</span>
            <span className="mood-date"> · {t(`ratings.channel_${r.channel}`)} · {formatDate(r.answeredAt, i18n.language)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
