// An admin's messenger bots (issue 26, docs/channels.md): a Telegram bot (its @BotFather token) or a
// VK community (its token and Callback API secrets). The tokens are kept in the server's database
// beside the mailbox passwords and PBX secrets, and never shown again.
import type { Kysely, Selectable } from 'kysely';
import type { BotView, CreateBotRequest } from '../../src-shared/chat/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';

export type BotRow = Selectable<ServerDb['messenger_bot']>;

export function botView(b: BotRow): BotView {
  return { id: b.id, kind: b.kind, name: b.name, enabled: b.enabled, state: b.state, lastError: b.last_error, username: b.username };
}

export async function createBot(db: Kysely<ServerDb>, input: CreateBotRequest, now: number): Promise<BotView> {
  const inserted = await db.insertInto('messenger_bot').values({
    id: input.id, kind: input.kind, name: input.name, token: input.token, api_root: input.apiRoot ?? null, locale: input.locale ?? 'ru',
    group_id: input.kind === 'vk' ? input.groupId : null, secret: input.kind === 'vk' ? input.secret : null, confirmation: input.kind === 'vk' ? input.confirmation : null,
    username: null, checked_at: null, last_error: null, created_at: now,
  }).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
  if (!inserted) throw new DomainError('conflict', `a bot named ${input.id} exists`);
  return botView(inserted);
}

export async function listBots(db: Kysely<ServerDb>): Promise<BotView[]> {
  return (await db.selectFrom('messenger_bot').selectAll().orderBy('id').execute()).map(botView);
}

export async function enabledBots(db: Kysely<ServerDb>): Promise<BotRow[]> {
  return db.selectFrom('messenger_bot').selectAll().where('enabled', '=', true).orderBy('id').execute();
}

export async function findBot(db: Kysely<ServerDb>, id: string): Promise<BotRow | undefined> {
  return db.selectFrom('messenger_bot').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setBotEnabled(db: Kysely<ServerDb>, id: string, enabled: boolean): Promise<void> {
  const r = await db.updateTable('messenger_bot').set({ enabled }).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found', 'no such bot');
}

export async function setBotState(db: Kysely<ServerDb>, id: string, state: 'ok' | 'failing', error: string | null, now: number): Promise<void> {
  await db.updateTable('messenger_bot').set({ state, last_error: error?.slice(0, 500) ?? null, checked_at: now }).where('id', '=', id).execute();
}
