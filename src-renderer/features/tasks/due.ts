import type { DueState } from '../../../src-shared/supervisor/protocol.js';

/** The "due soon" window: the same default as the supervisors' work queue (src-server/supervisor/settings.ts). */
export const DUE_SOON_MS = 2 * 60 * 60_000;

export function taskDue(dueAt: number, now: number): DueState {
  if (dueAt < now) return 'overdue';
  return dueAt - now <= DUE_SOON_MS ? 'due_soon' : 'on_time';
}
