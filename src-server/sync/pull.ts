// Serves a page of the compacted change log after the desktop's cursor, within its user's scope.
// A large page (an initial sync) is encoded as JSON inside the database: the server process only
// frames the answer, instead of parsing every row into objects and serialising them again.
import { sql, type Kysely, type Transaction } from 'kysely';
import { ROW_META_COLUMNS, SYNC_ENTITIES, SYNC_ENTITY_NAMES, isSyncEntity, type SyncEntityDef } from '../../src-shared/sync/entities.js';
import type { Change } from '../../src-shared/sync/protocol.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { dbToWire, parseFieldHlc } from './row-codec.js';
import { scopePredicate } from './scope.js';
import { ERASURE_ENTITY, SCOPE_EXIT_ENTITY } from '../../src-shared/sync/entities.js';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The wire form of a row of `t` as a SQL json expression, the same object as row-codec's dbToWire:
 * the meta columns and the data columns, binary as base64 (PostgreSQL's encoder breaks lines every
 * 76 characters; the wire form has none), JSON lists as JSON.
 */
function rowJsonSql(def: SyncEntityDef): string {
  const binary = new Set<string>(def.binaryColumns ?? []);
  const json = new Set<string>(def.jsonColumns ?? []);
  const pairs = [...ROW_META_COLUMNS, ...def.columns].map((column) => {
    const ref = `t.${quote(column)}`;
    const value = binary.has(column) ? `replace(encode(${ref}, 'base64'), E'\\n', '')` : json.has(column) ? `${ref}::json` : ref;
    return `'${column}', ${value}`;
  });
  return `json_build_object(${pairs.join(', ')})`;
}

/**
 * Up to this many entries after the cursor, a page is read with plain queries: the JSON statement
 * costs more to plan (PGlite: several milliseconds) than a few rows cost to encode in Node, and
 * online propagation pulls one or two rows at a time.
 */
const SMALL_PAGE = 64;

/** Every entity's branch: the page's entries of that entity joined to their rows, as Change JSON. */
const CHANGES_SQL = SYNC_ENTITY_NAMES.map((entity) => {
  const def: SyncEntityDef = SYNC_ENTITIES[entity];
  return `SELECT p.seq, json_build_object('seq', p.seq, 'entity', '${entity}', 'row', ${rowJsonSql(def)}, 'fieldHlc', t.field_hlc)::text AS j
          FROM page p JOIN ${quote(def.table)} t ON t.id = p.row_id WHERE p.entity = '${entity}'`;
}).concat([
  // An erasure (or a scope exit) carries only the customer's id: the desktop removes everything of theirs.
  ...[ERASURE_ENTITY, SCOPE_EXIT_ENTITY].map((entity) =>
    `SELECT p.seq, json_build_object('seq', p.seq, 'entity', '${entity}', 'row', json_build_object('id', p.row_id), 'fieldHlc', '{}'::json)::text AS j
     FROM page p WHERE p.entity = '${entity}'`),
]).join('\nUNION ALL\n');

interface VersionRow {
  entity: string;
  row_id: string;
  seq: number;
}

const pageEntries = (user: UserRow, after: number, limit: number) => sql`
  SELECT rv.entity, rv.row_id, rv.seq
  FROM row_version rv
  LEFT JOIN customer c ON c.id = rv.customer_id
  LEFT JOIN app_user o ON o.id = c.owner_id
  WHERE rv.seq > ${after}
    AND CASE WHEN rv.entity = ${SCOPE_EXIT_ENTITY} THEN NOT ${scopePredicate(user)} ELSE ${scopePredicate(user)} END
  ORDER BY rv.seq
  LIMIT ${limit}`;

/** A large page in one statement: entries, rows and their JSON, all inside the database. */
async function largePage(trx: Transaction<ServerDb>, user: UserRow, after: number, limit: number): Promise<{ n: number; last: number | null; changes: string }> {
  const row = (
    await sql<{ n: number; last: number | null; changes: string | null }>`
      WITH page AS MATERIALIZED (${pageEntries(user, after, limit)}), changes AS (${sql.raw(CHANGES_SQL)})
      SELECT (SELECT count(*) FROM page) AS n, (SELECT max(seq) FROM page) AS last,
             (SELECT string_agg(j, ',' ORDER BY seq) FROM changes) AS changes`.execute(trx)
  ).rows[0];
  return { n: Number(row?.n ?? 0), last: row?.last === null || row?.last === undefined ? null : Number(row.last), changes: row?.changes ?? '' };
}

/** A small page with plain queries, encoded in Node (the same wire form, by row-codec). */
async function smallPage(trx: Transaction<ServerDb>, user: UserRow, after: number, limit: number): Promise<{ n: number; last: number | null; changes: string }> {
  const page = (await pageEntries(user, after, limit).execute(trx)).rows.map((r) => {
    const v = r as VersionRow;
    return { entity: v.entity, row_id: v.row_id, seq: Number(v.seq) };
  });
  const rows = new Map<string, Record<string, unknown>>();
  for (const entity of new Set(page.map((v) => v.entity))) {
    if (!isSyncEntity(entity)) continue;
    const ids = page.filter((v) => v.entity === entity).map((v) => v.row_id);
    const found = await trx.selectFrom(SYNC_ENTITIES[entity].table as 'customer').selectAll().where('id', 'in', ids).execute();
    for (const row of found) rows.set(`${entity}:${row.id}`, row as Record<string, unknown>);
  }
  const changes: Change[] = [];
  for (const v of page) {
    if (v.entity === ERASURE_ENTITY || v.entity === SCOPE_EXIT_ENTITY) {
      changes.push({ seq: v.seq, entity: v.entity, row: { id: v.row_id }, fieldHlc: {} });
      continue;
    }
    const row = rows.get(`${v.entity}:${v.row_id}`);
    if (!row || !isSyncEntity(v.entity)) continue;
    changes.push({ seq: v.seq, entity: v.entity, row: dbToWire(SYNC_ENTITIES[v.entity], row), fieldHlc: parseFieldHlc(row.field_hlc) });
  }
  return { n: page.length, last: page[page.length - 1]?.seq ?? null, changes: JSON.stringify(changes).slice(1, -1) };
}

/** A page as the PullResponse's JSON text, with the fields the live feed decides on. */
export interface PulledPage {
  json: string;
  /** Whether the page carries any change (entries whose rows are gone are skipped). */
  hasChanges: boolean;
  cursor: number;
  headSeq: number;
  hasMore: boolean;
}

/**
 * The PullResponse of src-shared/sync/protocol.ts as JSON text, read in one REPEATABLE READ snapshot
 * so that the page, its rows and the head seq agree. A full page ends at its last entry; a short one
 * brings the cursor to the head (entries out of scope are skipped for good). The head is safe to
 * treat as "everything up to here is known": every writer of row_version holds the push lock while
 * it draws seqs and until it commits, so a transaction not yet visible in this snapshot can only
 * commit seqs above it.
 */
export async function pullPage(db: Kysely<ServerDb>, user: UserRow, after: number, limit: number): Promise<PulledPage> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const head = Number((await sql<{ head: number | null }>`SELECT max(seq) AS head FROM row_version`.execute(trx)).rows[0]?.head ?? 0);
    const { n, last, changes } = head - after > SMALL_PAGE ? await largePage(trx, user, after, limit) : await smallPage(trx, user, after, limit);
    const full = n === limit;
    const cursor = full ? (last ?? after) : Math.max(after, head);
    const hasMore = full && cursor < head;
    const json = `{"changes":[${changes}],"cursor":${cursor},"headSeq":${head},"hasMore":${hasMore}}`;
    return { json, hasChanges: changes !== '', cursor, headSeq: head, hasMore };
  });
}

export async function pullPageJson(db: Kysely<ServerDb>, user: UserRow, after: number, limit: number): Promise<string> {
  return (await pullPage(db, user, after, limit)).json;
}
