// The call lifecycle as the engine reports it (docs/cti.md): operator state, the active call, the
// queue of other live or wrap-up calls, missed calls, and the CTI sources' status. Fed by the
// 'call-state' and 'cti-status' events; method answers are applied too, so a toggle shows at once.
import { createStore } from 'zustand/vanilla';
import type { CallInfo, CallState, CtiStatus } from '../../src-shared/api/cti.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ApiClient } from '../api/client.js';

export interface CallsState {
  /** null until the first calls.state answer (or event); stays null on an engine without CTI. */
  state: CallState | null;
  ctiStatus: CtiStatus | null;
  error: unknown;
  /**
   * Calls logged while still in conversation (the form was saved before the hang-up): their wrap-up
   * is ended at the hang-up instead of opening a second form.
   */
  logged: string[];
  markLogged(callId: string): void;
  load(): Promise<void>;
  apply(state: CallState): void;
  applyStatus(status: CtiStatus): void;
  toggleAway(): Promise<void>;
  /** Ends the wrap-up of a call; a call the engine already finished (not_found) is not an error. */
  wrapUpDone(callId: string): Promise<void>;
  dismissMissed(callId?: string): Promise<void>;
}

/** Every call the engine lists: the active one first, then the queue (oldest first). */
export function liveCalls(state: CallState | null): CallInfo[] {
  if (!state) return [];
  return state.active ? [state.active, ...state.queue] : state.queue;
}

export function findCall(state: CallState | null, callId: string | null | undefined): CallInfo | null {
  if (!callId) return null;
  return liveCalls(state).find((c) => c.callId === callId) ?? null;
}

/** The logging form's start: the answer, or the first ring for a call never answered. */
export function callStart(call: CallInfo): number {
  return call.answeredAt ?? call.ringingAt;
}

/** Seconds of conversation: final after hang-up, running while talking, 0 before the answer. */
export function callDuration(call: CallInfo, now: number): number {
  if (call.answeredAt === null) return 0;
  if (call.state === 'ended') return call.durationS ?? Math.max(0, Math.round(((call.hungUpAt ?? now) - call.answeredAt) / 1000));
  return Math.max(0, Math.round((now - call.answeredAt) / 1000));
}

export function createCallsStore(api: ApiClient) {
  return createStore<CallsState>()((set, get) => ({
    state: null,
    ctiStatus: null,
    error: null,
    logged: [],
    markLogged(callId) {
      set((s) => ({ logged: [...s.logged.slice(-49), callId] }));
    },
    async load() {
      const [state, status] = await Promise.allSettled([api['calls.state']({}), api['cti.status']({})]);
      // An event may have arrived while the request was in flight; it is at least as new.
      if (state.status === 'fulfilled' && (!get().state || get().state!.changedAt <= state.value.changedAt)) set({ state: state.value });
      if (status.status === 'fulfilled' && !get().ctiStatus) set({ ctiStatus: status.value });
    },
    apply(state) {
      const before = get().state;
      // Answers and events can cross: an older snapshot never replaces a newer one.
      if (before && before.changedAt > state.changedAt) return;
      set({ state });
    },
    applyStatus(ctiStatus) {
      set({ ctiStatus });
    },
    async toggleAway() {
      const away = !(get().state?.away ?? false);
      try {
        get().apply(await api['calls.setAway']({ away }));
        set({ error: null });
      } catch (error) {
        set({ error });
        throw error;
      }
    },
    async wrapUpDone(callId) {
      try {
        get().apply(await api['calls.wrapUpDone']({ callId }));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') return;
        throw error;
      }
    },
    async dismissMissed(callId) {
      get().apply(await api['calls.dismissMissed'](callId ? { callId } : {}));
    },
  }));
}
