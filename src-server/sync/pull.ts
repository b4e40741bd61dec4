// Serves a page of the compacted change log after the desktop's cursor, within its user's scope.
// Read in one REPEATABLE READ snapshot so that the page, its rows and the head seq agree.
import { sql, type Kysely } from 'kysely';
import { SYNC_ENTITIES, isSyncEntity } from '../../src-shared/sync/entities.js';
import type { Change, PullResponse } from '../../src-shared/sync/protocol.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { dbToWire, parseFieldHlc } from './row-codec.js';
import { scopePredicate } from './scope.js';

interface VersionRow {
  entity: string;
  row_id: string;
  seq: number;
}

export async function pullPage(db: Kysely<ServerDb>, user: UserRow, after: number, limit: number): Promise<PullResponse> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const head = Number((await sql<{ head: number | null }>`SELECT max(seq) AS head FROM row_version`.execute(trx)).rows[0]?.head ?? 0);
    const page = (
      await sql<VersionRow>`
        SELECT rv.entity, rv.row_id, rv.seq
        FROM row_version rv
        LEFT JOIN customer c ON c.id = rv.customer_id
        LEFT JOIN app_user o ON o.id = c.owner_id
        WHERE rv.seq > ${after} AND ${scopePredicate(user)}
        ORDER BY rv.seq
        LIMIT ${limit}`.execute(trx)
    ).rows.map((r) => ({ ...r, seq: Number(r.seq) }));

    const byEntity = new Map<string, string[]>();
    for (const v of page) byEntity.set(v.entity, [...(byEntity.get(v.entity) ?? []), v.row_id]);
    const rows = new Map<string, Record<string, unknown>>();
    for (const [entity, ids] of byEntity) {
      if (!isSyncEntity(entity)) continue;
      const table = SYNC_ENTITIES[entity].table as 'customer';
      const found = await trx.selectFrom(table).selectAll().where('id', 'in', ids).execute();
      for (const row of found) rows.set(`${entity}:${row.id}`, row as Record<string, unknown>);
    }

    const changes: Change[] = [];
    for (const v of page) {
      const row = rows.get(`${v.entity}:${v.row_id}`);
      if (!row || !isSyncEntity(v.entity)) continue;
      changes.push({ seq: v.seq, entity: v.entity, row: dbToWire(SYNC_ENTITIES[v.entity], row), fieldHlc: parseFieldHlc(row.field_hlc) });
    }
    const full = page.length === limit;
    const cursor = full ? (page[page.length - 1]?.seq ?? after) : Math.max(after, head);
    return { changes, cursor, headSeq: head, hasMore: full && cursor < head };
  });
}
