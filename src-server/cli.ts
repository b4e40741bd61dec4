// `npm run server` starts the central server; `npm run server -- create-admin --username U --name N`
// creates the first admin (password from KARTOTEKA_ADMIN_PASSWORD or asked on the terminal).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { CreateUserRequest } from '../src-shared/sync/protocol.js';
import { loadConfig } from './config.js';
import { openServerDatabase, startServer } from './server.js';
import { createUser, UsernameTakenError } from './users.js';

async function askPassword(): Promise<string> {
  const fromEnv = process.env.KARTOTEKA_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question('Password (8+ characters): ');
  } finally {
    rl.close();
  }
}

async function createAdmin(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { username: { type: 'string' }, name: { type: 'string' } } });
  const config = loadConfig();
  const input = CreateUserRequest.safeParse({ username: values.username, name: values.name ?? values.username, password: await askPassword(), role: 'admin' });
  if (!input.success) {
    console.error(`Cannot create the admin: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exitCode = 2;
    return;
  }
  const db = await openServerDatabase(config.database, config.migrationsDir);
  try {
    const user = await createUser(db, input.data);
    console.log(`Created admin ${user.username} (${user.id}).`);
  } catch (error) {
    if (!(error instanceof UsernameTakenError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const server = await startServer({ database: config.database, migrationsDir: config.migrationsDir, port: config.port, host: config.host, logger });
  logger.info({ url: server.url, database: config.database.kind }, 'Kartoteka server listening');
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

const [command, ...rest] = process.argv.slice(2);
if (command === 'create-admin') await createAdmin(rest);
else if (command === undefined || command === 'serve') await serve();
else {
  console.error(`unknown command ${command}; use: serve | create-admin --username U --name N`);
  process.exitCode = 2;
}
