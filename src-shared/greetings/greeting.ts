// Greetings (issue 20): the dates worth greeting a customer on, and the rules by which the central
// server greets them by email, once a year per rule and customer, never after the customer said
// stop. Pure rules shared by the desktop (the daily list) and the server (the sender).
import { z } from 'zod';
import { Id } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';

/** A birthday (the customer's own field), one of the customer's own dates, or a holiday of every customer. */
export const GREETING_OCCASIONS = ['birthday', 'customer_date', 'holiday'] as const;
export const GreetingOccasion = z.enum(GREETING_OCCASIONS);
export type GreetingOccasion = z.infer<typeof GreetingOccasion>;

/** 'email': the server sends it; 'call': it only lists the customers for operators to phone. */
/** 'sms' goes through the server's SMS gateway (src-server/sms/gateway.ts). */
export const GREETING_CHANNELS = ['email', 'sms', 'call'] as const;
export const GreetingChannel = z.enum(GREETING_CHANNELS);
export type GreetingChannel = z.infer<typeof GreetingChannel>;

/** A day of the year, MM-DD (29 February is greeted on 28 February in other years). */
export const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day of the year, MM-DD');

export const GreetingRuleInput = z.object({
  id: Id.optional(),
  name: cleanString(LIMITS.nameChars).trim().min(1),
  occasion: GreetingOccasion,
  /** The holiday's day (occasion 'holiday'). */
  monthDay: MonthDay.nullable(),
  /** Which of the customer's own dates (occasion 'customer_date'), by its label; null: any. */
  dateLabel: cleanString(100).trim().min(1).nullable(),
  channel: GreetingChannel,
  subject: cleanString(LIMITS.subjectChars).trim().min(1),
  /** The text; {{name}} becomes the customer's name. */
  text: cleanString(5_000).trim().min(1),
  active: z.boolean(),
}).refine((r) => r.occasion !== 'holiday' || r.monthDay !== null, { message: 'a holiday needs its day', path: ['monthDay'] });
export type GreetingRuleInput = z.infer<typeof GreetingRuleInput>;
export const GreetingRuleView = z.object({
  id: Id, name: z.string(), occasion: GreetingOccasion, monthDay: z.string().nullable(), dateLabel: z.string().nullable(), channel: GreetingChannel,
  subject: z.string(), text: z.string(), active: z.boolean(),
});
export type GreetingRuleView = z.infer<typeof GreetingRuleView>;

export const CustomerDateInput = z.object({ customerId: Id, label: cleanString(100).trim().min(1), monthDay: MonthDay });
export type CustomerDateInput = z.infer<typeof CustomerDateInput>;
export const CustomerDateView = z.object({ id: Id, label: z.string(), monthDay: z.string() });
/** A customer's own dates, and whether they said stop to greetings. */
export const CustomerGreetings = z.object({ dates: z.array(CustomerDateView), optedOut: z.boolean() });
export type CustomerGreetings = z.infer<typeof CustomerGreetings>;

/** One customer to greet today, and how: sent by the server, or to phone. */
export const GreetingToday = z.object({
  customerId: Id,
  customerName: z.string(),
  occasion: GreetingOccasion,
  /** The date's label (their own date), or the rule's name. */
  label: z.string(),
  ruleId: Id.nullable(),
  channel: GreetingChannel.nullable(),
  optedOut: z.boolean(),
});
export type GreetingToday = z.infer<typeof GreetingToday>;
export const GreetingsDay = z.object({ day: z.string(), greetings: z.array(GreetingToday) });
export type GreetingsDay = z.infer<typeof GreetingsDay>;

/** Whether a MM-DD falls on `day` (YYYY-MM-DD): 29 February is kept on 28 February outside leap years. */
export function fallsOn(monthDay: string, day: string): boolean {
  const today = day.slice(5);
  if (monthDay === today) return true;
  const year = Number(day.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-29' && !leap && today === '02-28';
}

/** The MM-DD values that fall on `day`: its own, and 29 February on 28 February of a common year. */
export function monthDaysOn(day: string): string[] {
  const own = day.slice(5);
  return own !== '02-29' && fallsOn('02-29', day) ? [own, '02-29'] : [own];
}

/** The letter's text for a customer: {{name}} becomes their name. */
export function greetingText(template: string, customerName: string): string {
  return template.replaceAll('{{name}}', customerName);
}
