// Logging benchmark: npx tsx bench/logging.ts [--customers 5000] [--samples 1000] [--burst 1000] [--seed 1]
//   or on a given store (bench/generate.ts): npx tsx bench/logging.ts --db /path/gen-1000000-10000000-s1.sqlite
//   (the engine mode only, on a private copy: a 10M store is 9 GB and the two control modes would
//   need a copy each)
// Times committing a logged call (interaction row + outbox entry, one transaction) through the handler
// table and dispatch(), as the host and IPC call it: p50/p99 per call, then a burst of calls back to
// back. Three ways on private copies of a generated store:
//   engine        — createEngine (synchronous=NORMAL + the WAL fsync right after each commit,
//                   db/wal-flush.ts: the product's setting) + its change events;
//   stack NORMAL  — the same handlers over a connection the bench opens, same setting (control), and
//                   the time from each commit to its WAL fsync's end: the window in which a power cut
//                   could still take an answered write;
//   stack FULL    — synchronous=FULL, the fsync inside every commit (the product's setting before),
//                   set here only: what the fsync costs when the operator waits for it.
// Calls arrive as separate event-loop turns, as IPC and WebSocket messages do (the bench yields between
// calls, outside the timed span), so the store's upkeep (db/upkeep.ts: WAL checkpoints, FTS merges) runs
// between calls as it does in the product; its runs are timed and reported, and the burst includes them.
// A bare SQLite INSERT + COMMIT (WAL, FULL and NORMAL) on the same disk gives the floor of each.
// Prints figures beside the budget (≤ 1 ms p99) and writes bench/results/logging.json. Never fails on time.
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiInput, HandlerTable } from '../src-shared/index.js';
import { openSqlite, wrapKysely, type SqliteDb } from '../src-main/core/index.js';
import { DbHandle } from '../src-main/core/index.js';
import { Prng } from '../src-main/core/index.js';
import { dispatch } from '../src-main/core/index.js';
import { createEngine } from '../src-main/core/index.js';
import { storeHandlers } from '../src-main/core/index.js';
import { Store } from '../src-main/core/index.js';
import { ensureCurrentUser } from '../src-main/core/index.js';
import { HlcClock } from '../src-main/core/index.js';
import {
  ceilingRow, copyStore, ensureStore, LOCAL_MIGRATIONS, nowMs, positiveInt, printRows, round, summarise, writeResult,
  type BudgetRow, type Summary,
} from './lib/common.js';

const BUDGET_P99_MS = 1;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    samples: { type: 'string', default: '1000' },
    burst: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const customers = positiveInt(values.customers, 'customers');
const samples = positiveInt(values.samples, 'samples');
const burst = positiveInt(values.burst, 'burst');
const seed = positiveInt(values.seed, 'seed');

if (values.db !== undefined && !existsSync(values.db)) throw new Error(`--db ${values.db} does not exist`);
const source = values.db !== undefined ? { path: values.db } : ensureStore(customers, seed, values.fresh);
const storeLabel = values.db !== undefined ? values.db : `${customers} customers (seed ${seed})`;
const work = mkdtempSync(join(tmpdir(), 'kartoteka-bench-logging-'));

type Target = { customerId: string; number: string };
function targets(db: SqliteDb): Target[] {
  return db
    .prepare(
      `SELECT c.id AS customerId, (SELECT p.raw FROM contact_point p WHERE p.customer_id = c.id AND p.kind = 'phone' LIMIT 1) AS number
       FROM customer c WHERE c.deleted = 0 ORDER BY c.rowid LIMIT 5000`,
    )
    .all() as Target[];
}

const NOTES = ['Уточнил условия тарифа и сроки действия акции.', 'Asked to reschedule the installation to next week.', 'Заявка на ремонт оборудования, серийный номер 4711.'];
function input(rng: Prng, list: readonly Target[], at: number): ApiInput<'interactions.logCall'> {
  const t = list[rng.int(0, list.length - 1)] as Target;
  return {
    customerId: t.customerId,
    direction: rng.chance(0.7) ? 'in' : 'out',
    reason: 'information',
    notes: rng.pick(NOTES),
    outcome: 'информирован',
    startedAt: at,
    durationS: rng.int(15, 900),
    mood: 'neutral',
    number: t.number,
  };
}

interface ModeResult {
  mode: string;
  synchronous: string;
  perCallMs: Summary;
  /**
   * The process's CPU time per call (user + system): what the call costs the machine, without the
   * waits (fsync, a core taken by another process) that make the wall time on a shared machine.
   */
  cpuPerCallMs: Summary;
  burst: { calls: number; seconds: number; callsPerSecond: number };
  outboxAdded: number;
  /** Upkeep runs between calls (stack modes; the engine's Store is private): duration and WAL frames. */
  upkeep: { runs: number; ms: Summary; walFrames: Summary } | null;
  /** Commit → its WAL fsync done (db/wal-flush.ts), the last 1,000 commits; null where not flushed so. */
  flushLagMs: Summary | null;
  walBytesAtEnd: number;
}

/** One turn of the event loop: what separates two IPC messages, and when timers (upkeep) may run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function walBytes(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

async function run(mode: string, handlers: HandlerTable, db: SqliteDb, path: string, store: Store | null): Promise<ModeResult> {
  const rng = new Prng(seed + 7);
  const list = targets(db);
  const outboxBefore = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const call = async (at: number): Promise<void> => {
    const r = await dispatch(handlers, 'interactions.logCall', input(rng, list, at), (_m, e) => {
      throw e;
    });
    if (!r.ok) throw new Error(`logCall failed: ${JSON.stringify(r.error)}`);
  };
  let at = Date.UTC(2026, 10, 2);
  for (let i = 0; i < 50; i++) {
    await call(at++); // warm the statement cache and the pages
    await nextTurn();
  }
  const runsBefore = store?.upkeep.stats().runs ?? 0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < samples; i++) {
    const c0 = process.cpuUsage();
    const t0 = nowMs();
    await call(at++);
    times.push(nowMs() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    await nextTurn();
  }
  const b0 = nowMs();
  for (let i = 0; i < burst; i++) {
    await call(at++);
    await nextTurn();
  }
  const seconds = (nowMs() - b0) / 1000;
  await store?.durability.idle();
  const lags = store?.durability.stats().recentLagMs ?? [];
  const upkeepStats = store?.upkeep.stats();
  const upkeepRuns = upkeepStats ? upkeepStats.recent.slice(-(upkeepStats.runs - runsBefore)) : [];
  const outboxAfter = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][db.pragma('synchronous', { simple: true }) as number] ?? '?';
  return {
    mode,
    synchronous,
    perCallMs: summarise(times),
    cpuPerCallMs: summarise(cpu),
    burst: { calls: burst, seconds: round(seconds), callsPerSecond: Math.round(burst / seconds) },
    outboxAdded: outboxAfter - outboxBefore,
    upkeep: upkeepStats
      ? { runs: upkeepStats.runs - runsBefore, ms: summarise(upkeepRuns.map((r) => r.ms)), walFrames: summarise(upkeepRuns.map((r) => r.walFrames)) }
      : null,
    flushLagMs: lags.length > 0 ? summarise(lags) : null,
    walBytesAtEnd: walBytes(path),
  };
}

/** The floor: a bare INSERT + COMMIT of a 200-byte row in WAL mode on the same disk, nothing else. */
function bareCommit(dir: string, synchronous: 'FULL' | 'NORMAL', n: number): Summary {
  const db = new BetterSqlite3(join(dir, `bare-${synchronous}.sqlite`));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const value = 'x'.repeat(200);
    for (let i = 0; i < 50; i++) insert.run(value);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = nowMs();
      insert.run(value);
      times.push(nowMs() - t0);
    }
    return summarise(times);
  } finally {
    db.close();
  }
}

/** The handler table the engine builds, over a connection the bench opened (so its pragmas are ours). */
function stack(path: string, synchronous: 'FULL' | 'NORMAL'): { handlers: HandlerTable; db: SqliteDb; store: Store } {
  const db = openSqlite(path);
  db.pragma(`synchronous = ${synchronous}`);
  const handle = new DbHandle(db, wrapKysely(db));
  const clock = new HlcClock(db, Date.now);
  const store = new Store(handle, clock, Date.now);
  // FULL already fsyncs inside each commit: no second fsync after it.
  if (synchronous === 'FULL') store.durability.close();
  const userId = ensureCurrentUser(handle, clock, Date.now());
  const base = storeHandlers({ store, currentUserId: () => userId, defaultCountry: () => 'RU' });
  // The sync and CTI methods are not called here; the table type wants them, so they refuse.
  const refuse = (): never => {
    throw new Error('not part of the logging benchmark');
  };
  const handlers = new Proxy(base, { get: (t, k) => (k in t ? (t as Record<string | symbol, unknown>)[k] : refuse) }) as HandlerTable;
  return { handlers, db, store };
}

const results: ModeResult[] = [];
const bare: { FULL?: Summary; NORMAL?: Summary } = {};
try {
  {
    const path = copyStore(source.path, join(work, 'engine.sqlite'));
    const engine = createEngine({ dbPath: path, migrationsDir: LOCAL_MIGRATIONS });
    const probe = openSqlite(path); // counts the outbox; the engine's own connection is private
    try {
      const r = await run('engine (dispatch)', engine.handlers, probe, path, null);
      results.push({ ...r, synchronous: 'NORMAL + WAL fsync after commit' }); // the engine's connection; see db/open.ts
    } finally {
      probe.close();
      engine.close();
    }
  }
  for (const sync of values.db !== undefined ? [] : (['NORMAL', 'FULL'] as const)) {
    const path = copyStore(source.path, join(work, `stack-${sync}.sqlite`));
    const { handlers, db, store } = stack(path, sync);
    try {
      results.push(await run(`handler stack, synchronous=${sync}`, handlers, db, path, store));
    } finally {
      db.close();
    }
  }
  bare.FULL = bareCommit(work, 'FULL', samples);
  bare.NORMAL = bareCommit(work, 'NORMAL', samples);
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`logging: ${storeLabel}, ${samples} timed calls + ${burst} in a burst per mode`);
console.table(
  results.map((r) => ({
    mode: r.mode,
    synchronous: r.synchronous,
    'p50 ms': r.perCallMs.p50,
    'p99 ms': r.perCallMs.p99,
    'max ms': r.perCallMs.max,
    'CPU p50/p99 ms': `${round(r.cpuPerCallMs.p50, 2)} / ${round(r.cpuPerCallMs.p99, 2)}`,
    'p99 / budget': `${round(r.perCallMs.p99 / BUDGET_P99_MS, 2)}×`,
    'burst calls/s': r.burst.callsPerSecond,
    'outbox +': r.outboxAdded,
    'upkeep runs': r.upkeep?.runs ?? '—',
    'upkeep p50/max ms': r.upkeep ? `${r.upkeep.ms.p50} / ${r.upkeep.ms.max}` : '—',
    'WAL frames/run p50': r.upkeep?.walFrames.p50 ?? '—',
    'commit → WAL fsynced p50/p99 ms': r.flushLagMs ? `${r.flushLagMs.p50} / ${r.flushLagMs.p99}` : '—',
    'WAL MiB at end': round(r.walBytesAtEnd / 2 ** 20, 1),
  })),
);
console.table(
  (['FULL', 'NORMAL'] as const).map((k) => ({
    'bare INSERT+COMMIT, WAL': k,
    'p50 ms': bare[k]?.p50,
    'p99 ms': bare[k]?.p99,
    'max ms': bare[k]?.max,
  })),
);
const full = results.find((r) => r.mode === 'handler stack, synchronous=FULL');
const normal = results.find((r) => r.mode === 'handler stack, synchronous=NORMAL');
if (full && normal) {
  console.log(
    `durability cost (FULL vs NORMAL): p50 ${round(full.perCallMs.p50 / normal.perCallMs.p50, 2)}×, p99 ${round(full.perCallMs.p99 / normal.perCallMs.p99, 2)}×, burst ${round(normal.burst.callsPerSecond / full.burst.callsPerSecond, 2)}× fewer calls/s`,
  );
}
const engineRow = results[0] as ModeResult;
if (bare.FULL) {
  console.log(
    `engine ÷ bare FULL commit on this disk: p50 ${round(engineRow.perCallMs.p50 / bare.FULL.p50, 2)}×, p99 ${round(engineRow.perCallMs.p99 / bare.FULL.p99, 2)}×`,
  );
}
const rows: BudgetRow[] = [
  ceilingRow('logging', 'logCall p99 (engine: NORMAL, WAL fsync after commit)', engineRow.perCallMs.p99, 'ms', BUDGET_P99_MS),
  ceilingRow('logging', 'logCall p50 (engine)', engineRow.perCallMs.p50, 'ms', null),
  ...(normal?.flushLagMs ? [ceilingRow('logging', 'commit → WAL fsynced p99 (power-loss window)', normal.flushLagMs.p99, 'ms', null)] : []),
  ...(full ? [ceilingRow('logging', 'logCall p99 (FULL: fsync inside commit, bench only)', full.perCallMs.p99, 'ms', BUDGET_P99_MS)] : []),
  { bench: 'logging', figure: 'burst (engine)', value: engineRow.burst.callsPerSecond, unit: 'calls/s', budget: '—', ratio: null },
  ...(bare.FULL ? [ceilingRow('logging', 'bare INSERT+COMMIT p99 (WAL, FULL, same disk)', bare.FULL.p99, 'ms', BUDGET_P99_MS)] : []),
];
printRows(rows);
writeResult('logging', { params: { store: storeLabel, customers: values.db === undefined ? customers : null, samples, burst, seed }, budget: { p99Ms: BUDGET_P99_MS }, results, bareCommitMs: bare, rows });
