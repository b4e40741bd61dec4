// The team's conversations (features/conversations): the queue and the open conversation, read from
// the server when the dialog opens and again whenever the server says one changed (the
// conversations-changed event: a customer wrote, a colleague claimed, a message was delivered).
import { createStore } from 'zustand/vanilla';
import type { ConversationDetail, TeamConversations } from '../../src-shared/chat/protocol.js';
import type { ApiClient } from '../api/client.js';
import { coalesced } from './coalesced.js';

export interface ConversationsState {
  queue: TeamConversations | null;
  openId: string | null;
  open: ConversationDetail | null;
  error: unknown;
  /** The dialog is open: the server's news is read at once. */
  watching: boolean;
  watch(on: boolean): void;
  load(): Promise<void>;
  select(id: string | null): Promise<void>;
  changed(ids: string[]): void;
}

export function createConversationsStore(api: ApiClient) {
  return createStore<ConversationsState>()((set, get) => {
    const readQueue = coalesced(async () => {
      try {
        set({ queue: await api['conversations.list']({}), error: null });
      } catch (error) {
        set({ error });
      }
    });
    const readOpen = coalesced(async () => {
      const id = get().openId;
      if (!id) return;
      try {
        const open = await api['conversations.open']({ id });
        if (get().openId === id) set({ open });
      } catch (error) {
        set({ error });
      }
    });
    return {
      queue: null,
      openId: null,
      open: null,
      error: null,
      watching: false,
      watch: (on) => set({ watching: on }),
      load: readQueue,
      async select(id) {
        set({ openId: id, open: get().open?.id === id ? get().open : null });
        await readOpen();
      },
      changed(ids) {
        void readQueue();
        const id = get().openId;
        if (id && ids.includes(id)) void readOpen();
      },
    };
  });
}
