import './team-calls.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEAM_LOG_KINDS, type OpenCallback, type TeamCall, type TeamLogKind } from '../../../src-shared/team-calls/protocol.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress, SelectField } from '../../components/fields.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useNow } from '../../hooks/useNow.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatAgo, formatDateTime, formatDuration, formatTime } from '../../i18n/format.js';
import { usePhoneFormat } from '../../lib/phone.js';
import { useSystemText } from '../../lib/systemText.js';
import { useStores, useTeamCalls } from '../../stores/index.js';
import type { TeamLogPeriod } from '../../stores/teamCalls.js';
import { ActiveList } from '../../components/ActiveList.js';

const PERIODS: readonly TeamLogPeriod[] = ['today', 'week', 'month'];

/**
 * The team's calls (F3): the callbacks nobody has taken, focused first (so F3 Enter takes the oldest:
 * first claim wins on the server, and the customer's card opens) and the caller log of everyone's calls, filtered by kind, period,
 * operator and line (Enter opens the customer). Shift+F3 marks the missed calls seen. Offline it
 * shows what was synced, and says how old it is.
 */
export function TeamCallsDialog() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const phone = usePhoneFormat();
  const { ui, card, teamCalls } = useStores();
  const log = useTeamCalls((s) => s.log);
  const error = useTeamCalls((s) => s.error);
  const filters = useTeamCalls((s) => s.filters);
  const now = useNow(60_000);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;

  useEffect(() => {
    teamCalls.getState().watch(true);
    return () => teamCalls.getState().watch(false);
  }, [teamCalls]);

  const close = () => ui.getState().closeDialog();
  const openCustomer = (customerId: string) => {
    close();
    void card.getState().openCustomer(customerId);
  };
  const claim = async (c: OpenCallback) => {
    if (busy) return;
    setBusy(true);
    try {
      const result = await teamCalls.getState().claim(c.taskId);
      const title = sys(c.title);
      if (result.outcome === 'taken') ui.getState().toast('error', (tr) => tr('teamCalls.taken', { name: result.assigneeName ?? '' }));
      else {
        ui.getState().toast('success', (tr) => tr(result.outcome === 'pending' ? 'teamCalls.pending' : 'teamCalls.claimed', { title }));
        openCustomer(c.customerId);
      }
    } catch (e) {
      ui.getState().toast('error', (tr) => errorMessage(e, tr));
    } finally {
      setBusy(false);
    }
  };
  const markSeen = async () => {
    await teamCalls.getState().markSeen();
    ui.getState().toast('success', (tr) => tr('teamCalls.markedSeen'));
  };
  const when = (at: number) => (filters.period === 'today' ? formatTime(at, lang) : formatDateTime(at, lang));

  const callRow = (c: TeamCall) => {
    const kind = c.missed ? 'missed' : c.direction;
    const who = c.userName ? t(c.missed ? 'teamCalls.recordedBy' : 'teamCalls.answeredBy', { name: c.userName }) : '';
    const callback = !c.callback ? ''
      : c.callback.status === 'done' ? t('teamCalls.callbackDone')
      : c.callback.status === 'cancelled' ? t('teamCalls.callbackCancelled')
      : c.callback.assigneeName ? t('teamCalls.callbackTaken', { name: c.callback.assigneeName }) : t('teamCalls.callbackOpen');
    const meta = [c.number ? phone(c.number) : '', c.line ?? '', c.waitS !== null ? t('teamCalls.waited', { s: c.waitS }) : '',
      !c.missed && c.durationS !== null && c.durationS > 0 ? formatDuration(c.durationS, t, lang) : '', who, callback].filter((x) => x !== '');
    return (
      <>
        <time className="team-time" dateTime={new Date(c.occurredAt).toISOString()}>{when(c.occurredAt)}</time>
        <span className="team-text">
          <span className="team-line1">
            <span className={`team-dir team-dir-${kind}`}>{t(`teamCalls.direction.${kind}`)}</span>
            {c.unseen && <span className="team-new">{t('teamCalls.new')}</span>}
            <span className="team-name">{sys(c.customerName)}</span>
          </span>
          <span className="team-meta">{meta.join(' · ')}</span>
        </span>
      </>
    );
  };
  const callbackRow = (c: OpenCallback) => (
    <>
      <time className="team-time" dateTime={new Date(c.dueAt).toISOString()}>{when(c.dueAt)}</time>
      <span className="team-text">
        <span className="team-line1"><span className="team-name">{sys(c.customerName)}</span></span>
        <span className="team-meta">{[c.number ? phone(c.number) : '', sys(c.title)].filter((x) => x !== '').join(' · ')}</span>
      </span>
    </>
  );

  const status = !log ? null
    : log.online ? t('teamCalls.online')
    : log.syncedAt === null ? t('teamCalls.local')
    : t('teamCalls.offline', { time: formatDateTime(log.syncedAt, lang), age: formatAgo(log.syncedAt, now, lang) ?? t('teamCalls.online') });

  return (
    <Dialog title={t('teamCalls.title')} description={t('teamCalls.description')} onClose={close} size="wide" testId="team-calls-dialog">
      <div className="team-filters">
        <SelectField label={t('teamCalls.kind')} value={filters.kind} onChange={(e) => teamCalls.getState().setFilters({ kind: e.target.value as TeamLogKind })} data-testid="team-kind">
          {TEAM_LOG_KINDS.map((k) => <option key={k} value={k}>{t(`teamCalls.kindValue.${k}`)}</option>)}
        </SelectField>
        <SelectField label={t('teamCalls.period')} value={filters.period} onChange={(e) => teamCalls.getState().setFilters({ period: e.target.value as TeamLogPeriod })} data-testid="team-period">
          {PERIODS.map((p) => <option key={p} value={p}>{t(`teamCalls.periodValue.${p}`)}</option>)}
        </SelectField>
        <SelectField label={t('teamCalls.agent')} value={filters.userId} onChange={(e) => teamCalls.getState().setFilters({ userId: e.target.value })} data-testid="team-agent">
          <option value="">{t('teamCalls.anyone')}</option>
          {log?.agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </SelectField>
        <SelectField label={t('teamCalls.line')} value={filters.line} onChange={(e) => teamCalls.getState().setFilters({ line: e.target.value })} data-testid="team-line">
          <option value="">{t('teamCalls.anyLine')}</option>
          {log?.lines.map((l) => <option key={l} value={l}>{l}</option>)}
        </SelectField>
      </div>
      <div className="team-status">
        <span role="status" className="muted" data-testid="team-status">{status}</span>
        {log && (
          <span>
            <span data-testid="team-unseen">{t('teamCalls.unseen', { count: log.unseenMissed })}</span>{' '}
            <ShortcutButton shortcutId="markMissedSeen" label={t('teamCalls.markSeen')} onClick={() => void markSeen()} disabled={log.unseenMissed === 0} data-testid="team-mark-seen" />
          </span>
        )}
      </div>
      {error !== null && !log && <p role="alert" className="alert alert-error">{errorMessage(error, t)}</p>}
      {!log && error === null && <Progress label={t('app.loading')} />}
      {log && (
        <>
          <section className="team-section" aria-labelledby="team-callbacks-title">
            <h3 id="team-callbacks-title">{t('teamCalls.callbacks', { count: log.openCallbacks.length })}</h3>
            {log.openCallbacks.length === 0 ? <p className="muted">{t('teamCalls.callbacksNone')}</p> : (
              <ActiveList items={log.openCallbacks} idOf={(c) => c.taskId} render={callbackRow} onEnter={(c) => void claim(c)}
                label={`${t('teamCalls.callbacks', { count: log.openCallbacks.length })}. ${t('teamCalls.claimHint')}`} testId="team-callbacks" rows={4} autoFocus />
            )}
          </section>
          <section className="team-section" aria-labelledby="team-calls-title">
            <h3 id="team-calls-title">{t('teamCalls.calls', { shown: log.calls.length, total: log.total })}</h3>
            {log.calls.length === 0 ? <p className="muted">{t('teamCalls.callsNone')}</p> : (
              <ActiveList items={log.calls} idOf={(c) => c.id} render={callRow} onEnter={(c) => openCustomer(c.customerId)} label={t('teamCalls.title')} testId="team-calls" rows={9} autoFocus={log.openCallbacks.length === 0} />
            )}
          </section>
        </>
      )}
    </Dialog>
  );
}
