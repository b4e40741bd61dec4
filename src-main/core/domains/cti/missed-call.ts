// A call that rang and was never answered is logged automatically, so that no caller is forgotten:
// an inbound call interaction (reason 'other', outcome 'missed', duration 0) and a callback task for
// the team (no assignee: whoever is free takes it). Both go through Store.write, so they commit with
// their outbox entries in one transaction and sync like anything an operator logs.
import { formatPhone, MISSED_CALL_TEXT, MISSED_OUTCOME, normalisePhone, type Locale } from '../../../../src-shared/index.js';
import type { Store } from '../../store/write-path.js';
import { insertContact } from '../../store/contacts.js';
import { insertCustomer } from '../../store/customers.js';
import { insertInteraction } from '../../store/interactions.js';
import { insertTask } from '../../store/tasks.js';
import type { LiveCall, MissedResult } from './call-lifecycle.js';

export interface MissedCallContext {
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
  const text = MISSED_CALL_TEXT[ctx.locale()];
  const display = formatPhone(phone.e164);
  const hungUpAt = call.hungUpAt ?? call.ringingAt;
  const userId = ctx.currentUserId();
  return ctx.store.write((w) => {
    // The card showed the first match; an unknown caller becomes a customer named by the number, so
    // the callback task has someone to belong to (the operator renames them after calling back).
    let customerId = call.match.customers[0]?.customerId;
    if (customerId === undefined) {
      customerId = insertCustomer(w, { kind: 'person', name: text.unknownName(display) }).id;
      insertContact(w, customerId, { kind: 'phone', raw: call.number, normalized: phone.e164, label: null });
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
    });
    const task = insertTask(w, {
      customer_id: customerId,
      interaction_id: interaction.id,
      kind: 'callback',
      title: text.title(display),
      due_at: hungUpAt,
      assignee_id: null,
    });
    return { customerId, interactionId: interaction.id, taskId: task.id, error: null };
  });
}
