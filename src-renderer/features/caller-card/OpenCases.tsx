import { useTranslation } from 'react-i18next';
import type { Case } from '../../../src-shared/api/entities.js';
import { daysBetween, formatCountdown, formatDateTime } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';

export function OpenCases({ cases }: { cases: Case[] }) {
  const { t, i18n } = useTranslation();
  const { ui } = useStores();
  const now = useNow(30_000);
  return (
    <section className="panel open-cases" aria-labelledby="cases-title" data-testid="open-cases">
      <h3 id="cases-title">
        {t('cases.title')} <span className="count-pill">{cases.length}</span>
      </h3>
      {cases.length === 0 ? (
        <p className="muted">{t('cases.none')}</p>
      ) : (
        <ul className="case-list">
          {cases.map((c) => {
            const days = daysBetween(c.openedAt, now);
            return (
              <li key={c.id} className="case-item" data-testid="open-case">
                <div className="case-head">
                  {c.priority === 'high' && <strong className="badge task-urgent" data-testid="case-priority">{t('tasks.priorityValue.high')}</strong>}
                  <strong className="case-subject">{c.subject}</strong>
                  <span className={`badge tile-${c.category}`}>{t(`reason.${c.category}`)}</span>
                  <span className={`case-age ${days >= 7 ? 'case-age-old' : ''}`} data-testid="case-age" title={formatDateTime(c.openedAt, i18n.language)}>
                    {days === 0 ? t('cases.openToday') : t('cases.openFor', { count: days })}
                  </span>
                  {c.status === 'pending' && <span className="badge">{t('cases.statusValue.pending')}</span>}
                </div>
                {c.dueAt !== null && (
                  // The category's resolution time as a live countdown (issue 19): the operator sees a breach coming.
                  <p className={`case-due ${c.dueAt < now ? 'overdue' : c.dueAt - now < 2 * 3_600_000 ? 'case-due-soon' : ''}`} data-testid="case-due">
                    {t('cases.dueBy', { time: formatDateTime(c.dueAt, i18n.language) })} · {formatCountdown(c.dueAt, now, t)}
                  </p>
                )}
                <dl className="case-facts">
                  <div>
                    <dt>{t('cases.lastHandledBy')}</dt>
                    <dd>{c.lastHandledBy?.name ?? t('cases.nobody')}</dd>
                  </div>
                  <div>
                    <dt>{t('cases.lastStep')}</dt>
                    <dd>{c.lastStep ?? t('cases.nobody')}</dd>
                  </div>
                  {c.promise && (
                    <div className="case-promise">
                      <dt>{t('cases.promise')}</dt>
                      <dd>{c.promise}</dd>
                    </div>
                  )}
                </dl>
                <div className="case-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('cases.editNamed', { subject: c.subject })}
                    onClick={() => ui.getState().openDialog({ kind: 'caseEdit', caseId: c.id })}
                  >
                    {t('cases.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('cases.closeNamed', { subject: c.subject })}
                    onClick={() => ui.getState().openDialog({ kind: 'caseClose', caseId: c.id })}
                  >
                    {t('cases.close')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
