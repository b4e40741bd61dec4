// Translations of the engine's sync codes; an unknown code (a newer engine or server) still reads
// as a sentence with the code in it, never as a raw key.
import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../src-shared/sync/status.js';

const ERRORS = ['clock_skew', 'client_too_old', 'unauthorized', 'forbidden', 'offline', 'internal', 'validation', 'too_large', 'rate_limited', 'unavailable'];
const REASONS = ['owner_locked', 'append_only', 'forbidden', 'out_of_scope', 'not_found', 'invalid', 'server_only'];
const ENTITIES = ['customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'app_user'];
const OPS = ['insert', 'update', 'delete'];

export const STATE_ICON: Record<SyncStatus['state'], string> = {
  disabled: '○',
  'signed-out': '○',
  connecting: '◌',
  syncing: '⟳',
  online: '●',
  offline: '◍',
  error: '⚠',
};

export function syncErrorText(code: string, t: TFunction): string {
  return ERRORS.includes(code) ? t(`sync.error.${code}`) : t('sync.error.other', { code });
}

export function rejectReasonText(code: string, t: TFunction): string {
  return REASONS.includes(code) ? t(`sync.reason.${code}`) : t('sync.reason.other', { code });
}

export function entityText(entity: string, op: string, t: TFunction): string {
  const what = ENTITIES.includes(entity) ? t(`sync.entity.${entity}`) : entity;
  return OPS.includes(op) ? `${what} · ${t(`sync.op.${op}`)}` : what;
}

/** Whole minutes of clock skew, at least 1 when there is any. */
export function skewMinutes(ms: number): number {
  return Math.max(1, Math.round(Math.abs(ms) / 60_000));
}

/** Signed in to a server: the panel shows the account instead of the sign-in form. */
export function isSignedIn(s: SyncStatus): boolean {
  return s.state !== 'disabled' && s.state !== 'signed-out' && s.user !== null;
}
