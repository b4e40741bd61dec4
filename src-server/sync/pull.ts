// Serves a page of the compacted change log after the desktop's cursor, within its user's scope.
// One SQL statement reads the page, its rows and the head seq (one snapshot, so they agree) and
// encodes the changes as JSON inside the database: the server process only frames the answer,
// instead of parsing every row into objects and serialising them again.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ROW_META_COLUMNS, SYNC_ENTITIES, SYNC_ENTITY_NAMES, type SyncEntityDef } from '../../src-shared/sync/entities.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { scopePredicate } from './scope.js';

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

/** One branch per entity: the page's entries of that entity joined to their rows, as Change JSON. */
const CHANGES_SQL = SYNC_ENTITY_NAMES.map((entity) => {
  const def: SyncEntityDef = SYNC_ENTITIES[entity];
  return `SELECT p.seq, json_build_object('seq', p.seq, 'entity', '${entity}', 'row', ${rowJsonSql(def)}, 'fieldHlc', t.field_hlc)::text AS j
          FROM page p JOIN ${quote(def.table)} t ON t.id = p.row_id WHERE p.entity = '${entity}'`;
}).join('\nUNION ALL\n');

function pageSql(user: UserRow, after: number, limit: number): RawBuilder<{ head: number | null; n: number; last: number | null; changes: string | null }> {
  return sql`
    WITH page AS MATERIALIZED (
      SELECT rv.entity, rv.row_id, rv.seq
      FROM row_version rv
      LEFT JOIN customer c ON c.id = rv.customer_id
      LEFT JOIN app_user o ON o.id = c.owner_id
      WHERE rv.seq > ${after} AND ${scopePredicate(user)}
      ORDER BY rv.seq
      LIMIT ${limit}
    ), changes AS (${sql.raw(CHANGES_SQL)})
    SELECT (SELECT max(seq) FROM row_version) AS head,
           (SELECT count(*) FROM page) AS n,
           (SELECT max(seq) FROM page) AS last,
           (SELECT string_agg(j, ',' ORDER BY seq) FROM changes) AS changes`;
}

/**
 * The PullResponse of src-shared/sync/protocol.ts as JSON text. A full page ends at its last entry;
 * a short one brings the cursor to the head (entries out of scope are skipped for good).
 */
export async function pullPageJson(db: Kysely<ServerDb>, user: UserRow, after: number, limit: number): Promise<string> {
  const row = (await pageSql(user, after, limit).execute(db)).rows[0];
  const head = Number(row?.head ?? 0);
  const full = Number(row?.n ?? 0) === limit;
  const cursor = full ? Number(row?.last ?? after) : Math.max(after, head);
  return `{"changes":[${row?.changes ?? ''}],"cursor":${cursor},"headSeq":${head},"hasMore":${full && cursor < head}}`;
}
