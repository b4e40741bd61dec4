// The caller card: everything known about whoever is calling, assembled from a handful of prepared,
// index-backed queries (see the partial indexes in migrations/local/0001_initial.sql). Budget: 2 ms
// p99 with 1M customers and 10M interactions (bench/caller-card.ts measures it).
import { numberMarks } from '../../store/number-marks.js';
import {
  ApiError, normaliseEmail, normalisePhone, type CallerCard, type ContactCounts, type CustomerCard, type Customer,
  type Mood, type RatingChannel,
} from '../../../../src-shared/index.js';
import type { ContactPointRow, CustomerRow } from '../../db/schema.js';
import { survivorId } from '../../store/merged-customers.js';
import type { DbHandle } from '../../db/db-handle.js';
import { toContactPoint } from '../../store/contacts.js';
import { openCases } from '../../store/cases.js';
import { historyPage } from '../../store/interactions.js';
import { userColumn, userFrom } from '../../store/refs.js';
import { openTasks } from '../../store/tasks.js';
import { absenceOn } from '../../store/absences.js';
import { cardCampaigns, centreToday } from '../../store/campaigns.js';
import { customerLabels } from '../../store/segments.js';
import { workCalendar } from '../../store/work-calendar.js';
import { customersByAccount } from '../../store/customers.js';

export const CARD_HISTORY = 50;
export const CARD_MOODS = 10;

export const LOOKUP_SQL = `SELECT DISTINCT customer_id FROM contact_point WHERE normalized = ? AND deleted = 0`;
export const CUSTOMER_SQL = `SELECT c.*, ${userColumn('c.owner_id', 'o')} FROM customer c WHERE c.id = ? AND c.deleted = 0`;
export const CONTACTS_SQL = `SELECT * FROM contact_point WHERE customer_id = ? AND deleted = 0 ORDER BY created_at, id`;
/** At most 30 rows of the tally the interaction triggers keep (migrations/local/0007). */
export const COUNTS_SQL = `SELECT direction, channel, reason, n FROM interaction_tally WHERE customer_id = ? AND n > 0`;
/** Index-only on the tiny interaction_corrections index; almost always empty. */
export const HAS_CORRECTIONS_SQL = `SELECT 1 FROM interaction
  WHERE customer_id = ? AND corrects_id IS NOT NULL AND deleted = 0 LIMIT 1`;
/**
 * Entries replaced by a correction are counted once, as their correction: the corrected originals are
 * subtracted. Run only when HAS_CORRECTIONS_SQL finds one (its IN-list costs an ephemeral table).
 */
export const SUPERSEDED_SQL = `SELECT o.direction, o.channel, o.reason, count(*) AS n FROM interaction o
  WHERE o.id IN (SELECT x.corrects_id FROM interaction x WHERE x.customer_id = ? AND x.corrects_id IS NOT NULL AND x.deleted = 0)
    AND o.deleted = 0
  GROUP BY o.direction, o.channel, o.reason`;
/** Index-only on interaction_moods. */
export const MOODS_SQL = `SELECT occurred_at, mood FROM interaction
  WHERE customer_id = ? AND channel = 'call' AND mood IS NOT NULL AND deleted = 0 ORDER BY occurred_at DESC LIMIT ${CARD_MOODS}`;

/** The customer's own ratings on the card (issue 26): the newest few, and the mean of them all. */
const CARD_RATINGS = 5;
const RATINGS_SQL = `SELECT answered_at, score, channel FROM rating WHERE customer_id = ? AND deleted = 0 ORDER BY answered_at DESC LIMIT ${CARD_RATINGS}`;
const RATING_MEAN_SQL = 'SELECT avg(score) AS mean, count(*) AS n FROM rating WHERE customer_id = ? AND deleted = 0';

const DAY_MS = 86_400_000;
/** A range scan of interaction_timeline over the last 30 days: a few rows even for a frequent caller. */
export const RECENCY_SQL = `SELECT coalesce(sum(channel = 'call' AND direction = 'in' AND occurred_at >= $day), 0) AS callsIn24h,
         coalesce(sum(occurred_at >= $week), 0) AS entries7d, count(*) AS entries30d
  FROM interaction WHERE customer_id = $id AND deleted = 0 AND occurred_at >= $month AND occurred_at <= $now`;

interface CountRow {
  direction: 'in' | 'out';
  channel: 'call' | 'email' | 'fax';
  reason: keyof ContactCounts['byReason'];
  n: number;
}

function emptyCounts(): ContactCounts {
  return {
    total: 0,
    byReason: { complaint: 0, service_request: 0, information: 0, sales: 0, other: 0 },
    inbound: { call: 0, email: 0, fax: 0, web: 0, chat: 0, messenger: 0, sms: 0 },
    outbound: { call: 0, email: 0, fax: 0, web: 0, chat: 0, messenger: 0, sms: 0 },
  };
}

function addCounts(counts: ContactCounts, rows: CountRow[], sign: 1 | -1): number {
  let total = 0;
  for (const r of rows) {
    const n = r.n * sign;
    total += n;
    counts.total += n;
    counts.byReason[r.reason] += n;
    (r.direction === 'in' ? counts.inbound : counts.outbound)[r.channel] += n;
  }
  return total;
}

export function customerCard(db: DbHandle, customerId: string, now: number = Date.now()): CustomerCard | null {
  const row = db.prepare(CUSTOMER_SQL).get(customerId) as (CustomerRow & Record<string, unknown>) | undefined;
  if (!row) return null;
  const contacts = (db.prepare(CONTACTS_SQL).all(customerId) as ContactPointRow[]).map(toContactPoint);
  const customer: Customer = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organisation: row.organisation,
    birthday: row.birthday,
    segment: row.segment,
    accountNo: row.account_no ?? null,
    owner: userFrom(row, 'o'),
    ownerLocked: row.owner_locked === 1,
    contacts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  const counts = emptyCounts();
  const historyCount = addCounts(counts, db.prepare(COUNTS_SQL).all(customerId) as CountRow[], 1);
  if (db.prepare(HAS_CORRECTIONS_SQL).get(customerId)) addCounts(counts, db.prepare(SUPERSEDED_SQL).all(customerId) as CountRow[], -1);
  const moods = db.prepare(MOODS_SQL).all(customerId) as { occurred_at: number; mood: Mood }[];
  const ratings = db.prepare(RATINGS_SQL).all(customerId) as { answered_at: number; score: number; channel: RatingChannel }[];
  const mean = db.prepare(RATING_MEAN_SQL).get(customerId) as { mean: number | null; n: number };
  const history = historyPage(db, customerId, CARD_HISTORY);
  const recency = db.prepare(RECENCY_SQL).get({ id: customerId, now, day: now - DAY_MS, week: now - 7 * DAY_MS, month: now - 30 * DAY_MS }) as CustomerCard['recency'];
  return {
    customer,
    counts,
    openCases: openCases(db, customerId),
    recentMoods: moods.map((m) => ({ occurredAt: m.occurred_at, mood: m.mood })),
    recentRatings: ratings.map((r) => ({ answeredAt: r.answered_at, score: r.score, channel: r.channel })),
    ratingAverage: mean.n > 0 && mean.mean !== null ? { mean: Math.round(mean.mean * 10) / 10, count: mean.n } : null,
    lastContactAt: history[0]?.occurredAt ?? null,
    recency,
    openTasks: openTasks(db, customerId),
    ownerAway: ownerAway(db, customer.owner?.id ?? null, now),
    ...labelsAndCampaigns(db, customerId, now),
    historyCount,
    history,
  };
}

/** The owner's absence today, for the owner block: "away until …, back on …; stand-in …". */
function ownerAway(db: DbHandle, ownerId: string | null, now: number): CustomerCard['ownerAway'] {
  if (ownerId === null) return null;
  // Most customers' owners are never away: one indexed probe before the calendar is read.
  if (!db.prepare('SELECT 1 FROM absence WHERE user_id = ? AND deleted = 0 LIMIT 1').get(ownerId)) return null;
  const calendar = workCalendar(db);
  return absenceOn(db, ownerId, calendar.dateOf(now), calendar);
}

/** The customer's tags and segments, and the campaigns that apply today (by them): none at all needs no calendar read. */
function labelsAndCampaigns(db: DbHandle, customerId: string, now: number): Pick<CustomerCard, 'labels' | 'campaigns'> {
  const anySegment = db.prepare('SELECT 1 FROM segment WHERE active = 1 AND deleted = 0 LIMIT 1').get() !== undefined;
  const anyCampaign = db.prepare('SELECT 1 FROM campaign WHERE active = 1 AND deleted = 0 LIMIT 1').get() !== undefined;
  const today = anySegment || anyCampaign ? centreToday(db, now) : '';
  const { tags, segments, all } = customerLabels(db, customerId, today, now);
  return { labels: { tags, segments }, campaigns: anyCampaign ? cardCampaigns(db, customerId, all, today) : [] };
}

/** The card of the customer, or of the one it was merged into. */
export function requireCustomerCard(db: DbHandle, customerId: string, now?: number): CustomerCard {
  const card = customerCard(db, survivorId(db, customerId), now);
  if (!card) throw new ApiError('not_found', `no customer ${customerId}`);
  return card;
}

/** The lookup key for a caller: E.164 for anything phone-like, lower case for an email address. */
export function lookupKey(query: string, defaultCountry: string): string | null {
  if (query.includes('@') && !/^(sip|tel|callto):/i.test(query.trim())) {
    const r = normaliseEmail(query);
    return r.ok ? r.email : null;
  }
  const r = normalisePhone(query, defaultCountry);
  return r.ok ? r.e164 : null;
}

/**
 * The card for a number (or an address). A number nobody has, or a withheld one, with digits keyed
 * in the IVR: the customer whose account or contract number they are (matchedBy 'ivr').
 */
export function callerCard(db: DbHandle, query: string, defaultCountry: string, now?: number, ivrDigits?: string): CallerCard {
  const card = byContact(db, query, defaultCountry, now);
  if (card.matches.length > 0 || !ivrDigits) return card;
  const matches = customersByAccount(db, ivrDigits).map((id) => customerCard(db, id, now)).filter((c): c is CustomerCard => c !== null);
  return matches.length > 0 ? { ...card, matches, matchedBy: 'ivr' } : card;
}

function byContact(db: DbHandle, query: string, defaultCountry: string, now?: number): CallerCard {
  const normalized = lookupKey(query, defaultCountry);
  if (normalized === null) return { query, normalized: null, matches: [] };
  const ids = (db.prepare(LOOKUP_SQL).all(normalized) as { customer_id: string }[]).map((r) => r.customer_id);
  const matches: CustomerCard[] = [];
  for (const id of ids) {
    const card = customerCard(db, id, now);
    if (card) matches.push(card);
  }
  // A shared number: the customer in touch most recently is the likeliest caller.
  if (matches.length > 1) {
    matches.sort((a, b) => (b.lastContactAt ?? 0) - (a.lastContactAt ?? 0) || a.customer.name.localeCompare(b.customer.name));
  }
  // A number (not an address) may carry marks: spam, calls logged without a customer.
  return normalized.startsWith('+') ? { query, normalized, matches, numberMarks: numberMarks(db, normalized) } : { query, normalized, matches };
}
