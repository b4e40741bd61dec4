// The supervisor area: which view is open, each view's last answer (live, or from the desktop's cache
// with its time), the queue's selection and the review's pages. Server pushes ('supervisor-changed')
// refetch only what is already on screen or loaded, in the background (no spinner over the table).
import { createStore } from 'zustand/vanilla';
import type { Channel, Mood, Reason } from '../../src-shared/domain.js';
import type {
  BoardResponse, DueState, FiguresResponse, QueueKind, QueueResponse, ReassignRequest, ReassignResponse, ReviewItem, SupervisorTopic,
  TeamIssuesResponse,
} from '../../src-shared/supervisor/protocol.js';
import type { QueueStatsResponse } from '../../src-shared/supervisor/queue-stats.js';
import type { ApiClient } from '../api/client.js';

export type SupervisorView = 'board' | 'queue' | 'figures' | 'review' | 'audit' | 'canned' | 'processes' | 'campaigns' | 'lines';

export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  fetchedAt: number | null;
  live: boolean;
  error: unknown;
  /** Local time the answer arrived: the board's clocks tick from it. */
  receivedAt: number | null;
}

const idle = <T>(): Loadable<T> => ({ status: 'idle', data: null, fetchedAt: null, live: true, error: null, receivedAt: null });

export interface QueueFilters {
  kind?: QueueKind;
  assigneeId?: string;
  category?: Reason;
  due?: DueState;
  /** A tag, the segment field or a saved segment (issue 20). */
  label?: string;
  sort: 'due' | 'age' | 'assignee' | 'category';
}

export interface ReviewFilters {
  operatorId?: string;
  reason?: Reason;
  mood?: Mood;
  channel?: Channel;
  /** An exact outcome (a canned one, or free text). */
  outcome?: string;
  from?: string;
  to?: string;
}

export interface DateRange {
  from: string;
  to: string;
}

export interface ReviewState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: ReviewItem[];
  nextCursor: string | null;
  loadingMore: boolean;
  fetchedAt: number | null;
  live: boolean;
  error: unknown;
}

export interface SupervisorState {
  view: SupervisorView | null;
  board: Loadable<BoardResponse>;
  /** Today's queue numbers, shown above the board. */
  queueStats: Loadable<QueueStatsResponse>;
  queue: Loadable<QueueResponse>;
  queueFilters: QueueFilters;
  /** Selected queue items as `${kind}:${id}`. */
  selection: string[];
  figures: Loadable<FiguresResponse>;
  range: DateRange;
  /** Set once the supervisor picked a range; until then "today" follows the centre's day. */
  rangeChosen: boolean;
  /** Today in the centre's time zone (from the board), or the desktop's own day until it is known. */
  today: string;
  review: ReviewState;
  reviewFilters: ReviewFilters;
  issues: Loadable<TeamIssuesResponse>;
  open(view: SupervisorView): void;
  close(): void;
  loadBoard(background?: boolean): Promise<void>;
  loadQueueStats(background?: boolean): Promise<void>;
  loadQueue(filters?: QueueFilters, background?: boolean): Promise<void>;
  setSelection(keys: string[]): void;
  loadFigures(range?: DateRange, background?: boolean): Promise<void>;
  loadReview(filters?: ReviewFilters): Promise<void>;
  loadMoreReview(): Promise<void>;
  /** A review comment was added: the row's count follows without a refetch. */
  commentAdded(interactionId: string): void;
  loadIssues(background?: boolean): Promise<void>;
  reassign(request: ReassignRequest): Promise<ReassignResponse>;
  /** A 'supervisor-changed' event: refetch the topics that are loaded. */
  changed(topics: readonly SupervisorTopic[]): void;
}

export const itemKey = (item: { kind: string; id: string }): string => `${item.kind}:${item.id}`;

/** YYYY-MM-DD of the local calendar (the supervisor's desk is in the centre's zone). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last `days` days up to `today` (a YYYY-MM-DD of the centre's calendar; calendar arithmetic in UTC). */
export function presetRange(days: number, today: string): DateRange {
  const end = Date.parse(`${today}T00:00:00Z`);
  return { from: new Date(end - (days - 1) * 24 * 3600 * 1000).toISOString().slice(0, 10), to: today };
}

export function createSupervisorStore(api: ApiClient) {
  // Each view's newest request wins: a slow answer to an older filter must not overwrite a newer one.
  const seq = { board: 0, queueStats: 0, queue: 0, figures: 0, review: 0, issues: 0 };

  return createStore<SupervisorState>()((set, get) => {
    async function load<K extends 'board' | 'queueStats' | 'queue' | 'figures' | 'issues'>(
      key: K,
      fetch: () => Promise<{ data: NonNullable<SupervisorState[K]['data']>; fetchedAt: number; live: boolean }>,
      background: boolean,
    ): Promise<void> {
      const mine = ++seq[key];
      const prev = get()[key];
      if (!background || prev.status === 'idle') set({ [key]: { ...prev, status: 'loading', error: null } } as Partial<SupervisorState>);
      try {
        const answer = await fetch();
        if (mine !== seq[key]) return;
        set({ [key]: { status: 'ready', data: answer.data, fetchedAt: answer.fetchedAt, live: answer.live, error: null, receivedAt: Date.now() } } as Partial<SupervisorState>);
      } catch (error) {
        if (mine !== seq[key]) return;
        // A failed background refresh keeps the table on screen; the error shows beside it.
        set({ [key]: { ...get()[key], status: get()[key].data ? 'ready' : 'error', error } } as Partial<SupervisorState>);
      }
    }

    return {
      view: null,
      board: idle(),
      queueStats: idle(),
      queue: idle(),
      queueFilters: { sort: 'due' },
      selection: [],
      figures: idle(),
      range: { from: localDay(Date.now()), to: localDay(Date.now()) },
      rangeChosen: false,
      today: localDay(Date.now()),
      review: { status: 'idle', items: [], nextCursor: null, loadingMore: false, fetchedAt: null, live: true, error: null },
      reviewFilters: {},
      issues: idle(),
      open(view) {
        set({ view });
        const s = get();
        if (view === 'board') {
          void s.loadBoard(s.board.status !== 'idle');
          void s.loadQueueStats(s.queueStats.status !== 'idle');
        }
        if (view === 'queue') {
          void s.loadQueue(undefined, s.queue.status !== 'idle');
          // The assignee filter and the reassign dialog list the team from the board.
          if (s.board.status === 'idle') void s.loadBoard();
        }
        if (view === 'figures') {
          if (s.rangeChosen) void s.loadFigures(undefined, s.figures.status !== 'idle');
          // "Today" is the centre's day (the board says which), not this desk's calendar.
          else
            void (s.board.data ? Promise.resolve() : s.loadBoard()).then(() => {
              set({ range: presetRange(1, get().today) });
              return get().loadFigures(undefined, get().figures.status !== 'idle');
            });
        }
        if (view === 'review') {
          if (s.review.status === 'idle') void s.loadReview();
          void s.loadIssues(s.issues.status !== 'idle');
          if (s.board.status === 'idle') void s.loadBoard();
        }
      },
      close() {
        set({ view: null });
      },
      loadBoard(background = false) {
        return load('board', () => api['supervisor.board']({}), background).then(() => {
          const day = get().board.data?.day;
          if (day && day !== get().today) set({ today: day });
        });
      },
      loadQueueStats(background = false) {
        return load('queueStats', () => api['supervisor.queueStats']({}), background);
      },
      loadQueue(filters, background = false) {
        if (filters) set({ queueFilters: filters, selection: [] });
        const f = get().queueFilters;
        return load('queue', () => api['supervisor.queue']({ ...f, limit: 500 }), background).then(() => {
          // Items that left the queue (reassigned elsewhere, closed) leave the selection too.
          const keys = new Set((get().queue.data?.items ?? []).map(itemKey));
          const kept = get().selection.filter((k) => keys.has(k));
          if (kept.length !== get().selection.length) set({ selection: kept });
        });
      },
      setSelection(keys) {
        set({ selection: keys });
      },
      loadFigures(range, background = false) {
        if (range) set({ range, rangeChosen: true });
        const r = get().range;
        return load('figures', () => api['supervisor.figures'](r), background);
      },
      async loadReview(filters) {
        if (filters) set({ reviewFilters: filters });
        const mine = ++seq.review;
        set((s) => ({ review: { ...s.review, status: 'loading', error: null } }));
        try {
          const answer = await api['supervisor.interactions']({ ...get().reviewFilters, limit: 50 });
          if (mine !== seq.review) return;
          set({ review: { status: 'ready', items: answer.data.items, nextCursor: answer.data.nextCursor, loadingMore: false, fetchedAt: answer.fetchedAt, live: answer.live, error: null } });
        } catch (error) {
          if (mine !== seq.review) return;
          set((s) => ({ review: { ...s.review, status: 'error', error } }));
        }
      },
      async loadMoreReview() {
        const { review, reviewFilters } = get();
        if (!review.nextCursor || review.loadingMore) return;
        const mine = seq.review;
        set({ review: { ...review, loadingMore: true } });
        try {
          const answer = await api['supervisor.interactions']({ ...reviewFilters, cursor: review.nextCursor, limit: 50 });
          if (mine !== seq.review) return;
          set((s) => ({
            review: { ...s.review, items: [...s.review.items, ...answer.data.items], nextCursor: answer.data.nextCursor, loadingMore: false, live: answer.live, fetchedAt: answer.fetchedAt },
          }));
        } catch (error) {
          if (mine !== seq.review) return;
          set((s) => ({ review: { ...s.review, loadingMore: false, error } }));
        }
      },
      commentAdded(interactionId) {
        set((s) => ({ review: { ...s.review, items: s.review.items.map((i) => (i.id === interactionId ? { ...i, comments: i.comments + 1 } : i)) } }));
      },
      loadIssues(background = false) {
        return load('issues', () => api['supervisor.teamIssues']({}), background);
      },
      async reassign(request) {
        const answer = await api['supervisor.reassign'](request);
        set({ selection: [] });
        void get().loadQueue(undefined, true);
        return answer;
      },
      changed(topics) {
        const s = get();
        if (topics.includes('board') && s.board.status !== 'idle') void s.loadBoard(true);
        // A call rang, was answered or ended: the desks' states and the queue's numbers move together.
        if (topics.includes('board') && s.queueStats.status !== 'idle') void s.loadQueueStats(true);
        if (topics.includes('queue') && s.queue.status !== 'idle') void s.loadQueue(undefined, true);
        if (topics.includes('figures') && s.figures.status !== 'idle') void s.loadFigures(undefined, true);
        if (topics.includes('review') && s.issues.status !== 'idle') void s.loadIssues(true);
      },
    };
  });
}
