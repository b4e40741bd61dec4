// The PBX commands of `npm run server --`:
//   pbx-add --id mango-main --kind mango|zadarma|generic|asterisk --name "Манго" [--api-key K] [--team TEAMID] [--locale ru|en] [--country RU]
//           (the secret: KARTOTEKA_PBX_SECRET, or asked; an Asterisk PBX needs none)
//   pbx-list
//   pbx-line --pbx ID --username U --extension 101 [--endpoint acc-7731]
//   pbx-unline --pbx ID --username U
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { CreatePbxSourceRequest, SetPbxLineRequest } from '../../src-shared/pbx/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { createPbxSource, listPbxSources, pbxSourceDetail, removePbxLine, setPbxLine } from './sources.js';

export const PBX_COMMANDS = ['pbx-add', 'pbx-list', 'pbx-line', 'pbx-unline'] as const;
export type PbxCommand = (typeof PBX_COMMANDS)[number];

export interface CliSupport {
  withDb<T>(run: (db: Kysely<ServerDb>) => Promise<T>): Promise<T>;
  ask(envName: string, prompt: string): Promise<string>;
  explain(issues: { path: PropertyKey[]; message: string }[]): string;
}

function fail(message: string, code = 2): void {
  console.error(message);
  process.exitCode = code;
}

export async function runPbxCommand(command: PbxCommand, argv: string[], cli: CliSupport): Promise<void> {
  try {
    if (command === 'pbx-list') await cli.withDb(async (db) => list(db));
    else if (command === 'pbx-add') await add(argv, cli);
    else await line(command, argv, cli);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    fail(error.message, 1);
  }
}

async function list(db: Kysely<ServerDb>): Promise<void> {
  for (const source of await listPbxSources(db)) {
    const detail = await pbxSourceDetail(db, source.id);
    console.log(`${source.id}\t${source.kind}\t${source.name}${source.webhookPath ? `\twebhook: <server address>${source.webhookPath}` : ''}`);
    for (const l of detail.lines) console.log(`  ${l.extension}${l.endpoint ? ` (endpoint ${l.endpoint})` : ''}\t${l.userName}`);
  }
}

async function add(argv: string[], cli: CliSupport): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, 'api-key': { type: 'string' }, 'api-url': { type: 'string' }, team: { type: 'string' }, locale: { type: 'string' }, country: { type: 'string' } },
  });
  const secret = values.kind === 'asterisk' ? undefined : await cli.ask('KARTOTEKA_PBX_SECRET', 'The PBX secret (Mango: the salt; Novofon/Zadarma: the API secret; generic: an HMAC key): ');
  const input = CreatePbxSourceRequest.safeParse({
    id: values.id, kind: values.kind, name: values.name ?? values.id, ...(values['api-key'] ? { apiKey: values['api-key'] } : {}), ...(values['api-url'] ? { apiUrl: values['api-url'] } : {}), ...(secret ? { secret } : {}),
    ...(values.team ? { teamId: values.team } : {}), ...(values.locale ? { locale: values.locale } : {}), ...(values.country ? { country: values.country } : {}),
  });
  if (!input.success) return fail(`Cannot add the PBX: ${cli.explain(input.error.issues)}`);
  await cli.withDb(async (db) => {
    const source = await createPbxSource(db, input.data, Date.now());
    console.log(`Added ${source.kind} PBX ${source.id}.${source.webhookPath ? ` Point its webhooks at https://<server>${source.webhookPath}` : ''}`);
  });
}

async function line(command: 'pbx-line' | 'pbx-unline', argv: string[], cli: CliSupport): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { pbx: { type: 'string' }, username: { type: 'string' }, extension: { type: 'string' }, endpoint: { type: 'string' } } });
  if (!values.pbx || !values.username) return fail(`${command} needs --pbx and --username`);
  const pbx = values.pbx;
  const username = values.username;
  await cli.withDb(async (db) => {
    const user = await db.selectFrom('app_user').select('id').where('username', '=', username).where('deleted', '=', 0).executeTakeFirst();
    if (!user) return fail(`no user ${username}`, 1);
    if (command === 'pbx-unline') {
      await removePbxLine(db, pbx, user.id, Date.now());
      console.log(`${username} has no line on ${pbx} now.`);
      return;
    }
    const input = SetPbxLineRequest.safeParse({ userId: user.id, extension: values.extension, ...(values.endpoint ? { endpoint: values.endpoint } : {}) });
    if (!input.success) return fail(`Cannot set the line: ${cli.explain(input.error.issues)}`);
    await setPbxLine(db, pbx, input.data, Date.now());
    console.log(`${username} has extension ${input.data.extension}${input.data.endpoint ? ` (endpoint ${input.data.endpoint})` : ''} on ${pbx}.`);
  });
}
