// One desktop of the chaos test, as its own process: the real engine on its own SQLite file,
// signed in through its fault proxy, acting at random as its operator would (customers, names,
// claims, calls, tasks; a supervisor also reassigns). Every action the engine acknowledged is
// appended to an fsynced log with the outbox seqs it wrote, before the next one starts, so a SIGKILL
// never loses the record of an acknowledged write. Every push it sends is logged too (what the server
// was asked to apply: stamps, bases, values), for the oracle's concurrency and clock checks.
// It obeys one-line JSON commands on stdin ("quiesce", "stop") and answers on stdout.
// usage: desktop-process.ts <config JSON>
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dispatch } from '../../src-main/core/dispatch.js';
import { createEngine } from '../../src-main/core/engine.js';
import { Prng } from '../../src-main/core/demo/random.js';
import { fileSecretStore } from '../../src-main/core/sync/secret-store.js';
import type { SyncStatus } from '../../src-shared/sync/status.js';

export interface DesktopConfig {
  name: string;
  username: string;
  password: string;
  role: 'operator' | 'supervisor';
  userId: string;
  /** Every user's id: a supervisor reassigns to any of them. */
  userIds: string[];
  dbPath: string;
  secretPath: string;
  migrationsDir: string;
  serverUrl: string;
  actionLog: string;
  pushLog: string;
  /** This process's wall clock is off by this much (a wrong clock; changed across a restart: a step). */
  skewMs: number;
  seed: number;
}

export interface ActionRecord {
  t: number;
  desktop: string;
  clientId: string;
  kind: 'create' | 'rename' | 'claim' | 'reassign' | 'call' | 'task' | 'complete';
  rowId: string;
  customerId: string;
  value: string | null;
  /** The outbox entries this action wrote: seqs in (from, to]. */
  seqFrom: number;
  seqTo: number;
}

export interface PushRecord {
  t: number;
  clientId: string;
  seq: number;
  entity: string;
  rowId: string;
  op: string;
  hlc: string;
  base: Record<string, string> | null;
  name: string | null;
  times: Record<string, number>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as DesktopConfig;
const rng = new Prng(config.seed);
const now = (): number => Date.now() + config.skewMs;

const actionFd = openSync(config.actionLog, 'a');
const pushFd = openSync(config.pushLog, 'a');
function append(fd: number, record: unknown, sync: boolean): void {
  writeSync(fd, `${JSON.stringify(record)}\n`);
  if (sync) fsyncSync(fd);
}

// Pushes are logged as they leave, whatever becomes of them: the server's applied_mutation says.
const loggingFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input instanceof Request ? input.url : input));
  if (url.pathname === '/sync/push' && typeof init?.body === 'string') {
    const body = JSON.parse(init.body) as { clientId: string; mutations: { seq: number; entity: string; rowId: string; op: string; hlc: string; base?: Record<string, string>; payload: Record<string, unknown> }[] };
    for (const m of body.mutations) {
      const times: Record<string, number> = {};
      for (const [k, v] of Object.entries(m.payload)) if (k.endsWith('_at') && typeof v === 'number') times[k] = v;
      append(pushFd, {
        t: Date.now(), clientId: body.clientId, seq: m.seq, entity: m.entity, rowId: m.rowId, op: m.op, hlc: m.hlc, base: m.base ?? null,
        name: m.entity === 'customer' && typeof m.payload.name === 'string' ? m.payload.name : null, times,
      } satisfies PushRecord, false);
    }
  }
  return fetch(input, init);
};

const engine = createEngine({
  dbPath: config.dbPath,
  migrationsDir: config.migrationsDir,
  secrets: fileSecretStore(config.secretPath),
  now,
  sync: { pollMs: 1_000, pushBatch: 50, fetchImpl: loggingFetch },
});
const reader = new BetterSqlite3(config.dbPath, { readonly: true });
reader.pragma('busy_timeout = 5000');
const clientId = String(reader.prepare("SELECT value FROM meta WHERE key = 'sync_client_id'").pluck().get());

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(engine.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

const outboxHead = (): number => Number(reader.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)").pluck().get());
const pick = <T>(items: T[]): T | undefined => (items.length === 0 ? undefined : items[rng.int(0, items.length - 1)]);
const customers = (): string[] => reader.prepare('SELECT id FROM customer WHERE deleted = 0').pluck().all() as string[];
const openTasks = (): { id: string; customer_id: string }[] =>
  reader.prepare("SELECT id, customer_id FROM task WHERE deleted = 0 AND status = 'open'").all() as { id: string; customer_id: string }[];

let counter = 0;
async function act(): Promise<void> {
  counter += 1;
  const tag = `${config.name}-${process.pid}-${counter}`;
  const roll = rng.next();
  const from = outboxHead();
  let record: Omit<ActionRecord, 't' | 'desktop' | 'clientId' | 'seqFrom' | 'seqTo'>;
  const customerId = pick(customers());
  if (roll < 0.15 || customerId === undefined) {
    const c = await call<{ id: string }>('customers.create', { name: `Клиент ${tag}`, contacts: [] });
    record = { kind: 'create', rowId: c.id, customerId: c.id, value: `Клиент ${tag}` };
  } else if (roll < 0.4) {
    const value = `Имя ${tag}`;
    await call('customers.update', { id: customerId, patch: { name: value } });
    record = { kind: 'rename', rowId: customerId, customerId, value };
  } else if (roll < 0.5) {
    if (config.role === 'supervisor') {
      const to = pick(config.userIds) ?? config.userId;
      await call('customers.update', { id: customerId, patch: { ownerId: to, ownerLocked: rng.chance(0.5) } });
      record = { kind: 'reassign', rowId: customerId, customerId, value: to };
    } else {
      await call('customers.update', { id: customerId, patch: { ownerId: config.userId, ownerLocked: true } });
      record = { kind: 'claim', rowId: customerId, customerId, value: config.userId };
    }
  } else if (roll < 0.75) {
    const notes = `Звонок ${tag}`;
    const r = await call<{ interaction: { id: string } }>('interactions.logCall', { customerId, direction: 'in', startedAt: now(), durationS: 30, reason: 'other', notes });
    record = { kind: 'call', rowId: r.interaction.id, customerId, value: notes };
  } else if (roll < 0.9) {
    const title = `Задача ${tag}`;
    const t = await call<{ id: string }>('tasks.create', { customerId, kind: 'callback', title, dueAt: now() + 3_600_000 });
    record = { kind: 'task', rowId: t.id, customerId, value: title };
  } else {
    const task = pick(openTasks());
    if (!task) return;
    await call('tasks.complete', { id: task.id });
    record = { kind: 'complete', rowId: task.id, customerId: task.customer_id, value: 'done' };
  }
  const to = outboxHead();
  append(actionFd, { t: Date.now(), desktop: config.name, clientId, seqFrom: from, seqTo: to, ...record } satisfies ActionRecord, true);
}

let acting = true;
async function actLoop(): Promise<void> {
  while (acting) {
    try {
      await act();
    } catch {
      // Refused locally (a customer that just left this scope, a task closed meanwhile): not acknowledged.
    }
    await new Promise((resolve) => setTimeout(resolve, rng.int(30, 250)));
  }
}

async function status(): Promise<SyncStatus> {
  return call<SyncStatus>('sync.status', {});
}

async function signInUntilDone(): Promise<void> {
  for (;;) {
    const s = await status();
    if (s.state !== 'signed-out' && s.state !== 'disabled') return;
    try {
      await call('sync.signIn', { serverUrl: config.serverUrl, username: config.username, password: config.password });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function reply(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as { cmd: 'quiesce' | 'stop' | 'sync' };
  void (async () => {
    if (command.cmd === 'quiesce') acting = false;
    if (command.cmd === 'stop') {
      acting = false;
      engine.close();
      reader.close();
      closeSync(actionFd);
      closeSync(pushFd);
      reply({ stopped: true });
      process.exit(0);
    }
    await signInUntilDone();
    await engine.syncNow();
    const cursor = Number(reader.prepare("SELECT value FROM meta WHERE key = 'sync_cursor'").pluck().get() ?? 0);
    reply({ status: await status(), cursor });
  })().catch((error: unknown) => reply({ error: String(error) }));
});

void signInUntilDone();
void actLoop();
reply({ ready: true, clientId });
