// Stores are made per app instance (not module singletons) so that each component test gets fresh
// state bound to its own fake API.
import type { i18n as I18n } from 'i18next';
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client.js';
import { createCallsStore, type CallsState } from './calls.js';
import { createCardStore, selectedCard, type CardState } from './callerCard.js';
import { createHistoryStore, type HistoryState } from './history.js';
import { createHomeStore, type HomeState } from './home.js';
import { createMyTasksStore, type MyTasksState } from './myTasks.js';
import { createTeamCallsStore, type TeamCallsState } from './teamCalls.js';
import { createTeamInboxStore, type TeamInboxState } from './teamInbox.js';
import { createConversationsStore, type ConversationsState } from './conversations.js';
import { createSessionStore, type SessionState } from './session.js';
import { createSupervisorStore, type SupervisorState } from './supervisor.js';
import { createSyncStore, type SyncState } from './sync.js';
import { createUiStore, type UiState } from './ui.js';

export interface AppStores {
  session: StoreApi<SessionState>;
  card: StoreApi<CardState>;
  history: StoreApi<HistoryState>;
  ui: StoreApi<UiState>;
  sync: StoreApi<SyncState>;
  calls: StoreApi<CallsState>;
  supervisor: StoreApi<SupervisorState>;
  myTasks: StoreApi<MyTasksState>;
  home: StoreApi<HomeState>;
  teamCalls: StoreApi<TeamCallsState>;
  teamInbox: StoreApi<TeamInboxState>;
  conversations: StoreApi<ConversationsState>;
}

export function createStores(api: ApiClient, i18n: I18n): AppStores {
  const card = createCardStore(api);
  const history = createHistoryStore(api);
  // The timeline follows the card: a new customer, or a refreshed card after a write, replaces it,
  // which is what puts a just-logged entry at the head.
  card.subscribe((s, prev) => {
    const now = selectedCard(s);
    const before = selectedCard(prev);
    if (now === before) return;
    history.getState().reset(now?.customer.id ?? null, now ? { entries: now.history, total: now.historyCount } : undefined, {
      keepScroll: s.background,
    });
  });
  const myTasks = createMyTasksStore(api);
  // A re-read card follows a write (a logged call with a follow-up, a task created or completed) or a
  // pulled change: the operator's own task list may have changed with it.
  card.subscribe((s, prev) => {
    if (selectedCard(s) !== selectedCard(prev)) void myTasks.getState().load();
  });
  const ui = createUiStore();
  // Every logging form is pinned to the customer on screen when it opens: a call that rings meanwhile
  // replaces the card, and must neither take a half-typed email or fax away nor move it to the caller.
  ui.subscribe((s, prev) => {
    const d = s.dialog;
    if (!d || d === prev.dialog || d.kind !== 'log' || d.card) return;
    const shown = selectedCard(card.getState());
    if (shown) ui.setState({ dialog: { ...d, card: shown } });
  });
  return { session: createSessionStore(api, i18n), card, history, ui, sync: createSyncStore(api), calls: createCallsStore(api), supervisor: createSupervisorStore(api), myTasks, home: createHomeStore(api), teamCalls: createTeamCallsStore(api), teamInbox: createTeamInboxStore(api), conversations: createConversationsStore(api) };
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside StoresProvider');
  return stores;
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useStores().session, selector);
}
export function useCard<T>(selector: (s: CardState) => T): T {
  return useStore(useStores().card, selector);
}
export function useHistory<T>(selector: (s: HistoryState) => T): T {
  return useStore(useStores().history, selector);
}
export function useSync<T>(selector: (s: SyncState) => T): T {
  return useStore(useStores().sync, selector);
}
export function useCalls<T>(selector: (s: CallsState) => T): T {
  return useStore(useStores().calls, selector);
}
export function useSupervisor<T>(selector: (s: SupervisorState) => T): T {
  return useStore(useStores().supervisor, selector);
}
export function useHome<T>(selector: (s: HomeState) => T): T {
  return useStore(useStores().home, selector);
}
export function useMyTasks<T>(selector: (s: MyTasksState) => T): T {
  return useStore(useStores().myTasks, selector);
}

export function useTeamCalls<T>(selector: (s: TeamCallsState) => T): T {
  return useStore(useStores().teamCalls, selector);
}
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useStores().ui, selector);
}

export function useTeamInbox<T>(selector: (s: TeamInboxState) => T): T {
  return useStore(useStores().teamInbox, selector);
}

export function useConversations<T>(selector: (s: ConversationsState) => T): T {
  return useStore(useStores().conversations, selector);
}
