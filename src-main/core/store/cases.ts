// Cases: open matters of a customer, with who handled them last (from the newest linked interaction).
import { ApiError, type Case } from '../../../src-shared/index.js';
import { DEFAULT_CASE_HOURS } from '../../../src-shared/planning/case-sla.js';
import type { CaseRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import { userColumn, userFrom } from './refs.js';
import type { Writer } from './write-path.js';

const CASE_SELECT = `
  SELECT c.*, li.occurred_at AS last_at, ${userColumn('li.user_id', 'lu')}, ${userColumn('c.assignee_id', 'au')},
    (SELECT s.hours FROM case_sla s WHERE s.category = c.category AND s.deleted = 0 ORDER BY s.updated_at DESC LIMIT 1) AS sla_hours
  FROM "case" c
  LEFT JOIN interaction li ON li.id = (
    SELECT x.id FROM interaction x WHERE x.case_id = c.id AND x.deleted = 0 ORDER BY x.occurred_at DESC LIMIT 1)`;

/** Open and pending cases of a customer; the WHERE repeats the partial index's condition (case_open). */
export const OPEN_CASES_SQL = `${CASE_SELECT}
  WHERE c.customer_id = ? AND c.status <> 'closed' AND c.deleted = 0
  ORDER BY c.priority = 'high' DESC, c.opened_at DESC`;
const ALL_CASES_SQL = `${CASE_SELECT} WHERE c.customer_id = ? AND c.deleted = 0 ORDER BY c.opened_at DESC`;
const CASE_BY_ID_SQL = `${CASE_SELECT} WHERE c.id = ? AND c.deleted = 0`;

type CaseJoinRow = CaseRow & Record<string, unknown> & { last_at: number | null; sla_hours?: number | null };

const HOUR = 3_600_000;

export function toCase(row: CaseJoinRow): Case {
  return {
    id: row.id,
    customerId: row.customer_id,
    category: row.category,
    subject: row.subject,
    status: row.status,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    assignee: userFrom(row, 'au'),
    lastHandledBy: userFrom(row, 'lu'),
    lastActivityAt: row.last_at,
    lastStep: row.last_step,
    promise: row.promise,
    resolution: row.resolution,
    priority: row.priority,
    // Due by the category's resolution time (issue 19): a supervisor's, else the default.
    dueAt: row.status === 'closed' ? null : row.opened_at + (row.sla_hours ?? DEFAULT_CASE_HOURS[row.category]) * HOUR,
  };
}

export function openCases(db: DbHandle, customerId: string): Case[] {
  return (db.prepare(OPEN_CASES_SQL).all(customerId) as CaseJoinRow[]).map(toCase);
}

export function listCases(db: DbHandle, customerId: string, includeClosed: boolean): Case[] {
  return includeClosed ? (db.prepare(ALL_CASES_SQL).all(customerId) as CaseJoinRow[]).map(toCase) : openCases(db, customerId);
}

export function getCase(db: DbHandle, id: string): Case {
  const row = db.prepare(CASE_BY_ID_SQL).get(id) as CaseJoinRow | undefined;
  if (!row) throw new ApiError('not_found', `no case ${id}`);
  return toCase(row);
}

// Raw SQL: read inside logging's write transaction, where a Kysely compile per call showed up.
const CASE_ROW_SQL = 'SELECT * FROM "case" WHERE id = ? AND deleted = 0';

export function getCaseRow(db: DbHandle, id: string): CaseRow | undefined {
  return db.prepare(CASE_ROW_SQL).get(id) as CaseRow | undefined;
}

/** The case must exist and belong to this customer: a forged id never links rows across customers. */
export function requireCaseOf(db: DbHandle, caseId: string, customerId: string): CaseRow {
  const row = getCaseRow(db, caseId);
  if (!row || row.customer_id !== customerId) throw new ApiError('not_found', `no case ${caseId} for this customer`);
  return row;
}

export function requireCaseRow(db: DbHandle, id: string): CaseRow {
  const row = getCaseRow(db, id);
  if (!row) throw new ApiError('not_found', `no case ${id}`);
  return row;
}

export interface NewCase {
  customer_id: string;
  category: CaseRow['category'];
  subject: string;
  opened_at: number;
  assignee_id: string | null;
  last_step?: string | null;
  promise?: string | null;
  priority?: CaseRow['priority'];
}

/** A new case is open. */
export function openCase(w: Writer, data: NewCase): CaseRow {
  return w.insert('case', { last_step: null, promise: null, priority: 'normal', ...data, status: 'open', closed_at: null, resolution: null });
}
