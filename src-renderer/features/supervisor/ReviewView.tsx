import { Fragment, useEffect, useId, useState, type FormEvent } from 'react';
import type { CannedText } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { useTranslation } from 'react-i18next';
import { CHANNELS, MOODS, REASONS } from '../../../src-shared/domain.js';
import type { ReviewItem } from '../../../src-shared/supervisor/protocol.js';
import { SelectField, TextField } from '../../components/fields.js';
import { formatDateTime, formatDuration } from '../../i18n/format.js';
import { useStores, useSupervisor } from '../../stores/index.js';
import type { ReviewFilters } from '../../stores/supervisor.js';
import { ReviewComments } from './ReviewComments.js';
import { TeamIssues } from './TeamIssues.js';
import { ViewStatus } from './ViewStatus.js';

/** Logged interactions of the team with filters and paging, review comments, and the team's sync issues. */
export function ReviewView() {
  const { t, i18n } = useTranslation();
  const { supervisor, card } = useStores();
  const review = useSupervisor((s) => s.review);
  const applied = useSupervisor((s) => s.reviewFilters);
  const team = useSupervisor((s) => s.board.data?.entries) ?? [];
  const [draft, setDraft] = useState<ReviewFilters>(applied);
  const [openComments, setOpenComments] = useState<string | null>(null);
  const lng = i18n.language;
  // The canned outcomes, offered as the filter's type-ahead: review by outcome.
  const api = useApi();
  const outcomesId = useId();
  const [canned, setCanned] = useState<CannedText[]>([]);
  useEffect(() => {
    api['canned.all']({}).then((all) => setCanned(all.filter((c) => c.kind === 'outcome')), () => undefined);
  }, [api]);

  const set = (patch: Partial<ReviewFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const clean: ReviewFilters = {};
    for (const [k, v] of Object.entries(draft) as [keyof ReviewFilters, string | undefined][]) if (v) (clean as Record<string, string>)[k] = v;
    setOpenComments(null);
    void supervisor.getState().loadReview(clean);
  };
  const openCard = (item: ReviewItem) => {
    if (!item.customerId) return;
    supervisor.getState().close();
    void card.getState().openCustomer(item.customerId);
  };

  return (
    <section className="supervisor-view" aria-labelledby="sv-review-title" data-testid="supervisor-review">
      <h2 tabIndex={-1} id="sv-review-title">{t('supervisor.review')}</h2>
      <form className="supervisor-filters" aria-label={t('supervisor.filters')} onSubmit={onSubmit}>
        <SelectField label={t('supervisor.col.operator')} value={draft.operatorId ?? ''} onChange={(e) => set({ operatorId: e.target.value || undefined })} data-testid="review-filter-operator">
          <option value="">{t('supervisor.all')}</option>
          {team.map((u) => (
            <option key={u.userId} value={u.userId}>{u.name}</option>
          ))}
        </SelectField>
        <SelectField label={t('reason.label')} value={draft.reason ?? ''} onChange={(e) => set({ reason: (e.target.value || undefined) as ReviewFilters['reason'] })} data-testid="review-filter-reason">
          <option value="">{t('supervisor.all')}</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>{t(`reason.${r}`)}</option>
          ))}
        </SelectField>
        <SelectField label={t('mood.label')} value={draft.mood ?? ''} onChange={(e) => set({ mood: (e.target.value || undefined) as ReviewFilters['mood'] })} data-testid="review-filter-mood">
          <option value="">{t('supervisor.all')}</option>
          {MOODS.map((m) => (
            <option key={m} value={m}>{t(`mood.${m}`)}</option>
          ))}
        </SelectField>
        <SelectField label={t('channel.label')} value={draft.channel ?? ''} onChange={(e) => set({ channel: (e.target.value || undefined) as ReviewFilters['channel'] })} data-testid="review-filter-channel">
          <option value="">{t('supervisor.all')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>{t(`channel.${c}`)}</option>
          ))}
        </SelectField>
        <TextField label={t('log.outcome')} value={draft.outcome ?? ''} list={outcomesId} autoComplete="off" onChange={(e) => set({ outcome: e.target.value || undefined })} data-testid="review-filter-outcome" />
        <datalist id={outcomesId}>
          {[...new Set(canned.map((c) => c.text))].map((text) => <option key={text} value={text} />)}
        </datalist>
        <TextField label={t('supervisor.fig.from')} type="date" value={draft.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} data-testid="review-filter-from" />
        <TextField label={t('supervisor.fig.to')} type="date" value={draft.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} data-testid="review-filter-to" />
        <button type="submit" className="btn" data-testid="review-apply">{t('supervisor.fig.apply')}</button>
      </form>
      <ViewStatus status={review.status} error={review.error} live={review.live} fetchedAt={review.fetchedAt} testId="supervisor-review" />
      {(review.status === 'ready' || review.items.length > 0) && (
        <div className="table-scroll">
          <table className="data-table" data-testid="review-table">
            <caption className="visually-hidden">{t('supervisor.review')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.col.time')}</th>
                <th scope="col">{t('supervisor.col.operator')}</th>
                <th scope="col">{t('supervisor.col.customer')}</th>
                <th scope="col">{t('channel.label')}</th>
                <th scope="col">{t('reason.label')}</th>
                <th scope="col">{t('mood.label')}</th>
                <th scope="col">{t('supervisor.col.summary')}</th>
                <th scope="col">{t('supervisor.col.comments')}</th>
              </tr>
            </thead>
            <tbody>
              {review.items.length === 0 && (
                <tr><td colSpan={8} className="muted">{t('supervisor.empty')}</td></tr>
              )}
              {review.items.map((item) => (
                <Fragment key={item.id}>
                  <tr data-testid="review-row" data-id={item.id}>
                    <td>{formatDateTime(item.occurredAt, lng)}</td>
                    <td>{item.operatorName ?? '—'}</td>
                    <td>
                      {item.customerId ? (
                        <button type="button" className="btn-link" onClick={() => openCard(item)} data-testid="review-open-card">
                          {item.customerName ?? t('supervisor.rev.customer')}
                        </button>
                      ) : (
                        item.customerName ?? '—'
                      )}
                    </td>
                    <td>
                      {t(`channel.${item.channel}`)} · {t(`direction.${item.direction}`)}
                      {item.durationS !== null && <span className="muted"> · {formatDuration(item.durationS, t, lng)}</span>}
                    </td>
                    <td>{t(`reason.${item.reason}`)}</td>
                    <td>{item.mood ? t(`mood.${item.mood}`) : '—'}</td>
                    <td className="review-summary">{item.summary}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={openComments === item.id}
                        aria-controls={`comments-${item.id}`}
                        onClick={() => setOpenComments((id) => (id === item.id ? null : item.id))}
                        data-testid="review-comments-toggle"
                      >
                        {t('supervisor.rev.comments', { count: item.comments })}
                      </button>
                    </td>
                  </tr>
                  {openComments === item.id && (
                    <tr id={`comments-${item.id}`}>
                      <td colSpan={8}>
                        <ReviewComments item={item} onAdded={() => supervisor.getState().commentAdded(item.id)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {review.nextCursor && (
        <button type="button" className="btn" disabled={review.loadingMore} onClick={() => void supervisor.getState().loadMoreReview()} data-testid="review-more">
          {review.loadingMore ? t('supervisor.loading') : t('supervisor.rev.loadMore')}
        </button>
      )}
      <TeamIssues />
    </section>
  );
}
