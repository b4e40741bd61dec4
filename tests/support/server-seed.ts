// Fills a server database directly with SQL (fast: INSERT ... SELECT generate_series), for the
// bounded-memory test and the initial-sync benchmark: customers, one phone each, interactions, and
// their change-log entries, every row stamped like a pushed one (hlc + field_hlc).
import { sql, type Kysely } from 'kysely';
import { encodeHlc } from '../../src-shared/hlc.js';
import { BASE_STAMP } from '../../src-shared/sync/field-stamps.js';
import type { ServerDb } from '../../src-server/db/schema.js';

export interface SeedCounts {
  customers: number;
  contacts: number;
  interactions: number;
  /** All rows a desktop with scope "all" receives (the server's users included). */
  total: number;
}

/** Seeds about `rows` synced rows: per customer one phone and `interactionsPerCustomer` calls. */
export async function seedServerRows(db: Kysely<ServerDb>, rows: number, interactionsPerCustomer = 3, userId: string | null = null): Promise<SeedCounts> {
  const customers = Math.max(1, Math.floor(rows / (2 + interactionsPerCustomer)));
  const interactions = customers * interactionsPerCustomer;
  const now = Date.now();
  const hlc = encodeHlc({ ms: now, counter: 0, node: 'seed' });
  // Every field written at one stamp: the compact form (src-shared/sync/field-stamps.ts).
  const stamps = JSON.stringify({ [BASE_STAMP]: hlc });
  const cid = sql`(md5('c' || g)::uuid)::text`;
  await sql`
    INSERT INTO customer (id, kind, name, organisation, birthday, segment, owner_id, owner_locked, created_at, updated_at, hlc, deleted, field_hlc)
    SELECT ${cid}, 'person', 'Клиент ' || g, CASE WHEN g % 5 = 0 THEN 'ООО Ромашка ' || (g % 1000) END, NULL,
           (ARRAY['VIP', 'B2B', 'retail'])[1 + g % 3], NULL, 0, ${now}, ${now}, ${hlc}, 0, ${stamps}::jsonb
    FROM generate_series(1, ${customers}) AS g`.execute(db);
  await sql`
    INSERT INTO contact_point (id, customer_id, kind, raw, normalized, label, created_at, updated_at, hlc, deleted, field_hlc)
    SELECT (md5('p' || g)::uuid)::text, ${cid}, 'phone', '+7 916 ' || lpad(g::text, 7, '0'), '+7916' || lpad(g::text, 7, '0'), NULL,
           ${now}, ${now}, ${hlc}, 0, ${stamps}::jsonb
    FROM generate_series(1, ${customers}) AS g`.execute(db);
  await sql`
    INSERT INTO interaction (id, customer_id, case_id, channel, direction, occurred_at, duration_s, user_id, reason, outcome, mood, notes,
                             promise, number, email_from, email_to, email_cc, email_subject, email_body, fax_pages, corrects_id,
                             created_at, updated_at, hlc, deleted, field_hlc)
    SELECT (md5('i' || i)::uuid)::text, (md5('c' || (1 + i % ${customers}))::uuid)::text, NULL, 'call', CASE WHEN i % 2 = 0 THEN 'in' ELSE 'out' END,
           ${now}::bigint - i * 1000, i % 600, ${userId}, (ARRAY['complaint', 'service_request', 'information', 'sales', 'other'])[1 + i % 5], NULL,
           (ARRAY['positive', 'neutral', 'negative'])[1 + i % 3], 'Звонок ' || i || ': клиент спрашивал про тариф и сроки подключения',
           NULL, NULL, NULL, '[]', '[]', NULL, NULL, NULL, NULL, ${now}, ${now}, ${hlc}, 0, ${stamps}::jsonb
    FROM generate_series(1, ${interactions}) AS i`.execute(db);
  await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) SELECT 'customer', id, nextval('change_seq'), id FROM customer WHERE hlc = ${hlc}`.execute(db);
  await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) SELECT 'contact_point', id, nextval('change_seq'), customer_id FROM contact_point WHERE hlc = ${hlc}`.execute(db);
  await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) SELECT 'interaction', id, nextval('change_seq'), customer_id FROM interaction WHERE hlc = ${hlc}`.execute(db);
  await sql`ANALYZE`.execute(db);
  const total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM row_version`.execute(db)).rows[0]?.n ?? 0);
  return { customers, contacts: customers, interactions, total };
}
