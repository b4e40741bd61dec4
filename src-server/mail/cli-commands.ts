// The shared-mailbox commands of `npm run server --` (issue 26, docs/channels.md):
//   mailbox-add --id support --name "Поддержка" --host imap.example.ru [--port 993] [--starttls]
//               --username support@example.ru [--folder INBOX] [--address support@example.ru]
//               [--locale ru|en] [--poll 60] [--answer-within 240]
//               (the password: KARTOTEKA_MAILBOX_PASSWORD, or asked)
//   mailbox-list
//   mailbox-disable --id support | mailbox-enable --id support
// A running server picks a mailbox added here up at its next start; the admin API
// (POST /admin/mailboxes) starts watching at once.
import { parseArgs } from 'node:util';
import { CreateMailboxRequest } from '../../src-shared/mail/protocol.js';
import { DomainError } from '../domain-error.js';
import type { CliSupport } from '../pbx/cli-commands.js';
import { createMailbox, listMailboxes, setMailboxEnabled } from './mailboxes.js';

export const MAILBOX_COMMANDS = ['mailbox-add', 'mailbox-list', 'mailbox-disable', 'mailbox-enable'] as const;
export type MailboxCommand = (typeof MAILBOX_COMMANDS)[number];

function fail(message: string, code = 2): void {
  console.error(message);
  process.exitCode = code;
}

export async function runMailboxCommand(command: MailboxCommand, argv: string[], cli: CliSupport): Promise<void> {
  try {
    if (command === 'mailbox-list') await list(cli);
    else if (command === 'mailbox-add') await add(argv, cli);
    else {
      const { values } = parseArgs({ args: argv, options: { id: { type: 'string' } } });
      if (!values.id) return fail(`${command} needs --id`);
      await cli.withDb((db) => setMailboxEnabled(db, values.id!, command === 'mailbox-enable'));
      console.log(`Mailbox ${values.id} ${command === 'mailbox-enable' ? 'enabled' : 'disabled'}; a running server follows at its next start.`);
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    fail(error.message, 1);
  }
}

async function list(cli: CliSupport): Promise<void> {
  await cli.withDb(async (db) => {
    for (const m of await listMailboxes(db)) {
      const counts = Object.entries(m.counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'no messages yet';
      console.log(`${m.id}\t${m.username}@${m.host}:${m.port}/${m.folder}\t${m.enabled ? m.state : 'disabled'}${m.lastError ? ` (${m.lastError})` : ''}\t${counts}`);
    }
  });
}

async function add(argv: string[], cli: CliSupport): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' }, name: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, starttls: { type: 'boolean', default: false },
      username: { type: 'string' }, folder: { type: 'string' }, address: { type: 'string' }, locale: { type: 'string' }, poll: { type: 'string' }, 'answer-within': { type: 'string' },
    },
  });
  const password = await cli.ask('KARTOTEKA_MAILBOX_PASSWORD', 'The mailbox password: ');
  const input = CreateMailboxRequest.safeParse({
    id: values.id, name: values.name ?? values.id, host: values.host, port: values.port ? Number(values.port) : values.starttls ? 143 : 993, tls: !values.starttls,
    username: values.username, password, ...(values.folder ? { folder: values.folder } : {}), ...(values.address ? { address: values.address } : {}),
    ...(values.locale ? { locale: values.locale } : {}), ...(values.poll ? { pollS: Number(values.poll) } : {}),
    ...(values['answer-within'] ? { answerWithinMin: Number(values['answer-within']) } : {}),
  });
  if (!input.success) return fail(`Cannot add the mailbox: ${cli.explain(input.error.issues)}`);
  await cli.withDb(async (db) => {
    const box = await createMailbox(db, input.data, Date.now());
    console.log(`Added mailbox ${box.id} (${box.username} on ${box.host}:${box.port}). The server takes its mail from its next start.`);
  });
}
