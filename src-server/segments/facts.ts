// The facts saved segments' rules read, over every customer on the server (issue 20): for campaign
// reach and the work queue's label filter. The rule itself is the desktop's (src-shared/segments),
// so a customer belongs to a segment on the server exactly when their card says so. Complaints and
// contacts are read only when an active segment asks for them.
import { sql, type Kysely } from 'kysely';
import { factsNeeded, labelsOf, ruleOf, type CustomerFacts, type SavedSegment } from '../../src-shared/segments/segment.js';
import { foldLabel } from '../../src-shared/text.js';
import type { ServerDb } from '../db/schema.js';

export async function serverSegments(db: Kysely<ServerDb>): Promise<SavedSegment[]> {
  const rows = await sql<{ name: string; tags: unknown; field: string | null; kind: string | null; birthday_this_month: number; no_complaint_days: number | null; contacted_within_days: number | null; active: number }>`
    SELECT name, tags, field, kind, birthday_this_month, no_complaint_days, contacted_within_days, active FROM segment WHERE deleted = 0 ORDER BY name, id`.execute(db);
  return rows.rows.map((r) => ({ name: r.name, rule: ruleOf(r), active: Number(r.active) === 1 }));
}

/** Every customer's facts (merged-away customers excepted), by id. */
export async function allCustomerFacts(db: Kysely<ServerDb>, segments: readonly SavedSegment[]): Promise<Map<string, CustomerFacts>> {
  const needs = factsNeeded(segments);
  const facts = new Map<string, CustomerFacts>();
  const customers = await sql<{ id: string; segment: string | null; kind: string; birthday: string | null }>`
    SELECT id, segment, kind, birthday FROM customer WHERE deleted = 0 AND merged_into IS NULL`.execute(db);
  for (const c of customers.rows) facts.set(c.id, { segment: c.segment, kind: c.kind, birthday: c.birthday, tags: [], lastComplaintAt: null, lastContactAt: null });
  const tags = await sql<{ customer_id: string; tag: string }>`SELECT customer_id, tag FROM customer_tag WHERE active = 1 AND deleted = 0`.execute(db);
  for (const t of tags.rows) {
    const f = facts.get(t.customer_id);
    if (f) (f.tags as string[]).push(t.tag);
  }
  const latest = async (query: ReturnType<typeof sql<{ customer_id: string; t: number | string }>>, set: (f: CustomerFacts, t: number) => void): Promise<void> => {
    for (const r of (await query.execute(db)).rows) {
      const f = facts.get(r.customer_id);
      if (f) set(f, Number(r.t));
    }
  };
  if (needs.complaints) {
    await latest(sql`SELECT customer_id, max(occurred_at) AS t FROM interaction WHERE reason = 'complaint' AND deleted = 0 GROUP BY customer_id`, (f, t) => { f.lastComplaintAt = t; });
    await latest(sql`SELECT customer_id, max(opened_at) AS t FROM "case" WHERE category = 'complaint' AND deleted = 0 AND opened_at IS NOT NULL GROUP BY customer_id`, (f, t) => {
      f.lastComplaintAt = Math.max(f.lastComplaintAt ?? 0, t);
    });
  }
  if (needs.contacts) await latest(sql`SELECT customer_id, max(occurred_at) AS t FROM interaction WHERE deleted = 0 GROUP BY customer_id`, (f, t) => { f.lastContactAt = t; });
  return facts;
}

/** Every customer's labels (labelsOf), by id. */
export async function allLabels(db: Kysely<ServerDb>, today: string, now: number): Promise<Map<string, Set<string>>> {
  const segments = await serverSegments(db);
  const labels = new Map<string, Set<string>>();
  for (const [id, f] of await allCustomerFacts(db, segments)) labels.set(id, labelsOf(f, segments, today, now));
  return labels;
}

/** The customers who carry a label (a tag, the segment field, or a saved segment's name). */
export async function customersWithLabel(db: Kysely<ServerDb>, label: string, today: string, now: number): Promise<string[]> {
  const folded = foldLabel(label);
  return [...(await allLabels(db, today, now))].filter(([, l]) => l.has(folded)).map(([id]) => id);
}
