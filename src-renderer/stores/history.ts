import { createStore } from 'zustand/vanilla';
import type { Channel, Reason } from '../../src-shared/domain.js';
import type { Case, HistoryEntry } from '../../src-shared/api/entities.js';
import type { ApiClient } from '../api/client.js';

/** Rows per history.list call: big enough that a fast scroll needs few round trips. */
export const HISTORY_PAGE = 200;

export interface HistoryFilters {
  channel?: Channel;
  reason?: Reason;
  caseId?: string;
}

export interface HistoryState {
  customerId: string | null;
  filters: HistoryFilters;
  total: number;
  /** Sparse: page index → rows. 10,000 entries never need to be fetched at once. */
  pages: Record<number, HistoryEntry[]>;
  loadingPages: Record<number, true>;
  /** Every case of the customer (closed ones too), for the case filter and the entry labels. */
  cases: Case[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  /** Bumped when the list is replaced, so the view can scroll back to the top. */
  generation: number;
  /**
   * The last replacement was a background refresh of the same customer and list (rows arrived by
   * sync): the view keeps the operator's place instead of jumping to the newest entry.
   */
  keepScroll: boolean;
  reset(customerId: string | null, seed?: { entries: HistoryEntry[]; total: number }, options?: { keepScroll?: boolean }): void;
  setFilters(patch: HistoryFilters): void;
  ensureRange(start: number, end: number): void;
}

export function entryAt(s: Pick<HistoryState, 'pages'>, index: number): HistoryEntry | undefined {
  return s.pages[Math.floor(index / HISTORY_PAGE)]?.[index % HISTORY_PAGE];
}

function hasFilters(f: HistoryFilters): boolean {
  return Boolean(f.channel || f.reason || f.caseId);
}

export function createHistoryStore(api: ApiClient) {
  return createStore<HistoryState>()((set, get) => {
    async function fetchPage(page: number, generation: number): Promise<void> {
      const s = get();
      if (!s.customerId || s.loadingPages[page] || s.pages[page]) return;
      set({ loadingPages: { ...s.loadingPages, [page]: true } });
      try {
        const res = await api['history.list']({
          customerId: s.customerId,
          ...s.filters,
          offset: page * HISTORY_PAGE,
          limit: HISTORY_PAGE,
        });
        if (get().generation !== generation) return;
        set((cur) => {
          const loadingPages = { ...cur.loadingPages };
          delete loadingPages[page];
          return { pages: { ...cur.pages, [page]: res.entries }, total: res.total, loadingPages, status: 'ready' };
        });
      } catch (error) {
        if (get().generation !== generation) return;
        set((cur) => {
          const loadingPages = { ...cur.loadingPages };
          delete loadingPages[page];
          return { loadingPages, status: 'error', error };
        });
      }
    }

    async function loadCases(customerId: string): Promise<void> {
      try {
        const cases = await api['cases.list']({ customerId, includeClosed: true });
        if (get().customerId === customerId) set({ cases });
      } catch {
        // The case filter is a convenience; the timeline works without it.
      }
    }

    return {
      customerId: null,
      filters: {},
      total: 0,
      pages: {},
      loadingPages: {},
      cases: [],
      status: 'idle',
      error: null,
      generation: 0,
      keepScroll: false,
      reset(customerId, seed, options) {
        const prev = get();
        const sameCustomer = prev.customerId === customerId;
        const filters = sameCustomer ? prev.filters : {};
        const generation = prev.generation + 1;
        // The card already carries the newest entries; when they cover the first page, the
        // timeline paints in the same frame as the card instead of waiting for history.list.
        const seeded = seed && !hasFilters(filters) && seed.entries.length >= Math.min(HISTORY_PAGE, seed.total);
        set({
          customerId,
          filters,
          generation,
          keepScroll: Boolean(options?.keepScroll && sameCustomer && customerId),
          pages: seeded ? { 0: seed.entries.slice(0, HISTORY_PAGE) } : {},
          loadingPages: {},
          total: seeded ? seed.total : sameCustomer ? prev.total : (seed?.total ?? 0),
          status: customerId ? (seeded ? 'ready' : 'loading') : 'idle',
          error: null,
          cases: sameCustomer ? prev.cases : [],
        });
        if (!customerId) return;
        void loadCases(customerId);
        if (!seeded) void fetchPage(0, generation);
      },
      setFilters(patch) {
        const prev = get();
        const filters = { ...prev.filters, ...patch };
        for (const k of Object.keys(filters) as Array<keyof HistoryFilters>) if (!filters[k]) delete filters[k];
        const generation = prev.generation + 1;
        set({ filters, generation, keepScroll: false, pages: {}, loadingPages: {}, total: 0, status: 'loading', error: null });
        void fetchPage(0, generation);
      },
      ensureRange(start, end) {
        const s = get();
        if (!s.customerId) return;
        const last = Math.min(end, Math.max(0, s.total - 1));
        for (let p = Math.floor(start / HISTORY_PAGE); p <= Math.floor(last / HISTORY_PAGE); p++) {
          if (!s.pages[p] && !s.loadingPages[p]) void fetchPage(p, s.generation);
        }
      },
    };
  });
}
