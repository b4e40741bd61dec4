import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.js';
import { useSupervisor } from '../../stores/index.js';
import { ViewStatus } from './ViewStatus.js';

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** The team's sync conflicts, refused changes and reassignments, newest first (as the server sends them). */
export function TeamIssues() {
  const { t, i18n } = useTranslation();
  const issues = useSupervisor((s) => s.issues);
  const entries = useSupervisor((s) => s.board.data?.entries);
  const names = new Map((entries ?? []).map((e) => [e.userId, e.name]));
  const lng = i18n.language;
  const data = issues.data;
  return (
    <section className="team-issues" aria-labelledby="sv-issues-title" data-testid="team-issues">
      <h2 tabIndex={-1} id="sv-issues-title" className="subtitle">{t('supervisor.rev.issues')}</h2>
      <ViewStatus status={issues.status} error={issues.error} live={issues.live} fetchedAt={issues.fetchedAt} testId="team-issues" />
      {data && (
        <div className="issues-grid">
          <div className="table-scroll">
            <table className="data-table compact" data-testid="issues-conflicts">
              <caption>{t('supervisor.rev.conflicts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.col.time')}</th>
                  <th scope="col">{t('supervisor.col.customer')}</th>
                  <th scope="col">{t('supervisor.rev.field')}</th>
                  <th scope="col">{t('supervisor.rev.kept')}</th>
                  <th scope="col">{t('supervisor.rev.lost')}</th>
                </tr>
              </thead>
              <tbody>
                {data.conflicts.length === 0 && (
                  <tr><td colSpan={5} className="muted">{t('supervisor.empty')}</td></tr>
                )}
                {data.conflicts.map((c) => (
                  <tr key={c.id}>
                    <td>{formatDateTime(c.at, lng)}</td>
                    <td>{c.customerName ?? c.entity}</td>
                    <td>{c.field}</td>
                    <td>{show(c.keptValue)}</td>
                    <td>{show(c.lostValue)} {c.lostByName && <span className="muted">({c.lostByName})</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table className="data-table compact" data-testid="issues-rejections">
              <caption>{t('supervisor.rev.rejections')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.col.time')}</th>
                  <th scope="col">{t('supervisor.col.operator')}</th>
                  <th scope="col">{t('supervisor.rev.entity')}</th>
                  <th scope="col">{t('supervisor.rev.why')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rejections.length === 0 && (
                  <tr><td colSpan={4} className="muted">{t('supervisor.empty')}</td></tr>
                )}
                {data.rejections.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.at, lng)}</td>
                    <td>{r.userName}</td>
                    <td>{r.entity}</td>
                    <td>{r.reason}: <span className="muted">{r.message}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table className="data-table compact" data-testid="issues-reassignments">
              <caption>{t('supervisor.rev.reassignments')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.col.time')}</th>
                  <th scope="col">{t('supervisor.col.kind')}</th>
                  <th scope="col">{t('supervisor.rev.fromTo')}</th>
                  <th scope="col">{t('supervisor.rev.by')}</th>
                  <th scope="col">{t('supervisor.rev.why')}</th>
                </tr>
              </thead>
              <tbody>
                {data.reassignments.length === 0 && (
                  <tr><td colSpan={5} className="muted">{t('supervisor.empty')}</td></tr>
                )}
                {data.reassignments.map((r) => (
                  <tr key={r.id} data-testid="issues-reassignment">
                    <td>{formatDateTime(r.at, lng)}</td>
                    <td>{t(`supervisor.kind.${r.kind}`)}</td>
                    <td>{(r.fromUserId && names.get(r.fromUserId)) ?? '—'} → {names.get(r.toUserId) ?? r.toUserId.slice(0, 8)}</td>
                    <td>{r.byName}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
