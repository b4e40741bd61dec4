import { createStore } from 'zustand/vanilla';
import type { CustomerCard } from '../../src-shared/api/entities.js';
import type { NumberMarks } from '../../src-shared/api/number-marks.js';
import type { ApiClient } from '../api/client.js';

export interface CardState {
  /** 'lookup': opened from a number (may be unknown or shared); 'customer': opened by id. */
  mode: 'none' | 'lookup' | 'customer';
  query: string;
  normalized: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  matches: CustomerCard[];
  /** The looked-up number's spam mark and calls logged without a customer (null: none read). */
  numberMarks: NumberMarks | null;
  selectedId: string | null;
  error: unknown;
  /** Start of the call that opened the card; prefills the call form. */
  callStartedAt: number | null;
  /** The CTI call whose card this is (docs/cti.md); null for a number typed in or a card opened by id. */
  callId: string | null;
  /** The digits the caller keyed in the IVR, when the card was found by them (an unknown number). */
  foundByIvr: string | null;
  lookup(number: string, startedAt?: number, callId?: string, ivrDigits?: string): Promise<void>;
  /** keepCall: the customer was just created for the ringing number, so the call stays attached. */
  openCustomer(customerId: string, keepCall?: boolean): Promise<void>;
  select(customerId: string): void;
  /**
   * True when the card on screen was last replaced by a background refresh (a data-changed event,
   * e.g. rows pulled by sync) rather than by the operator: the timeline then keeps its scroll place.
   */
  background: boolean;
  /** Re-reads the selected customer's card, e.g. after a write or a data-changed event. */
  refresh(options?: { background?: boolean }): Promise<void>;
  /** Puts the card away: the home screen shows (a lookup still running is dropped). */
  home(): void;
}

export function selectedCard(s: Pick<CardState, 'matches' | 'selectedId'>): CustomerCard | null {
  return s.matches.find((m) => m.customer.id === s.selectedId) ?? null;
}

export function createCardStore(api: ApiClient) {
  // Numbers are typed fast and calls overlap: only the newest request may write the card.
  let seq = 0;
  return createStore<CardState>()((set, get) => ({
    mode: 'none',
    query: '',
    normalized: null,
    status: 'idle',
    matches: [],
    numberMarks: null,
    selectedId: null,
    error: null,
    callStartedAt: null,
    callId: null,
    foundByIvr: null,
    background: false,
    async lookup(number, startedAt, callId, ivrDigits) {
      const mine = ++seq;
      set({ mode: 'lookup', query: number, status: 'loading', error: null, callStartedAt: startedAt ?? Date.now(), callId: callId ?? null, foundByIvr: null });
      try {
        const card = await api['callerCard.lookup']({ number, ...(ivrDigits ? { ivrDigits } : {}) });
        if (mine !== seq) return;
        set({
          status: 'ready',
          background: false,
          normalized: card.normalized,
          matches: card.matches,
          numberMarks: card.numberMarks ?? null,
          selectedId: card.matches[0]?.customer.id ?? null,
          foundByIvr: card.matchedBy === 'ivr' && ivrDigits ? ivrDigits : null,
        });
      } catch (error) {
        if (mine !== seq) return;
        set({ status: 'error', error, matches: [], numberMarks: null, selectedId: null, normalized: null });
      }
    },
    async openCustomer(customerId, keepCall = false) {
      const mine = ++seq;
      set((s) => ({
        mode: keepCall ? s.mode : 'customer',
        status: 'loading',
        error: null,
        callStartedAt: keepCall ? s.callStartedAt : null,
        callId: keepCall ? s.callId : null,
        query: keepCall ? s.query : '',
      }));
      try {
        const card = await api['callerCard.forCustomer']({ customerId });
        if (mine !== seq) return;
        set({ status: 'ready', background: false, matches: [card], numberMarks: null, selectedId: card.customer.id, normalized: null });
      } catch (error) {
        if (mine !== seq) return;
        set({ status: 'error', error });
      }
    },
    home() {
      seq++;
      set({ mode: 'none', query: '', normalized: null, status: 'idle', matches: [], numberMarks: null, selectedId: null, error: null, callStartedAt: null, callId: null, background: false });
    },
    select(customerId) {
      if (get().matches.some((m) => m.customer.id === customerId)) set({ selectedId: customerId });
    },
    async refresh(options) {
      const id = get().selectedId;
      if (!id) return;
      const mine = seq;
      try {
        const card = await api['callerCard.forCustomer']({ customerId: id });
        if (mine !== seq) return;
        set((s) => ({ background: Boolean(options?.background), matches: s.matches.map((m) => (m.customer.id === id ? card : m)) }));
      } catch (error) {
        if (mine !== seq) return;
        set({ error });
      }
    },
  }));
}
