// Rows another system sends, by its own ids (issue 26, docs/api.md): a customer (with the phones and
// emails it knows: added, never removed), an entry (written once: entries are never changed), a task.
// Sending the same row again is the same row: the system's id is remembered (external_ref) and ours is
// derived from it, so a retried request, a re-run import or two concurrent sends write it once. Each
// write is a server write like any other: stamped, merged, logged, and pulled by the desktops.
import type { Kysely, Transaction } from 'kysely';
import { v5 } from 'uuid';
import { normaliseEmail, normalisePhone } from '../../src-shared/contact-normalise.js';
import type { CaseUpsert, CustomerRef, CustomerUpsert, InteractionUpsert, TaskUpsert, UpsertResult } from '../../src-shared/integration/protocol.js';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import { survivorOf } from '../customers/merged-customers.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite, stampAboveRow } from '../sync/merge-write.js';
import { BLANK_INTERACTION, serverWriter } from '../sync/server-write.js';
import type { ApiCaller } from './tokens.js';
import { startTriggeredOnServer } from '../planning/start-triggered.js';

const NAMESPACE = '3c9e1a7b-2f4d-4e8a-9b6c-5d0f1e2a3b4c';
const idFor = (caller: ApiCaller, entity: string, externalId: string, more = '') => v5(`api:${caller.system}:${entity}:${externalId}${more}`, NAMESPACE);
type Row = Record<string, unknown>;

async function refOf(trx: Transaction<ServerDb>, caller: ApiCaller, entity: string, externalId: string): Promise<string | undefined> {
  return (await trx.selectFrom('external_ref').select('row_id').where('system', '=', caller.system).where('entity', '=', entity).where('external_id', '=', externalId).executeTakeFirst())?.row_id;
}

async function remember(trx: Transaction<ServerDb>, caller: ApiCaller, entity: string, externalId: string, rowId: string): Promise<void> {
  await trx.insertInto('external_ref').values({ system: caller.system, entity, external_id: externalId, row_id: rowId })
    .onConflict((oc) => oc.columns(['system', 'entity', 'external_id']).doUpdateSet({ row_id: rowId })).execute();
}

/** A customer's phones and emails as stored, each refusal naming its field. */
function contactsOf(body: CustomerUpsert): { kind: 'phone' | 'email'; raw: string; normalized: string }[] {
  const errors: Record<string, string[]> = {};
  const out: { kind: 'phone' | 'email'; raw: string; normalized: string }[] = [];
  body.phones.forEach((p, i) => {
    const r = normalisePhone(p, 'RU');
    if (r.ok) out.push({ kind: 'phone', raw: p, normalized: r.e164 });
    else errors[`phones.${i}`] = ['not a phone number'];
  });
  body.emails.forEach((e, i) => {
    const r = normaliseEmail(e);
    if (r.ok) out.push({ kind: 'email', raw: e, normalized: r.email });
    else errors[`emails.${i}`] = ['not an email address'];
  });
  if (Object.keys(errors).length > 0) throw new DomainError('validation', `invalid ${Object.keys(errors).join(', ')}`, errors);
  return out;
}

async function liveRow(trx: Transaction<ServerDb>, table: 'customer' | 'task' | 'case', id: string): Promise<Row | undefined> {
  const row = (await trx.selectFrom(table).selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as Row | undefined;
  if (table === 'customer' && row?.merged_into) {
    const survivor = await survivorOf(trx, id);
    return survivor ? liveRow(trx, 'customer', survivor) : undefined;
  }
  return row && Number(row.deleted) === 0 ? row : undefined;
}

/** Writes the fields that differ; returns whether anything was written. */
async function update(trx: Transaction<ServerDb>, entity: 'customer' | 'task' | 'case', existing: Row, wanted: Row, customerId: string, now: number): Promise<boolean> {
  const patch = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => existing[k] !== v));
  if (Object.keys(patch).length === 0) return false;
  const def = SYNC_ENTITIES[entity];
  await mergeAndWrite(trx, { entity, def, rowId: String(existing.id), existing, payload: { ...patch, updated_at: now }, hlc: stampAboveRow(def, existing, now), customerId, writerId: null, now });
  return true;
}

export async function upsertCustomer(db: Kysely<ServerDb>, caller: ApiCaller, externalId: string, body: CustomerUpsert, now: number): Promise<UpsertResult> {
  const contacts = contactsOf(body);
  const fields = { name: body.name, kind: body.kind, organisation: body.organisation ?? null, segment: body.segment ?? null, account_no: body.accountNo ?? null };
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const write = serverWriter(trx, now, null);
    const refId = await refOf(trx, caller, 'customer', externalId);
    const existing = refId ? await liveRow(trx, 'customer', refId) : undefined;
    let id: string;
    let outcome: UpsertResult['outcome'];
    if (existing) {
      id = String(existing.id);
      outcome = (await update(trx, 'customer', existing, fields, id, now)) ? 'updated' : 'unchanged';
    } else {
      // A customer deleted (or erased) on our side since it was sent comes back as a new one.
      id = refId ? idFor(caller, 'customer', externalId, `#${now}`) : idFor(caller, 'customer', externalId);
      await write('customer', id, id, { ...fields, birthday: null, owner_id: null, owner_locked: 0 });
      outcome = 'created';
    }
    const have = await trx.selectFrom('contact_point').select(['kind', 'normalized']).where('customer_id', '=', id).where('deleted', '=', 0).execute();
    const known = new Set(have.map((c) => `${c.kind}:${c.normalized}`));
    for (const c of contacts) {
      if (known.has(`${c.kind}:${c.normalized}`)) continue;
      known.add(`${c.kind}:${c.normalized}`);
      await write('contact_point', idFor(caller, 'customer', externalId, `/${id}/${c.kind}/${c.normalized}`), id, { customer_id: id, kind: c.kind, raw: c.raw, normalized: c.normalized, label: null });
      if (outcome === 'unchanged') outcome = 'updated';
    }
    await remember(trx, caller, 'customer', externalId, id);
    return { id, externalId, outcome };
  });
}

async function customerOf(trx: Transaction<ServerDb>, caller: ApiCaller, ref: CustomerRef): Promise<string> {
  const id = 'id' in ref ? ref.id : await refOf(trx, caller, 'customer', ref.externalId);
  const row = id ? await liveRow(trx, 'customer', id) : undefined;
  if (!row) throw new DomainError('not_found', 'id' in ref ? 'customer: no such customer' : `customer: no customer with the external id ${ref.externalId}`, { customer: ['not found'] });
  return String(row.id);
}

/** An entry the other system recorded; written once (a second send of the same id answers `unchanged`). */
export async function upsertInteraction(db: Kysely<ServerDb>, caller: ApiCaller, externalId: string, body: InteractionUpsert, now: number): Promise<UpsertResult> {
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const existing = await refOf(trx, caller, 'interaction', externalId);
    if (existing) return { id: existing, externalId, outcome: 'unchanged' as const };
    const customerId = await customerOf(trx, caller, body.customer);
    const id = idFor(caller, 'interaction', externalId);
    await serverWriter(trx, now, null)('interaction', id, customerId, {
      ...BLANK_INTERACTION, customer_id: customerId, channel: body.channel, direction: body.direction, occurred_at: body.occurredAt, duration_s: body.durationS ?? null,
      user_id: null, reason: body.reason, mood: body.mood ?? null, notes: body.notes, email_subject: body.subject ?? null,
    });
    await remember(trx, caller, 'interaction', externalId, id);
    return { id, externalId, outcome: 'created' as const };
  });
}

export async function upsertTask(db: Kysely<ServerDb>, caller: ApiCaller, externalId: string, body: TaskUpsert, now: number): Promise<UpsertResult> {
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const customerId = await customerOf(trx, caller, body.customer);
    const fields = { kind: body.kind, title: body.title, due_at: body.dueAt, status: body.status, priority: body.priority, done_at: body.status === 'done' ? now : null };
    const refId = await refOf(trx, caller, 'task', externalId);
    const existing = refId ? await liveRow(trx, 'task', refId) : undefined;
    if (existing) {
      const { done_at: _doneAt, ...compare } = fields;
      const changed = await update(trx, 'task', existing, { ...compare, ...(existing.status !== body.status ? { done_at: fields.done_at } : {}) }, customerId, now);
      return { id: String(existing.id), externalId, outcome: changed ? 'updated' as const : 'unchanged' as const };
    }
    const id = refId ? idFor(caller, 'task', externalId, `#${now}`) : idFor(caller, 'task', externalId);
    await serverWriter(trx, now, null)('task', id, customerId, {
      ...fields, customer_id: customerId, case_id: null, interaction_id: null, assignee_id: null, created_by: null, cancel_reason: null,
    });
    await remember(trx, caller, 'task', externalId, id);
    return { id, externalId, outcome: 'created' as const };
  });
}

export async function upsertCase(db: Kysely<ServerDb>, caller: ApiCaller, externalId: string, body: CaseUpsert, now: number): Promise<UpsertResult> {
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const customerId = await customerOf(trx, caller, body.customer);
    const fields = { category: body.category, subject: body.subject, status: body.status, opened_at: body.openedAt, resolution: body.resolution ?? null, priority: body.priority };
    const refId = await refOf(trx, caller, 'case', externalId);
    const existing = refId ? await liveRow(trx, 'case', refId) : undefined;
    if (existing) {
      const closing = existing.status !== body.status ? { closed_at: body.status === 'closed' ? now : null } : {};
      const changed = await update(trx, 'case', existing, { ...fields, ...closing }, customerId, now);
      return { id: String(existing.id), externalId, outcome: changed ? 'updated' as const : 'unchanged' as const };
    }
    const id = refId ? idFor(caller, 'case', externalId, `#${now}`) : idFor(caller, 'case', externalId);
    await serverWriter(trx, now, null)('case', id, customerId, {
      ...fields, customer_id: customerId, closed_at: body.status === 'closed' ? now : null, assignee_id: null, last_step: null, promise: null,
    });
    await remember(trx, caller, 'case', externalId, id);
    // A case another system opens starts its category's processes, as one opened on a desktop does.
    // They count from its arrival here: a case sent days after it was opened is not born overdue.
    if (body.status !== 'closed') {
      await startTriggeredOnServer(trx, serverWriter(trx, now, null), now, { trigger: 'case_opened', category: body.category, customerId, caseId: id, operatorId: null, event: id, at: now });
    }
    return { id, externalId, outcome: 'created' as const };
  });
}
