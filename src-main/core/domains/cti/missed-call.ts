// A call that rang and was never answered is logged automatically, so that no caller is forgotten:
// an inbound call interaction (reason 'other', outcome 'missed', duration 0) and a callback task for
// the team (no assignee: whoever is free takes it). Both go through Store.write, so they commit with
// their outbox entries in one transaction and sync like anything an operator logs.
//
// A queue rings many desktops, and each that saw the call end unanswered records it. Their ids are
// derived from the call (src-shared/call-ids.ts), so the records are one row each: here, when this
// desktop already holds the call's record (pulled from a colleague's desktop, or written by another
// source of this desktop), nothing is written; on the server, the first push stands and the others
// are answered `superseded` (docs/cti.md, "One call, one record").
import {
  callKey, formatPhone, MISSED_CALL_TEXT, MISSED_OUTCOME, missedCallIds, newId, normalisePhone, unknownCallerIds, type Locale,
} from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { Store } from '../../store/write-path.js';
import { insertContact } from '../../store/contacts.js';
import { insertCustomer } from '../../store/customers.js';
import { insertInteraction } from '../../store/interactions.js';
import { survivorId } from '../../store/merged-customers.js';
import { insertTask } from '../../store/tasks.js';
import { startTriggered } from '../../store/processes.js';
import type { LiveCall, MissedResult } from './call-lifecycle.js';

export interface MissedCallContext {
  db: DbHandle;
  store: Store;
  currentUserId: () => string;
  defaultCountry: () => string;
  locale: () => Locale;
}

export function recordMissedCall(ctx: MissedCallContext, call: LiveCall): MissedResult {
  if (call.number === '') return { customerId: null, interactionId: null, taskId: null, error: 'withheld number: nothing to call back' };
  const phone = normalisePhone(call.number, ctx.defaultCountry());
  // An internal extension ("101") is a colleague, not a customer; it is shown but not logged.
  if (!phone.ok) return { customerId: null, interactionId: null, taskId: null, error: `not an external number: ${call.number}` };
  const ids = missedCallIds(callKey(call.pbx, call.callId));
  const recorded = ctx.db.prepare('SELECT customer_id FROM interaction WHERE id = ?').pluck().get(ids.interactionId) as string | undefined;
  if (recorded !== undefined) {
    const task = ctx.db.prepare('SELECT id FROM task WHERE id = ?').pluck().get(ids.taskId) as string | undefined;
    return { customerId: survivorId(ctx.db, recorded), interactionId: ids.interactionId, taskId: task ?? null, error: null };
  }
  const text = MISSED_CALL_TEXT[ctx.locale()];
  const display = formatPhone(phone.e164);
  const hungUpAt = call.hungUpAt ?? call.ringingAt;
  const userId = ctx.currentUserId();
  const unknown = call.match.customers[0] === undefined ? unknownCaller(ctx.db, phone.e164) : null;
  return ctx.store.write((w) => {
    // The card showed the first match; an unknown caller becomes a customer named by the number, so
    // the callback task has someone to belong to (the operator renames them after calling back).
    let customerId = call.match.customers[0]?.customerId ?? unknown?.customerId ?? newId();
    if (unknown?.create) {
      customerId = insertCustomer(w, { kind: 'person', name: text.unknownName(display) }, unknown.customerId).id;
      insertContact(w, customerId, { kind: 'phone', raw: call.number, normalized: phone.e164, label: null }, unknown.contactId);
    }
    const interaction = insertInteraction(w, {
      customer_id: customerId,
      channel: 'call',
      direction: 'in',
      occurred_at: call.ringingAt,
      duration_s: 0,
      user_id: userId,
      reason: 'other',
      outcome: MISSED_OUTCOME,
      notes: text.notes(Math.max(0, Math.round((hungUpAt - call.ringingAt) / 1000))),
      number: phone.e164,
      call_ref: call.callId,
      line: call.line ?? null,
      ivr_path: call.ivrPath ?? null,
      ivr_digits: call.ivrDigits ?? null,
    }, ids.interactionId);
    const task = insertTask(w, {
      customer_id: customerId,
      interaction_id: interaction.id,
      kind: 'callback',
      title: text.title(display),
      due_at: hungUpAt,
      assignee_id: null,
    }, ids.taskId);
    // The processes that follow a missed call start for the team, in the system's name: every desktop
    // that records this call derives the same runs (store/processes.ts).
    startTriggered(ctx.db, w, { trigger: 'missed_call', customerId, caseId: null, operatorId: null, startedBy: null, event: interaction.id });
    return { customerId, interactionId: interaction.id, taskId: task.id, error: null };
  });
}

/**
 * The customer for a number no customer here has: the one the number derives (unknownCallerIds),
 * made here unless this store has it already (its phone edited away since, or merged into another
 * customer: the survivor). A derived id whose row was removed otherwise cannot be made again: a
 * fresh one then.
 */
function unknownCaller(db: DbHandle, e164: string): { customerId: string; contactId?: string; create: boolean } {
  const ids = unknownCallerIds(e164);
  const row = db.prepare('SELECT deleted, merged_into FROM customer WHERE id = ?').get(ids.customerId) as { deleted: number; merged_into: string | null } | undefined;
  if (row === undefined) {
    const contactTaken = db.prepare('SELECT 1 FROM contact_point WHERE id = ?').get(ids.contactId) !== undefined;
    return contactTaken ? { customerId: ids.customerId, create: true } : { ...ids, create: true };
  }
  if (row.deleted === 0) return { customerId: ids.customerId, create: false };
  if (row.merged_into !== null) return { customerId: survivorId(db, ids.customerId), create: false };
  return { customerId: newId(), create: true };
}
