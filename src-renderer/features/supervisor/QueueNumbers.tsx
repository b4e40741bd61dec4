import { useTranslation } from 'react-i18next';
import type { QueueNumbers as Numbers } from '../../../src-shared/supervisor/queue-stats.js';
import { useNow } from '../../hooks/useNow.js';
import { formatClock } from '../../lib/clock.js';
import { useSupervisor } from '../../stores/index.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';

const percent = (part: number, whole: number, locale: string) =>
  whole === 0 ? null : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(part / whole);

/**
 * Today's queue at a glance, above the board: callers waiting now (and the longest wait, ticking),
 * the service level, the average speed of answer, the abandon rate and the average talk time, with
 * a line saying whether they come from the PBX's queue events or are derived from the call lifecycle.
 */
export function QueueNumbers() {
  const { t, i18n } = useTranslation();
  const stats = useSupervisor((s) => s.queueStats);
  const now = useNow(1_000);
  const data = stats.data;
  const none = t('home.queue.none');
  const lng = i18n.language;
  // The longest wait ticks from the answer's arrival, like the board's clocks; a cached one does not.
  const grown = data && stats.live && stats.receivedAt !== null ? now - stats.receivedAt : 0;
  const figure = (n: Numbers) => ({
    waiting: String(n.waitingNow),
    longest: n.longestWaitMs === null ? null : formatClock((n.longestWaitMs + grown) / 1000),
    sl: percent(n.answeredWithin, n.offered, lng) ?? none,
    asa: n.asaMs === null ? none : formatClock(n.asaMs / 1000),
    abandon: percent(n.abandoned, n.offered, lng) ?? none,
    handling: n.handlingMs === null ? none : formatClock(n.handlingMs / 1000),
  });
  return (
    <section className="queue-numbers" aria-labelledby="queue-numbers-title" data-testid="queue-numbers">
      <h3 id="queue-numbers-title">{t('home.queue.title')}</h3>
      {/* Offline, the board under it says as of when; here only loading and failure. */}
      {stats.status === 'loading' && <Progress label={t('supervisor.loading')} />}
      {stats.error != null && (
        <div className="supervisor-error" role="alert" data-testid="queue-numbers-error">
          {errorMessage(stats.error, t)}
        </div>
      )}
      {data && (
        <>
          <dl className="queue-tiles">
            {(() => {
              const f = figure(data.total);
              return (
                <>
                  <div className={`queue-tile${data.total.waitingNow > 0 ? ' queue-tile-alert' : ''}`} data-testid="queue-waiting">
                    <dt>{t('home.queue.waiting')}</dt>
                    <dd>
                      {f.waiting}
                      {f.longest !== null && <span className="queue-sub">{t('home.queue.longest', { wait: f.longest })}</span>}
                    </dd>
                  </div>
                  <div className="queue-tile" data-testid="queue-sl">
                    <dt>{t('home.queue.serviceLevel')}</dt>
                    <dd>
                      {f.sl}
                      <span className="queue-sub">{t('home.queue.serviceLevelHint', { seconds: data.answerWithinS, within: data.total.answeredWithin, offered: data.total.offered })}</span>
                    </dd>
                  </div>
                  <div className="queue-tile" data-testid="queue-asa">
                    <dt>{t('home.queue.asa')}</dt>
                    <dd>{f.asa}</dd>
                  </div>
                  <div className="queue-tile" data-testid="queue-abandon">
                    <dt>{t('home.queue.abandoned')}</dt>
                    <dd>
                      {f.abandon}
                      <span className="queue-sub">{t('home.queue.abandonedHint', { abandoned: data.total.abandoned, offered: data.total.offered })}</span>
                    </dd>
                  </div>
                  <div className="queue-tile" data-testid="queue-handling">
                    <dt>{t('home.queue.handling')}</dt>
                    <dd>{f.handling}</dd>
                  </div>
                </>
              );
            })()}
          </dl>
          {data.sources.length > 1 && (
            <div className="table-scroll">
              <table className="data-table queue-sources" data-testid="queue-sources">
                <caption className="visually-hidden">{t('home.queue.perSource')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('home.queue.source')}</th>
                    <th scope="col" className="num">{t('home.queue.waiting')}</th>
                    <th scope="col" className="num">{t('home.queue.serviceLevel')}</th>
                    <th scope="col" className="num">{t('home.queue.asa')}</th>
                    <th scope="col" className="num">{t('home.queue.abandoned')}</th>
                    <th scope="col" className="num">{t('home.queue.handling')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.sources.map((s) => {
                    const f = figure(s);
                    return (
                      <tr key={s.sourceId} data-testid="queue-source">
                        <th scope="row">{s.name}</th>
                        <td className="num">{f.waiting}</td>
                        <td className="num">{f.sl}</td>
                        <td className="num">{f.asa}</td>
                        <td className="num">{f.abandon}</td>
                        <td className="num">{f.handling}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <p className="queue-basis" data-testid="queue-basis" data-basis={data.total.basis}>
            {t(`home.queue.basis.${data.total.basis}`)}
          </p>
        </>
      )}
    </section>
  );
}
