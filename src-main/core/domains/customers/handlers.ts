// Customers: the caller card, the customer record and its contact points.
import type { ApiParsedInput, CustomerHandlers } from '../../../../src-shared/index.js';
import { ApiError } from '../../../../src-shared/index.js';
import {
  assertNoDuplicates, findDuplicates, insertContact, listContacts, normaliseContactValue, requireContactRow, toContactPoint, type NewContact,
} from '../../store/contacts.js';
import { recordCardViews } from '../../store/audit-queue.js';
import { insertCustomer, requireCustomer, requireUser, toCustomer } from '../../store/customers.js';
import type { HandlerContext } from '../handler-context.js';
import { callerCard, requireCustomerCard } from './caller-card.js';

/** The typed contacts, normalised, each number or address once. */
function newContacts(input: ApiParsedInput<'customers.create'>, country: string): NewContact[] {
  const seen = new Set<string>();
  const contacts: NewContact[] = [];
  for (const c of input.contacts) {
    const normalized = normaliseContactValue(c.kind, c.value, country);
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    contacts.push({ kind: c.kind, raw: c.value, normalized, label: c.label ?? null });
  }
  return contacts;
}

export function customerHandlers(ctx: HandlerContext): CustomerHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    // Every card shown is a view of personal data: recorded for the audit log (store/audit-queue.ts).
    'callerCard.lookup': (input) => {
      const card = store.read(() => callerCard(db, input.number, ctx.defaultCountry(), store.now(), input.ivrDigits));
      recordCardViews(db, card.matches.map((m) => m.customer.id), store.now());
      return card;
    },
    'callerCard.forCustomer': (input) => {
      const card = store.read(() => requireCustomerCard(db, input.customerId, store.now()));
      recordCardViews(db, [card.customer.id], store.now());
      return card;
    },

    'customers.get': (input) => toCustomer(db, requireCustomer(db, input.id)),
    'customers.create': (input) => {
      const contacts = newContacts(input, ctx.defaultCountry());
      return store.write((w) => {
        if (input.ownerId) requireUser(db, input.ownerId);
        assertNoDuplicates(db, contacts.map((c) => c.normalized), input.acknowledgeDuplicates);
        const row = insertCustomer(w, {
          kind: input.kind,
          name: input.name,
          organisation: input.organisation || null,
          birthday: input.birthday ?? null,
          segment: input.segment || null,
          account_no: input.accountNo ?? null,
          owner_id: input.ownerId ?? null,
        });
        for (const c of contacts) insertContact(w, row.id, c);
        return toCustomer(db, row);
      });
    },
    'customers.update': (input) =>
      store.write((w) => {
        const current = requireCustomer(db, input.id);
        const p = input.patch;
        if (p.ownerId) requireUser(db, p.ownerId);
        const row = w.update('customer', current, {
          kind: p.kind,
          name: p.name,
          organisation: p.organisation === undefined ? undefined : p.organisation || null,
          birthday: p.birthday,
          segment: p.segment === undefined ? undefined : p.segment || null,
          account_no: p.accountNo,
          owner_id: p.ownerId,
          owner_locked: p.ownerLocked === undefined ? undefined : p.ownerLocked ? 1 : 0,
        });
        return toCustomer(db, row);
      }),

    'contacts.check': (input) => {
      const normalized = normaliseContactValue(input.kind, input.value, ctx.defaultCountry());
      return { normalized, matches: findDuplicates(db, normalized) };
    },
    'contacts.add': (input) => {
      const normalized = normaliseContactValue(input.kind, input.value, ctx.defaultCountry());
      return store.write((w) => {
        requireCustomer(db, input.customerId);
        if (listContacts(db, input.customerId).some((c) => c.normalized === normalized)) {
          throw new ApiError('conflict', 'the customer already has this contact');
        }
        assertNoDuplicates(db, [normalized], input.acknowledgeDuplicate, input.customerId);
        const row = insertContact(w, input.customerId, { kind: input.kind, raw: input.value, normalized, label: input.label ?? null });
        return toContactPoint(row);
      });
    },
    'contacts.remove': (input) =>
      store.write((w) => {
        w.tombstone('contact_point', requireContactRow(db, input.id));
        return { ok: true as const };
      }),
  };
}
