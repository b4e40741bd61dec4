// Greetings on this desktop (issue 20): the rules supervisors set, the customer's own dates and their
// "no greetings", and the day's list of whom to greet: those the server greets by email, and those a
// rule asks operators to phone. Birthdays come from the customer's own field.
import { monthDaysOn, type CustomerDateInput, type GreetingRuleInput, type GreetingRuleView, type GreetingToday } from '../../../src-shared/greetings/greeting.js';
import { ApiError } from '../../../src-shared/index.js';
import { foldLabel } from '../../../src-shared/text.js';
import type { DbHandle } from '../db/db-handle.js';
import type { CustomerDateRow, GreetingRuleRow } from '../db/schema.js';
import type { Writer } from './write-path.js';

export function toRuleView(r: GreetingRuleRow): GreetingRuleView {
  return { id: r.id, name: r.name, occasion: r.occasion, monthDay: r.month_day, dateLabel: r.date_label, channel: r.channel, subject: r.subject, text: r.text, active: r.active === 1 };
}

export function listRules(db: DbHandle): GreetingRuleView[] {
  return (db.prepare('SELECT * FROM greeting_rule WHERE deleted = 0 ORDER BY name, id').all() as GreetingRuleRow[]).map(toRuleView);
}

/** Inserts a rule, or writes only the fields that changed. */
export function saveRule(db: DbHandle, w: Writer, input: GreetingRuleInput): GreetingRuleView {
  const fields = {
    name: input.name, occasion: input.occasion, month_day: input.occasion === 'holiday' ? input.monthDay : null,
    date_label: input.occasion === 'customer_date' ? input.dateLabel : null, channel: input.channel, subject: input.subject, text: input.text, active: input.active ? 1 : 0,
  };
  const current = input.id === undefined ? undefined : (db.prepare('SELECT * FROM greeting_rule WHERE id = ? AND deleted = 0').get(input.id) as GreetingRuleRow | undefined);
  if (!current) return toRuleView(w.insert('greeting_rule', fields, input.id));
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
  return toRuleView(Object.keys(patch).length > 0 ? w.update('greeting_rule', current, patch) : current);
}

export function customerDates(db: DbHandle, customerId: string): { id: string; label: string; monthDay: string }[] {
  return (db.prepare('SELECT * FROM customer_date WHERE customer_id = ? AND deleted = 0 ORDER BY month_day, label').all(customerId) as CustomerDateRow[])
    .map((d) => ({ id: d.id, label: d.label, monthDay: d.month_day }));
}

export function addDate(w: Writer, input: CustomerDateInput): void {
  w.insert('customer_date', { customer_id: input.customerId, label: input.label, month_day: input.monthDay });
}

export function removeDate(db: DbHandle, w: Writer, id: string, customerId: string): void {
  const row = db.prepare('SELECT * FROM customer_date WHERE id = ? AND customer_id = ? AND deleted = 0').get(id, customerId) as CustomerDateRow | undefined;
  if (!row) throw new ApiError('not_found', `no date ${id} for this customer`);
  w.tombstone('customer_date', row);
}

export function optedOut(db: DbHandle, customerId: string): boolean {
  return db.prepare('SELECT 1 FROM greeting_opt_out WHERE customer_id = ? AND deleted = 0 LIMIT 1').get(customerId) !== undefined;
}

/** The customer said stop (or takes it back): a row of their own, or its removal. */
export function setOptOut(db: DbHandle, w: Writer, customerId: string, stop: boolean, at: number): void {
  const rows = db.prepare('SELECT * FROM greeting_opt_out WHERE customer_id = ? AND deleted = 0').all(customerId) as Parameters<Writer['tombstone']>[1][];
  if (stop && rows.length === 0) w.insert('greeting_opt_out', { customer_id: customerId, via: 'operator', at });
  if (!stop) for (const r of rows) w.tombstone('greeting_opt_out', r as never);
}

interface DueRow {
  customer_id: string;
  name: string;
  label: string | null;
  opted_out: number;
}

/** Whom to greet on `day`: birthdays and the customers' own dates, each with the rule that greets it (if one does). */
export function greetingsOn(db: DbHandle, day: string): GreetingToday[] {
  const days = monthDaysOn(day);
  const marks = days.map(() => '?').join(', ');
  const optOut = '(SELECT count(*) FROM greeting_opt_out o WHERE o.customer_id = c.id AND o.deleted = 0) AS opted_out';
  const birthdays = db.prepare(`SELECT c.id AS customer_id, c.name, NULL AS label, ${optOut} FROM customer c
    WHERE c.deleted = 0 AND c.merged_into IS NULL AND c.birthday IS NOT NULL AND substr(c.birthday, 6, 5) IN (${marks}) ORDER BY c.name`).all(...days) as DueRow[];
  const dates = db.prepare(`SELECT c.id AS customer_id, c.name, d.label, ${optOut} FROM customer_date d JOIN customer c ON c.id = d.customer_id
    WHERE d.deleted = 0 AND c.deleted = 0 AND c.merged_into IS NULL AND d.month_day IN (${marks}) ORDER BY c.name, d.label`).all(...days) as DueRow[];
  const rules = listRules(db).filter((r) => r.active);
  const out: GreetingToday[] = [];
  for (const b of birthdays) {
    const rule = rules.find((r) => r.occasion === 'birthday');
    out.push({ customerId: b.customer_id, customerName: b.name, occasion: 'birthday', label: rule?.name ?? '', ruleId: rule?.id ?? null, channel: rule?.channel ?? null, optedOut: b.opted_out > 0 });
  }
  for (const d of dates) {
    const rule = rules.find((r) => r.occasion === 'customer_date' && (r.dateLabel === null || foldLabel(r.dateLabel) === foldLabel(d.label)));
    out.push({ customerId: d.customer_id, customerName: d.name, occasion: 'customer_date', label: d.label ?? '', ruleId: rule?.id ?? null, channel: rule?.channel ?? null, optedOut: d.opted_out > 0 });
  }
  return out;
}
