// The admin's PBXes and lines: which PBXes the centre has, and who has which extension on each.
// A line on an Asterisk PBX is also written to the user's synced record (extension and endpoint), so
// the user's desktop follows that phone over AMI with nothing typed, and a change reaches it with the
// next pull (the desktop restarts its AMI link without a restart of the app).
import type { Kysely, Transaction } from 'kysely';
import type { CreatePbxSourceRequest, PbxLine, PbxSourceDetail, PbxSourceView, SetPbxLineRequest } from '../../src-shared/pbx/protocol.js';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { parseFieldHlc } from '../sync/row-codec.js';
import { expandStamps, stampedFields } from '../../src-shared/sync/field-stamps.js';
import { serverStamp } from '../sync/server-clock.js';

type SourceRow = ServerDb['pbx_source'] & { locale: 'ru' | 'en'; country: string };

function toView(row: SourceRow): PbxSourceView {
  return {
    id: row.id, kind: row.kind, name: row.name, apiKeySet: row.api_key !== null, secretSet: row.secret !== null, teamId: row.team_id,
    locale: row.locale, country: row.country, webhookPath: row.kind === 'asterisk' ? null : `/pbx/${row.id}/`, apiUrl: row.api_url ?? null,
  };
}

export async function createPbxSource(db: Kysely<ServerDb>, input: CreatePbxSourceRequest, now: number): Promise<PbxSourceView> {
  if (input.teamId && !(await db.selectFrom('team').select('id').where('id', '=', input.teamId).executeTakeFirst())) {
    throw new DomainError('validation', 'teamId: no such team', { teamId: ['no such team'] });
  }
  const inserted = await db.insertInto('pbx_source').values({
    id: input.id, kind: input.kind, name: input.name, api_key: input.apiKey ?? null, secret: input.secret ?? null, team_id: input.teamId ?? null,
    locale: input.locale ?? 'ru', country: input.country ?? 'RU', created_at: now, api_url: input.apiUrl ?? null,
  }).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
  if (!inserted) throw new DomainError('conflict', `a PBX named ${input.id} exists`);
  return toView(inserted as SourceRow);
}

export async function listPbxSources(db: Kysely<ServerDb>): Promise<PbxSourceView[]> {
  return (await db.selectFrom('pbx_source').selectAll().orderBy('id').execute()).map((r) => toView(r as SourceRow));
}

export async function findPbxSource(db: Kysely<ServerDb>, id: string): Promise<SourceRow | undefined> {
  return (await db.selectFrom('pbx_source').selectAll().where('id', '=', id).executeTakeFirst()) as SourceRow | undefined;
}

export async function pbxSourceDetail(db: Kysely<ServerDb>, id: string): Promise<PbxSourceDetail> {
  const source = await findPbxSource(db, id);
  if (!source) throw new DomainError('not_found', `no PBX ${id}`);
  const lines = await db.selectFrom('pbx_line').innerJoin('app_user', 'app_user.id', 'pbx_line.user_id')
    .select(['pbx_line.source_id', 'pbx_line.extension', 'pbx_line.user_id', 'pbx_line.endpoint', 'app_user.name'])
    .where('pbx_line.source_id', '=', id).orderBy('pbx_line.extension').execute();
  return {
    ...toView(source),
    lines: lines.map((l): PbxLine => ({ sourceId: l.source_id, extension: l.extension, userId: l.user_id, userName: l.name, endpoint: l.endpoint })),
  };
}

/** Gives a user their extension on a PBX (replacing their previous one there); returns the PBX's lines. */
export async function setPbxLine(db: Kysely<ServerDb>, sourceId: string, input: SetPbxLineRequest, now: number): Promise<PbxSourceDetail> {
  const source = await findPbxSource(db, sourceId);
  if (!source) throw new DomainError('not_found', `no PBX ${sourceId}`);
  await db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const user = await trx.selectFrom('app_user').select('id').where('id', '=', input.userId).where('deleted', '=', 0).executeTakeFirst();
    if (!user) throw new DomainError('validation', 'userId: no such user', { userId: ['no such user'] });
    const holder = await trx.selectFrom('pbx_line').select('user_id').where('source_id', '=', sourceId).where('extension', '=', input.extension).executeTakeFirst();
    if (holder && holder.user_id !== input.userId) throw new DomainError('conflict', `extension ${input.extension} on ${sourceId} belongs to another user: remove that line first`);
    await trx.deleteFrom('pbx_line').where('source_id', '=', sourceId).where('user_id', '=', input.userId).execute();
    const endpoint = input.endpoint ?? null;
    await trx.insertInto('pbx_line').values({ source_id: sourceId, extension: input.extension, user_id: input.userId, endpoint }).execute();
    if (source.kind === 'asterisk') await writeUserLine(trx, input.userId, { extension: input.extension, endpoint }, now);
  });
  return pbxSourceDetail(db, sourceId);
}

export async function removePbxLine(db: Kysely<ServerDb>, sourceId: string, userId: string, now: number): Promise<PbxSourceDetail> {
  const source = await findPbxSource(db, sourceId);
  if (!source) throw new DomainError('not_found', `no PBX ${sourceId}`);
  await db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const removed = await trx.deleteFrom('pbx_line').where('source_id', '=', sourceId).where('user_id', '=', userId).returningAll().executeTakeFirst();
    if (!removed) throw new DomainError('not_found', `the user has no line on ${sourceId}`);
    if (source.kind === 'asterisk') await writeUserLine(trx, userId, { extension: null, endpoint: null }, now);
  });
  return pbxSourceDetail(db, sourceId);
}

/** The user's synced extension and endpoint, written as a server change that every desktop pulls. */
async function writeUserLine(trx: Transaction<ServerDb>, userId: string, line: { extension: string | null; endpoint: string | null }, now: number): Promise<void> {
  const def = SYNC_ENTITIES.app_user;
  const existing = (await trx.selectFrom('app_user').selectAll().where('id', '=', userId).forUpdate().executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
  const stamps = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc));
  await mergeAndWrite(trx, {
    entity: 'app_user', def, rowId: userId, existing, payload: { extension: line.extension, endpoint: line.endpoint, updated_at: now },
    hlc: serverStamp(now, Object.values(stamps)), customerId: null, writerId: null, now,
  });
}
