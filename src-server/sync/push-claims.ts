// Who may take what, checked on a push (push.ts): an operator's hand-over and claim of a task (the
// first claim of a team task wins), and the owner lock on a customer (the first claim wins; a stale
// claim on a customer nobody owns is decided by the server).
import type { SyncEntityDef } from '../../src-shared/sync/entities.js';
import { expandStamps, stampedFields } from '../../src-shared/sync/field-stamps.js';
import { sameValue } from '../../src-shared/sync/merge.js';
import type { UserRow } from '../users.js';
import { parseFieldHlc } from './row-codec.js';
import { Rejection } from './push-rejection.js';
import { serverStamp } from './server-clock.js';

/**
 * Tasks are promises (issue 16): an operator promises in their own name (or the system's, null), and
 * hands over only their own tasks, the team's, or those they promised; anyone's is a supervisor's.
 * An edit made offline while the task was still theirs, arriving after a supervisor gave it to a
 * colleague, is a concurrent edit, not a hand-over: its other fields merge, and its assignee is
 * stamped to lose (kept as a conflict), whatever stamp the client claims.
 */
export function checkOperatorTask(
  user: UserRow, def: SyncEntityDef, existing: Record<string, unknown> | undefined, current: Record<string, unknown> | null,
  payload: Record<string, unknown>, base: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!current || !existing) {
    if (payload.created_by != null && payload.created_by !== user.id) throw new Rejection('forbidden', 'an operator makes promises in their own name only');
    return undefined;
  }
  if ('created_by' in payload && !sameValue(current.created_by ?? null, payload.created_by ?? null)) throw new Rejection('forbidden', 'who made a promise does not change');
  const handsOver = 'assignee_id' in payload && !sameValue(current.assignee_id ?? null, payload.assignee_id ?? null);
  const theirs = current.assignee_id == null || current.assignee_id === user.id || current.created_by === user.id;
  if (!handsOver || theirs) return undefined;
  const currentStamp = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc)).assignee_id;
  const concurrent = base?.assignee_id !== undefined && base.assignee_id !== currentStamp;
  if (!concurrent) throw new Rejection('forbidden', 'this task is a colleague\'s: a supervisor can hand it over');
  // A claim (nothing but the assignee, to oneself) made before the colleague's reached this desktop:
  // the first claim of a team task wins (issue 18), and the later claimant takes the server's version.
  const claimOnly = Object.keys(payload).every((k) => k === 'assignee_id' || k === 'updated_at');
  if (claimOnly && payload.assignee_id === user.id) throw new Rejection('taken', 'a colleague took this task first');
  return { assignee_id: '' };
}

const OWNER_FIELDS = ['owner_id', 'owner_locked'] as const;

/**
 * An operator's claim that passed the lock but whose stamp is below the row's owner stamps. On a
 * customer nobody owns, it is the first claim: it wins, with server stamps above the current ones.
 * On a customer given to someone else since (a reassignment the claimant had not seen), it is
 * refused: the later decision stands, and the claimant is told who has it.
 */
export function decideStaleClaim(
  existing: Record<string, unknown> | undefined, def: SyncEntityDef, hlc: string, payload: Record<string, unknown>, user: UserRow, now: number,
): Record<string, string> | undefined {
  if (!existing) return undefined;
  const current = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc));
  const fields = OWNER_FIELDS.filter((f) => f in payload);
  const held = fields.map((f) => current[f] ?? '');
  if (held.every((stamp) => stamp < hlc)) return undefined;
  const owner = existing.owner_id as string | null;
  if (owner === user.id) return undefined;
  if (owner !== null) throw new Rejection('owner_locked', `the customer was given to another manager (${owner}) after this claim was made`);
  const decided = serverStamp(now, [hlc, ...held]);
  return Object.fromEntries(fields.map((f) => [f, decided]));
}

/**
 * The owner lock: once a manager works a customer, nobody else may take them until a supervisor
 * reassigns. The first claim the server sees wins; later claims are refused with the reason.
 */
export function checkOwnerClaim(user: UserRow, existing: Record<string, unknown> | undefined, payload: Record<string, unknown>): void {
  if (user.role !== 'operator') return;
  const wanted = payload.owner_id as string | null;
  if (wanted !== null && wanted !== user.id) throw new Rejection('forbidden', 'operators can only claim customers for themselves');
  const lockedTo = existing && Number(existing.owner_locked) === 1 ? (existing.owner_id as string | null) : null;
  if (lockedTo !== null && lockedTo !== wanted) {
    throw new Rejection('owner_locked', `the customer is locked to another manager (${lockedTo})`);
  }
}
