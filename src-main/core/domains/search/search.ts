// Search across customers (name, organisation, numbers, emails) and interaction text, with FTS5.
// User text never reaches FTS5 as syntax: it is cut into letter/digit tokens, each quoted, so that
// quotes, brackets, AND/OR/NEAR or a lone '*' cannot produce a syntax error or a different query.
import { LIMITS, type SearchResults } from '../../../../src-shared/index.js';
import { lookupKey } from '../customers/caller-card.js';
import { fold, indexCustomersSql } from '../../db/page-search-index.js';
import type { DbHandle } from '../../db/db-handle.js';

const MAX_TOKENS = 12;

/**
 * unicode61 folds Latin diacritics but treats ё as its own letter, while Russian writers use ё and е
 * interchangeably. The index triggers store ё as е (migrations/local/0002), and queries fold the same way.
 */
export function foldYo(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/** An FTS5 MATCH expression for the user's text, or null when the text holds no searchable token. */
export function ftsQuery(text: string): string | null {
  const tokens = (foldYo(text.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TOKENS);
  if (tokens.length === 0) return null;
  // Every token is a prefix (search as you type), except one-character tokens, whose prefix would
  // match a large share of the store and make the ranking sort slow.
  return tokens.map((t) => (t.length >= 2 ? `"${t}"*` : `"${t}"`)).join(' ');
}

const CUSTOMERS_SQL = `
  SELECT c.id AS customerId, c.name AS name, c.organisation AS organisation, f.contacts AS contacts,
         bm25(customer_fts, 10.0, 5.0, 3.0) AS rank
  FROM customer_fts f JOIN customer c ON c.rowid = f.rowid
  WHERE customer_fts MATCH ? AND c.deleted = 0
  ORDER BY rank LIMIT ?`;

const EXACT_CONTACT_SQL = `
  SELECT DISTINCT c.id AS customerId, c.name AS name, c.organisation AS organisation,
         coalesce((SELECT group_concat(p2.raw || ' ' || p2.normalized, ' ') FROM contact_point p2
                   WHERE p2.customer_id = c.id AND p2.deleted = 0), '') AS contacts
  FROM contact_point p JOIN customer c ON c.id = p.customer_id
  WHERE p.normalized = ? AND p.deleted = 0 AND c.deleted = 0`;

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
type InteractionHit = SearchResults['interactions'][number];

export function search(db: DbHandle, q: string, limit: number, defaultCountry: string): SearchResults {
  const capped = Math.min(Math.max(1, limit), LIMITS.searchResults);
  const customers: CustomerHit[] = [];
  const seen = new Set<string>();
  // A full number or address finds its owners directly, even when its digits are split differently
  // from the stored raw form.
  const key = q.replace(/\D/g, '').length >= 7 || q.includes('@') ? lookupKey(q, defaultCountry) : null;
  if (key) {
    for (const hit of db.prepare(EXACT_CONTACT_SQL).all(key) as Omit<CustomerHit, 'rank'>[]) {
      if (customers.length >= capped) break;
      seen.add(hit.customerId);
      customers.push({ ...hit, rank: EXACT_RANK });
    }
  }
  const match = ftsQuery(q);
  if (match === null) return { customers, interactions: [] };
  let interactions: InteractionHit[];
  try {
    for (const hit of db.prepare(CUSTOMERS_SQL).all(match, capped) as CustomerHit[]) {
      if (customers.length >= capped) break;
      if (seen.has(hit.customerId)) continue;
      customers.push(hit);
    }
    interactions = db.prepare(INTERACTIONS_SQL).all(match, capped) as InteractionHit[];
  } catch (error) {
    // The query is built from quoted tokens, so this should not happen; if FTS5 still refuses it,
    // the operator sees no results rather than an error while typing.
    if (error instanceof Error && /fts5|syntax/i.test(error.message)) return { customers, interactions: [] };
    throw error;
  }
  return { customers, interactions };
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
