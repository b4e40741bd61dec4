// Greetings (issue 20): supervisors set the rules, anyone records a customer's own dates and their
// "no greetings", and everyone sees the day's list. All local writes that sync; the server sends.
import type { GreetingHandlers } from '../../../../src-shared/index.js';
import { requireCustomer } from '../../store/customers.js';
import { addDate, customerDates, greetingsOn, listRules, optedOut, removeDate, saveRule, setOptOut } from '../../store/greetings.js';
import { centreToday } from '../../store/campaigns.js';
import { requireSupervisor } from '../planning/process-handlers.js';
import type { HandlerContext } from '../handler-context.js';

export function greetingHandlers(ctx: HandlerContext): GreetingHandlers {
  const { store } = ctx;
  const { db } = store;
  const datesOf = (customerId: string) => ({ dates: customerDates(db, customerId), optedOut: optedOut(db, customerId) });
  return {
    'greetings.rules': () => listRules(db),
    'greetings.saveRule': (input) =>
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'setting greeting rules');
        return saveRule(db, w, input);
      }),
    'greetings.today': ({ day }) => {
      const on = day ?? centreToday(db, store.now());
      return { day: on, greetings: greetingsOn(db, on) };
    },
    'greetings.dates': ({ customerId }) => datesOf(requireCustomer(db, customerId).id),
    'greetings.addDate': (input) =>
      store.write((w) => {
        const customerId = requireCustomer(db, input.customerId).id;
        addDate(w, { ...input, customerId });
        return datesOf(customerId);
      }),
    'greetings.removeDate': ({ id, customerId }) =>
      store.write((w) => {
        const owner = requireCustomer(db, customerId).id;
        removeDate(db, w, id, owner);
        return datesOf(owner);
      }),
    'greetings.setOptOut': ({ customerId, optOut }) =>
      store.write((w) => {
        const owner = requireCustomer(db, customerId).id;
        setOptOut(db, w, owner, optOut, w.now);
        return datesOf(owner);
      }),
  };
}
