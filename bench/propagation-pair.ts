// Propagation between two real desktops: npx tsx bench/propagation-pair.ts [--writes 200] [--pg postgres://postgres@127.0.0.1:5432/postgres]
// One real server in a child process (PGlite by default, a fresh database on a real PostgreSQL with
// --pg), desktop A (the real engine) in this process and desktop B (the real engine) in another
// child, each on its own SQLite file, connected over HTTP and the WebSocket as in production. A logs
// a call; the figure is the time from just before A's logCall to B's 'data-changed' event for that
// customer (the pulled row committed in B's store, which is what makes B's screen repaint). Both
// processes read the same machine clock (timeOrigin + now), so the times compare across processes.
// Stages (p50 each): A's write committed, A's push answered, B's first request after the write (the
// poke arrived), B's pull answered, B's data-changed. With the live feed (docs/sync.md) B usually
// makes no request at all: the change arrives on its socket; those writes are counted as "by the
// feed" and have no poke or pull stage. Never passes or fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dispatch } from '../src-main/core/index.js';
import { createEngine } from '../src-main/core/index.js';
import type { Engine } from '../src-main/core/index.js';
import { memorySecretStore } from '../src-main/core/index.js';
import { openServerDatabase } from '../src-server/index.js';
import { createUser } from '../src-server/index.js';
import type { ApiInput, ApiOutput, MethodName } from '../src-shared/index.js';
import { ceilingRow, describeMachine, LOCAL_MIGRATIONS, machine, positiveInt, printRows, ROOT, summarise, writeResult } from './lib/common.js';
import { scratchDatabase } from './lib/scratch-database.js';

const SERVER_MIGRATIONS = join(ROOT, 'migrations/server');
const PASSWORD = 'password-123';
const wall = (): number => performance.timeOrigin + performance.now();

interface RequestLine { type: 'request'; path: string; start: number; end: number }
interface ChangedLine { type: 'changed'; at: number; customerIds: string[] }
type ChildLine = RequestLine | ChangedLine | { type: 'ready' };

/** A desktop engine whose requests are timed (path, start, end on the shared wall clock). */
function openDesktop(dir: string, onRequest: (r: RequestLine) => void): Engine {
  const fetchImpl: typeof fetch = async (input, init) => {
    const start = wall();
    const res = await fetch(input, init);
    // The body is read by the caller; the stage ends when the answer's headers are in.
    onRequest({ type: 'request', path: new URL(String(input instanceof Request ? input.url : input)).pathname, start, end: wall() });
    return res;
  };
  return createEngine({ dbPath: join(dir, 'store.sqlite'), migrationsDir: LOCAL_MIGRATIONS, secrets: memorySecretStore(), sync: { fetchImpl, pollMs: 3_600_000 } });
}

async function call<M extends MethodName>(engine: Engine, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const r = await dispatch(engine.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as ApiOutput<M>;
}

const write = (line: ChildLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Desktop B: signs in, then reports every request and every data-changed event. */
async function runDesktopB(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kartoteka-prop-b-'));
  const engine = openDesktop(dir, write);
  engine.onEvent((event) => {
    if (event.type === 'data-changed') write({ type: 'changed', at: wall(), customerIds: event.customerIds });
  });
  await call(engine, 'sync.signIn', { serverUrl: url, username: 'b', password: PASSWORD });
  write({ type: 'ready' });
  // The parent closes stdin when it is done.
  process.stdin.resume();
  process.stdin.on('end', () => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

const { values } = parseArgs({
  options: { writes: { type: 'string', default: '200' }, pg: { type: 'string' }, role: { type: 'string' }, url: { type: 'string' }, gap: { type: 'string', default: '60' } },
});
const self = fileURLToPath(import.meta.url);
const spawnTsx = (args: string[]): ChildProcess => spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });

if (values.role === 'desktop-b') {
  await runDesktopB(values.url ?? '');
} else {
  await main();
}

async function main(): Promise<void> {
  const writes = positiveInt(values.writes, 'writes');
  const gapMs = Number(values.gap);
  const work = mkdtempSync(join(tmpdir(), 'kartoteka-bench-prop-'));
  const { target, drop: dropDb } = await scratchDatabase(values.pg, `kartoteka_prop_${process.pid}`, work);
  const db = await openServerDatabase(target, SERVER_MIGRATIONS);
  for (const username of ['a', 'b']) await createUser(db, { username, password: PASSWORD, name: username, role: 'operator', teamId: null, scope: 'all', extension: null });
  await db.destroy();

  const port = 20_000 + (process.pid % 20_000);
  const server = spawnTsx([join(ROOT, 'tests/sync/children/server-child.ts'), JSON.stringify(target), SERVER_MIGRATIONS, String(port)]);
  const serverUrl = await new Promise<string>((ok, fail) => {
    server.once('exit', (code) => fail(new Error(`server exited ${String(code)}`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      if (line.startsWith('listening ')) ok(line.slice(10).trim());
    });
  });

  const b = spawnTsx([self, '--role', 'desktop-b', '--url', serverUrl]);
  // A failed run must not leave the server or desktop B behind.
  const killChildren = () => {
    b.kill('SIGKILL');
    server.kill('SIGKILL');
  };
  process.once('exit', killChildren);
  const bLines: ChildLine[] = [];
  let notify: (() => void) | null = null;
  createInterface({ input: b.stdout! }).on('line', (line) => {
    bLines.push(JSON.parse(line) as ChildLine);
    notify?.();
  });
  const waitFor = async (pred: (l: ChildLine) => boolean, timeoutMs: number): Promise<ChildLine | null> => {
    const deadline = wall() + timeoutMs;
    for (;;) {
      const hit = bLines.find(pred);
      if (hit) return hit;
      const left = deadline - wall();
      if (left <= 0) return null;
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, left);
        notify = () => {
          clearTimeout(t);
          ok();
        };
      });
      notify = null;
    }
  };
  if (!(await waitFor((l) => l.type === 'ready', 60_000))) throw new Error('desktop B did not sign in');

  const aRequests: RequestLine[] = [];
  const a = openDesktop(join(work), (r) => aRequests.push(r));
  await call(a, 'sync.signIn', { serverUrl, username: 'a', password: PASSWORD });
  const customer = await call(a, 'customers.create', { name: 'Пропагация', contacts: [] });
  if (!(await waitFor((l) => l.type === 'changed' && l.customerIds.includes(customer.id), 30_000))) throw new Error('B never saw the customer');

  const total: number[] = [];
  const stages = { committed: [] as number[], pushed: [] as number[], poked: [] as number[], pulled: [] as number[], applied: [] as number[] };
  let lost = 0;
  let byFeed = 0;
  for (let i = 0; i < writes; i++) {
    bLines.length = 0;
    aRequests.length = 0;
    const t0 = wall();
    await call(a, 'interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now(), durationS: i, reason: 'information', notes: `propagation ${i}` });
    const committed = wall();
    const changed = (await waitFor((l) => l.type === 'changed' && l.at >= t0 && l.customerIds.includes(customer.id), 10_000)) as ChangedLine | null;
    if (!changed) {
      lost += 1;
      continue;
    }
    total.push(changed.at - t0);
    stages.committed.push(committed - t0);
    const push = aRequests.find((r) => r.path === '/sync/push');
    if (push) stages.pushed.push(push.end - t0);
    const bRequests = bLines.filter((l): l is RequestLine => l.type === 'request');
    const first = bRequests[0];
    if (first) stages.poked.push(first.start - t0);
    const pull = bRequests.find((r) => r.path === '/sync/pull');
    if (pull) stages.pulled.push(pull.end - t0);
    else byFeed += 1;
    stages.applied.push(changed.at - t0);
    // Let A's own run (its pull of the change it pushed) finish before the next write, with some jitter.
    await new Promise((r) => setTimeout(r, gapMs + Math.random() * gapMs));
  }

  a.close();
  b.stdin!.end();
  await new Promise((r) => b.once('exit', r));
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  process.off('exit', killChildren);
  await dropDb();
  rmSync(work, { recursive: true, force: true });

  const s = summarise(total);
  // A stage no write went through (no poke or pull when the feed delivered everything) has no figure.
  const stageSummary = Object.fromEntries(Object.entries(stages).filter(([, v]) => v.length > 0).map(([k, v]) => [k, summarise(v)]));
  const m = machine();
  console.log(`propagation A → B, ${target.kind}, ${total.length} writes (${lost} not seen within 10 s; ${byFeed} delivered by the live feed without a pull); ${describeMachine(m)}`);
  console.log(`stages after A's logCall starts (p50 / p99 ms): ${Object.entries(stageSummary).map(([k, v]) => `${k} ${v.p50} / ${v.p99}`).join(', ')}`);
  const rows = [
    ceilingRow('propagation-pair', `A logCall → B data-changed p50 (${target.kind})`, s.p50, 'ms', 50),
    ceilingRow('propagation-pair', `A logCall → B data-changed p99 (${target.kind})`, s.p99, 'ms', 300),
    ceilingRow('propagation-pair', `max (${target.kind})`, s.max, 'ms', null),
  ];
  printRows(rows);
  writeResult(`propagation-pair-${target.kind}`, { database: target.kind, writes, lost, byFeed, totalMs: s, stagesMs: stageSummary, rows });
}
