// The chaos test (issue 15), in the spirit of Jepsen: one server process on PostgreSQL (or PGlite on
// disk), five desktop processes each on its own SQLite file and behind its own TCP fault proxy, and
// a seeded schedule of faults: SIGKILLs of desktops and of the server, partitions, late delivery,
// lost answers, duplicated requests, and a desktop whose clock is wrong and is stepped while it is
// closed. Then everything heals, every desktop syncs until nothing moves, and the database is the
// oracle for what the desktops acknowledged (their fsynced action logs) and sent (their push logs).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Kysely } from 'kysely';
import { decodeHlc, isValidHlc, MAX_CLOCK_SKEW_MS } from '../../src-shared/hlc.js';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import { Prng } from '../../src-main/core/demo/random.js';
import type { ServerDb } from '../../src-server/db/schema.js';
import { startServer } from '../../src-server/server.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { ownerVisible } from '../../src-server/sync/scope.js';
import { localSnapshot, PASSWORD, readLocal, REPLICATED, serverSnapshot } from '../support/replicas.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from '../support/server-db.js';
import type { ActionRecord, DesktopConfig, PushRecord } from './desktop-process.js';
import { FaultProxy, type FaultMode } from './fault-proxy.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLOCK_TIMES = new Set(['created_at', 'updated_at', 'opened_at', 'closed_at', 'done_at']);
const DESKTOP_PROCESS = resolve(import.meta.dirname, 'desktop-process.ts');
const SERVER_PROCESS = resolve(ROOT, 'tests/sync/children/server-child.ts');
const LOCAL_MIGRATIONS = resolve(ROOT, 'migrations/local');

export interface ChaosOptions {
  seed: number;
  /** Schedule steps; each lasts `stepMs` of real time (200 ms: 5 steps a second). */
  steps: number;
  stepMs?: number;
  log?: (line: string) => void;
}

export interface ChaosChecks {
  /** Acknowledged writes (outbox entries) the server never decided on. */
  lost: number;
  /** Interactions or tasks present more than once. */
  duplicated: number;
  /** Rows a desktop holds that differ from the server's, miss, or should not be there, within its scope. */
  replicaMismatches: number;
  /** Refusals on the server that the desktop does not show. */
  invisibleRefusals: number;
  /** Desktops with unsent changes after healing. */
  stuckOutboxes: number;
  /** Name edits overwritten only by writers that had not seen them (examined), and those whose value is not in the conflict log. */
  concurrentPairs: number;
  concurrentLost: number;
  /** Applied stamps and business times more than the allowed skew ahead of real time, and writes refused for their clock. */
  stampsAhead: number;
  timesAhead: number;
  clockRefused: number;
}

export interface ChaosReport {
  seed: number;
  steps: number;
  actions: number;
  mutations: number;
  applied: number;
  refused: number;
  faults: Record<string, number>;
  checks: ChaosChecks;
  /** The first few problems, readable. */
  problems: string[];
}

interface Person {
  name: string;
  role: 'operator' | 'supervisor';
  scope: 'all' | 'team' | 'own';
  team: 'a' | 'b';
  /** The wall clock's error at the start (ms). */
  skewMs: number;
}

const PEOPLE: Person[] = [
  { name: 'sup', role: 'supervisor', scope: 'all', team: 'a', skewMs: 0 },
  { name: 'anna', role: 'operator', scope: 'all', team: 'a', skewMs: -2 * 3_600_000 },
  { name: 'boris', role: 'operator', scope: 'team', team: 'a', skewMs: 0 },
  { name: 'gleb', role: 'operator', scope: 'own', team: 'a', skewMs: 0 },
  { name: 'vera', role: 'operator', scope: 'own', team: 'b', skewMs: 0 },
];

function spawnTs(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });
}

class ServerProcess {
  child: ChildProcessWithoutNullStreams | null = null;
  constructor(private readonly database: TestDatabase, readonly port: number) {}

  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const child = spawnTs(SERVER_PROCESS, [JSON.stringify(this.database.target), SERVER_MIGRATIONS, String(this.port)]);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const up = await new Promise<boolean>((ok) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('listening ')) ok(true);
        });
        child.once('exit', () => ok(false));
      });
      if (up) {
        this.child = child;
        return;
      }
      // The port of a killed server may take a moment to free; a failed start is retried.
      if (attempt >= 20) throw new Error(`server did not start: ${stderr.slice(-2000)}`);
      await sleep(250);
    }
  }

  async kill(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c) return;
    c.kill('SIGKILL');
    await exited(c);
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c) return;
    c.kill('SIGTERM');
    await exited(c);
  }
}

class DesktopProcess {
  child: ChildProcessWithoutNullStreams | null = null;
  private lines: Interface | null = null;
  private waiting: ((line: string) => void)[] = [];
  stderr = '';

  constructor(readonly config: DesktopConfig) {}

  get alive(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const child = spawnTs(DESKTOP_PROCESS, [JSON.stringify(this.config)]);
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
    this.child = child;
    const ready = await this.next();
    if (!ready.includes('"ready"')) throw new Error(`${this.config.name} did not start: ${ready} ${this.stderr}`);
  }

  private next(): Promise<string> {
    return new Promise((ok, fail) => {
      const child = this.child;
      if (!child) {
        fail(new Error(`${this.config.name} is not running`));
        return;
      }
      const onExit = (): void => fail(new Error(`${this.config.name} exited: ${this.stderr}`));
      child.once('exit', onExit);
      this.waiting.push((line) => {
        child.off('exit', onExit);
        ok(line);
      });
    });
  }

  async command(cmd: 'quiesce' | 'sync' | 'stop'): Promise<Record<string, unknown>> {
    const answer = this.next();
    this.child?.stdin.write(`${JSON.stringify({ cmd })}\n`);
    return JSON.parse(await answer) as Record<string, unknown>;
  }

  async kill(): Promise<void> {
    const c = this.child;
    this.child = null;
    this.waiting = [];
    if (!c) return;
    c.kill('SIGKILL');
    await exited(c);
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const c = this.child;
    await this.command('stop').catch(() => undefined);
    await exited(c);
    this.child = null;
  }
}

function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A line cut by a SIGKILL in the middle of a write: the push log is not fsynced.
    }
  }
  return out;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const stepMs = options.stepMs ?? 200;
  const log = options.log ?? (() => undefined);
  const rng = new Prng(options.seed);
  const dir = mkdtempSync(join(tmpdir(), `kartoteka-chaos-${options.seed}-`));
  const database = await freshServerDatabase();
  const faults: Record<string, number> = {};
  const count = (kind: string): void => {
    faults[kind] = (faults[kind] ?? 0) + 1;
  };

  // Users and teams, written before the server process starts (PGlite allows one process at a time).
  const ids: Record<string, string> = {};
  const teams: Record<'a' | 'b', string> = { a: '', b: '' };
  {
    const setup = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
    teams.a = (await createTeam(setup.db, 'A')).id;
    teams.b = (await createTeam(setup.db, 'B')).id;
    for (const p of PEOPLE) {
      ids[p.name] = (await createUser(setup.db, { username: p.name, password: PASSWORD, name: p.name, role: p.role, teamId: teams[p.team], scope: p.scope, extension: null })).id;
    }
    await setup.close();
  }

  const server = new ServerProcess(database, await freePort());
  await server.start();
  const proxies = new Map<string, FaultProxy>();
  const desktops = new Map<string, DesktopProcess>();
  for (const [i, p] of PEOPLE.entries()) {
    const proxy = new FaultProxy(() => server.port);
    await proxy.start();
    proxies.set(p.name, proxy);
    desktops.set(p.name, new DesktopProcess({
      name: p.name, username: p.name, password: PASSWORD, role: p.role, userId: ids[p.name] ?? '', userIds: Object.values(ids),
      dbPath: join(dir, `${p.name}.sqlite`), secretPath: join(dir, `${p.name}.secret`), migrationsDir: LOCAL_MIGRATIONS,
      serverUrl: `http://127.0.0.1:${proxy.port}`, actionLog: join(dir, `${p.name}.actions.jsonl`), pushLog: join(dir, `${p.name}.pushes.jsonl`),
      skewMs: p.skewMs, seed: options.seed * 100 + i,
    }));
  }

  const problems: string[] = [];
  try {
    for (const d of desktops.values()) await d.start();

    // The schedule: each step may start a fault; each fault ends after its own number of steps.
    const healAt = new Map<string, number>();
    let serverBackAt = -1;
    const names = PEOPLE.map((p) => p.name);
    for (let step = 0; step < options.steps; step++) {
      for (const [key, at] of healAt) {
        if (at > step) continue;
        healAt.delete(key);
        const [kind, name] = key.split(':') as [string, string];
        if (kind === 'proxy') proxies.get(name)?.set({ kind: 'pass' });
        if (kind === 'down') await desktops.get(name)?.start();
      }
      if (serverBackAt === step) await server.start();
      if (rng.chance(0.12)) {
        const name = rng.pick(names);
        const busy = [...healAt.keys()].some((k) => k.endsWith(`:${name}`));
        const roll = rng.next();
        if (roll < 0.18 && !busy) {
          await desktops.get(name)?.kill();
          healAt.set(`down:${name}`, step + rng.int(0, 8));
          count('kill desktop');
        } else if (roll < 0.28 && serverBackAt < step) {
          await server.kill();
          serverBackAt = step + rng.int(1, 10);
          count('kill server');
        } else if (roll < 0.4 && ![...healAt.keys()].some((k) => k.endsWith(':anna'))) {
          // Anna's wall clock is stepped while the app is closed (2 hours behind, then right, and
          // back); it starts again with no network, on the offset it stored before.
          const d = desktops.get('anna');
          await d?.kill();
          if (d) d.config.skewMs = d.config.skewMs === 0 ? -2 * 3_600_000 : 0;
          proxies.get('anna')?.set({ kind: 'partition' });
          await d?.start();
          healAt.set('proxy:anna', step + rng.int(5, 20));
          count('clock step while closed');
        } else if (!busy) {
          const modes: [string, FaultMode][] = [
            ['partition', { kind: 'partition' }],
            ['late delivery', { kind: 'delay', ms: rng.int(50, 800) }],
            ['lost answers', { kind: 'lose' }],
            ['duplicated requests', { kind: 'duplicate' }],
          ];
          const [label, mode] = rng.pick(modes);
          proxies.get(name)?.set(mode);
          healAt.set(`proxy:${name}`, step + rng.int(2, label === 'lost answers' ? 6 : 20));
          count(label);
        }
      }
      await sleep(stepMs);
    }

    // Heal: every link passes, every process runs; the desktops stop acting and sync until quiet.
    log('healing');
    for (const p of proxies.values()) p.set({ kind: 'pass' });
    if (!server.child) await server.start();
    for (const d of desktops.values()) if (!d.alive) await d.start();
    for (const d of desktops.values()) await d.command('quiesce');
    let quietRounds = 0;
    let previous = '';
    for (let round = 0; round < 40 && quietRounds < 2; round++) {
      const answers: string[] = [];
      for (const d of desktops.values()) {
        const a = await d.command('sync');
        const status = a.status as { pendingUploads: number; state: string } | undefined;
        answers.push(`${d.config.name}:${String(a.cursor)}:${status?.pendingUploads}:${status?.state}`);
      }
      const line = answers.join(' ');
      const settled = answers.every((a) => a.endsWith(':0:online'));
      quietRounds = settled && line === previous ? quietRounds + 1 : 0;
      previous = line;
    }
    log(`settled: ${previous}`);
    for (const d of desktops.values()) await d.stop();
    await server.stop();
  } finally {
    for (const d of desktops.values()) await d.kill();
    await server.kill();
    for (const p of proxies.values()) await p.close();
  }

  // The oracle.
  const oracle = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
  try {
    const db = oracle.db as Kysely<ServerDb>;
    const actions = PEOPLE.flatMap((p) => readJsonLines<ActionRecord>(join(dir, `${p.name}.actions.jsonl`)));
    const pushes = PEOPLE.flatMap((p) => readJsonLines<PushRecord>(join(dir, `${p.name}.pushes.jsonl`)));
    const decided = new Map<string, string>();
    for (const r of await db.selectFrom('applied_mutation').select(['client_id', 'seq', 'status']).execute()) decided.set(`${r.client_id}:${r.seq}`, r.status);
    const checks: ChaosChecks = {
      lost: 0, duplicated: 0, replicaMismatches: 0, invisibleRefusals: 0, stuckOutboxes: 0,
      concurrentPairs: 0, concurrentLost: 0, stampsAhead: 0, timesAhead: 0, clockRefused: 0,
    };
    const problem = (text: string): void => {
      if (problems.length < 20) problems.push(text);
    };

    // Nothing lost: every outbox entry of every acknowledged action was decided by the server.
    let mutations = 0;
    for (const a of actions) {
      for (let seq = a.seqFrom + 1; seq <= a.seqTo; seq++) {
        mutations += 1;
        if (!decided.has(`${a.clientId}:${seq}`)) {
          checks.lost += 1;
          problem(`lost: ${a.desktop} ${a.kind} ${a.rowId} (seq ${seq})`);
        }
      }
    }

    // Nothing duplicated: each logged call and task is one row.
    for (const a of actions.filter((x) => x.kind === 'call' || x.kind === 'task')) {
      const rows = a.kind === 'call'
        ? await db.selectFrom('interaction').select('id').where('notes', '=', a.value).execute()
        : await db.selectFrom('task').select('id').where('title', '=', a.value).execute();
      if (rows.length > 1) {
        checks.duplicated += 1;
        problem(`duplicated: ${a.kind} ${a.value} x${rows.length}`);
      }
    }

    // Replicas equal to the server within their scope.
    const server = await serverSnapshot(db);
    const owners = await db.selectFrom('customer').leftJoin('app_user as o', 'o.id', 'customer.owner_id').select(['customer.id', 'customer.owner_id', 'o.team_id']).execute();
    const users = await db.selectFrom('app_user').selectAll().execute();
    for (const p of PEOPLE) {
      const user = users.find((u) => u.username === p.name);
      if (!user) continue;
      const visible = new Set(owners.filter((o) => ownerVisible(user, o.owner_id as string | null, o.team_id ?? null)).map((o) => o.id));
      const dbPath = join(dir, `${p.name}.sqlite`);
      const local = localSnapshot(dbPath);
      for (const entity of REPLICATED) {
        const column = SYNC_ENTITIES[entity].customerColumn;
        const rowsOfVisible = new Set<string>();
        if (column === 'id') for (const id of visible) rowsOfVisible.add(id);
        else if (column) {
          for (const r of (await db.selectFrom(SYNC_ENTITIES[entity].table as 'task').select(['id', column as 'customer_id']).execute()) as { id: string; customer_id: string }[]) {
            if (visible.has(r.customer_id)) rowsOfVisible.add(r.id);
          }
        }
        const theirs = server[entity] ?? new Map<string, string>();
        const mine = local[entity] ?? new Map<string, string>();
        const hidden = new Set(readLocal<{ id: string }>(dbPath, `SELECT id FROM "${SYNC_ENTITIES[entity].table}" WHERE deleted = 1`).map((r) => r.id));
        for (const id of new Set([...rowsOfVisible, ...mine.keys()])) {
          const expected = rowsOfVisible.has(id) ? theirs.get(id) : undefined;
          const held = mine.get(id);
          // A row the server never accepted stays here hidden (tombstoned), shown in the refusals.
          if (expected === undefined && held !== undefined && hidden.has(id) && !theirs.has(id)) continue;
          if (expected !== held) {
            checks.replicaMismatches += 1;
            problem(`replica ${p.name} ${entity} ${id}: ${held ?? '(missing)'} vs server ${expected ?? '(out of scope or missing)'}`);
          }
        }
      }
      // Every refusal visible to its desktop; no outbox stuck.
      const clientId = readLocal<{ value: string }>(dbPath, "SELECT value FROM meta WHERE key = 'sync_client_id'")[0]?.value ?? '';
      const refusedThere = await db.selectFrom('sync_rejection').select(['entity', 'row_id']).where('client_id', '=', clientId).execute();
      const shown = readLocal<{ entity: string; row_id: string }>(dbPath, 'SELECT entity, row_id FROM sync_rejection');
      const shownCount = new Map<string, number>();
      for (const r of shown) shownCount.set(`${r.entity}:${r.row_id}`, (shownCount.get(`${r.entity}:${r.row_id}`) ?? 0) + 1);
      for (const r of refusedThere) {
        const key = `${r.entity}:${r.row_id}`;
        const left = shownCount.get(key) ?? 0;
        if (left > 0) shownCount.set(key, left - 1);
        else {
          checks.invisibleRefusals += 1;
          problem(`refusal not shown on ${p.name}: ${key}`);
        }
      }
      const pending = readLocal<{ n: number }>(dbPath, 'SELECT count(*) AS n FROM outbox')[0]?.n ?? 0;
      if (pending > 0) {
        checks.stuckOutboxes += 1;
        problem(`${p.name} still has ${pending} unsent changes`);
      }
    }

    // Every overwritten concurrent value kept: consecutive applied name writes of a customer where
    // the later one was made without having seen the earlier one.
    const applied = new Map<string, PushRecord>();
    for (const r of pushes) if (decided.get(`${r.clientId}:${r.seq}`) === 'applied') applied.set(`${r.clientId}:${r.seq}`, r);
    const names = new Map<string, PushRecord[]>();
    for (const r of applied.values()) {
      if (r.entity !== 'customer' || r.name === null) continue;
      names.set(r.rowId, [...(names.get(r.rowId) ?? []), r]);
    }
    const conflicts = await db.selectFrom('sync_conflict').select(['row_id', 'lost_value']).where('field', '=', 'name').execute();
    const lostValues = new Set(conflicts.map((c) => `${c.row_id}:${typeof c.lost_value === 'string' ? c.lost_value : JSON.stringify(c.lost_value)}`));
    for (const [rowId, writes] of names) {
      // The server's row ends with the highest stamp. Every other value was overwritten at some
      // point, in an order the oracle does not know: it was superseded knowingly if a later-stamped
      // write was made over it (or over something newer); otherwise only writers who had never seen it
      // replaced it, and its value must be in the conflict log.
      const final = writes.reduce((a, b) => (b.hlc > a.hlc ? b : a));
      for (const earlier of writes) {
        if (earlier === final || earlier.name === final.name) continue;
        const knowingly = writes.some((w) => w.hlc > earlier.hlc && (w.base?.name ?? '') >= earlier.hlc);
        if (knowingly) continue;
        checks.concurrentPairs += 1;
        if (!lostValues.has(`${rowId}:${JSON.stringify(earlier.name)}`) && !lostValues.has(`${rowId}:${earlier.name}`)) {
          checks.concurrentLost += 1;
          problem(`concurrent edit lost: ${rowId} "${earlier.name}" (${earlier.hlc}) overwritten only by writers who had not seen it, with no conflict record`);
        }
      }
    }

    // Stamps and business times never ahead of real time by more than the allowed skew.
    for (const r of applied.values()) {
      if (isValidHlc(r.hlc) && decodeHlc(r.hlc).ms - r.t > MAX_CLOCK_SKEW_MS) {
        checks.stampsAhead += 1;
        problem(`stamp ahead: ${r.entity} ${r.rowId} ${r.hlc} pushed at ${r.t}`);
      }
      for (const [k, v] of Object.entries(r.times)) {
        // Only the times a write takes from the clock; a due time is the future on purpose.
        if (CLOCK_TIMES.has(k) && v - r.t > MAX_CLOCK_SKEW_MS) {
          checks.timesAhead += 1;
          problem(`${k} ahead: ${r.entity} ${r.rowId} ${v} pushed at ${r.t}`);
        }
      }
    }
    checks.clockRefused = (await db.selectFrom('sync_rejection').select('id').where('message', 'like', '%clock stamp%').execute()).length;
    if (checks.clockRefused > 0) problem(`${checks.clockRefused} writes refused for their clock stamp`);

    const statuses = [...decided.values()];
    return {
      seed: options.seed, steps: options.steps, actions: actions.length, mutations,
      applied: statuses.filter((s) => s === 'applied').length, refused: statuses.filter((s) => s === 'rejected').length,
      faults, checks, problems,
    };
  } finally {
    await oracle.close();
    await database.drop();
    if (problems.length === 0) rmSync(dir, { recursive: true, force: true });
    else log(`kept for inspection: ${dir}`);
  }
}
