import { useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhoneFormat } from '../../lib/phone.js';
import type { CallInfo } from '../../../src-shared/api/cti.js';
import { Kbd } from '../../components/Kbd.js';
import { formatTime } from '../../i18n/format.js';
import { callDuration, liveCalls } from '../../stores/calls.js';
import { useCalls, useCard, useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { openCallCard } from '../../lib/callActions.js';
import { callerName, formatClock } from './text.js';

/**
 * Live calls under the header: the call whose card is shown (state, timer, wrap-up) and the other
 * calls waiting — a second call that rings queues here instead of replacing the card. Alt+Q focuses
 * the list; arrows choose; Enter opens that call's card.
 */
export function CallStrip({ queueRef }: { queueRef: RefObject<HTMLUListElement | null> }) {
  const { t } = useTranslation();
  const state = useCalls((s) => s.state);
  const shownId = useCard((s) => s.callId);
  const calls = liveCalls(state);
  if (calls.length === 0) return null;
  const shown = calls.find((c) => c.callId === shownId) ?? null;
  const others = calls.filter((c) => c !== shown);
  return (
    <section className="call-strip" aria-label={t('calls.region')} data-testid="call-strip">
      {shown && <CurrentCall call={shown} />}
      {others.length > 0 && <CallQueue calls={others} listRef={queueRef} />}
    </section>
  );
}

function CurrentCall({ call }: { call: CallInfo }) {
  const { t, i18n } = useTranslation();
  const phone = usePhoneFormat();
  const { calls, ui } = useStores();
  const now = useNow(1_000);
  const [busy, setBusy] = useState(false);
  const finish = async () => {
    setBusy(true);
    try {
      await calls.getState().wrapUpDone(call.callId);
    } catch {
      ui.getState().toast('error', (tr) => tr('calls.wrapUpDoneFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`current-call call-${call.state}`} data-testid="current-call" data-state={call.state} data-call-id={call.callId}>
      <span className="call-state-label">
        <span className={`op-dot op-${call.state === 'answered' ? 'on_call' : call.state === 'ended' ? 'wrap_up' : 'ringing'}`} aria-hidden="true" />
        {t(`calls.callState.${call.state}`)}
        {call.direction === 'out' ? ` · ${t('calls.outbound')}` : ''}
      </span>
      <strong className="call-who">{callerName(call, t, phone)}</strong>
      {call.customers.length > 0 && call.number && <span className="call-number">{phone(call.number)}</span>}
      {call.line && <span className="muted-light" data-testid="call-line">{t('teamCalls.viaLine', { line: call.line })}</span>}
      {call.ivrPath && <span className="muted-light" data-testid="call-ivr-path">{t('ivr.path', { path: call.ivrPath })}</span>}
      {call.ivrDigits && <span className="muted-light" data-testid="call-ivr-digits">{t('ivr.digits', { digits: call.ivrDigits })}</span>}
      {call.answeredAt !== null && call.waitS != null && call.waitS > 0 && <span className="muted-light">{t('teamCalls.waited', { s: call.waitS })}</span>}
      {call.answeredAt === null && <span className="muted-light">{t('calls.rangAt', { time: formatTime(call.ringingAt, i18n.language) })}</span>}
      {call.answeredAt !== null && (
        <span className="call-timer" role="timer" aria-label={t('calls.timer')} data-testid="call-timer">
          {formatClock(callDuration(call, now))}
        </span>
      )}
      {call.state === 'ended' && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void finish()} data-testid="wrap-up-done">
          {t('calls.wrapUpDone')}
        </button>
      )}
    </div>
  );
}

function CallQueue({ calls, listRef }: { calls: CallInfo[]; listRef: RefObject<HTMLUListElement | null> }) {
  const { t, i18n } = useTranslation();
  const phone = usePhoneFormat();
  const stores = useStores();
  const [index, setIndex] = useState(0);
  const current = Math.min(index, calls.length - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    const jump = e.key === 'Home' ? 0 : e.key === 'End' ? calls.length - 1 : null;
    if (!step && jump === null) return;
    e.preventDefault();
    const next = jump ?? (current + step + calls.length) % calls.length;
    setIndex(next);
    listRef.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };
  const open = (call: CallInfo) => {
    openCallCard(stores, call);
    // The chosen call leaves this list (it is the shown call now): the card takes the focus.
    document.getElementById('main')?.focus();
  };

  return (
    <div className="call-queue" data-testid="call-queue">
      <h2 className="call-queue-title" id="call-queue-title">
        {t('calls.queueTitle', { count: calls.length })} <Kbd id="callQueue" />
      </h2>
      <ul ref={listRef} className="call-queue-list" aria-labelledby="call-queue-title" aria-describedby="call-queue-hint" onKeyDown={onKeyDown}>
        {calls.map((c, i) => (
          <li key={c.callId}>
            <button
              type="button"
              className={`btn btn-small queued-call call-${c.state}`}
              tabIndex={i === current ? 0 : -1}
              onClick={() => open(c)}
              onFocus={() => setIndex(i)}
              aria-keyshortcuts={i === current ? 'Alt+Q' : undefined}
              data-testid="queued-call"
              data-call-id={c.callId}
              data-state={c.state}
            >
              <span className={`op-dot op-${c.state === 'answered' ? 'on_call' : c.state === 'ended' ? 'wrap_up' : 'ringing'}`} aria-hidden="true" />
              <span className="call-who">{callerName(c, t, phone)}</span>
              {c.customers.length > 0 && c.number && <span className="call-number">{phone(c.number)}</span>}
              <span>— {t(`calls.callState.${c.state}`)}</span>
              <span className="call-time">{formatTime(c.ringingAt, i18n.language)}</span>
            </button>
          </li>
        ))}
      </ul>
      <span id="call-queue-hint" className="visually-hidden">
        {t('calls.queueHint')}
      </span>
    </div>
  );
}
