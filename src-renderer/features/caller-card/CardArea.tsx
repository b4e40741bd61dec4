import { GreetingsPanel } from '../greetings/GreetingsPanel.js';
import { LoyaltyPanel } from '../loyalty/LoyaltyPanel.js';
import { CampaignsPanel } from './CampaignsPanel.js';
import { RecentRatings } from './RecentRatings.js';
import { ProcessRuns } from '../planning/ProcessRuns.js';
import { LiveConversation } from './LiveConversation.js';
import { useTranslation } from 'react-i18next';
import { Progress } from '../../components/fields.js';
import { formatTime } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { selectedCard } from '../../stores/callerCard.js';
import { useCard, useStores } from '../../stores/index.js';
import { CustomerForm } from '../customers/CustomerForm.js';
import { Timeline } from '../history/Timeline.js';
import { Counts } from './Counts.js';
import { CustomerHeader } from './CustomerHeader.js';
import { OpenCases } from './OpenCases.js';
import { DueTasks, RecentMoods } from './MoodsAndTasks.js';
import { Toolbar } from './Toolbar.js';
import { useEffect, useRef, type RefObject } from 'react';
import { TransferHint } from '../calls/TransferHint.js';
import { AttachContact } from './AttachContact.js';
import { HomeScreen } from '../home/HomeScreen.js';
import { SpamBanner, UnknownNumberActions } from '../numbers/NumberMarks.js';

/**
 * Marks the moment a call's card (or the quick-create form for an unknown caller) is painted, after
 * 'kartoteka:incoming-call' marked the event's arrival: the screen-pop latency, readable in the
 * browser's performance timeline (and by the end-to-end test).
 */
function usePaintMark(callId: string | null, ready: boolean, known: boolean) {
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!callId || !ready || marked.current === callId) return;
    marked.current = callId;
    if (typeof performance === 'undefined' || typeof performance.mark !== 'function' || typeof requestAnimationFrame !== 'function') return;
    // After the next frame is produced: rAF runs before the paint, the task after it runs after.
    requestAnimationFrame(() =>
      setTimeout(() => {
        try {
          performance.mark('kartoteka:card-painted', { detail: { callId, known } });
        } catch {
          // Diagnostics only.
        }
      }, 0),
    );
  }, [callId, ready, known]);
}

/**
 * An unknown caller's form takes the focus on its name, so the operator only types it: when the
 * operator has just looked the number up (the focus is in the incoming field) or nothing has the
 * focus (a pop). Focus in any other field is left alone: a pop must not take what is being typed.
 */
function FocusName({ number }: { number: string }) {
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.getAttribute('data-testid') !== 'incoming-number') return;
    document.querySelector<HTMLInputElement>('[data-testid="customer-form-name"]')?.focus();
  }, [number]);
  return null;
}

export function CardArea({ timelineRef }: { timelineRef: RefObject<HTMLDivElement | null> }) {
  const { t, i18n } = useTranslation();
  const { card: cardStore, ui } = useStores();
  const state = useCard((s) => s);
  const card = selectedCard(state);
  usePaintMark(state.callId, state.status === 'ready', card !== null);

  if (state.status === 'idle') return <HomeScreen />;
  if (state.status === 'loading' && !card) {
    return (
      <div className="card-empty" data-testid="caller-card" aria-busy="true">
        <Progress label={t('incoming.lookingUp')} />
      </div>
    );
  }
  if (state.status === 'error' && !card) {
    return (
      <div className="card-empty" data-testid="caller-card">
        <div role="alert" className="alert alert-error">
          {errorMessage(state.error, t)}
        </div>
      </div>
    );
  }
  if (!card) {
    // Unknown caller: the quick-create form is prefilled so the operator only types the name.
    const number = state.normalized ?? state.query;
    return (
      <section className="card-unknown" data-testid="caller-card" aria-labelledby="unknown-title">
        <h2 id="unknown-title">{t('card.unknownTitle')}</h2>
        <SpamBanner number={number} marks={state.numberMarks} />
        <FocusName number={number} />
        <p>{t('card.unknownText', { number })}</p>
        <UnknownNumberActions number={number} />
        <CustomerForm
          key={number}
          initialNumber={state.query || number}
          onDone={(c) => {
            ui.getState().toast('success', (tr) => tr('customer.created'));
            void cardStore.getState().openCustomer(c.id, true);
          }}
        />
        <AttachContact value={number} />
      </section>
    );
  }

  return (
    <div className="card-layout" data-testid="caller-card" aria-busy={state.status === 'loading' || undefined}>
      {state.normalized && <SpamBanner number={state.normalized} marks={state.numberMarks} />}
      <TransferHint customerId={card.customer.id} />
      <LiveConversation customerId={card.customer.id} />
      {state.matches.length > 1 && <MatchChooser />}
      <Toolbar />
      {/* The card's facts and its history: stacked on a tall screen; side by side on a short one
          (1366×768), where the history takes the height and shows six rows or more. */}
      <div className="card-body">
      {/* On a short screen this column scrolls on its own: it is a region the keyboard can reach. */}
      <div className="card-top" tabIndex={0} role="region" aria-label={t('card.facts')}>
        <div className="card-col card-col-main">
          <CustomerHeader card={card} />
          <CampaignsPanel card={card} />
          {state.callStartedAt && (
            <p className="call-start" data-testid="call-start">
              {t('card.callStart', { time: formatTime(state.callStartedAt, i18n.language) })}
            </p>
          )}
          {state.foundByIvr && <p className="call-start" data-testid="card-found-by-ivr">{t('ivr.foundBy', { digits: state.foundByIvr })}</p>}
        </div>
        <div className="card-col">
          <Counts counts={card.counts} />
          <RecentMoods moods={card.recentMoods} />
          <RecentRatings ratings={card.recentRatings} average={card.ratingAverage} />
        </div>
        <div className="card-col">
          <OpenCases cases={card.openCases} />
          <DueTasks tasks={card.openTasks} />
          <ProcessRuns card={card} />
          <LoyaltyPanel key={`loyalty-${card.customer.id}`} customerId={card.customer.id} />
          <GreetingsPanel key={card.customer.id} customerId={card.customer.id} />
        </div>
      </div>
      <Timeline scrollRef={timelineRef} />
      </div>
    </div>
  );
}

function MatchChooser() {
  const { t } = useTranslation();
  const { card } = useStores();
  const matches = useCard((s) => s.matches);
  const selectedId = useCard((s) => s.selectedId);
  return (
    <fieldset className="match-chooser" data-testid="match-chooser">
      <legend>
        {t('card.sharedTitle', { count: matches.length })} — {t('card.chooseMatch')}
      </legend>
      <div className="radio-options">
        {matches.map((m) => (
          <label key={m.customer.id} className={`radio-chip ${m.customer.id === selectedId ? 'checked' : ''}`}>
            <input
              type="radio"
              name="shared-number-match"
              value={m.customer.id}
              checked={m.customer.id === selectedId}
              onChange={() => card.getState().select(m.customer.id)}
            />
            <span>
              {m.customer.name}
              {m.customer.organisation ? ` · ${m.customer.organisation}` : ''}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
