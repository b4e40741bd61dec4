import type { TFunction } from 'i18next';
import type { CallInfo, MissedCall } from '../../../src-shared/api/cti.js';

/** Who is calling, as the operator reads it: the customer's name, else the number (formatted), else "withheld". */
export function callerName(call: Pick<CallInfo, 'number' | 'customers'>, t: TFunction, phone: (n: string) => string = (n) => n): string {
  return call.customers[0]?.name ?? (call.number ? phone(call.number) : t('calls.withheld'));
}

export { formatClock } from '../../lib/clock.js';

/** What happened to a missed call: a callback task for the team, or why nothing was logged. */
export function missedOutcome(m: MissedCall, t: TFunction): string {
  if (m.taskId) return t('calls.missedTask');
  if (m.byServer) return t('calls.missedByServer');
  if (m.number === '') return t('calls.missedWithheld');
  if (m.error?.startsWith('not an external number')) return t('calls.missedInternal');
  return t('calls.missedNotLogged', { error: m.error ?? '—' });
}
