// Ids of the rows a PBX call writes by itself (issue 18). In a ring group every desktop the call
// rang sees it end unanswered, and each records the missed call. The ids are derived from the
// call's identity, not drawn at random, so the N records are one row each on the server: the first
// push creates it, the others are answered `superseded` and their desktops take the server's
// version (docs/cti.md, "One call, one record").
import { v5 } from 'uuid';

/** Kartoteka's own UUID namespace for derived ids (a fixed random UUID). */
export const DERIVED_ID_NAMESPACE = '5d0b3c36-92e1-4f49-a0f7-6c1b8f6a7e21';

/** The PBX when a source names none: a centre with one PBX needs no id for it. */
export const DEFAULT_PBX = 'pbx';

/**
 * A call's identity across desktops and sources: the PBX's own id and its call id (the AMI
 * Linkedid, the webhook's callId, the cloud PBX's call as the server keeps it).
 */
export function callKey(pbx: string | undefined | null, callId: string): string {
  return `${pbx && pbx !== '' ? pbx : DEFAULT_PBX}/${callId}`;
}

export interface MissedCallIds {
  interactionId: string;
  taskId: string;
}

/** The missed call's interaction and its callback task. */
export function missedCallIds(key: string): MissedCallIds {
  return { interactionId: v5(`missed-call:${key}`, DERIVED_ID_NAMESPACE), taskId: v5(`callback:${key}`, DERIVED_ID_NAMESPACE) };
}

export interface UnknownCallerIds {
  customerId: string;
  contactId: string;
}

/**
 * The customer made for a number no customer has, and its phone: by the number (E.164), so two
 * desktops, or a desktop and the server, that each meet the number first make one customer.
 */
export function unknownCallerIds(e164: string): UnknownCallerIds {
  return { customerId: v5(`unknown-caller:${e164}`, DERIVED_ID_NAMESPACE), contactId: v5(`unknown-caller-phone:${e164}`, DERIVED_ID_NAMESPACE) };
}
