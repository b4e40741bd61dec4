// The operator's home screen (features/home): "my day" from the engine's store, and the review
// comments about this user's entries from the server. Re-read on data-changed and on the server's
// review-comments event, never polled; a burst of events folds into one more read.
import { createStore } from 'zustand/vanilla';
import type { HomeDay, HomeReviews } from '../../src-shared/home/protocol.js';
import type { ApiClient } from '../api/client.js';
import { coalesced } from './coalesced.js';

export interface HomeState {
  day: HomeDay | null;
  dayError: unknown;
  reviews: HomeReviews | null;
  reviewsError: unknown;
  loadDay(): Promise<void>;
  loadReviews(): Promise<void>;
  /** Marks comments seen: shown read at once; a failure restores them and rethrows. */
  markSeen(ids: string[]): Promise<void>;
}

/** Today on this desk's calendar: [local midnight, the next local midnight). */
export function todayRange(now: number): { from: number; to: number } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}

export function createHomeStore(api: ApiClient, now: () => number = Date.now) {
  return createStore<HomeState>()((set, get) => ({
    day: null,
    dayError: null,
    reviews: null,
    reviewsError: null,
    loadDay: coalesced(async () => {
      try {
        set({ day: await api['home.day'](todayRange(now())), dayError: null });
      } catch (dayError) {
        set({ dayError });
      }
    }),
    loadReviews: coalesced(async () => {
      try {
        set({ reviews: await api['home.reviews']({}), reviewsError: null });
      } catch (reviewsError) {
        set({ reviewsError });
      }
    }),
    async markSeen(ids) {
      const before = get().reviews;
      if (!before || ids.length === 0) return;
      const at = now();
      const unread = new Set(before.comments.filter((c) => c.seenAt === null && ids.includes(c.id)).map((c) => c.id));
      set({ reviews: { ...before, unread: Math.max(0, before.unread - unread.size), comments: before.comments.map((c) => (unread.has(c.id) ? { ...c, seenAt: at } : c)) } });
      try {
        await api['home.markReviewsSeen']({ ids });
      } catch (error) {
        void get().loadReviews();
        throw error;
      }
    },
  }));
}
