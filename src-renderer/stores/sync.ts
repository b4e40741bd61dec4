import { createStore } from 'zustand/vanilla';
import type { SyncRejection, SyncStatus } from '../../src-shared/sync/status.js';
import type { ApiClient } from '../api/client.js';

export interface SyncState {
  /** null until the first sync.status answer (or event) arrives. */
  status: SyncStatus | null;
  rejections: SyncRejection[];
  rejectionsStatus: 'idle' | 'loading' | 'ready' | 'error';
  load(): Promise<void>;
  /**
   * Takes a status from a sync-status event or a method's answer. Returns how many rejections are
   * new compared with the previous status, so the caller can tell the operator (never silently).
   */
  apply(status: SyncStatus): number;
  loadRejections(): Promise<void>;
  /** The network came back (the window's `online` event): an offline desktop tries at once. */
  networkBack(): Promise<void>;
  dismissRejection(id: number): Promise<void>;
}

export function createSyncStore(api: ApiClient) {
  // Answers and events can cross: only the newest rejections request may write the list.
  let listSeq = 0;
  return createStore<SyncState>()((set, get) => ({
    status: null,
    rejections: [],
    rejectionsStatus: 'idle',
    async load() {
      try {
        const status = await api['sync.status']({});
        // An event may have arrived while the request was in flight; it is at least as new.
        if (!get().status) set({ status });
      } catch {
        // An engine without sync (or an older one) simply shows no indicator.
      }
    },
    apply(status) {
      const before = get().status;
      set({ status });
      return before ? Math.max(0, status.rejected - before.rejected) : 0;
    },
    async networkBack() {
      const state = get().status?.state;
      if (state !== 'offline' && state !== 'error') return;
      try {
        get().apply(await api['sync.now']({}));
      } catch {
        // Still unreachable: the engine keeps retrying on its own back-off.
      }
    },
    async loadRejections() {
      const mine = ++listSeq;
      set((s) => ({ rejectionsStatus: s.rejections.length ? s.rejectionsStatus : 'loading' }));
      try {
        const rejections = await api['sync.rejections']({});
        if (mine !== listSeq) return;
        set({ rejections: [...rejections].sort((a, b) => b.at - a.at), rejectionsStatus: 'ready' });
      } catch {
        if (mine !== listSeq) return;
        set({ rejectionsStatus: 'error' });
      }
    },
    async dismissRejection(id) {
      await api['sync.dismissRejection']({ id });
      ++listSeq;
      set((s) => ({ rejections: s.rejections.filter((r) => r.id !== id) }));
    },
  }));
}
