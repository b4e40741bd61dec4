// `npm run demo:team`: a small contact centre on one machine, with one command.
//  1. the central server, embedded (PGlite under .data/demo-server/pgdata, port 8787);
//  2. a team, an admin, a supervisor and two operators with known demo passwords (idempotent);
//  3. on the first run, a few hundred demo customers with history, made by the operators' own
//     desktop engines through the operator API and pushed to the server, as real desktops would;
//  4. two browser desktops (hosts on 127.0.0.1:5174 and :5175), signed in as the two operators.
// Open both printed URLs side by side: a call logged on one appears on the other's open card.
//
//   KARTOTEKA_DEMO_SERVER_PORT  server port (default 8787)
//   KARTOTEKA_DEMO_DESKTOP_PORT the first desktop's port (default 5174; the second is the next one)
//   KARTOTEKA_DEMO_CUSTOMERS    customers to seed on the first run (default 300)
//
// The server's data persists between runs (delete .data/demo-server to start over). The two desktops
// start from empty stores each run and pull everything from the server: the server is the truth.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { dispatch } from '../src-main/core/index.js';
import { createEngine } from '../src-main/core/index.js';
import type { Engine } from '../src-main/core/index.js';
import { Prng } from '../src-main/core/index.js';
import { demoWords as W } from '../src-main/core/index.js';
import { memorySecretStore } from '../src-main/core/index.js';
import { createHost, type Host } from '../src-main/host/index.js';
import { startServer, type RunningServer } from '../src-server/index.js';
import { createTeam, createUser } from '../src-server/index.js';
import { MOODS, REASONS, type ApiInput, type ApiOutput, type MethodName, type Reason, type Role } from '../src-shared/index.js';

const ROOT = process.cwd();
const SERVER_DATA = path.join(ROOT, '.data', 'demo-server');
const DESKTOPS_DATA = path.join(ROOT, '.data', 'demo-team');
const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');
const LOCAL_MIGRATIONS = path.join(ROOT, 'migrations', 'local');
const SERVER_MIGRATIONS = path.join(ROOT, 'migrations', 'server');
const SERVER_PORT = intFromEnv('KARTOTEKA_DEMO_SERVER_PORT', 8787);
const CUSTOMERS = intFromEnv('KARTOTEKA_DEMO_CUSTOMERS', 300);
const DESKTOP_PORT = intFromEnv('KARTOTEKA_DEMO_DESKTOP_PORT', 5174);
const TEAM = 'Первая линия';
const SEEDED_FLAG = 'demo_team_seeded';

interface Person {
  username: string;
  password: string;
  name: string;
  role: Role;
  /** Operators get a browser desktop on this port. */
  port?: number;
}

/** Demo accounts. The passwords are printed on every start: this is a demo, never a real server. */
const PEOPLE: readonly Person[] = [
  { username: 'admin', password: 'demo-admin-2024', name: 'Администратор', role: 'admin' },
  { username: 'svetlana', password: 'demo-supervisor-2024', name: 'Светлана Кузнецова', role: 'supervisor' },
  { username: 'anna', password: 'demo-anna-2024', name: 'Анна Петрова', role: 'operator', port: DESKTOP_PORT },
  { username: 'boris', password: 'demo-boris-2024', name: 'Борис Орлов', role: 'operator', port: DESKTOP_PORT + 1 },
];
const OPERATORS = PEOPLE.filter((p): p is Person & { port: number } => p.port !== undefined);

/** The i-th demo customer's phone: +7 916 700-00-00 + i, easy to type into the incoming field. */
function demoPhone(i: number): string {
  const tail = String(i).padStart(4, '0');
  return `+7 916 700-${tail.slice(0, 2)}-${tail.slice(2)}`;
}
function typedPhone(i: number): string {
  return demoPhone(i).replace('+7 916 ', '8 (916) ');
}

if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
  console.error('dist/renderer is missing: run `npm run build:renderer` first (npm run demo:team does it).');
  process.exit(1);
}

const logger = pino({ level: 'warn' });
let server: RunningServer;
try {
  mkdirSync(SERVER_DATA, { recursive: true });
  server = await startServer({ database: { kind: 'pglite', dataDir: path.join(SERVER_DATA, 'pgdata') }, migrationsDir: SERVER_MIGRATIONS, port: SERVER_PORT, logger });
} catch (error) {
  console.error(`Could not start the server on port ${SERVER_PORT}:`, error instanceof Error ? error.message : error);
  console.error('Is another demo or `npm run server` running? Set KARTOTEKA_DEMO_SERVER_PORT to use another port.');
  process.exit(1);
}
console.log(`Server: ${server.url} (data in ${path.relative(ROOT, SERVER_DATA)})`);

const hosts: Host[] = [];
const engines: Engine[] = [];
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const host of hosts) await host.close();
  for (const engine of engines) engine.close();
  await server.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  await ensurePeople();
  await seedOnce();
  for (const operator of OPERATORS) await startDesktop(operator);
} catch (error) {
  console.error('demo:team failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  await shutdown(1);
}

console.log('\nAccounts (username / password):');
for (const p of PEOPLE) console.log(`  ${p.role.padEnd(10)} ${p.username.padEnd(9)} ${p.password.padEnd(21)} ${p.name}`);
console.log('\nDesktops (open both, side by side):');
for (const [i, operator] of OPERATORS.entries()) console.log(`  ${operator.name}: ${hosts[i]?.url ?? '(not started)'}`);
console.log(`\nTry: F2, type ${typedPhone(1)} on both, Enter; log a call on one (Alt+C … Ctrl+Enter) and watch the other.`);
console.log(`Other desktops: KARTOTEKA_SERVER_URL=${server.url} KARTOTEKA_DATA_DIR=.data/my-desk KARTOTEKA_PORT=5176 npm run start:browser`);
console.log('Press Ctrl+C to stop.');

async function ensurePeople(): Promise<void> {
  const team =
    (await server.db.selectFrom('team').select(['id', 'name']).where('name', '=', TEAM).executeTakeFirst()) ?? (await createTeam(server.db, TEAM));
  let created = 0;
  for (const p of PEOPLE) {
    const existing = await server.db.selectFrom('app_user').select('id').where('username', '=', p.username).executeTakeFirst();
    if (existing) continue;
    await createUser(server.db, {
      username: p.username,
      password: p.password,
      name: p.name,
      role: p.role,
      teamId: p.role === 'admin' ? null : team.id,
      scope: 'all',
      extension: p.port ? String(100 + OPERATORS.indexOf(p as Person & { port: number })) : null,
    });
    created++;
  }
  console.log(created > 0 ? `Created team «${TEAM}» and ${created} accounts.` : `Team «${TEAM}» and its accounts already exist.`);
}

async function seedOnce(): Promise<void> {
  const flag = await server.db.selectFrom('server_setting').select('value').where('key', '=', SEEDED_FLAG).executeTakeFirst();
  if (flag) {
    console.log('Demo customers were seeded on an earlier run.');
    return;
  }
  const existing = await server.db.selectFrom('customer').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    // Seeding again would duplicate customers; a half-seeded demo is still a working demo.
    console.log(`The server already holds ${existing.n} customers (an earlier seeding was interrupted?); not seeding. Delete .data/demo-server to start over.`);
    return;
  }
  // Each operator's desktop makes half of the customers through the operator API, exactly as logging
  // at the desk would, and pushes them: the history is in the operators' own names.
  const started = Date.now();
  for (const [index, operator] of OPERATORS.entries()) {
    const dir = await mkdtemp(path.join(tmpdir(), `kartoteka-demo-seed-${operator.username}-`));
    const engine = createEngine({ dbPath: path.join(dir, 'seed.sqlite'), migrationsDir: LOCAL_MIGRATIONS, secrets: memorySecretStore(), sync: { pollMs: 600_000 } });
    try {
      await call(engine, 'sync.signIn', { serverUrl: server.url, username: operator.username, password: operator.password });
      const me = (await call(engine, 'session.get', {})).user.id;
      const from = Math.floor((CUSTOMERS * index) / OPERATORS.length);
      const to = Math.floor((CUSTOMERS * (index + 1)) / OPERATORS.length);
      const prng = new Prng(1_000 + index);
      for (let i = from; i < to; i++) {
        await seedCustomer(engine, prng, i, me);
        if ((i - from + 1) % 50 === 0) process.stdout.write(`\rSeeding: ${operator.name}, ${i - from + 1}/${to - from} customers`);
      }
      process.stdout.write(`\rSeeding: ${operator.name}, ${to - from}/${to - from} customers; pushing…`);
      for (let attempt = 0; attempt < 5 && (await call(engine, 'sync.status', {})).pendingUploads > 0; attempt++) await engine.syncNow();
      const status = await call(engine, 'sync.status', {});
      if (status.pendingUploads > 0 || status.rejected > 0) {
        throw new Error(`seeding ${operator.username}: ${status.pendingUploads} not uploaded, ${status.rejected} rejected (${status.state} ${status.error ?? ''})`);
      }
      process.stdout.write(' done\n');
    } finally {
      engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  await server.db.insertInto('server_setting').values({ key: SEEDED_FLAG, value: new Date().toISOString() }).execute();
  console.log(`Seeded ${CUSTOMERS} customers in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function seedCustomer(engine: Engine, prng: Prng, i: number, me: string): Promise<void> {
  const organisation = prng.chance(0.15);
  const female = prng.chance(0.5);
  const first = prng.pick(female ? W.RU_FEMALE_FIRST : W.RU_MALE_FIRST);
  const surname = prng.pick(W.RU_SURNAMES) + (female ? 'а' : '');
  const contacts: ApiInput<'customers.create'>['contacts'] = [{ kind: 'phone', value: demoPhone(i), label: 'мобильный' }];
  const email = prng.chance(0.5) ? `demo${i}@${prng.pick(W.EMAIL_DOMAINS)}` : null;
  if (email) contacts.push({ kind: 'email', value: email });
  const segment = prng.pick(W.SEGMENTS);
  const customer = await call(engine, 'customers.create', {
    kind: organisation ? 'organisation' : 'person',
    name: organisation ? `${prng.pick(W.RU_ORG_FORMS)} «${prng.pick(W.RU_ORG_NAMES)}»` : `${first} ${surname}`,
    ...(segment ? { segment } : {}),
    // A third are the operator's own customers (a responsible manager on the card).
    ...(prng.chance(0.33) ? { ownerId: me } : {}),
    contacts,
    acknowledgeDuplicates: true,
  });

  const now = Date.now();
  const count = prng.int(1, 8);
  let caseId: string | undefined;
  for (let k = 0; k < count; k++) {
    const at = now - prng.int(1, 180) * 86_400_000 + prng.int(0, 8 * 3_600_000);
    const reason: Reason = prng.pick(REASONS);
    const notes = prng.pick(W.NOTES_RU[reason] ?? ['Консультация.']).replace('{n}', String(prng.int(10_000, 99_999)));
    const promise = k === 0 && prng.chance(0.2) ? (prng.pick(W.PROMISES_RU) ?? undefined) : undefined;
    const link = caseId
      ? { caseId }
      : reason === 'complaint' || reason === 'service_request'
        ? { newCase: { subject: prng.pick(W.CASE_SUBJECTS_RU), category: reason } }
        : {};
    const common = {
      customerId: customer.id,
      direction: prng.chance(0.8) ? ('in' as const) : ('out' as const),
      reason,
      notes,
      outcome: prng.pick(W.OUTCOMES_RU),
      ...(promise ? { promise } : {}),
      ...link,
      ...(prng.chance(0.1) ? { followUp: { kind: 'callback' as const, title: 'Перезвонить клиенту', dueAt: now + prng.int(1, 7) * 86_400_000 } } : {}),
    };
    const logged =
      email && prng.chance(0.25)
        ? await call(engine, 'interactions.logEmail', {
            ...common,
            occurredAt: at,
            from: common.direction === 'in' ? email : 'support@kartoteka.example',
            to: [common.direction === 'in' ? 'support@kartoteka.example' : email],
            subject: notes.slice(0, 60),
            body: notes,
          })
        : await call(engine, 'interactions.logCall', { ...common, startedAt: at, durationS: prng.int(20, 900), mood: prng.pick(MOODS) });
    caseId ??= logged.case?.id;
  }
  if (caseId && prng.chance(0.4)) await call(engine, 'cases.close', { id: caseId, resolution: 'Решено, клиент доволен' });
}

async function startDesktop(operator: Person & { port: number }): Promise<void> {
  // A fresh store each run: the first sync pulls the team's customers from the server.
  const dir = path.join(DESKTOPS_DATA, operator.username);
  await rm(dir, { recursive: true, force: true });
  const engine = createEngine({ dbPath: path.join(dir, 'kartoteka.sqlite'), migrationsDir: LOCAL_MIGRATIONS, secrets: memorySecretStore() });
  engines.push(engine);
  const host = await createHost({ engine, staticDir: STATIC_DIR, port: operator.port }).catch((error: unknown) => {
    throw new Error(`could not listen on 127.0.0.1:${operator.port} (${error instanceof Error ? error.message : String(error)})`);
  });
  hosts.push(host);
  const status = await call(engine, 'sync.signIn', { serverUrl: server.url, username: operator.username, password: operator.password });
  console.log(`Desktop of ${operator.name} on :${operator.port}: ${status.state}, first sync done.`);
}

async function call<M extends MethodName>(engine: Engine, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const res = await dispatch(engine.handlers, method, input);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as ApiOutput<M>;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}
