// Tags and segments (issue 20). A customer carries tags (set by hand, or by importing a list), the
// card's segment field, and belongs to the saved segments whose rule they meet ("birthday this month,
// no complaint in 90 days, tagged VIP"). Together these are the customer's labels: what campaign
// targets, search (#label), the work queue and the figures match against. The rule is evaluated by
// this one function on the desktop (the card, search) and on the server (reach, the queue), each
// over the facts its own store gives.
import { v5 } from 'uuid';
import { z } from 'zod';
import { DERIVED_ID_NAMESPACE } from '../call-ids.js';
import { CustomerKind, Id } from '../domain.js';
import { cleanString, foldLabel } from '../text.js';

export const TAG_CHARS = 60;
export const TagName = cleanString(TAG_CHARS).trim().min(1);

/** A saved segment's name, as the card's free-text segment field holds one: matched without regard to case. */
export const SegmentName = cleanString(100).trim().min(1);

const DAY_MS = 86_400_000;
const Days = z.number().int().min(1).max(3_650);

/** What a customer must meet to belong to a saved segment: every condition set, at least one set. */
export const SegmentRule = z.object({
  /** Carries every one of these tags. */
  tags: z.array(TagName).max(20),
  /** The card's segment field is this (the field as centres have long filled it in). */
  field: SegmentName.nullable(),
  kind: CustomerKind.nullable(),
  /** Birthday in the centre's current month. */
  birthdayThisMonth: z.boolean(),
  /** No complaint (a complaint entry, or a complaint case opened) in this many days. */
  noComplaintDays: Days.nullable(),
  /** Some contact (any entry) in this many days. */
  contactedWithinDays: Days.nullable(),
});
export type SegmentRule = z.infer<typeof SegmentRule>;

function ruleIsEmpty(r: SegmentRule): boolean {
  return r.tags.length === 0 && r.field === null && r.kind === null && !r.birthdayThisMonth && r.noComplaintDays === null && r.contactedWithinDays === null;
}

export const SegmentInput = z.object({
  id: Id.optional(),
  name: SegmentName,
  rule: SegmentRule.refine((r) => !ruleIsEmpty(r), { message: 'a segment sets at least one condition' }),
  active: z.boolean(),
});
export type SegmentInput = z.infer<typeof SegmentInput>;

export const SegmentView = z.object({
  id: Id,
  name: z.string(),
  rule: SegmentRule,
  active: z.boolean(),
  /** Customers on this desktop who belong to it now (the server's reach counts every customer). */
  members: z.number().int().nonnegative(),
});
export type SegmentView = z.infer<typeof SegmentView>;

/** The tags and segments the card shows: tags can be taken off, segments follow from the rules. */
export const CustomerLabels = z.object({
  tags: z.array(z.string()),
  /** The card's segment field first (when set), then the saved segments the customer belongs to. */
  segments: z.array(z.string()),
});
export type CustomerLabels = z.infer<typeof CustomerLabels>;

export const TagInput = z.object({ customerId: Id, tag: TagName, on: z.boolean() });
export type TagInput = z.infer<typeof TagInput>;

/** A list to tag its customers with: one customer per line, by phone, email or account number. */
export const TagImportInput = z.object({
  tag: TagName,
  text: z.string().max(5_000_000),
});
export type TagImportInput = z.infer<typeof TagImportInput>;

export const TagImportReport = z.object({
  tagged: z.number().int().nonnegative(),
  /** Customers the list named who had the tag already. */
  already: z.number().int().nonnegative(),
  /** Lines that named no customer on this desktop (1-based), at most the first 200. */
  unmatched: z.array(z.object({ line: z.number().int().positive(), text: z.string() })),
  unmatchedCount: z.number().int().nonnegative(),
});
export type TagImportReport = z.infer<typeof TagImportReport>;

/** One customer's facts the rules read, as either store gives them. */
export interface CustomerFacts {
  segment: string | null;
  kind: string;
  tags: readonly string[];
  /** YYYY-MM-DD, or null. */
  birthday: string | null;
  lastComplaintAt: number | null;
  lastContactAt: number | null;
}

export interface SavedSegment {
  name: string;
  rule: SegmentRule;
  active: boolean;
}

/** Whether a customer meets a rule on the centre's day `today` (YYYY-MM-DD) at `now`. */
export function meetsRule(rule: SegmentRule, f: CustomerFacts, today: string, now: number): boolean {
  if (ruleIsEmpty(rule)) return false;
  if (rule.kind !== null && f.kind !== rule.kind) return false;
  if (rule.field !== null && foldLabel(f.segment) !== foldLabel(rule.field)) return false;
  if (rule.tags.length > 0) {
    const own = new Set(f.tags.map(foldLabel));
    if (!rule.tags.every((t) => own.has(foldLabel(t)))) return false;
  }
  if (rule.birthdayThisMonth && (f.birthday === null || f.birthday.slice(5, 7) !== today.slice(5, 7))) return false;
  if (rule.noComplaintDays !== null && f.lastComplaintAt !== null && f.lastComplaintAt > now - rule.noComplaintDays * DAY_MS) return false;
  if (rule.contactedWithinDays !== null && (f.lastContactAt === null || f.lastContactAt <= now - rule.contactedWithinDays * DAY_MS)) return false;
  return true;
}

/** The saved segments (active ones) a customer belongs to, by name. */
export function segmentsOf(f: CustomerFacts, segments: readonly SavedSegment[], today: string, now: number): string[] {
  return segments.filter((s) => s.active && meetsRule(s.rule, f, today, now)).map((s) => s.name);
}

/** Every label of a customer, folded: the segment field, the tags and the saved segments they belong to. */
export function labelsOf(f: CustomerFacts, segments: readonly SavedSegment[], today: string, now: number): Set<string> {
  const labels = new Set<string>();
  const add = (l: string | null): void => {
    const folded = foldLabel(l);
    if (folded !== '') labels.add(folded);
  };
  add(f.segment);
  for (const t of f.tags) add(t);
  for (const s of segmentsOf(f, segments, today, now)) add(s);
  return labels;
}

/** Whether any of a target's labels (a campaign's, a queue filter's) is the customer's; an empty target takes everyone. */
export function targetMatches(target: readonly string[], labels: ReadonlySet<string>): boolean {
  return target.length === 0 || target.some((t) => labels.has(foldLabel(t)));
}

/** Which rules need the costlier facts: the stores read them only when some active segment asks. */
export function factsNeeded(segments: readonly SavedSegment[]): { complaints: boolean; contacts: boolean } {
  const active = segments.filter((s) => s.active);
  return { complaints: active.some((s) => s.rule.noComplaintDays !== null), contacts: active.some((s) => s.rule.contactedWithinDays !== null) };
}

/** A tag's row id, derived from the customer and the folded tag: two desktops tagging a customer alike make one row. */
export function tagRowId(customerId: string, tag: string): string {
  return v5(`tag:${customerId}:${foldLabel(tag)}`, DERIVED_ID_NAMESPACE);
}

/** A saved segment's rule as its synced row's columns hold it, and back. */
export interface SegmentColumns {
  tags: string;
  field: string | null;
  kind: string | null;
  birthday_this_month: number;
  no_complaint_days: number | null;
  contacted_within_days: number | null;
}

export function ruleColumns(r: SegmentRule): SegmentColumns {
  return {
    tags: JSON.stringify(r.tags), field: r.field, kind: r.kind, birthday_this_month: r.birthdayThisMonth ? 1 : 0,
    no_complaint_days: r.noComplaintDays, contacted_within_days: r.contactedWithinDays,
  };
}

/** The rule a row holds; a row a newer desktop wrote with values this one cannot read keeps what it can. */
export function ruleOf(row: { tags: unknown; field: string | null; kind: string | null; birthday_this_month: number | null; no_complaint_days: number | null; contacted_within_days: number | null }): SegmentRule {
  const tags = typeof row.tags === 'string' ? (JSON.parse(row.tags) as unknown) : row.tags;
  const kind = CustomerKind.safeParse(row.kind);
  return {
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    field: row.field,
    kind: kind.success ? kind.data : null,
    birthdayThisMonth: Number(row.birthday_this_month) === 1,
    noComplaintDays: row.no_complaint_days === null ? null : Number(row.no_complaint_days),
    contactedWithinDays: row.contacted_within_days === null ? null : Number(row.contacted_within_days),
  };
}
