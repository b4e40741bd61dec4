// The operator API implemented over the local store. Inputs arrive validated by dispatch() against
// the src-shared schemas; the checks here are the ones a schema cannot make (normalised numbers,
// existing ids, row state).
import { ApiError, type HandlerTable } from '../../src-shared/index.js';
import { callerCard, requireCustomerCard } from './caller-card.js';
import { importEml, logCall, logEmail, logFax, type LogContext } from './logging.js';
import { search } from './search.js';
import { getAttachment } from './store/attachments.js';
import { getCase, getCaseRow, listCases } from './store/cases.js';
import {
  assertNoDuplicates, findDuplicates, type NewContact, getContactRow, insertContact, listContacts, normaliseContactValue, toContactPoint,
} from './store/contacts.js';
import type { Store } from './store/write-path.js';
import { countCustomers, requireCustomer, requireUser, toCustomer } from './store/customers.js';
import { countInteractions, filteredHistory, getInteraction } from './store/interactions.js';
import { getSettings, updateSettings } from './store/settings.js';
import { getTask, getTaskRow, listTasks } from './store/tasks.js';
import { getUser, listUsers } from './store/users.js';

export interface HandlerContext {
  store: Store;
  currentUserId: () => string;
}

/** Methods of the sync client, implemented in sync/sync-handlers.ts. */
export type SyncMethod = Extract<keyof HandlerTable, `sync.${string}`>;

/** Methods of the CTI intake, implemented in cti/index.ts. */
export type CtiMethod = Extract<keyof HandlerTable, `calls.${string}` | `cti.${string}`>;

/** Methods of the supervisors' views, implemented in supervisor/. */
export type SupervisorMethod = Extract<keyof HandlerTable, `supervisor.${string}`>;

export function createHandlers(ctx: HandlerContext): Omit<HandlerTable, SyncMethod | CtiMethod | SupervisorMethod> {
  const { store } = ctx;
  const db = store.db;
  const country = (): string => getSettings(db).defaultCountry;
  const log: LogContext = { store, currentUserId: ctx.currentUserId, defaultCountry: country };

  return {
    'session.get': () => {
      const user = getUser(db, ctx.currentUserId());
      if (!user) throw new ApiError('internal', 'the current user is missing');
      return { user, settings: getSettings(db), store: { customers: countCustomers(db), interactions: countInteractions(db) } };
    },
    'settings.update': (input) => updateSettings(db, input),
    'users.list': () => listUsers(db),

    'callerCard.lookup': (input) => store.read(() => callerCard(db, input.number, country())),
    'callerCard.forCustomer': (input) => store.read(() => requireCustomerCard(db, input.customerId)),
    'history.list': (input) =>
      store.read(() => {
        requireCustomer(db, input.customerId);
        return filteredHistory(db, input.customerId, input, input.offset, input.limit);
      }),

    'interactions.get': (input) => store.read(() => getInteraction(db, input.id)),
    'interactions.logCall': (input) => logCall(log, input),
    'interactions.logEmail': (input) => logEmail(log, input),
    'interactions.importEml': (input) => importEml(log, input),
    'interactions.logFax': (input) => logFax(log, input),
    'attachments.get': (input) => getAttachment(db, input.id),

    'customers.get': (input) => toCustomer(db, requireCustomer(db, input.id)),
    'customers.create': (input) => {
      const seen = new Set<string>();
      const contacts: NewContact[] = [];
      for (const c of input.contacts) {
        const normalized = normaliseContactValue(c.kind, c.value, country());
        if (seen.has(normalized)) continue;
        seen.add(normalized);
        contacts.push({ kind: c.kind, raw: c.value, normalized, label: c.label ?? null });
      }
      return store.write((w) => {
        if (input.ownerId) requireUser(db, input.ownerId);
        assertNoDuplicates(db, [...seen], input.acknowledgeDuplicates);
        const row = w.insert('customer', {
          kind: input.kind,
          name: input.name,
          organisation: input.organisation || null,
          birthday: input.birthday ?? null,
          segment: input.segment || null,
          owner_id: input.ownerId ?? null,
          owner_locked: 0,
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
          owner_id: p.ownerId,
          owner_locked: p.ownerLocked === undefined ? undefined : p.ownerLocked ? 1 : 0,
        });
        return toCustomer(db, row);
      }),

    'contacts.check': (input) => {
      const normalized = normaliseContactValue(input.kind, input.value, country());
      return { normalized, matches: findDuplicates(db, normalized) };
    },
    'contacts.add': (input) => {
      const normalized = normaliseContactValue(input.kind, input.value, country());
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
        const current = getContactRow(db, input.id);
        if (!current) throw new ApiError('not_found', `no contact ${input.id}`);
        w.tombstone('contact_point', current);
        return { ok: true as const };
      }),

    'cases.list': (input) => {
      requireCustomer(db, input.customerId);
      return listCases(db, input.customerId, input.includeClosed);
    },
    'cases.open': (input) =>
      store.write((w) => {
        requireCustomer(db, input.customerId);
        if (input.assigneeId) requireUser(db, input.assigneeId);
        const row = w.insert('case', {
          customer_id: input.customerId,
          category: input.category,
          subject: input.subject,
          status: 'open',
          opened_at: w.now,
          closed_at: null,
          assignee_id: input.assigneeId ?? ctx.currentUserId(),
          last_step: null,
          promise: input.promise ?? null,
          resolution: null,
        });
        return getCase(db, row.id);
      }),
    'cases.update': (input) =>
      store.write((w) => {
        const current = getCaseRow(db, input.id);
        if (!current) throw new ApiError('not_found', `no case ${input.id}`);
        const p = input.patch;
        if (p.assigneeId) requireUser(db, p.assigneeId);
        // Setting a closed case back to open or pending reopens it.
        const reopening = p.status !== undefined && current.status === 'closed';
        w.update('case', current, {
          subject: p.subject,
          category: p.category,
          status: p.status,
          assignee_id: p.assigneeId,
          last_step: p.lastStep,
          promise: p.promise,
          ...(reopening ? { closed_at: null, resolution: null } : {}),
        });
        return getCase(db, input.id);
      }),
    'cases.close': (input) =>
      store.write((w) => {
        const current = getCaseRow(db, input.id);
        if (!current) throw new ApiError('not_found', `no case ${input.id}`);
        if (current.status === 'closed') throw new ApiError('conflict', 'the case is already closed');
        w.update('case', current, { status: 'closed', closed_at: w.now, resolution: input.resolution });
        return getCase(db, input.id);
      }),

    'tasks.list': (input) => {
      if (input.customerId) requireCustomer(db, input.customerId);
      return listTasks(db, { customerId: input.customerId, includeDone: input.includeDone, assigneeId: input.assignee === 'me' ? ctx.currentUserId() : undefined });
    },
    'tasks.create': (input) =>
      store.write((w) => {
        requireCustomer(db, input.customerId);
        if (input.caseId) {
          const c = getCaseRow(db, input.caseId);
          if (!c || c.customer_id !== input.customerId) throw new ApiError('not_found', `no case ${input.caseId} for this customer`);
        }
        if (input.assigneeId) requireUser(db, input.assigneeId);
        const row = w.insert('task', {
          customer_id: input.customerId,
          case_id: input.caseId ?? null,
          interaction_id: null,
          kind: input.kind,
          title: input.title,
          due_at: input.dueAt,
          assignee_id: input.assigneeId ?? ctx.currentUserId(),
          status: 'open',
          done_at: null,
        });
        return getTask(db, row.id);
      }),
    'tasks.complete': (input) =>
      store.write((w) => {
        const current = getTaskRow(db, input.id);
        if (!current) throw new ApiError('not_found', `no task ${input.id}`);
        if (current.status !== 'open') throw new ApiError('conflict', `the task is already ${current.status}`);
        w.update('task', current, { status: 'done', done_at: w.now });
        return getTask(db, input.id);
      }),

    'search.query': (input) => store.read(() => search(db, input.q, input.limit, country())),
  };
}

