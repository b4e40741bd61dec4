// Propagation with many desktops: npx tsx bench/propagation.ts [--clients 500] [--interval 10] [--duration 60]
//   [--workers 2] [--drain 20] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--seed 1] [--poke-only]
// One real server in a child process (tests/sync/children/server-child.ts; PGlite by default, a fresh
// database on a real PostgreSQL with --pg) and --clients simulated desktops split over --workers
// child processes. A simulated desktop speaks the real protocol without a store of its own: POST
// /sync/hello, the /sync/ws WebSocket for pokes, GET /sync/pull from its cursor whenever a poke says
// there is more (one pull at a time, a poke during a pull means one more pull after it, as the
// desktop's sync client does), and POST /sync/push of one logged call at random times (exponential,
// mean --interval seconds per desktop) for --duration seconds. A desktop also speaks the live feed
// (docs/sync.md: it reports caught-up after a pull and takes `changes` pages from the socket when its
// cursor matches); --poke-only leaves that out, as desktops did before the feed, so every push makes
// every desktop pull. Every operator has scope "all", so
// every change is for every other desktop.
// Figures: for each push, the time from the push leaving its desktop until every other desktop has
// a completed pull holding that interaction (p50/p99/max), the same from the push's answer, and per
// delivery (one desktop receiving one change); the server's CPU (its process, and with --pg the
// database's backends) and peak RSS over the run; the simulated desktops' CPU. All processes read
// the same machine clock (timeOrigin + now). Writes bench/results/propagation.json. Never fails on time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { issueAccessToken } from '../src-server/index.js';
import type { DatabaseTarget } from '../src-server/index.js';
import { openServerDatabase } from '../src-server/index.js';
import { createUser } from '../src-server/index.js';
import { newId } from '../src-shared/index.js';
import { seedServerRows } from '../tests/support/server-seed.js';
import { ceilingRow, describeMachine, machine, positiveInt, printRows, ROOT, round, writeResult, type BudgetRow } from './lib/common.js';
import { runWorker, wall, type ClientConfig, type WorkerConfig, type WorkerReport } from './lib/propagation-worker.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    interval: { type: 'string', default: '10' },
    duration: { type: 'string', default: '60' },
    workers: { type: 'string', default: '2' },
    drain: { type: 'string', default: '20' },
    pg: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'poke-only': { type: 'boolean', default: false },
    worker: { type: 'string' },
  },
});


// ---------------------------------------------------------------- the parent: server, workers, figures
/** utime + stime of a process in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
function rssMbOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  return new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function main(): Promise<void> {
  const clients = positiveInt(values.clients, 'clients');
  const intervalS = Number(values.interval);
  if (!(intervalS > 0)) throw new Error(`--interval must be a positive number of seconds, got ${values.interval}`);
  const durationS = positiveInt(values.duration, 'duration');
  const workers = Math.min(clients, positiveInt(values.workers, 'workers'));
  const drainS = positiveInt(values.drain, 'drain');
  const seed = positiveInt(values.seed, 'seed');
  const work = mkdtempSync(join(tmpdir(), 'kartoteka-bench-propagation-'));

  let target: DatabaseTarget;
  let pgName: string | null = null;
  if (values.pg) {
    pgName = `kartoteka_propagation_${process.pid}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgName}`);
    await admin.end();
    const url = new URL(values.pg);
    url.pathname = `/${pgName}`;
    target = { kind: 'postgres', url: url.toString() };
  } else target = { kind: 'pglite', dataDir: join(work, 'pgdata') };

  const children: ChildProcess[] = [];
  try {
    // Users, a few customers and the signing key, written before the server starts; the tokens are
    // issued here with that key (signing in 500 times would only measure scrypt).
    const setupStart = performance.now();
    const db = await openServerDatabase(target, join(ROOT, 'migrations/server'));
    const secret = randomBytes(32);
    await db.insertInto('server_setting').values({ key: 'token_key', value: secret.toString('base64') }).execute();
    // One operator through createUser (the real path), the others as copies of that row with their
    // own id, username and change-log entry: 500 scrypt hashes would only measure setup.
    const first = await createUser(db, { username: 'desk0', password: 'password-123', name: 'Оператор 0', role: 'operator', teamId: null, scope: 'all', extension: '1000' });
    if (clients > 1) {
      await sql`
        INSERT INTO app_user (id, username, password_hash, name, extension, role, team_id, scope, disabled, created_at, updated_at, hlc, deleted, field_hlc)
        SELECT gen_random_uuid()::text, 'desk' || g, u.password_hash, 'Оператор ' || g, (1000 + g)::text, u.role, u.team_id, u.scope, 0, u.created_at, u.updated_at, u.hlc, 0, u.field_hlc
        FROM app_user u, generate_series(1, ${clients - 1}) AS g WHERE u.id = ${first.id}`.execute(db);
      await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) SELECT 'app_user', id, nextval('change_seq'), NULL FROM app_user WHERE username <> 'desk0' AND username LIKE 'desk%'`.execute(db);
    }
    const users = (await sql<{ id: string }>`SELECT id FROM app_user WHERE username LIKE 'desk%' ORDER BY created_at, username`.execute(db)).rows;
    const configs: ClientConfig[] = [];
    for (const u of users) configs.push({ userId: u.id, token: await issueAccessToken({ secret }, u.id), clientId: newId() });
    await seedServerRows(db, 1_000, 3, configs[0]?.userId ?? null);
    const customerIds = (await sql<{ id: string }>`SELECT id FROM customer ORDER BY id`.execute(db)).rows.map((r) => r.id);
    await db.destroy();
    process.stderr.write(`setup: ${clients} operators, ${customerIds.length} customers in ${((performance.now() - setupStart) / 1000).toFixed(1)} s\n`);

    const port = await freePort();
    const spawnTsx = (script: string, args: string[]): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const server = spawnTsx(join(ROOT, 'tests/sync/children/server-child.ts'), [JSON.stringify(target), join(ROOT, 'migrations/server'), String(port)]);
    children.push(server);
    const serverLines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
    await new Promise<void>((ok) => serverLines.on('line', (line) => line.startsWith('listening ') && ok()));
    const url = `http://127.0.0.1:${port}`;

    const reports: Promise<WorkerReport>[] = [];
    const ready: Promise<void>[] = [];
    const workerProcs: ChildProcess[] = [];
    for (let w = 0; w < workers; w++) {
      const mine = configs.filter((_, i) => i % workers === w);
      const file = join(work, `worker-${w}.json`);
      writeFileSync(file, JSON.stringify({ url, clients: mine, customerIds, intervalS, seed: seed * 1000 + w, feed: !values['poke-only'] } satisfies WorkerConfig));
      const child = spawnTsx(fileURLToPath(import.meta.url), ['--worker', file]);
      children.push(child);
      workerProcs.push(child);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      let readyOk: () => void = () => undefined;
      ready.push(new Promise<void>((ok) => (readyOk = ok)));
      reports.push(new Promise<WorkerReport>((ok, fail) => {
        child.once('exit', (code) => fail(new Error(`worker ${w} exited with ${String(code)}`)));
        lines.on('line', (line) => {
          const msg = JSON.parse(line) as { type: string };
          if (msg.type === 'ready') readyOk();
          else if (msg.type === 'report') ok(msg as WorkerReport);
        });
      }));
    }
    await Promise.race([Promise.all(ready), Promise.all(reports)]);
    process.stderr.write(`${clients} desktops connected over ${workers} workers; pushing for ${durationS} s (one push per desktop every ${intervalS} s on average)\n`);

    // Server CPU: the server process, and with PostgreSQL the backends serving its database.
    const serverPid = server.pid ?? 0;
    const backendPids = async (): Promise<number[]> => {
      if (!values.pg || !pgName) return [];
      const c = new pg.Client({ connectionString: values.pg });
      await c.connect();
      const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [pgName]);
      await c.end();
      return r.rows.map((x) => x.pid);
    };
    const before = new Map<number, number>([[serverPid, cpuMsOf(serverPid)], ...(await backendPids()).map((p): [number, number] => [p, cpuMsOf(p)])]);
    let serverPeakRss = rssMbOf(serverPid);
    const rssTimer = setInterval(() => (serverPeakRss = Math.max(serverPeakRss, rssMbOf(serverPid))), 250);
    const t0 = wall();
    for (const w of workerProcs) w.stdin?.write('start\n');
    await new Promise((r) => setTimeout(r, durationS * 1000));
    for (const w of workerProcs) w.stdin?.write('stop\n');
    const windowS = (wall() - t0) / 1000;
    const serverCpuMs = cpuMsOf(serverPid) - (before.get(serverPid) ?? 0);
    const backendCpuMs = (await backendPids()).reduce((s, p) => s + cpuMsOf(p) - (before.get(p) ?? 0), 0);
    // Let the last pushes reach everyone before the workers report.
    await new Promise((r) => setTimeout(r, drainS * 1000));
    clearInterval(rssTimer);
    for (const w of workerProcs) w.stdin?.write('report\n');
    const done = await Promise.all(reports);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    // ---- figures
    const received = new Map<string, [number, number]>();
    for (const rep of done) {
      for (const [id, [count, at]] of Object.entries(rep.received)) {
        const r = received.get(id);
        if (r) {
          r[0] += count;
          r[1] = Math.max(r[1], at);
        } else received.set(id, [count, at]);
      }
    }
    const pushes = done.flatMap((r) => r.pushes);
    const applied = pushes.filter((p) => p.ok);
    const expected = clients - 1;
    const fromSent: number[] = [];
    const fromAnswered: number[] = [];
    const pushMs: number[] = [];
    let incomplete = 0;
    for (const p of applied) {
      pushMs.push(p.answered - p.sent);
      const r = received.get(p.rowId);
      if (!r || r[0] < expected) {
        incomplete++;
        continue;
      }
      fromSent.push(r[1] - p.sent);
      fromAnswered.push(r[1] - p.answered);
    }
    const hist = new Map<number, number>();
    for (const rep of done) for (const [ms, n] of Object.entries(rep.deliveries)) hist.set(Number(ms), (hist.get(Number(ms)) ?? 0) + n);
    const histPct = (p: number): number => {
      const total = [...hist.values()].reduce((a, b) => a + b, 0);
      let seen = 0;
      for (const [ms, n] of [...hist.entries()].sort((a, b) => a[0] - b[0])) {
        seen += n;
        if (seen > (p / 100) * total) return ms;
      }
      return NaN;
    };
    const deliveriesTotal = [...hist.values()].reduce((a, b) => a + b, 0);
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (p: number): number => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
      return { n: s.length, p50: round(at(50), 1), p99: round(at(99), 1), max: round(s[s.length - 1] ?? NaN, 1) };
    };
    const all = stats(fromSent);
    const answered = stats(fromAnswered);
    const push = stats(pushMs);
    const clientCpuMs = done.reduce((s, r) => s + r.cpuUserMs + r.cpuSystemMs, 0);
    const errorSamples = [...new Set(done.flatMap((r) => r.errorSamples))];
    if (errorSamples.length > 0) console.log(`errors seen by the desktops (first few):\n  ${errorSamples.join('\n  ')}`);
    const summary = {
      errorSamples,
      clients, workers, intervalS, durationS, drainS, database: target.kind,
      pushes: pushes.length, applied: applied.length, pushErrors: done.reduce((s, r) => s + r.pushErrors, 0),
      pushesPerSecond: round(pushes.length / windowS, 1), incomplete, expectedReceiversPerPush: expected,
      pulls: done.reduce((s, r) => s + r.pulls, 0), pullErrors: done.reduce((s, r) => s + r.pullErrors, 0),
      untilAllPulledFromSentMs: all, untilAllPulledFromAnsweredMs: answered, pushAnsweredMs: push,
      perDeliveryMs: { n: deliveriesTotal, p50: histPct(50), p99: histPct(99), max: Math.max(...hist.keys()) },
      serverCpu: { processMs: serverCpuMs, databaseBackendsMs: backendCpuMs, coresBusy: round((serverCpuMs + backendCpuMs) / 1000 / windowS, 2) },
      serverPeakRssMb: round(serverPeakRss, 1),
      clientCpu: { ms: clientCpuMs, coresBusy: round(clientCpuMs / 1000 / windowS, 2), workerPeakRssMb: done.map((r) => r.peakRssMb) },
    };
    console.log(`\npropagation: ${clients} desktops over ${workers} workers, ${summary.pushes} pushes in ${round(windowS, 1)} s (${summary.pushesPerSecond}/s), server on ${target.kind}; ${describeMachine(machine())}`);
    console.table([
      { figure: 'push sent → every other desktop pulled it', ...all },
      { figure: 'push answered → every other desktop pulled it', ...answered },
      { figure: 'push sent → answered', ...push },
      { figure: 'push sent → one desktop pulled it (per delivery)', n: deliveriesTotal, p50: summary.perDeliveryMs.p50, p99: summary.perDeliveryMs.p99, max: summary.perDeliveryMs.max },
    ]);
    console.table([{
      'server CPU (cores busy)': summary.serverCpu.coresBusy, 'server process CPU s': round(serverCpuMs / 1000, 1), 'PostgreSQL backends CPU s': round(backendCpuMs / 1000, 1),
      'server peak RSS MB': summary.serverPeakRssMb, 'desktops CPU (cores busy)': summary.clientCpu.coresBusy, pulls: summary.pulls,
      'pull errors': summary.pullErrors, 'push errors': summary.pushErrors, 'pushes not seen by all': incomplete,
    }]);
    const rows: BudgetRow[] = [
      ceilingRow('propagation', `push → all ${expected} others pulled, p50 (${clients} desktops)`, all.p50, 'ms', 50),
      ceilingRow('propagation', `push → all ${expected} others pulled, p99 (${clients} desktops)`, all.p99, 'ms', 300),
      ceilingRow('propagation', 'push → one other desktop pulled, p50 (per delivery)', summary.perDeliveryMs.p50, 'ms', 50),
      ceilingRow('propagation', 'push → one other desktop pulled, p99 (per delivery)', summary.perDeliveryMs.p99, 'ms', 300),
      { bench: 'propagation', figure: 'server CPU, cores busy (process + database backends)', value: summary.serverCpu.coresBusy, unit: 'cores', budget: '—', ratio: null },
      { bench: 'propagation', figure: 'server peak RSS', value: summary.serverPeakRssMb, unit: 'MB', budget: '—', ratio: null },
    ];
    printRows(rows);
    writeResult('propagation', { ...summary, rows });
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (values.pg && pgName) {
      const c = new pg.Client({ connectionString: values.pg });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
      await c.end();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (values.worker !== undefined) await runWorker(JSON.parse(readFileSync(values.worker, 'utf8')) as WorkerConfig);
else await main();

