// Push: the outbox goes to the server in batches, in the order it was written. A refused change is
// recorded for the operator and replaced in this store by the server's version of the row, and so is,
// silently, an insert another desktop made first under the same derived id.
import type { Change, Mutation, PushResult } from '../../../../src-shared/sync/protocol.js';
import type { OutboxRow } from '../../db/schema.js';
import { oldestOutboxEntries, outboxCount, outboxMutationPayload, removeOutboxEntry } from '../../store/outbox.js';
import { openRejectionCount, recordRejection } from '../../store/sync-rejections.js';
import { applyPage, readCursor } from '../apply-changes.js';
import { customerOfRow, hideRowNeverAccepted, resetFieldStamps } from '../refused-rows.js';
import { removeCustomerOutOfScope } from '../../store/erasure.js';
import { SyncHttpError, type ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

const DEFAULT_BATCH = 200;

interface Restore {
  entry: OutboxRow;
  /** The server's current version (null: the server never accepted the row). */
  row: Record<string, unknown> | null;
  fieldHlc: Record<string, string>;
  /** The row's customer is no longer this user's to see: the customer leaves this store. */
  outOfScope: boolean;
}

export async function pushOutbox(run: SyncRun, api: ServerApi, clientId: string): Promise<void> {
  const { db } = run.o;
  const batchSize = run.o.pushBatch ?? DEFAULT_BATCH;
  for (;;) {
    const entries = oldestOutboxEntries(db, batchSize);
    if (entries.length === 0) return;
    const answer = await api.push(clientId, entries.map((entry) => toMutation(entry, outboxMutationPayload(db, entry))));
    // The server's versions of refused rows are fetched BEFORE the entries leave the outbox: if the
    // network fails in between, the entries stay, the next push is answered with the same refusal
    // (a replay gets the original decision) and the restore is tried again, instead of the refused
    // value staying in this store for good.
    const restores = answer.results.some(takesServerVersion) ? await fetchRefusedRows(api, entries, answer.results) : [];
    acknowledge(run, entries, answer.results);
    run.update({ pendingUploads: outboxCount(db) });
    if (restores.length > 0) restoreRefused(run, restores);
  }
}

/**
 * A refused change, and an insert the server already had from another desktop (`superseded`: a
 * ring group's missed call, recorded by each desktop it rang under the same derived id): either way
 * this store takes the server's version of the row, the second silently.
 */
function takesServerVersion(r: PushResult): boolean {
  return r.status === 'rejected' || r.status === 'superseded';
}

/** Removes answered entries from the outbox; refused ones are recorded for the operator to see. */
function acknowledge(run: SyncRun, entries: OutboxRow[], results: PushResult[]): void {
  const { db } = run.o;
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const now = run.o.now();
  db.sqlite.transaction(() => {
    for (const r of results) {
      const entry = bySeq.get(r.seq);
      if (!entry) continue;
      if (r.status === 'rejected') recordRejection(db, entry, r.reason, r.message, now);
      removeOutboxEntry(db, r.seq);
    }
  })();
}

/**
 * The server's versions of the refused rows. A failure that may pass (the network, a server busy,
 * restarting or failing with a 5xx) stops here: the entries stay and the next run is answered with
 * the same refusals. Left to the next pull instead, a refused value stamped ahead of the server's
 * would stay in this store for good, since the pull only brings newer stamps. A definitive answer
 * (an older server's 403 for a row outside the scope, another 4xx) is no reason to hold the outbox:
 * the refusal is recorded and shown.
 */
async function fetchRefusedRows(api: ServerApi, entries: OutboxRow[], results: PushResult[]): Promise<Restore[]> {
  const out: Restore[] = [];
  const asked = new Set<string>();
  for (const r of results) {
    if (!takesServerVersion(r)) continue;
    const entry = entries.find((e) => e.seq === r.seq);
    if (!entry) continue;
    const key = `${entry.entity}:${entry.row_id}`;
    if (asked.has(key)) continue;
    asked.add(key);
    try {
      const answer = await api.row(entry.entity, entry.row_id);
      out.push({ entry, row: answer.row, fieldHlc: answer.fieldHlc, outOfScope: answer.outOfScope === true });
    } catch (error) {
      if (!(error instanceof SyncHttpError) || mayPass(error)) throw error;
      if (error.status === 403) out.push({ entry, row: null, fieldHlc: {}, outOfScope: true });
    }
  }
  return out;
}

function mayPass(error: SyncHttpError): boolean {
  return ['offline', 'unavailable', 'rate_limited', 'unauthorized'].includes(error.code) || error.status === 0 || error.status >= 500 || error.status === 408;
}

/** A refused change is replaced by the server's version of the row, visibly (the rejection list). */
function restoreRefused(run: SyncRun, restores: Restore[]): void {
  const { db } = run.o;
  const touched = new Set<string>();
  for (const { entry, row, fieldHlc, outOfScope } of restores) {
    if (outOfScope) {
      const customerId = customerOfRow(db, entry);
      if (customerId !== null) {
        db.sqlite.transaction(() => removeCustomerOutOfScope(db, customerId))();
        touched.add(customerId);
        run.noteScopeExits(1);
      } else {
        hideRowNeverAccepted(db, entry.entity, entry.row_id);
      }
      continue;
    }
    if (row === null) {
      hideRowNeverAccepted(db, entry.entity, entry.row_id);
      continue;
    }
    // Every local stamp is reset so that the server's version wins each field.
    resetFieldStamps(db, entry.entity, entry.row_id);
    const change: Change = { seq: 0, entity: entry.entity, row, fieldHlc };
    const res = applyPage(db, [change], readCursor(db), run.o.observeStamp);
    res.customerIds.forEach((c) => touched.add(c));
  }
  if (touched.size > 0) run.o.onApplied([...touched]);
  run.update({ rejected: openRejectionCount(db) });
}

/** An outbox entry as a push mutation: an update carries only the fields that this write changed. */
export function toMutation(entry: OutboxRow, payload: Record<string, unknown> = JSON.parse(entry.payload) as Record<string, unknown>): Mutation {
  delete payload.id;
  delete payload.hlc;
  delete payload.field_hlc;
  const base = entry.base ? (JSON.parse(entry.base) as Record<string, string>) : undefined;
  return { seq: entry.seq, mutationId: entry.mutation_id, entity: entry.entity, rowId: entry.row_id, op: entry.op, payload, hlc: entry.hlc, ...(base ? { base } : {}) };
}
