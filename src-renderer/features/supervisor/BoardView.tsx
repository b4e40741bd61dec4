import { useTranslation } from 'react-i18next';
import type { BoardEntry, PresenceState } from '../../../src-shared/supervisor/protocol.js';
import { useSupervisor } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { useSystemText } from '../../lib/systemText.js';
import { QueueNumbers } from './QueueNumbers.js';
import { ViewStatus } from './ViewStatus.js';

/** "1:05:07" / "4:09": a clock face reads faster than words on a wall board. */
export function clock(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const STATE_ICON: Record<PresenceState, string> = { available: '●', ringing: '☎', on_call: '☎', wrap_up: '✎', away: '◐', offline: '○' };

/** The team live: who is in which state since when, whom they are talking to, and how much they handled today. */
export function BoardView() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const board = useSupervisor((s) => s.board);
  const now = useNow(1_000);
  const entries = board.data?.entries ?? [];
  // since is server time; the answer's serverTimeMs and its local arrival align the two clocks. A
  // cached (offline) answer does not tick: its states are as of the banner's time, not now.
  const serverNow = !board.data ? now : !board.live || board.receivedAt === null ? board.data.serverTimeMs : board.data.serverTimeMs + (now - board.receivedAt);
  const count = (states: PresenceState[]) => entries.filter((e) => states.includes(e.state)).length;
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <section className="supervisor-view" aria-labelledby="sv-board-title" data-testid="supervisor-board">
      <h2 tabIndex={-1} id="sv-board-title">{t('supervisor.board')}</h2>
      <QueueNumbers />
      <ViewStatus status={board.status} error={board.error} live={board.live} fetchedAt={board.fetchedAt} testId="supervisor-board" />
      {board.data && (
        <>
          {/* Announced when it changes (a push), not every second like the clocks. */}
          <p className="muted" aria-live="polite" data-testid="board-summary">
            {t('supervisor.boardSummary', {
              available: count(['available']),
              busy: count(['ringing', 'on_call', 'wrap_up']),
              away: count(['away']),
              offline: count(['offline']),
            })}
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="board-table">
              <caption className="visually-hidden">{t('supervisor.board')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.col.operator')}</th>
                  <th scope="col">{t('supervisor.col.team')}</th>
                  <th scope="col">{t('supervisor.col.state')}</th>
                  <th scope="col">{t('supervisor.col.inState')}</th>
                  <th scope="col">{t('supervisor.col.caller')}</th>
                  <th scope="col" className="num">{t('supervisor.col.handledToday')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">{t('supervisor.empty')}</td>
                  </tr>
                )}
                {entries.map((e: BoardEntry) => (
                  <tr key={e.userId} data-testid="board-row" data-user-id={e.userId} data-state={e.state}>
                    <th scope="row">
                      {e.name}
                      {e.extension && <span className="muted"> · {e.extension}</span>}
                    </th>
                    <td>{e.teamName ?? '—'}</td>
                    <td>
                      <span className={`presence presence-${e.state}`} data-testid="board-state">
                        <span aria-hidden="true">{STATE_ICON[e.state]} </span>
                        {t(`supervisor.state.${e.state}`)}
                      </span>
                    </td>
                    <td className="num" data-testid="board-since">
                      {e.since !== null ? <time dateTime={new Date(e.since).toISOString()}>{clock((serverNow - e.since) / 1000)}</time> : '—'}
                    </td>
                    <td data-testid="board-caller">{(e.state === 'ringing' || e.state === 'on_call') && e.callerName ? sys(e.callerName) : '—'}</td>
                    <td className="num" data-testid="board-handled">{nf.format(e.handledToday)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
