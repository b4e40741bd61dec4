// Where a conversation came in: a website's chat (a form site, src-server/forms/sites.ts) or an
// admin's messenger bot (bots.ts). Its name heads the entry, its language is the one the server
// writes and the bot speaks in.
import type { Kysely, Transaction } from 'kysely';
import type { ConversationChannel } from '../../src-shared/chat/protocol.js';
import type { Locale } from '../../src-shared/domain.js';
import type { ServerDb } from '../db/schema.js';

export interface ConversationSource {
  name: string;
  locale: Locale;
}

export async function sourceOf(db: Kysely<ServerDb> | Transaction<ServerDb>, channel: ConversationChannel, id: string): Promise<ConversationSource> {
  const row = channel === 'chat'
    ? await db.selectFrom('form_site').select(['name', 'locale']).where('id', '=', id).executeTakeFirst()
    : await db.selectFrom('messenger_bot').select(['name', 'locale']).where('id', '=', id).executeTakeFirst();
  return { name: row?.name ?? id, locale: row?.locale === 'en' ? 'en' : 'ru' };
}
