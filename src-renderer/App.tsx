import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setDisplayTimeZone } from './i18n/format.js';
import type { ConnectionStatus } from './api/client.js';
import { useApi } from './api/context.js';
import { ShortcutButton } from './components/ShortcutButton.js';
import { Toasts } from './components/Toasts.js';
import { DialogHost } from './DialogHost.js';
import { dialFromCard, openCallLog, transferToManager } from './lib/callActions.js';
import { CallStrip } from './features/calls/CallStrip.js';
import { RingOverDialog } from './features/calls/RingOverDialog.js';
import { CtiButton } from './features/calls/CtiButton.js';
import { OperatorCard, OperatorControls } from './features/calls/OperatorStatus.js';
import { useCallLifecycle } from './features/calls/useCallLifecycle.js';
import { CardArea } from './features/caller-card/CardArea.js';
import { IncomingBar } from './features/incoming/IncomingBar.js';
import { shortcut } from './lib/keymap.js';
import { displayPhone } from './lib/phone.js';
import { useGlobalShortcuts } from './features/shortcuts/useGlobalShortcuts.js';
import { openReassign } from './features/supervisor/QueueView.js';
import { isSupervisorRole } from './lib/roles.js';
import { SupervisorArea } from './features/supervisor/SupervisorArea.js';
import { SupervisorNav } from './features/supervisor/SupervisorNav.js';
import { SyncIndicator } from './features/sync/SyncIndicator.js';
import { MyTasksButton } from './features/tasks/MyTasksButton.js';
import { selectedCard } from './stores/callerCard.js';
import { useSession, useStores, useSupervisor, useUi } from './stores/index.js';
import type { DialogState } from './stores/ui.js';
import { campaignResponseKeys } from './features/caller-card/CampaignsPanel.js';

/** Dialogs that hold nothing typed: a ring closes them, so its card is not hidden underneath. */
const GIVES_WAY_TO_A_RING: ReadonlySet<DialogState['kind']> = new Set(['search', 'help', 'missed', 'myTasks', 'teamCalls', 'teamInbox', 'conversations', 'entry', 'sync', 'cti']);

/** The screen-pop latency starts here; CardArea marks 'kartoteka:card-painted'. */
function markIncoming(callId: string | undefined) {
  try {
    performance.mark('kartoteka:incoming-call', { detail: { callId: callId ?? null } });
  } catch {
    // Diagnostics only (performance.mark may be missing in a test DOM).
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const stores = useStores();
  const { card, ui, session, sync, calls, supervisor, myTasks, home, teamCalls, conversations } = stores;
  const isSupervisor = useSession((s) => isSupervisorRole(s.user?.role));
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const supervisorView = useSupervisor((s) => s.view);
  const dialogOpen = useUi((s) => s.dialog !== null);
  const incomingRef = useRef<HTMLInputElement>(null);
  const timelineRef = useRef<HTMLDivElement>(null);
  const queueRef = useRef<HTMLUListElement>(null);
  const [connection, setConnection] = useState<ConnectionStatus>('open');
  // Times show in the centre's zone (issue 19); a change re-renders the screen with it.
  const [, setZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    // Older hosts and test doubles without the calendar keep the desk's zone.
    const read = api['calendar.year'] as typeof api['calendar.year'] | undefined;
    read?.({ year: new Date().getFullYear() }).then((c) => {
      setDisplayTimeZone(c.week.timeZone);
      setZone(c.week.timeZone);
    }, () => undefined);
  }, [api]);

  useEffect(() => {
    void session.getState().load();
    void sync.getState().load();
    // Opened mid-call (a restart, a second window): the live call's card pops as if it had just rung.
    void calls
      .getState()
      .load()
      .then(() => {
        const active = calls.getState().state?.active;
        if (active && active.state !== 'ended' && card.getState().mode === 'none') void card.getState().lookup(active.number, active.ringingAt, active.callId);
      });
  }, [session, sync, calls, card]);

  // "My tasks" are this desktop's user's: read them at start and again when a sign-in changes the user.
  useEffect(() => {
    void myTasks.getState().load();
    return session.subscribe((s, prev) => {
      if (s.user?.id !== prev.user?.id) void myTasks.getState().load();
    });
  }, [myTasks, session]);

  useCallLifecycle();

  // A card opened from anywhere (search, a missed call, the review) replaces the supervisor view.
  useEffect(
    () =>
      card.subscribe((s, prev) => {
        if (s.selectedId !== prev.selectedId || s.query !== prev.query) supervisor.getState().close();
      }),
    [card, supervisor],
  );

  // Never silent: whatever brings a higher rejected count (an event, a sync-now answer), the
  // operator is told at once, and the toast stays until dismissed.
  useEffect(
    () =>
      sync.subscribe((s, prev) => {
        if (!s.status || !prev.status) return;
        const added = s.status.rejected - prev.status.rejected;
        if (added > 0) ui.getState().toast('error', (tr) => tr('sync.rejectedToast', { count: added, keys: shortcut('sync').display.map((k) => k.join('+')).join(' / ') }));
        // A card that vanished because its customer passed to another team is said so.
        const overwritten = s.status.overwritten - prev.status.overwritten;
        if (overwritten > 0) ui.getState().toast('info', (tr) => tr('sync.overwrittenToast', { count: overwritten, keys: shortcut('sync').display.map((k) => k.join('+')).join(' / ') }));
        const left = s.status.leftScope - prev.status.leftScope;
        if (left > 0) ui.getState().toast('info', (tr) => tr('sync.leftScopeToast', { count: left }));
      }),
    [sync, ui, t],
  );

  useEffect(() => {
    const onOnline = (): void => void sync.getState().networkBack();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [sync]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t, i18n.language]);

  useEffect(() => {
    const offEvent = api.onEvent((event) => {
      if (event.type === 'incoming-call') {
        markIncoming(event.callId);
        // A ringing call needs its card on screen, whichever supervisor view was open, and a dialog
        // that holds no typing (search, help, a list) makes way for it. A form stays, with the ring
        // said above it (RingOverDialog), so nothing typed is lost.
        supervisor.getState().close();
        const dialog = ui.getState().dialog;
        if (dialog && GIVES_WAY_TO_A_RING.has(dialog.kind)) ui.getState().closeDialog();
        // The lookup starts in this same task: the card is the next thing painted once it answers.
        void card.getState().lookup(event.number, event.startedAt, event.callId, event.ivrDigits);
        ui.getState().toast('info', (tr) => tr('incoming.ringing', { number: event.number ? displayPhone(event.number) : tr('calls.withheld') }));
      } else if (event.type === 'call-state') {
        calls.getState().apply(event.state);
      } else if (event.type === 'cti-status') {
        calls.getState().applyStatus(event.status);
      } else if (event.type === 'data-changed') {
        // Rows of the open customer changed (pulled by sync, or written elsewhere): re-read the card
        // and its history without moving the operator's place in the timeline.
        const id = card.getState().selectedId;
        if (id && event.customerIds.includes(id)) void card.getState().refresh({ background: true });
        // Any customer's task may have become (or stopped being) this operator's — a supervisor's
        // reassignment names the customer, not the assignee — so the own list is always re-read.
        void myTasks.getState().load();
        // My day (a call logged, a missed call pulled, a callback made) follows every write.
        void home.getState().loadDay();
        if (teamCalls.getState().watching) void teamCalls.getState().load();
      } else if (event.type === 'conversations-changed') {
        if (conversations.getState().watching) conversations.getState().changed(event.ids);
        else void conversations.getState().load();
      } else if (event.type === 'review-comments') {
        void home.getState().loadReviews();
      } else if (event.type === 'supervisor-changed') {
        supervisor.getState().changed(event.topics);
      } else if (event.type === 'tasks-done') {
        // A promise this operator made was kept by a colleague: said once, at the sync that brought it.
        for (const task of event.tasks) {
          ui.getState().toast('success', (tr) => `${tr('tasks.doneByColleague', { title: task.title, customer: task.customerName, name: task.doneBy ?? tr('history.system') })}${task.outcome ? ` · ${tr('planning.outcomeChosen', { label: task.outcome })}` : ''}`);
        }
      } else if (event.type === 'appointments-answered') {
        // A colleague answered this user's booking: said once, at the sync that brought it.
        for (const a of event.answers) ui.getState().toast(a.answer === 'decline' ? 'error' : 'success', (tr) => tr(`diary.answered_${a.answer}`, { title: a.title, name: a.by ?? '' }));
      } else if (event.type === 'sync-status') {
        sync.getState().apply(event.status);
        // After a sign-in the signed-in account is this desktop's user: the header must say so.
        const signedIn = event.status.user?.id;
        if (signedIn && signedIn !== session.getState().user?.id) {
          void session.getState().load();
          void home.getState().loadReviews();
        }
      }
    });
    const offStatus = api.onStatus?.(setConnection);
    return () => {
      offEvent();
      offStatus?.();
    };
  }, [api, card, ui, sync, calls, session, supervisor, myTasks, home, teamCalls, conversations, t]);

  const toggleAway = () => {
    calls
      .getState()
      .toggleAway()
      .catch(() => ui.getState().toast('error', (tr) => tr('calls.awayFailed')));
  };

  const goHome = () => {
    supervisor.getState().close();
    card.getState().home();
    // The home's heading takes the focus once it is on screen, so Tab walks its panels.
    requestAnimationFrame(() => document.getElementById('home-title')?.focus());
  };

  // Actions on a customer need a card on screen; without one they would open an empty form.
  const withCard = (fn: () => void) => () => {
    if (selectedCard(card.getState())) fn();
  };
  const open = ui.getState().openDialog;
  useGlobalShortcuts(
    {
      incoming: () => {
        supervisor.getState().close();
        incomingRef.current?.focus();
        incomingRef.current?.select();
      },
      home: goHome,
      // An unknown caller's card: log the call without a customer, or mark the number as spam.
      markNumber: () => {
        const s = card.getState();
        if (s.status === 'ready' && s.matches.length === 0 && s.normalized?.startsWith('+')) open({ kind: 'numberMark', number: s.normalized });
      },
      search: () => open({ kind: 'search' }),
      logCall: withCard(() => openCallLog(stores)),
      logEmail: withCard(() => open({ kind: 'log', channel: 'email' })),
      logFax: withCard(() => open({ kind: 'log', channel: 'fax' })),
      writeEmail: withCard(() => open({ kind: 'compose' })),
      addTag: withCard(() => document.querySelector<HTMLInputElement>('[data-testid="tag-input"]')?.focus()),
      newCase: withCard(() => open({ kind: 'caseOpen' })),
      newTask: withCard(() => open({ kind: 'task' })),
      editCustomer: withCard(() => open({ kind: 'customerEdit' })),
      // On a card: merge with a duplicate. On an unknown caller's: attach the number to a customer.
      mergeCustomer: () => {
        if (selectedCard(card.getState())) open({ kind: 'customerMerge' });
        else document.querySelector<HTMLInputElement>('[data-testid="attach-search"]')?.focus();
      },
      timeline: () => timelineRef.current?.focus(),
      sync: () => open({ kind: 'sync' }),
      away: toggleAway,
      callQueue: () => queueRef.current?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus(),
      transfer: () => void transferToManager(stores, api),
      missedCalls: () => open({ kind: 'missed' }),
      myTasks: () => open({ kind: 'myTasks' }),
      startProcess: withCard(() => open({ kind: 'startProcess' })),
      // The current campaign's response buttons (CampaignsPanel): one key records it.
      ...campaignResponseKeys(),
      diary: () => open({ kind: 'diary' }),
      teamCalls: () => open({ kind: 'teamCalls' }),
      teamInbox: () => open({ kind: 'teamInbox' }),
      conversations: () => open({ kind: 'conversations' }),
      markMissedSeen: () => void teamCalls.getState().markSeen().then(() => ui.getState().toast('success', (tr) => tr('teamCalls.markedSeen'))),
      dial: () => void dialFromCard(stores, api),
      ctiSettings: () => open({ kind: 'cti' }),
      help: () => open({ kind: 'help' }),
      language: () => void session.getState().toggleLocale(),
      // Supervisors only: an operator's Alt+B/W/G/V/X do nothing.
      ...(isSupervisor
        ? {
            supervisorBoard: () => supervisor.getState().open('board'),
            supervisorQueue: () => supervisor.getState().open('queue'),
            supervisorFigures: () => supervisor.getState().open('figures'),
            supervisorReview: () => supervisor.getState().open('review'),
            supervisorAudit: () => supervisor.getState().open('audit'),
            supervisorCanned: () => supervisor.getState().open('canned'),
            supervisorProcesses: () => supervisor.getState().open('processes'),
            supervisorCampaigns: () => supervisor.getState().open('campaigns'),
            ...(isAdmin ? { supervisorLines: () => supervisor.getState().open('lines') } : {}),
            reassign: () => {
              if (supervisor.getState().view === 'queue') openReassign(stores);
            },
          }
        : {}),
    },
    dialogOpen,
  );

  // The keyboard is live from here (the shortcuts' listener is attached): end-to-end tests wait for it.
  useEffect(() => {
    document.documentElement.dataset['appReady'] = 'yes';
  }, []);

  const lng = i18n.language === 'en' ? 'en' : 'ru';
  return (
    <>
      {/* inert keeps focus and screen readers inside an open dialog. */}
      <div className="app-shell" inert={dialogOpen}>
        <a href="#main" className="skip-link">
          {t('app.skipToMain')}
        </a>
        <header className="topbar-wrap">
          {/* Top bar: what the operator works with — the incoming number first (the focus lands there
              after the skip link), search, the sync chip, and who is at this desk in which state. */}
          <div className="topbar">
            <h1 className="brand">{t('app.title')}</h1>
            <IncomingBar inputRef={incomingRef} />
            <div className="topbar-tools">
              <ShortcutButton shortcutId="home" label={t('home.open')} onClick={goHome} data-testid="home-open" />
              <ShortcutButton shortcutId="search" label={t('search.open')} onClick={() => open({ kind: 'search' })} data-testid="search-open" />
              <SyncIndicator />
            </div>
            <OperatorCard />
          </div>
          {/* The call bar: away, missed calls and telephony on the left, language and help on the right;
              the live calls (the call on screen and the queue) get their own line while there are any. */}
          <div className="callbar">
            <div className="callbar-row">
              <div className="callbar-group">
                <OperatorControls onToggleAway={toggleAway} />
                <MyTasksButton />
                <CtiButton />
              </div>
              <div className="callbar-group callbar-end">
                <ShortcutButton
                  shortcutId="language"
                  label={`${t('language.label')}: ${lng.toUpperCase()}`}
                  title={t('language.switch')}
                  onClick={() => void session.getState().toggleLocale()}
                  data-testid="language-switch"
                />
                <ShortcutButton shortcutId="help" label={t('actions.help')} onClick={() => open({ kind: 'help' })} data-testid="help-open" />
              </div>
            </div>
            <CallStrip queueRef={queueRef} />
          </div>
          <SupervisorNav />
        </header>
        {connection !== 'open' && (
          <div className="banner" role="status">
            {connection === 'connecting' ? t('app.connecting') : t('app.disconnected')}
          </div>
        )}
        <main id="main" tabIndex={-1} className="main" aria-label={supervisorView && isSupervisor ? t('supervisor.area') : t('card.region')}>
          {supervisorView && isSupervisor ? <SupervisorArea /> : <CardArea timelineRef={timelineRef} />}
        </main>
      </div>
      <DialogHost />
      <RingOverDialog />
      <Toasts />
    </>
  );
}
