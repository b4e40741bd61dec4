// The messenger commands of `npm run server --` (issue 26, docs/channels.md):
//   messenger-add --kind telegram --id support-bot --name "Поддержка" [--locale ru|en]
//                 (the token from @BotFather: KARTOTEKA_BOT_TOKEN)
//   messenger-add --kind vk --id vk-shop --name "Магазин ВКонтакте" --group 123456 --confirmation abc123
//                 (the community token: KARTOTEKA_BOT_TOKEN; the Callback API secret: KARTOTEKA_VK_SECRET)
//   messenger-list
// Secrets come from the environment, so they stay out of the shell's history.
import { parseArgs } from 'node:util';
import { CreateBotRequest } from '../../src-shared/chat/protocol.js';
import { DomainError } from '../domain-error.js';
import type { CliSupport } from '../pbx/cli-commands.js';
import { createBot, listBots } from './bots.js';

export const MESSENGER_COMMANDS = ['messenger-add', 'messenger-list'] as const;
export type MessengerCommand = (typeof MESSENGER_COMMANDS)[number];

export async function runMessengerCommand(command: MessengerCommand, argv: string[], cli: CliSupport): Promise<void> {
  try {
    if (command === 'messenger-list') {
      await cli.withDb(async (db) => {
        for (const b of await listBots(db)) {
          const where = b.kind === 'vk' ? `VK Callback API: POST <server>/messengers/vk/${b.id}` : b.username ? `t.me/${b.username}` : 'not reached Telegram yet';
          console.log(`${b.id}\t${b.kind}\t${b.name}\t${b.enabled ? b.state : 'disabled'}${b.lastError ? ` (${b.lastError})` : ''}\t${where}`);
        }
      });
      return;
    }
    const { values } = parseArgs({
      args: argv,
      options: { kind: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' }, group: { type: 'string' }, confirmation: { type: 'string' } },
    });
    const input = CreateBotRequest.safeParse({
      kind: values.kind, id: values.id, name: values.name ?? values.id, token: process.env.KARTOTEKA_BOT_TOKEN, ...(values.locale ? { locale: values.locale } : {}),
      ...(values.kind === 'vk' ? { groupId: Number(values.group), secret: process.env.KARTOTEKA_VK_SECRET, confirmation: values.confirmation } : {}),
    });
    if (!input.success) {
      console.error(`Cannot add the bot: ${cli.explain(input.error.issues)}`);
      process.exitCode = 2;
      return;
    }
    await cli.withDb(async (db) => {
      const bot = await createBot(db, input.data, Date.now());
      console.log(bot.kind === 'vk'
        ? `Added ${bot.id}. In the community's Callback API settings, set the address https://<server>/messengers/vk/${bot.id} and the event "message_new".`
        : `Added ${bot.id}. The server reads its messages from its next start (or POST /admin/messengers/${bot.id}/enable).`);
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
