import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../hooks/useNow.js';
import { shortcut, type ShortcutId } from '../../lib/keymap.js';
import { isSupervisorRole } from '../../lib/roles.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useSession, useStores, useTeamInbox, useConversations } from '../../stores/index.js';
import { BoardView } from '../supervisor/BoardView.js';
import { MissedPanel } from './MissedPanel.js';
import { MyCallsPanel } from './MyCallsPanel.js';
import { ReviewsPanel } from './ReviewsPanel.js';
import { MyFiguresPanel } from './MyFiguresPanel.js';
import { GreetingsTodayPanel } from '../greetings/GreetingsTodayPanel.js';
import { TasksDuePanel } from './TasksDuePanel.js';
import './home.css';

const keys = (id: ShortcutId) => shortcut(id).display.map((k) => k.join('+')).join(' / ');

/**
 * The first screen, and what Alt+D returns to: the operator's day (my calls, my tasks due, the team's
 * missed calls, the supervisor's comments). A supervisor's home is the team board with today's queue
 * numbers above it. Everything is re-read when it may have changed (App.tsx), and when the day turns.
 */
export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const { home, supervisor, teamInbox, conversations, ui } = useStores();
  const inbox = useTeamInbox((s) => s.inbox);
  const chats = useConversations((s) => s.queue);
  const waitingChats = chats?.live ? chats.items.filter((c) => c.claimedBy === null || c.waiting > 0).length : 0;
  const isSupervisor = useSession((s) => isSupervisorRole(s.user?.role));
  const now = useNow(60_000);
  const dayKey = new Date(now).toDateString();

  useEffect(() => {
    void home.getState().loadDay();
  }, [home, dayKey]);
  useEffect(() => {
    void home.getState().loadReviews();
  }, [home]);
  // The shared mailboxes' messages from unknown senders: said here, so nobody has to look with F8 to know.
  useEffect(() => {
    void teamInbox.getState().load();
    void conversations.getState().load();
  }, [teamInbox, conversations, dayKey]);
  useEffect(() => {
    if (!isSupervisor) return;
    const s = supervisor.getState();
    void s.loadBoard(s.board.status !== 'idle');
    void s.loadQueueStats(s.queueStats.status !== 'idle');
  }, [isSupervisor, supervisor]);

  const date = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', day: 'numeric', month: 'long' }).format(now);
  return (
    <section className="home" aria-labelledby="home-title" data-testid="home">
      <h2 id="home-title" tabIndex={-1}>{t('home.title', { date })}</h2>
      <p className="home-hint">{t('home.hint', { incoming: keys('incoming'), search: keys('search'), home: keys('home') })}</p>
      {inbox?.live && inbox.total > 0 && (
        <p className="home-hint" data-testid="home-inbox">
          <ShortcutButton shortcutId="teamInbox" label={t('inbox.homeWaiting', { count: inbox.total })} onClick={() => ui.getState().openDialog({ kind: 'teamInbox' })} />
        </p>
      )}
      {waitingChats > 0 && (
        <p className="home-hint" data-testid="home-conversations">
          <ShortcutButton shortcutId="conversations" label={t('conversations.homeWaiting', { count: waitingChats })} onClick={() => ui.getState().openDialog({ kind: 'conversations' })} />
        </p>
      )}
      {isSupervisor ? (
        <BoardView />
      ) : (
        <div className="home-grid">
          <MyCallsPanel />
          <TasksDuePanel />
          <MissedPanel />
          <ReviewsPanel />
          <MyFiguresPanel />
          <GreetingsTodayPanel />
        </div>
      )}
    </section>
  );
}
