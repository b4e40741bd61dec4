// Search across customers (name, organisation, numbers, emails) and interaction text, with FTS5;
// #labels (tags, segments) narrow it to the customers who carry them.
// User text never reaches FTS5 as syntax: it is cut into letter/digit tokens, each quoted, so that
// quotes, brackets, AND/OR/NEAR or a lone '*' cannot produce a syntax error or a different query.
import { formatPhone, LIMITS, type SearchResults } from '../../../../src-shared/index.js';
import { lookupKey } from '../customers/caller-card.js';
import { fold, indexCustomersSql } from '../../db/page-search-index.js';
import type { DbHandle } from '../../db/db-handle.js';
import { centreToday } from '../../store/campaigns.js';
import { customersWithLabel } from '../../store/segments.js';

const MAX_TOKENS = 12;

/**
 * unicode61 folds Latin diacritics but treats ё as its own letter, while Russian writers use ё and е
 * interchangeably. The index triggers store ё as е (migrations/local/0002), and queries fold the same way.
 */
export function foldYo(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/** The letter and digit tokens of the user's text, ё folded, at most MAX_TOKENS. */
function tokensOf(text: string): string[] {
  return (foldYo(text.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TOKENS);
}

/**
 * An FTS5 MATCH expression for the user's text, or null when the text holds no searchable token.
 * Every token of two characters or more is a prefix (search as you type). A one-character token is an
 * initial when a longer token goes with it ("Семенова Т", "Семенова Т.Ю."): a prefix of a word of
 * `initialsColumn` (the name). Alone, or where there is no such column, it is a word of its own: a
 * lone one-letter prefix would match a large share of the store and make the ranking sort slow.
 */
export function ftsQuery(text: string, initialsColumn?: string): string | null {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return null;
  const initials = initialsColumn !== undefined && tokens.some((t) => t.length >= 2);
  return tokens.map((t) => (t.length >= 2 ? `"${t}"*` : initials ? `${initialsColumn} : "${t}"*` : `"${t}"`)).join(' ');
}

const CUSTOMERS_SQL = `
  SELECT c.id AS customerId, c.name AS name, c.organisation AS organisation,
         bm25(customer_fts, 10.0, 5.0, 3.0) AS rank
  FROM customer_fts f JOIN customer c ON c.rowid = f.rowid
  WHERE customer_fts MATCH ? AND c.deleted = 0
  ORDER BY rank LIMIT ?`;

const EXACT_CONTACT_SQL = `
  SELECT DISTINCT c.id AS customerId, c.name AS name, c.organisation AS organisation
  FROM contact_point p JOIN customer c ON c.id = p.customer_id
  WHERE p.normalized = ? AND p.deleted = 0 AND c.deleted = 0`;

/** What a result shows besides the name: one phone, one email, the last contact, the open cases. */
const DETAILS_SQL = `
  SELECT (SELECT normalized FROM contact_point WHERE customer_id = $id AND kind = 'phone' AND deleted = 0 ORDER BY created_at, id LIMIT 1) AS phone,
         (SELECT normalized FROM contact_point WHERE customer_id = $id AND kind = 'email' AND deleted = 0 ORDER BY created_at, id LIMIT 1) AS email,
         (SELECT occurred_at FROM interaction WHERE customer_id = $id AND deleted = 0 ORDER BY occurred_at DESC LIMIT 1) AS lastContactAt,
         (SELECT count(*) FROM "case" WHERE customer_id = $id AND status <> 'closed' AND deleted = 0) AS openCases`;

const INTERACTIONS_SQL = `
  SELECT i.id AS interactionId, i.customer_id AS customerId, c.name AS customerName, i.channel AS channel,
         i.occurred_at AS occurredAt, snippet(interaction_fts, -1, '', '', '…', 16) AS snippet,
         bm25(interaction_fts, 1.0, 3.0, 1.0) AS rank
  FROM interaction_fts f
  JOIN interaction i ON i.rowid = f.rowid
  JOIN customer c ON c.id = i.customer_id
  WHERE interaction_fts MATCH ? AND i.deleted = 0 AND c.deleted = 0
  ORDER BY rank LIMIT ?`;

/** Rank given to an exact number/email match: ahead of any bm25 score. */
const EXACT_RANK = -1_000_000;

type CustomerHit = SearchResults['customers'][number];
type FoundCustomer = Pick<CustomerHit, 'customerId' | 'name' | 'organisation' | 'rank'>;
type InteractionHit = SearchResults['interactions'][number];

/**
 * The #labels of a query (#VIP, #"Выставка 2026"): tags, the segment field or saved segments'
 * names (issue 20), and the rest of its text.
 */
export function labelsOfQuery(q: string): { labels: string[]; text: string } {
  const labels: string[] = [];
  const text = q.replace(/#(?:"([^"]*)"|([^\s#"]+))/gu, (_, quoted: string | undefined, word: string | undefined) => {
    const label = (quoted ?? word ?? '').trim();
    if (label !== '') labels.push(label);
    return ' ';
  });
  return { labels, text: text.trim() };
}

export function search(db: DbHandle, q: string, limit: number, defaultCountry: string, now: number = Date.now()): SearchResults {
  const { labels, text } = labelsOfQuery(q);
  if (labels.length === 0) return searchText(db, q, limit, defaultCountry);
  // Every label must hold (#VIP #опт: both); the text, if any, narrows further.
  const today = centreToday(db, now);
  let carriers = new Set(customersWithLabel(db, labels[0]!, today, now));
  for (const l of labels.slice(1)) {
    const next = new Set(customersWithLabel(db, l, today, now));
    carriers = new Set([...carriers].filter((id) => next.has(id)));
  }
  const capped = Math.min(Math.max(1, limit), LIMITS.searchResults);
  if (text === '') {
    const named = [...carriers].map((id) => db.prepare('SELECT id AS customerId, name, organisation FROM customer WHERE id = ?').get(id) as Omit<FoundCustomer, 'rank'>)
      .sort((a, b) => a.name.localeCompare(b.name, 'ru')).slice(0, capped);
    return { customers: named.map((h) => ({ ...withDetails(db, { ...h, rank: 0, exact: null }, ''), matched: 'label' as const })), interactions: [] };
  }
  // Text within the labelled customers: asked of the index at full depth, then kept to them.
  const wide = searchText(db, text, LIMITS.searchResults, defaultCountry);
  return {
    customers: wide.customers.filter((c) => carriers.has(c.customerId)).slice(0, capped),
    interactions: wide.interactions.filter((i) => i.customerId !== null && carriers.has(i.customerId)).slice(0, capped),
  };
}

function searchText(db: DbHandle, q: string, limit: number, defaultCountry: string): SearchResults {
  const capped = Math.min(Math.max(1, limit), LIMITS.searchResults);
  const found: (FoundCustomer & { exact: 'number' | 'email' | null })[] = [];
  const seen = new Set<string>();
  // A full number or address finds its owners directly, even when its digits are split differently
  // from the stored raw form.
  const key = q.replace(/\D/g, '').length >= 7 || q.includes('@') ? lookupKey(q, defaultCountry) : null;
  if (key) {
    for (const hit of db.prepare(EXACT_CONTACT_SQL).all(key) as Omit<FoundCustomer, 'rank'>[]) {
      if (found.length >= capped) break;
      seen.add(hit.customerId);
      found.push({ ...hit, rank: EXACT_RANK, exact: key.includes('@') ? 'email' : 'number' });
    }
  }
  const details = (hits: typeof found) => hits.map((h) => withDetails(db, h, q));
  const match = ftsQuery(q, 'name');
  if (match === null) return { customers: details(found), interactions: [] };
  let interactions: InteractionHit[];
  try {
    for (const hit of db.prepare(CUSTOMERS_SQL).all(match, capped) as FoundCustomer[]) {
      if (found.length >= capped) break;
      if (seen.has(hit.customerId)) continue;
      found.push({ ...hit, exact: null });
    }
    // Interaction text has no name column: one-letter tokens there are words of their own.
    const textMatch = ftsQuery(q);
    interactions = textMatch === null ? [] : (db.prepare(INTERACTIONS_SQL).all(textMatch, capped) as InteractionHit[]);
  } catch (error) {
    // The query is built from quoted tokens, so this should not happen; if FTS5 still refuses it,
    // the operator sees no results rather than an error while typing.
    if (error instanceof Error && /fts5|syntax/i.test(error.message)) return { customers: details(found), interactions: [] };
    throw error;
  }
  return { customers: details(found), interactions };
}

/** Every query token begins a word of `text` (folded as the index folds it). */
function wordsStartWith(text: string | null, tokens: string[]): boolean {
  if (!text || tokens.length === 0) return false;
  const words = tokensOf(text).map((w) => w.toLowerCase());
  return tokens.every((t) => words.some((w) => w.startsWith(t.toLowerCase())));
}

function withDetails(db: DbHandle, hit: FoundCustomer & { exact: 'number' | 'email' | null }, q: string): CustomerHit {
  const d = db.prepare(DETAILS_SQL).get({ id: hit.customerId }) as { phone: string | null; email: string | null; lastContactAt: number | null; openCases: number };
  const tokens = tokensOf(q);
  const matched = hit.exact ?? (wordsStartWith(hit.name, tokens) ? 'name' : wordsStartWith(hit.organisation, tokens) ? 'organisation' : 'contact');
  return {
    customerId: hit.customerId,
    name: hit.name,
    organisation: hit.organisation,
    phone: d.phone === null ? null : formatPhone(d.phone),
    email: d.email,
    matched,
    lastContactAt: d.lastContactAt,
    openCases: d.openCases,
    rank: hit.rank,
  };
}

/**
 * Rebuilds both full-text indexes from their tables. Needed only after an operation that renumbers
 * implicit rowids (VACUUM), which the engine never runs on its own.
 */
export function rebuildSearchIndex(db: DbHandle): void {
  db.sqlite.transaction(() => {
    db.sqlite.exec(`
      DELETE FROM customer_fts;
      ${indexCustomersSql('c.deleted = 0')};
      INSERT INTO interaction_fts (interaction_fts) VALUES ('delete-all');
      INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
      SELECT rowid, ${fold('notes')}, ${fold('email_subject')}, ${fold('email_body')} FROM interaction WHERE deleted = 0;`);
  })();
}
