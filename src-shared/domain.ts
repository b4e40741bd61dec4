// Domain vocabulary shared by every process. Values are stored verbatim in SQLite and PostgreSQL,
// so renaming one is a migration, not a refactor.
import { z } from 'zod';

/**
 * How a contact came: the three an operator logs (call, email, fax), and those the server records
 * from the company's other channels (issue 26): a website's form (web), the site's chat (chat), a
 * messenger (messenger).
 */
/** 'sms': a text message the centre sends (greetings by SMS, issue 20). */
export const CHANNELS = ['call', 'email', 'fax', 'web', 'chat', 'messenger', 'sms'] as const;
/** The channels an operator logs by hand (the logging forms). */
export const LOGGED_CHANNELS = ['call', 'email', 'fax'] as const;
export type LoggedChannel = (typeof LOGGED_CHANNELS)[number];

export function isLoggedChannel(channel: string): channel is LoggedChannel {
  return (LOGGED_CHANNELS as readonly string[]).includes(channel);
}
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const DIRECTIONS = ['in', 'out'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

export const REASONS = ['complaint', 'service_request', 'information', 'sales', 'other'] as const;
export const Reason = z.enum(REASONS);
export type Reason = z.infer<typeof Reason>;

/** The outcome of an inbound call that rang and was never answered (logged automatically). */
export const MISSED_OUTCOME = 'missed';

/** What a number (not a customer) is marked with: spam, or a call logged without a customer. */
export const NUMBER_MARK_KINDS = ['spam', 'wrong_number', 'no_customer'] as const;
export const NumberMarkKind = z.enum(NUMBER_MARK_KINDS);
export type NumberMarkKind = z.infer<typeof NumberMarkKind>;

export const MOODS = ['positive', 'neutral', 'negative', 'angry'] as const;
export const Mood = z.enum(MOODS);
export type Mood = z.infer<typeof Mood>;

export const CONTACT_KINDS = ['phone', 'email', 'fax'] as const;
export const ContactKind = z.enum(CONTACT_KINDS);
export type ContactKind = z.infer<typeof ContactKind>;

export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export const CustomerKind = z.enum(CUSTOMER_KINDS);
export type CustomerKind = z.infer<typeof CustomerKind>;

export const CASE_STATUSES = ['open', 'pending', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const TASK_KINDS = ['callback', 'send_offer', 'other'] as const;
export const TaskKind = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKind>;

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TaskPriority = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof TaskPriority>;

export const ROLES = ['operator', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** How a customer's own rating came (issue 26): a digit in the IVR after a call, a reply in a chat or messenger, a link in an email or SMS. */
export const RATING_CHANNELS = ['ivr', 'chat', 'messenger', 'email', 'sms'] as const;
export const RatingChannel = z.enum(RATING_CHANNELS);
export type RatingChannel = z.infer<typeof RatingChannel>;
/** A satisfaction score: 1 (very bad) to 5 (very good). */
export const RatingScore = z.number().int().min(1).max(5);

export const LOCALES = ['ru', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Row ids are UUIDv7 strings made where the row is created (offline creation needs no server). */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** Milliseconds since the Unix epoch, UTC. Every timestamp crossing a process boundary uses it. */
export const EpochMs = z.number().int().nonnegative().max(8_640_000_000_000_000);
export type EpochMs = z.infer<typeof EpochMs>;

/**
 * A customer's account or contract number as the company writes it and callers key it in the IVR
 * (issue 26): letters, digits and - / . inside; compared without case.
 */
export const AccountNo = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}](?:[\p{L}\p{N}\-/.]*[\p{L}\p{N}])?$/u, 'letters and digits, with - / . inside');
export type AccountNo = z.infer<typeof AccountNo>;

/** The digits a caller keyed in the IVR (a contract number, a PIN): the keypad's keys. */
export const IvrDigits = z.string().trim().min(1).max(40).regex(/^[0-9*#]+$/, 'the keypad: 0-9 * #');
export type IvrDigits = z.infer<typeof IvrDigits>;

/** The caller's path through the IVR's menus as the PBX writes it ("1>3", "sales>delivery"): printable, one line. */
export const IvrPath = z.string().trim().min(1).max(200).regex(/^[^\p{Cc}\p{Cs}]+$/u, 'one line of printable text');
export type IvrPath = z.infer<typeof IvrPath>;

