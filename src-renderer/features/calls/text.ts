import type { TFunction } from 'i18next';
import type { CallInfo, MissedCall } from '../../../src-shared/api/cti.js';

/** Who is calling, as the operator reads it: the customer's name, else the number, else "withheld". */
export function callerName(call: Pick<CallInfo, 'number' | 'customers'>, t: TFunction): string {
  return call.customers[0]?.name ?? (call.number || t('calls.withheld'));
}

/** 83 → "01:23", 3723 → "1:02:03": the call timer. */
export function formatClock(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** What happened to a missed call: a callback task for the team, or why nothing was logged. */
export function missedOutcome(m: MissedCall, t: TFunction): string {
  if (m.taskId) return t('calls.missedTask');
  if (m.byServer) return t('calls.missedByServer');
  if (m.number === '') return t('calls.missedWithheld');
  if (m.error?.startsWith('not an external number')) return t('calls.missedInternal');
  return t('calls.missedNotLogged', { error: m.error ?? '—' });
}
