// Applies a desktop's batch of outbox mutations: at most once per (client, seq), all in one
// PostgreSQL transaction, each checked against permissions and business rules, merged per field
// by HLC, and announced in the change log.
//
// Pushes run side by side: the dedupe claims, checks, row locks (SELECT ... FOR UPDATE) and row
// writes of concurrent pushes overlap, and only the change-log step is serialised: the push takes
// the change-log lock at its very end, draws all its seqs in one statement and commits
// (change-log.ts). Taken at the start, that lock made every push wait for all the round trips of
// the ones before it (measured by bench/propagation.ts: at 49 pushes/s, 160 ms p50 in the queue for 8 ms of work).
import type { Kysely, Transaction } from 'kysely';
import { isAcceptableHlc, MAX_CLOCK_SKEW_MS } from '../../src-shared/hlc.js';
import { SYNC_ENTITIES, isSyncEntity, type SyncEntityDef, type SyncEntityName } from '../../src-shared/sync/entities.js';
import { sameValue } from '../../src-shared/sync/merge.js';
import { checkRowFields, HlcStamp } from '../../src-shared/sync/row-schemas.js';
import { RejectReason, type Mutation, type PushResult } from '../../src-shared/sync/protocol.js';
import { LOCAL_RECORDING } from '../../src-shared/api/cti.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { recordAudit } from '../audit.js';
import { mergeAndWrite, type MergeWrite } from './merge-write.js';
import { deferChangeLog, flushChangeLog, headSeq, joinPushWriters } from './change-log.js';
import { dbToWire } from './row-codec.js';
import { serverStamp } from './server-clock.js';
import { mayAccessCustomer } from './scope.js';
import { survivorOf } from '../customers/merged-customers.js';
import { recordPushNodes } from './conflict-authors.js';
import { recordingOfCall } from '../pbx/recordings.js';
import { Rejection, Superseded } from './push-rejection.js';
import { checkOperatorTask, checkOwnerClaim, decideStaleClaim } from './push-claims.js';
import { checkCampaignWrite, checkTagWrite } from './push-campaigns.js';
import { checkLoyaltyWrite } from './push-loyalty.js';
import { checkOutboundMailWrite } from './push-outbound-mail.js';
import { checkCalendarWrite } from './push-calendars.js';

/**
 * What a new row cannot do without: its customer (the scope every check relies on) and the fields
 * that make it what it is. Other fields may follow in later changes; each is checked when it comes.
 */
const REQUIRED_ON_INSERT: Record<string, readonly string[]> = {
  customer: ['kind', 'name'],
  contact_point: ['customer_id', 'kind', 'raw', 'normalized'],
  case: ['customer_id', 'category', 'subject', 'status', 'opened_at'],
  interaction: ['customer_id', 'channel', 'direction', 'occurred_at', 'reason'],
  attachment: ['interaction_id', 'customer_id', 'file_name', 'mime_type', 'size', 'sha256', 'content'],
  task: ['customer_id', 'kind', 'title', 'due_at', 'status'],
  canned_text: ['kind', 'text'],
  number_mark: ['number', 'kind', 'occurred_at'],
  process: ['name', 'trigger', 'steps', 'active'],
  process_run: ['customer_id', 'process_id', 'name', 'steps', 'started_at', 'status'],
  calendar_day: ['day', 'kind'],
  centre_settings: ['time_zone', 'work_start', 'work_end', 'work_days'],
  appointment: ['title', 'starts_at', 'ends_at', 'organiser_id', 'attendee_id', 'status'],
  appointment_answer: ['appointment_id', 'user_id', 'answer', 'answered_at'],
  absence: ['user_id', 'kind', 'starts_on', 'ends_on'],
  case_sla: ['category', 'hours'],
  campaign: ['name', 'kind', 'starts_on', 'ends_on', 'offer', 'channel'],
  campaign_response: ['campaign_id', 'customer_id', 'kind', 'channel', 'responded_at'],
  outbound_mail: ['customer_id', 'interaction_id', 'status'],
  greeting_rule: ['name', 'occasion', 'channel', 'subject', 'text', 'active'],
  customer_date: ['customer_id', 'label', 'month_day'],
  greeting_opt_out: ['customer_id', 'via', 'at'],
  customer_tag: ['customer_id', 'tag', 'active'],
  segment: ['name', 'tags', 'birthday_this_month', 'active'],
  loyalty_programme: ['name', 'points_per_100', 'levels', 'active'],
  loyalty_card: ['customer_id', 'programme_id', 'number', 'kind', 'active'],
  points_entry: ['customer_id', 'programme_id', 'kind', 'points', 'at'],
  mail_template: ['name', 'subject', 'body', 'active'],
};

export interface PushOutcome {
  results: PushResult[];
  /** Whether anything changed (so that connected desktops should be poked). */
  changed: boolean;
  /**
   * The change log's head as this push commits it (its newest seq, drawn under the change-log lock,
   * so no other writer's entry can commit between it and this commit), or the committed head when
   * the push changed nothing: the answer carries it without another query.
   */
  headSeq: number;
}

/**
 * Errors after which the whole push is tried again from the start: a deadlock between two pushes
 * that lock the same rows in a different order (possible now that pushes overlap; PostgreSQL
 * aborts one of them), and two pushes inserting the same new row at once (the second's INSERT
 * fails once the first commits; tried again, it finds the row and merges into it, as it would
 * have had it come second). Nothing of an aborted attempt stays, dedupe claims included.
 */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 6;

/**
 * applyPush in its own transaction, tried again after a retryable error. The wait before a retry is
 * random and grows: tried again at once, the two pushes of a deadlock can meet in the same order
 * again (the CI run of 00:10 UTC saw one fail three times in a row on a loaded machine).
 */
export async function runPush(db: Kysely<ServerDb>, user: UserRow, clientId: string, mutations: Mutation[], now: () => number): Promise<PushOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => applyPush(trx, user, clientId, mutations, now()));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export async function applyPush(
  trx: Transaction<ServerDb>,
  user: UserRow,
  clientId: string,
  mutations: Mutation[],
  now: number,
): Promise<PushOutcome> {
  await joinPushWriters(trx);
  deferChangeLog(trx);
  // Which desktop this user pushes from: the author of a value a later write overwrites is told.
  await recordPushNodes(trx, user.id, mutations.map((m) => m.hlc), now);
  const results: PushResult[] = [];
  let changed = false;
  for (const m of mutations) {
    const claimed = await trx
      .insertInto('applied_mutation')
      .values({ client_id: clientId, seq: m.seq, user_id: user.id, status: 'applied', reason: null, at: now })
      .onConflict((oc) => oc.columns(['client_id', 'seq']).doNothing())
      .returning('seq')
      .executeTakeFirst();
    if (!claimed) {
      // A replay gets the original decision: a desktop whose first answer was lost must still learn
      // that the change was refused (and restore the row), or it would keep it silently forever.
      const earlier = await trx.selectFrom('applied_mutation').select(['status', 'reason'])
        .where('client_id', '=', clientId).where('seq', '=', m.seq).executeTakeFirst();
      const reason = RejectReason.safeParse(earlier?.reason);
      if (earlier?.status === 'superseded') {
        results.push({ seq: m.seq, status: 'superseded' });
      } else if (earlier?.status === 'rejected' && reason.success) {
        results.push({ seq: m.seq, status: 'rejected', reason: reason.data, message: 'refused earlier (a retried request): the change was not applied' });
      } else {
        results.push({ seq: m.seq, status: 'duplicate' });
      }
      continue;
    }
    // Every refusal comes from the checks, which only read (and lock the row): a refused mutation
    // has written nothing, so it needs no savepoint to leave no trace but its rejection record.
    let write: MergeWrite;
    try {
      write = await checkMutation(trx, user, m, now);
    } catch (error) {
      if (error instanceof Superseded) {
        await trx.updateTable('applied_mutation').set({ status: 'superseded' })
          .where('client_id', '=', clientId).where('seq', '=', m.seq).execute();
        results.push({ seq: m.seq, status: 'superseded' });
        continue;
      }
      if (!(error instanceof Rejection)) throw error;
      await trx.updateTable('applied_mutation').set({ status: 'rejected', reason: error.reason })
        .where('client_id', '=', clientId).where('seq', '=', m.seq).execute();
      await trx.insertInto('sync_rejection').values({
        client_id: clientId, seq: m.seq, user_id: user.id, entity: m.entity, row_id: m.rowId, reason: error.reason, message: error.message, at: now,
      }).execute();
      results.push({ seq: m.seq, status: 'rejected', reason: error.reason, message: error.message });
      continue;
    }
    const fields = await mergeAndWrite(trx, write);
    changed = fields.length > 0 || changed;
    // Who a customer belongs to decides who may contact them: every change of owner is audited.
    if (m.entity === 'customer' && fields.includes('owner_id') && (write.existing !== undefined || write.payload.owner_id != null)) {
      await recordAudit(trx, { kind: 'owner_change', actorId: user.id, customerId: m.rowId, detail: { ownerId: write.payload.owner_id ?? null } }, now);
    }
    results.push({ seq: m.seq, status: 'applied' });
  }
  // Last: the change-log lock, held from here through the commit. Nothing collected (duplicates,
  // rejections, writes that changed nothing): no lock, and the committed head as it stands.
  const head = (await flushChangeLog(trx)) ?? (await headSeq(trx));
  return { results, changed, headSeq: head };
}

/**
 * Every field of the mutation checked against its entity's schema (src-shared/sync/row-schemas.ts):
 * a value PostgreSQL would refuse, or that no desktop could have written, refuses the mutation alone.
 */
function checkPayload(entity: SyncEntityName, m: Mutation, now: number): Record<string, unknown> {
  if (!isAcceptableHlc(m.hlc, now)) {
    throw new Rejection('invalid', HlcStamp.safeParse(m.hlc).success
      ? `the change's clock stamp is more than ${MAX_CLOCK_SKEW_MS / 60_000} min ahead of the server's clock`
      : 'the change\'s clock stamp is malformed');
  }
  if (m.base) {
    for (const [field, stamp] of Object.entries(m.base)) {
      if (stamp !== '' && !HlcStamp.safeParse(stamp).success) throw new Rejection('invalid', `base stamp of ${field} is malformed`);
    }
  }
  const payload: Record<string, unknown> = m.op === 'delete' ? { deleted: 1 } : { ...m.payload };
  delete payload.id;
  delete payload.hlc;
  delete payload.field_hlc;
  const checked = checkRowFields(entity, payload, false);
  if (!checked.ok) throw new Rejection('invalid', `${entity}: ${checked.problems.join('; ')}`);
  // Where a recording is, the server says (from a signed PBX webhook): it fetches that address. A
  // desktop may only name a file on its own PBX (local:<file>) as it logs the call; the server fetches
  // that from the address the administrator gave the PBX (recording-routes.ts), never from the desktop's.
  const recording = checked.values.recording;
  if (recording != null && (m.op !== 'insert' || typeof recording !== 'string' || !LOCAL_RECORDING.test(recording))) {
    throw new Rejection('server_only', 'recording is written by the server from the PBX\'s report; a desktop may only name its own PBX\'s file (local:<file>) as it logs the call');
  }
  // Only the server's merge names a survivor; a new customer may say it has none.
  if ('merged_into' in checked.values && (m.op !== 'insert' || checked.values.merged_into != null)) {
    throw new Rejection('server_only', 'merged_into is written by a merge on the server only');
  }
  // A new customer has no survivor, stamped as the rest of it (a desktop older than merges omits it).
  if (entity === 'customer' && m.op === 'insert') checked.values.merged_into = null;
  return checked.values;
}

/** Everything that may refuse a mutation, before anything is written; returns the write to make. */
async function checkMutation(trx: Transaction<ServerDb>, user: UserRow, m: Mutation, now: number): Promise<MergeWrite> {
  if (!isSyncEntity(m.entity)) throw new Rejection('invalid', `unknown entity ${m.entity}`);
  const def: SyncEntityDef = SYNC_ENTITIES[m.entity];
  if (def.serverOnly) throw new Rejection('server_only', `${m.entity} rows are changed on the server only`);
  // The centre's canned outcomes and note templates are the supervisors' to write.
  if (m.entity === 'canned_text' && user.role === 'operator') throw new Rejection('forbidden', 'canned outcomes and note templates are written by supervisors');
  // Processes are defined by supervisors and admins; the centre's working calendar is set by admins (issue 19).
  if (m.entity === 'process' && user.role === 'operator') throw new Rejection('forbidden', 'processes are defined by supervisors and admins');
  if (m.entity === 'case_sla' && user.role === 'operator') throw new Rejection('forbidden', 'resolution times are set by supervisors and admins');
  if ((m.entity === 'calendar_day' || m.entity === 'centre_settings') && user.role !== 'admin') throw new Rejection('forbidden', 'the working calendar is set by admins');
  if (m.entity === 'campaign' && user.role === 'operator') throw new Rejection('forbidden', 'campaigns are recorded by supervisors and admins');
  if (m.entity === 'greeting_rule' && user.role === 'operator') throw new Rejection('forbidden', 'greeting rules are set by supervisors and admins');
  if (m.entity === 'segment' && user.role === 'operator') throw new Rejection('forbidden', 'segments are saved by supervisors and admins');
  if (m.entity === 'mail_template' && user.role === 'operator') throw new Rejection('forbidden', 'email templates are set by supervisors and admins');
  const payload = checkPayload(m.entity, m, now);
  const table = def.table as 'customer';
  const existing = (await trx.selectFrom(table).selectAll().where('id', '=', m.rowId).forUpdate().executeTakeFirst()) as
    | Record<string, unknown>
    | undefined;

  const current = existing ? dbToWire(def, existing) : null;
  if (!existing) {
    // An edit of a row the server does not have: its creation was refused (or erased since). Applied,
    // it would create a partial row that no desktop can take and that no scope check covered.
    if (m.op !== 'insert') throw new Rejection('not_found', `this ${m.entity} is not on the server: its creation was refused or it was erased`);
    const missing = (REQUIRED_ON_INSERT[m.entity] ?? []).filter((k) => payload[k] === undefined || payload[k] === null);
    if (missing.length > 0) throw new Rejection('invalid', `a new ${m.entity} needs ${missing.join(', ')}`);
  }
  const customerColumn = def.customerColumn;
  if (existing && m.op === 'insert') {
    // Ids are random but for the rows a PBX call writes by itself, derived from the call (or the
    // caller's number) so that every desktop that recorded it names the same row: the first record
    // stands, whatever became of it since (claimed, done, renamed, merged). Only who may see the
    // row learns that it exists; the desktop then fetches it as it would a refused row's.
    const owner = customerColumn === null ? null : customerColumn === 'id' ? m.rowId : (existing[customerColumn] as string | null);
    if (owner !== null && !(await mayAccessCustomer(trx, user, owner))) throw new Rejection('out_of_scope', 'this customer is outside your scope');
    throw new Superseded();
  }
  if (m.entity === 'customer' && existing?.merged_into) {
    throw new Rejection('not_found', `this customer was merged into ${String(existing.merged_into)}; the change was not applied to either`);
  }
  let customerId = customerColumn === 'id' ? m.rowId : ((payload[customerColumn ?? ''] ?? existing?.[customerColumn ?? '']) as string | null | undefined) ?? null;
  // A row of a customer merged away since its desktop last heard (an entry logged offline): it
  // belongs to the survivor, stamped by the server so that the desktop's copy moves too.
  /** Fields the server decides on this write (a move to a survivor, a recording): stamped by it. */
  let serverStamps: Record<string, string> | undefined;
  if (customerColumn !== null && customerColumn !== 'id' && customerId !== null && customerColumn in payload) {
    const survivor = await survivorOf(trx, customerId);
    if (survivor !== null) {
      payload[customerColumn] = survivor;
      customerId = survivor;
      serverStamps = { [customerColumn]: serverStamp(now, [m.hlc]) };
    }
  }
  if (!existing && customerColumn !== null && customerColumn !== 'id' && customerId !== null && !(await customerExists(trx, customerId))) {
    throw new Rejection('not_found', `the customer of this ${m.entity} is not on the server: its creation was refused or it was erased`);
  }
  // A lost claim says so, even when the winner's customer has meanwhile left this user's scope.
  const claim = m.entity === 'customer' && 'owner_id' in payload;
  if (claim) checkOwnerClaim(user, existing, payload);
  if (customerId !== null && !(await mayAccessCustomer(trx, user, customerId))) {
    throw new Rejection('out_of_scope', 'this customer is outside your scope');
  }
  if (current && customerColumn && customerColumn !== 'id' && customerColumn in payload && current[customerColumn] !== null && !sameValue(current[customerColumn], payload[customerColumn])) {
    throw new Rejection('invalid', 'a row cannot move to another customer');
  }

  if (def.appendOnly && current) {
    // Filling in a field left empty is an edit too (an author added after the fact, say).
    const edited = Object.keys(payload).filter((k) => k !== 'deleted' && k !== 'updated_at' && !sameValue(current[k], payload[k]));
    if (edited.length > 0) throw new Rejection('append_only', `${m.entity} entries are append-only; log a correction instead (${edited.join(', ')})`);
  }
  // An entry logged from a cloud PBX's call whose recording the PBX has already reported.
  if (m.entity === 'interaction' && !existing && typeof payload.call_ref === 'string' && payload.recording == null) {
    const recording = await recordingOfCall(trx, payload.call_ref);
    if (recording !== null) {
      payload.recording = recording;
      serverStamps = { ...serverStamps, recording: serverStamp(now, [m.hlc]) };
    }
  }
  if ((m.entity === 'interaction' || m.entity === 'number_mark') && !existing && user.role === 'operator') {
    if (payload.user_id != null && payload.user_id !== user.id) throw new Rejection('forbidden', 'an operator logs interactions in their own name only');
    // The author is whoever pushes it: an entry without one becomes theirs.
    payload.user_id = user.id;
  }
  if (m.entity === 'appointment' || m.entity === 'appointment_answer' || m.entity === 'absence') await checkCalendarWrite(trx, user, m.entity, current, payload);
  if (m.entity === 'campaign' || m.entity === 'campaign_response') await checkCampaignWrite(trx, user, m.entity, current, payload);
  if (m.entity === 'outbound_mail') await checkOutboundMailWrite(trx, current, payload);
  if (m.entity === 'customer_tag') checkTagWrite(m.rowId, current, payload);
  if (m.entity === 'loyalty_programme' || m.entity === 'loyalty_card' || m.entity === 'points_entry') {
    const decided = await checkLoyaltyWrite(trx, user, m.entity, m.rowId, current, payload, now, m.hlc);
    if (decided) serverStamps = { ...serverStamps, ...decided };
  }
  const taskStamps = m.entity === 'task' && user.role === 'operator' ? checkOperatorTask(user, def, existing, current, payload, m.base) : undefined;
  // The owner lock decided this claim: the merge must not undo it. A claim stamped below the row's
  // current owner stamps (made before a later owner write it had not seen) would otherwise be
  // answered "applied" and lose the per-field merge, and the next claimant would pass the lock too.
  const decided = claim && user.role === 'operator' && payload.owner_id === user.id ? decideStaleClaim(existing, def, m.hlc, payload, user, now) : taskStamps;
  const stamps = serverStamps ? { ...decided, ...serverStamps } : decided;

  return { entity: m.entity, def, rowId: m.rowId, existing, payload, hlc: m.hlc, ...(stamps ? { stamps } : {}), base: m.base, customerId, writerId: user.id, now };
}

async function customerExists(trx: Transaction<ServerDb>, customerId: string): Promise<boolean> {
  return (await trx.selectFrom('customer').select('id').where('id', '=', customerId).executeTakeFirst()) !== undefined;
}
