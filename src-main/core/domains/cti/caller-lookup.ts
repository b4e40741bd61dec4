// Who is calling, for the call state: the customers whose phone contact matches the number and,
// when the first one belongs to another manager, where to transfer the call. A lighter read than
// the caller card (the renderer loads the card itself through callerCard.lookup).
import { normalisePhone, type CallCustomer, type TransferHint } from '../../../../src-shared/index.js';
import type { CustomerRow } from '../../db/schema.js';
import type { DbHandle } from '../../db/db-handle.js';
import { CUSTOMER_SQL, LOOKUP_SQL } from '../customers/caller-card.js';
import { userFrom } from '../../store/refs.js';
import { customersByAccount } from '../../store/customers.js';
import { absenceOn } from '../../store/absences.js';
import { workCalendar } from '../../store/work-calendar.js';

export interface CallerMatch {
  customers: CallCustomer[];
  transfer: TransferHint | null;
  /** E.164 of the number, or null for an extension, a withheld or an unparseable number. */
  e164: string | null;
}

const NO_MATCH: CallerMatch = { customers: [], transfer: null, e164: null };
/** A shared switchboard number can match many customers; the call state lists the first few. */
const MAX_MATCHES = 5;

/**
 * By the number; a number nobody has (or a withheld one) with digits keyed in the IVR: by the account
 * or contract number they are (store/customers.ts).
 */
export function lookupCaller(db: DbHandle, number: string, country: string, currentUserId: string, ivrDigits?: string, now: number = Date.now()): CallerMatch {
  const phone = number === '' ? null : normalisePhone(number, country);
  const e164 = phone?.ok ? phone.e164 : null;
  let ids = e164 === null ? [] : (db.prepare(LOOKUP_SQL).all(e164) as Array<{ customer_id: string }>).map((r) => r.customer_id);
  if (ids.length === 0 && ivrDigits) ids = customersByAccount(db, ivrDigits);
  if (ids.length === 0 && e164 === null) return NO_MATCH;
  const customers: CallCustomer[] = [];
  for (const customer_id of ids.slice(0, MAX_MATCHES)) {
    const row = db.prepare(CUSTOMER_SQL).get(customer_id) as (CustomerRow & Record<string, unknown>) | undefined;
    if (!row) continue;
    const owner = userFrom(row, 'o');
    customers.push({ customerId: row.id, name: row.name, owner: owner ? { id: owner.id, name: owner.name, extension: owner.extension } : null });
  }
  return { customers, transfer: withAbsence(db, transferHint(customers[0], currentUserId), currentUserId, now), e164 };
}

/**
 * The manager is away today (issue 19): the hint says until when and offers their stand-in, so the
 * operator can answer "when will he be in?" and still hand the call to someone who can act.
 */
function withAbsence(db: DbHandle, hint: TransferHint | null, currentUserId: string, now: number): TransferHint | null {
  if (!hint) return null;
  const calendar = workCalendar(db);
  const away = absenceOn(db, hint.toUserId, calendar.dateOf(now), calendar);
  if (!away) return hint;
  const note = { ownerName: hint.toName, kind: away.kind, until: away.endsOn, backOn: away.backOn };
  const standIn = away.standIn;
  if (!standIn || standIn.id === currentUserId) return { ...hint, away: note, extension: null, standIn: false };
  return { toUserId: standIn.id, toName: standIn.name, extension: standIn.extension, away: note, standIn: true };
}

/** The routing rule: a customer's calls go to their manager, so another manager's customer is handed over. */
export function transferHint(customer: CallCustomer | undefined, currentUserId: string): TransferHint | null {
  const owner = customer?.owner;
  if (!customer || !owner || owner.id === currentUserId) return null;
  // The wording ("client of manager X, ext. 204; press T to transfer") is the renderer's, translated.
  return { toUserId: owner.id, toName: owner.name, extension: owner.extension };
}
