// Interactions: the append-only history of calls, emails and faxes.
import { ApiError, HTML_BODY_TYPE, type Channel, type HistoryEntry, type Interaction, type Reason } from '../../../src-shared/index.js';
import type { InteractionRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import { listAttachmentMeta } from './attachments.js';
import { userColumn, userFrom } from './refs.js';
import type { RowData, Writer } from './write-path.js';

export const PREVIEW_CHARS = 300;

// The preview is cut in SQL so that a 5 MB note never crosses into JavaScript for a timeline line.
const HISTORY_COLUMNS = `
  i.id, i.customer_id, i.case_id, i.channel, i.direction, i.occurred_at, i.duration_s, i.reason, i.outcome,
  i.mood, i.email_subject, i.promise, i.corrects_id, i.fax_pages, i.number,
  substr(CASE WHEN i.notes <> '' THEN i.notes ELSE coalesce(i.email_body, '') END, 1, ${PREVIEW_CHARS}) AS preview,
  (SELECT count(*) FROM attachment a WHERE a.interaction_id = i.id AND a.deleted = 0 AND a.mime_type <> '${HTML_BODY_TYPE}') AS attachment_count,
  CASE WHEN i.channel = 'email' AND i.direction = 'out'
    THEN (SELECT o.status FROM outbound_mail o WHERE o.interaction_id = i.id AND o.deleted = 0 LIMIT 1) END AS delivery,
  ${userColumn('i.user_id', 'u')}`;

/** Newest first; ties broken by id (UUIDv7, so by creation order). */
export const HISTORY_SQL = `SELECT ${HISTORY_COLUMNS} FROM interaction i
  WHERE i.customer_id = ? AND i.deleted = 0 ORDER BY i.occurred_at DESC, i.id DESC LIMIT ? OFFSET ?`;

const HISTORY_BY_ID_SQL = `SELECT ${HISTORY_COLUMNS} FROM interaction i WHERE i.id = ?`;

interface HistoryRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  case_id: string | null;
  channel: InteractionRow['channel'];
  direction: InteractionRow['direction'];
  occurred_at: number;
  duration_s: number | null;
  reason: Reason;
  outcome: string | null;
  mood: InteractionRow['mood'];
  email_subject: string | null;
  promise: string | null;
  corrects_id: string | null;
  fax_pages: number | null;
  number: string | null;
  preview: string;
  attachment_count: number;
  delivery: HistoryEntry['delivery'];
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    customerId: row.customer_id,
    caseId: row.case_id,
    channel: row.channel,
    direction: row.direction,
    occurredAt: row.occurred_at,
    durationS: row.duration_s,
    reason: row.reason,
    outcome: row.outcome,
    mood: row.mood,
    subject: row.email_subject,
    preview: row.preview,
    promise: row.promise,
    user: userFrom(row, 'u'),
    correctsId: row.corrects_id,
    attachmentCount: row.attachment_count,
    faxPages: row.fax_pages,
    number: row.number,
    delivery: row.delivery ?? null,
  };
}

export function historyPage(db: DbHandle, customerId: string, limit: number, offset = 0): HistoryEntry[] {
  return (db.prepare(HISTORY_SQL).all(customerId, limit, offset) as HistoryRow[]).map(toHistoryEntry);
}

export interface HistoryFilter {
  channel?: Channel | undefined;
  reason?: Reason | undefined;
  caseId?: string | undefined;
}

/** A filtered page of the timeline and the filtered total. */
export function filteredHistory(
  db: DbHandle,
  customerId: string,
  filter: HistoryFilter,
  offset: number,
  limit: number,
): { total: number; entries: HistoryEntry[] } {
  const where = ['i.customer_id = ?', 'i.deleted = 0'];
  const params: (string | number)[] = [customerId];
  if (filter.channel) {
    where.push('i.channel = ?');
    params.push(filter.channel);
  }
  if (filter.reason) {
    where.push('i.reason = ?');
    params.push(filter.reason);
  }
  if (filter.caseId) {
    where.push('i.case_id = ?');
    params.push(filter.caseId);
  }
  const clause = where.join(' AND ');
  const total = (db.prepare(`SELECT count(*) AS n FROM interaction i WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${HISTORY_COLUMNS} FROM interaction i WHERE ${clause}
       ORDER BY i.occurred_at DESC, i.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, offset) as HistoryRow[];
  return { total, entries: rows.map(toHistoryEntry) };
}

/**
 * The record an entry belongs to and every correction of it, oldest first: up the corrects_id links
 * to the first entry, then down through every correction of it (corrections of corrections too).
 */
const CHAIN_SQL = `WITH RECURSIVE
  up(id, corrects_id, depth) AS (
    SELECT id, corrects_id, 0 FROM interaction WHERE id = ?
    UNION ALL SELECT i.id, i.corrects_id, up.depth + 1 FROM interaction i JOIN up ON i.id = up.corrects_id WHERE up.depth < 1000),
  root(id) AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),
  down(id, depth) AS (
    SELECT id, 0 FROM root
    UNION SELECT i.id, down.depth + 1 FROM interaction i JOIN down ON i.corrects_id = down.id WHERE i.deleted = 0 AND down.depth < 1000)
  SELECT ${HISTORY_COLUMNS} FROM interaction i WHERE i.id IN (SELECT id FROM down) ORDER BY i.occurred_at, i.id`;

export function correctionChain(db: DbHandle, id: string): HistoryEntry[] {
  return (db.prepare(CHAIN_SQL).all(id) as HistoryRow[]).map(toHistoryEntry);
}

const THREAD_SQL = `SELECT ${HISTORY_COLUMNS} FROM interaction i
  WHERE i.customer_id = ? AND i.email_thread = ? AND i.deleted = 0 ORDER BY i.occurred_at, i.id LIMIT 200`;

/** The customer's emails of one thread (docs/channels.md), oldest first; empty for an entry not in one. */
export function emailThread(db: DbHandle, id: string): HistoryEntry[] {
  const row = db.prepare('SELECT customer_id, email_thread FROM interaction WHERE id = ?').get(id) as { customer_id: string; email_thread: string | null } | undefined;
  if (!row?.email_thread) return [];
  const entries = (db.prepare(THREAD_SQL).all(row.customer_id, row.email_thread) as HistoryRow[]).map(toHistoryEntry);
  return entries.length > 1 ? entries : [];
}

export function getHistoryEntry(db: DbHandle, id: string): HistoryEntry {
  const row = db.prepare(HISTORY_BY_ID_SQL).get(id) as HistoryRow | undefined;
  if (!row) throw new ApiError('not_found', `no interaction ${id}`);
  return toHistoryEntry(row);
}

const INTERACTION_ROW_SQL = 'SELECT * FROM interaction WHERE id = ? AND deleted = 0';

export function getInteractionRow(db: DbHandle, id: string): InteractionRow | undefined {
  return db.prepare(INTERACTION_ROW_SQL).get(id) as InteractionRow | undefined;
}

function parseList(json: string): string[] {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function getInteraction(db: DbHandle, id: string): Interaction {
  const row = getInteractionRow(db, id);
  if (!row) throw new ApiError('not_found', `no interaction ${id}`);
  return {
    ...getHistoryEntry(db, id),
    notes: row.notes,
    number: row.number,
    emailFrom: row.email_from,
    emailTo: parseList(row.email_to),
    emailCc: parseList(row.email_cc),
    emailBody: row.email_body,
    attachments: listAttachmentMeta(db, id),
    // A cloud provider's reference (zadarma:, mango:) says where it is kept; an address or a file on the desktops' own PBX plays as it is.
    recording: row.recording ? (/^(zadarma|mango):/.test(row.recording) ? 'provider' : 'url') : null,
    line: row.line,
    waitS: row.wait_s,
    ivrPath: row.ivr_path,
    ivrDigits: row.ivr_digits,
  };
}

export function countInteractions(db: DbHandle): number {
  return (db.prepare('SELECT count(*) AS n FROM interaction WHERE deleted = 0').get() as { n: number }).n;
}

/** What an interaction of one channel leaves empty of the others' fields, and what is optional. */
const INTERACTION_DEFAULTS = {
  case_id: null,
  outcome: null,
  mood: null,
  promise: null,
  corrects_id: null,
  duration_s: null,
  number: null,
  email_from: null,
  email_to: '[]',
  email_cc: '[]',
  email_subject: null,
  email_body: null,
  fax_pages: null,
  call_ref: null,
  recording: null,
  line: null,
  wait_s: null,
  email_message_id: null,
  email_thread: null,
  ivr_path: null,
  ivr_digits: null,
} satisfies Partial<RowData<'interaction'>>;

export type NewInteraction = Omit<RowData<'interaction'>, keyof typeof INTERACTION_DEFAULTS> & Partial<RowData<'interaction'>>;

/** Appends an interaction: each channel names only its own fields. */
export function insertInteraction(w: Writer, data: NewInteraction, id?: string): InteractionRow {
  return w.insert('interaction', { ...INTERACTION_DEFAULTS, ...data }, id);
}

/** The interaction must exist and belong to this customer: a forged id never links rows across customers. */
export function requireInteractionOf(db: DbHandle, id: string, customerId: string): InteractionRow {
  const row = getInteractionRow(db, id);
  if (!row || row.customer_id !== customerId) throw new ApiError('not_found', `no interaction ${id} for this customer`);
  return row;
}
