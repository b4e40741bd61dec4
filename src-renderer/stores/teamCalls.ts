// The team's caller log (features/team-calls): read from the engine's store with the dialog's
// filters, again on data-changed while the dialog is open (a colleague's claim arriving by sync);
// a burst of events folds into one more read.
import { createStore } from 'zustand/vanilla';
import type { ClaimResult, TeamLog, TeamLogKind } from '../../src-shared/team-calls/protocol.js';
import type { ApiClient } from '../api/client.js';
import { coalesced } from './coalesced.js';

export type TeamLogPeriod = 'today' | 'week' | 'month';

export interface TeamLogFilters {
  kind: TeamLogKind;
  period: TeamLogPeriod;
  userId: string;
  line: string;
}

export interface TeamCallsState {
  filters: TeamLogFilters;
  log: TeamLog | null;
  error: unknown;
  /** Whether the dialog is open: only then do events re-read the log. */
  watching: boolean;
  setFilters(patch: Partial<TeamLogFilters>): void;
  load(): Promise<void>;
  watch(on: boolean): void;
  markSeen(): Promise<void>;
  claim(taskId: string): Promise<ClaimResult>;
}

const DAY_MS = 86_400_000;

export function periodStart(period: TeamLogPeriod, now: number): number {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  if (period === 'week') return start.getTime() - 6 * DAY_MS;
  if (period === 'month') return start.getTime() - 30 * DAY_MS;
  return start.getTime();
}

export function createTeamCallsStore(api: ApiClient, now: () => number = Date.now) {
  return createStore<TeamCallsState>()((set, get) => {
    const read = coalesced(async () => {
      const f = get().filters;
      try {
        const log = await api['teamCalls.log']({
          from: periodStart(f.period, now()), kind: f.kind, ...(f.userId ? { userId: f.userId } : {}), ...(f.line ? { line: f.line } : {}),
        });
        set({ log, error: null });
      } catch (error) {
        set({ error });
      }
    });
    return {
      filters: { kind: 'all', period: 'today', userId: '', line: '' },
      log: null,
      error: null,
      watching: false,
      setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
        void read();
      },
      load: read,
      watch(on) {
        set({ watching: on });
        if (on) void read();
      },
      async markSeen() {
        await api['teamCalls.markSeen']({});
        await read();
      },
      async claim(taskId) {
        const result = await api['teamCalls.claim']({ id: taskId });
        await read();
        return result;
      },
    };
  });
}
