// The operator's own open tasks ("My tasks", features/tasks): read from the engine with tasks.list
// assignee 'me'. Re-read whenever rows may have changed (a data-changed event — e.g. a supervisor's
// reassignment pulled by sync — a card refresh after a local write, a sign-in), never polled.
import { createStore } from 'zustand/vanilla';
import type { Task } from '../../src-shared/api/entities.js';
import type { ApiClient } from '../api/client.js';
import { coalesced } from './coalesced.js';

export interface MyTasksState {
  /** Open tasks assigned to this desktop's user, soonest due first. */
  tasks: Task[];
  /** False until the first answer. */
  loaded: boolean;
  error: unknown;
  /** Re-reads the list. Calls while a read is running fold into one more read after it. */
  load(): Promise<void>;
  /** Marks a task done and drops it from the list at once; a failure re-reads and rethrows. */
  /** Closes a task; a process step's task with the outcome chosen. */
  complete(id: string, outcome?: string): Promise<void>;
}

export function createMyTasksStore(api: ApiClient) {
  return createStore<MyTasksState>()((set, get) => {
    const readOnce = async () => {
      try {
        const tasks = await api['tasks.list']({ assignee: 'me' });
        set({ tasks: [...tasks].sort((a, b) => a.dueAt - b.dueAt), loaded: true, error: null });
      } catch (error) {
        set({ loaded: true, error });
      }
    };
    return {
      tasks: [],
      loaded: false,
      error: null,
      // A burst of data-changed events (a sync pulling many pages) costs at most two reads.
      load: coalesced(readOnce),
      async complete(id, outcome) {
        try {
          await api['tasks.complete']({ id, ...(outcome !== undefined ? { outcome } : {}) });
          set((s) => ({ tasks: s.tasks.filter((t) => t.id !== id) }));
        } catch (error) {
          void get().load();
          throw error;
        }
      },
    };
  });
}
