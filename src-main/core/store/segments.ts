// Saved segments and the facts their rules read, on this desktop (issue 20, src-shared/segments).
// The facts of one customer serve the card; the facts of every customer serve the member counts and
// a search by #label. Complaints and contacts are read only when an active segment asks for them.
import {
  factsNeeded, labelsOf, ruleColumns, ruleOf, segmentsOf, type CustomerFacts, type CustomerLabels, type SavedSegment, type SegmentInput, type SegmentView,
} from '../../../src-shared/segments/segment.js';
import { ApiError } from '../../../src-shared/index.js';
import { foldLabel } from '../../../src-shared/text.js';
import type { DbHandle } from '../db/db-handle.js';
import type { SegmentRow } from '../db/schema.js';
import type { Writer } from './write-path.js';

export function savedSegments(db: DbHandle): (SavedSegment & { id: string })[] {
  return (db.prepare('SELECT * FROM segment WHERE deleted = 0 ORDER BY name, id').all() as SegmentRow[])
    .map((r) => ({ id: r.id, name: r.name, rule: ruleOf(r), active: r.active === 1 }));
}

/** Every segment with its members on this desktop now. */
export function listSegments(db: DbHandle, today: string, now: number): SegmentView[] {
  const segments = savedSegments(db);
  if (segments.length === 0) return [];
  const facts = allFacts(db, segments);
  const members = new Map<string, number>();
  for (const f of facts.values()) for (const name of segmentsOf(f, segments, today, now)) members.set(name, (members.get(name) ?? 0) + 1);
  return segments.map((s) => ({ ...s, members: s.active ? (members.get(s.name) ?? 0) : 0 }));
}

/** Inserts a segment, or writes only the fields that changed. Two segments of one name would make the name mean two things. */
export function saveSegment(db: DbHandle, w: Writer, input: SegmentInput): void {
  const clash = savedSegments(db).find((s) => foldLabel(s.name) === foldLabel(input.name) && s.id !== input.id);
  if (clash) throw new ApiError('conflict', `a segment named ${clash.name} exists`);
  const fields = { name: input.name, ...ruleColumns(input.rule), active: input.active ? 1 : 0 };
  const current = input.id === undefined ? undefined : (db.prepare('SELECT * FROM segment WHERE id = ? AND deleted = 0').get(input.id) as SegmentRow | undefined);
  if (!current) {
    w.insert('segment', fields, input.id);
    return;
  }
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
  if (Object.keys(patch).length > 0) w.update('segment', current, patch);
}

const COMPLAINT_ONE_SQL = `
  SELECT max(t) AS t FROM (
    SELECT max(occurred_at) AS t FROM interaction WHERE customer_id = $id AND reason = 'complaint' AND deleted = 0
    UNION ALL SELECT max(opened_at) FROM "case" WHERE customer_id = $id AND category = 'complaint' AND deleted = 0)`;

/** One customer's facts, or null for a customer this desktop does not hold. */
export function customerFacts(db: DbHandle, customerId: string, needs = { complaints: true, contacts: true }): CustomerFacts | null {
  const c = db.prepare('SELECT segment, kind, birthday FROM customer WHERE id = ? AND deleted = 0').get(customerId) as
    | { segment: string | null; kind: string; birthday: string | null }
    | undefined;
  if (!c) return null;
  const tags = (db.prepare('SELECT tag FROM customer_tag WHERE customer_id = ? AND active = 1 AND deleted = 0 ORDER BY tag').all(customerId) as { tag: string }[]).map((r) => r.tag);
  const complaint = needs.complaints ? (db.prepare(COMPLAINT_ONE_SQL).get({ id: customerId }) as { t: number | null }).t : null;
  const contact = needs.contacts ? (db.prepare('SELECT max(occurred_at) AS t FROM interaction WHERE customer_id = ? AND deleted = 0').get(customerId) as { t: number | null }).t : null;
  return { ...c, tags, lastComplaintAt: complaint, lastContactAt: contact };
}

/** Every customer's facts (merged-away customers excepted). */
export function allFacts(db: DbHandle, segments: readonly SavedSegment[]): Map<string, CustomerFacts> {
  const needs = factsNeeded(segments);
  const facts = new Map<string, CustomerFacts>();
  const customers = db.prepare('SELECT id, segment, kind, birthday FROM customer WHERE deleted = 0 AND merged_into IS NULL').all() as
    { id: string; segment: string | null; kind: string; birthday: string | null }[];
  for (const c of customers) facts.set(c.id, { segment: c.segment, kind: c.kind, birthday: c.birthday, tags: [], lastComplaintAt: null, lastContactAt: null });
  for (const t of db.prepare('SELECT customer_id, tag FROM customer_tag WHERE active = 1 AND deleted = 0').all() as { customer_id: string; tag: string }[]) {
    const f = facts.get(t.customer_id);
    if (f) (f.tags as string[]).push(t.tag);
  }
  const latest = (sqlText: string, set: (f: CustomerFacts, t: number) => void): void => {
    for (const r of db.prepare(sqlText).all() as { customer_id: string; t: number }[]) {
      const f = facts.get(r.customer_id);
      if (f) set(f, r.t);
    }
  };
  if (needs.complaints) {
    latest(`SELECT customer_id, max(occurred_at) AS t FROM interaction WHERE reason = 'complaint' AND deleted = 0 GROUP BY customer_id`, (f, t) => { f.lastComplaintAt = t; });
    latest(`SELECT customer_id, max(opened_at) AS t FROM "case" WHERE category = 'complaint' AND deleted = 0 GROUP BY customer_id`, (f, t) => {
      f.lastComplaintAt = Math.max(f.lastComplaintAt ?? 0, t);
    });
  }
  if (needs.contacts) latest('SELECT customer_id, max(occurred_at) AS t FROM interaction WHERE deleted = 0 GROUP BY customer_id', (f, t) => { f.lastContactAt = t; });
  return facts;
}

/** The card's tags and segments: the segment field first, then the saved segments the customer belongs to. */
export function customerLabels(db: DbHandle, customerId: string, today: string, now: number): CustomerLabels & { all: Set<string> } {
  const segments = savedSegments(db);
  const f = customerFacts(db, customerId, factsNeeded(segments));
  if (!f) return { tags: [], segments: [], all: new Set() };
  const saved = segmentsOf(f, segments, today, now);
  const field = f.segment?.trim() ?? '';
  return {
    tags: [...f.tags],
    segments: [...(field === '' ? [] : [field]), ...saved.filter((s) => foldLabel(s) !== foldLabel(field))],
    all: labelsOf(f, segments, today, now),
  };
}

/** The customers who carry a label (a tag, the segment field, or a saved segment's name), by id. */
export function customersWithLabel(db: DbHandle, label: string, today: string, now: number): string[] {
  const segments = savedSegments(db);
  const folded = foldLabel(label);
  const ids: string[] = [];
  for (const [id, f] of allFacts(db, segments)) if (labelsOf(f, segments, today, now).has(folded)) ids.push(id);
  return ids;
}
