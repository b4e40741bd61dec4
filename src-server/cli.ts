// `npm run server` starts the central server. Accounts and teams from the terminal:
//   npm run server -- create-admin --username U --name N
//   npm run server -- create-team --name "Линия 1"                         (prints the team's id)
//   npm run server -- create-user --username U --name N --role operator|supervisor|admin
//                                 [--team TEAMID] [--supervise TEAMID ...] [--scope all|team|own] [--extension 101]
//   npm run server -- disable-user --username U      (signs them out everywhere at once)
//   npm run server -- enable-user --username U
//   npm run server -- revoke-sessions --username U   (signs them out everywhere, the account stays)
//   npm run server -- pbx-add | pbx-list | pbx-line | pbx-unline   (PBXes and extensions: pbx/cli-commands.ts)
//   npm run server -- mailbox-add | mailbox-list | mailbox-disable | mailbox-enable   (shared mailboxes: mail/cli-commands.ts)
//   npm run server -- form-add | form-list   (websites' forms: forms/cli-commands.ts)
//   npm run server -- messenger-add | messenger-list   (Telegram and VK bots: conversations/cli-commands.ts)
// The password comes from KARTOTEKA_USER_PASSWORD (create-admin: KARTOTEKA_ADMIN_PASSWORD) or is asked;
// it needs 12+ characters and may not be a common one.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createLogger } from './log.js';
import { CreateTeamRequest, CreateUserRequest } from '../src-shared/sync/protocol.js';
import { loadConfig } from './config.js';
import { ensurePrivateDir } from './data-dir.js';
import { FORM_COMMANDS, runFormCommand, type FormCommand } from './forms/cli-commands.js';
import { MESSENGER_COMMANDS, runMessengerCommand, type MessengerCommand } from './conversations/cli-commands.js';
import { MAILBOX_COMMANDS, runMailboxCommand, type MailboxCommand } from './mail/cli-commands.js';
import { PBX_COMMANDS, runPbxCommand, type PbxCommand } from './pbx/cli-commands.js';
import { openServerDatabase, startServer } from './server.js';
import { createTeam, createUser, findUserByUsername, revokeSessions, setUserDisabled, UnknownTeamError, UsernameTakenError, WeakPasswordError } from './users.js';

async function askPassword(envName: string, prompt = 'Password (12+ characters, not a common one): '): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

function explain(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

async function withDb<T>(run: (db: Awaited<ReturnType<typeof openServerDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openServerDatabase(config.database, config.migrationsDir);
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

async function createAccount(argv: string[], fixedRole?: 'admin'): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' },
      supervise: { type: 'string', multiple: true }, scope: { type: 'string' }, extension: { type: 'string' },
    },
  });
  const role = fixedRole ?? values.role;
  const input = CreateUserRequest.safeParse({
    username: values.username, name: values.name ?? values.username, role,
    password: await askPassword(fixedRole === 'admin' ? 'KARTOTEKA_ADMIN_PASSWORD' : 'KARTOTEKA_USER_PASSWORD'),
    teamId: values.team ?? null, scope: values.scope, extension: values.extension ?? null,
    ...(values.supervise ? { supervisedTeamIds: values.supervise } : {}),
  });
  if (!input.success) {
    console.error(`Cannot create the ${String(role ?? 'user')}: ${explain(input.error.issues)}`);
    process.exitCode = 2;
    return;
  }
  await withDb(async (db) => {
    try {
      const user = await createUser(db, input.data);
      console.log(`Created ${user.role} ${user.username} (${user.id})${user.teamId ? ` in team ${user.teamId}` : ''}.`);
    } catch (error) {
      if (!(error instanceof UsernameTakenError || error instanceof UnknownTeamError || error instanceof WeakPasswordError)) throw error;
      console.error(error.message);
      process.exitCode = 1;
    }
  });
}

async function createTeamCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string' } } });
  const input = CreateTeamRequest.safeParse({ name: values.name });
  if (!input.success) {
    console.error(`Cannot create the team: ${explain(input.error.issues)}`);
    process.exitCode = 2;
    return;
  }
  await withDb(async (db) => {
    const team = await createTeam(db, input.data.name);
    console.log(`Created team ${team.name} (${team.id}).`);
  });
}

async function offboardCommand(command: 'disable-user' | 'enable-user' | 'revoke-sessions', argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { username: { type: 'string' } } });
  if (!values.username) {
    console.error(`${command} needs --username`);
    process.exitCode = 2;
    return;
  }
  const username = values.username;
  await withDb(async (db) => {
    // A disabled account is found too: enabling it is the point.
    const user = (await findUserByUsername(db, username)) ?? (await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst());
    if (!user) {
      console.error(`no user ${username}`);
      process.exitCode = 1;
      return;
    }
    const now = Date.now();
    if (command === 'revoke-sessions') await revokeSessions(db, user.id, now);
    else await setUserDisabled(db, user.id, command === 'disable-user', now);
    console.log(command === 'disable-user' ? `Disabled ${username}; their sessions are revoked.` : command === 'enable-user' ? `Enabled ${username}.` : `Revoked every session of ${username}.`);
  });
}

async function serve(): Promise<void> {
  const config = loadConfig();
  await ensurePrivateDir(config.dataDir);
  const logger = createLogger(config.logLevel);
  const server = await startServer({ database: config.database, migrationsDir: config.migrationsDir, port: config.port, host: config.host, logger, supervisor: config.supervisor,
    snapshotDir: config.snapshotDir, snapshotMaxBytes: config.snapshotMaxBytes, tokenKeyFile: config.tokenKeyFile,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs, requirePrivateFiles: true, trustProxy: config.trustProxy, ...(config.surveyMail ? { surveyMail: config.surveyMail } : {}),
    ...(config.outboundMail ? { outboundMail: config.outboundMail } : {}),
    ...(config.tls ? { tls: { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) } } : {}),
  });
  if (!config.tls && config.host !== '127.0.0.1' && config.host !== 'localhost' && config.host !== '::1') {
    logger.warn({ host: config.host }, 'serving plain http on the network: desktops refuse it; set KARTOTEKA_TLS_CERT and KARTOTEKA_TLS_KEY, or put a TLS proxy in front (docs/security.md)');
  }
  logger.info({ url: server.url, database: config.database.kind, timeZone: config.supervisor.timeZone, snapshotDir: config.snapshotDir }, 'Kartoteka server listening');
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down after the requests in flight');
    server.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

// Every file the server or a command makes (the embedded database, snapshots, the key) is its owner's alone.
process.umask(0o077);
const [command, ...rest] = process.argv.slice(2);
if (command === 'create-admin') await createAccount(rest, 'admin');
else if (command === 'create-user') await createAccount(rest);
else if (command === 'create-team') await createTeamCommand(rest);
else if (command === 'disable-user' || command === 'enable-user' || command === 'revoke-sessions') await offboardCommand(command, rest);
else if ((PBX_COMMANDS as readonly string[]).includes(command ?? '')) await runPbxCommand(command as PbxCommand, rest, { withDb, ask: askPassword, explain });
else if ((MAILBOX_COMMANDS as readonly string[]).includes(command ?? '')) await runMailboxCommand(command as MailboxCommand, rest, { withDb, ask: askPassword, explain });
else if ((FORM_COMMANDS as readonly string[]).includes(command ?? '')) await runFormCommand(command as FormCommand, rest, { withDb, ask: askPassword, explain });
else if ((MESSENGER_COMMANDS as readonly string[]).includes(command ?? '')) await runMessengerCommand(command as MessengerCommand, rest, { withDb, ask: askPassword, explain });
else if (command === undefined || command === 'serve') await serve();
else {
  console.error(`unknown command ${command}; use: serve | create-admin --username U --name N | create-team --name N | create-user --username U --name N --role R [--team ID] [--supervise ID] | disable-user | enable-user | revoke-sessions --username U | pbx-add | pbx-list | pbx-line | pbx-unline | mailbox-add | mailbox-list | mailbox-disable | mailbox-enable | form-add | form-list | messenger-add | messenger-list`);
  process.exitCode = 2;
}
