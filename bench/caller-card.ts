// Caller-card benchmark: npx tsx bench/caller-card.ts --customers 100000 [--samples 3000] [--seed 1] [--fresh]
//   or on a given store: npx tsx bench/caller-card.ts --db /path/gen-1000000-10000000-s1.sqlite --samples 3400
//   (a store from bench/generate.ts; the engine opens it in place, as the desktop would)
// (budget: card data ≤ 2 ms p99 and ≤ 3× the bare SQL; latest run in bench/results/caller-card.json)
// Builds (or reuses) a generated store, then times callerCard.lookup for known, unknown and heavy
// numbers against the bare SQL queries that fetch the same rows. Prints figures; never passes or fails.
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CARD_HISTORY, CONTACTS_SQL, COUNTS_SQL, CUSTOMER_SQL, HAS_CORRECTIONS_SQL, LOOKUP_SQL, MOODS_SQL, RECENCY_SQL,
} from '../src-main/core/index.js';
import { openSqlite } from '../src-main/core/index.js';
import { Prng } from '../src-main/core/index.js';
import { createEngine } from '../src-main/core/index.js';
import { OPEN_CASES_SQL } from '../src-main/core/index.js';
import { HISTORY_SQL } from '../src-main/core/index.js';
import { OPEN_TASKS_SQL } from '../src-main/core/index.js';
import { ceilingRow, ensureStore, LOCAL_MIGRATIONS, printRows, round, writeResult, type BudgetRow } from './lib/common.js';

const migrationsDir = LOCAL_MIGRATIONS;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const customers = Number(values.customers);
const samples = Number(values.samples);
const seed = Number(values.seed);
// The generated store is shared with the other benchmarks (bench/lib/common.ts).
const dbPath = values.db === undefined ? ensureStore(customers, seed, values.fresh).path : values.db;
if (!existsSync(dbPath)) throw new Error(`--db ${dbPath} does not exist`);

const engine = createEngine({ dbPath, migrationsDir });
const db = openSqlite(dbPath);
const rng = new Prng(seed + 1);

const stats = db.prepare('SELECT (SELECT count(*) FROM customer) AS customers, (SELECT count(*) FROM interaction) AS interactions').get() as {
  customers: number;
  interactions: number;
};
const maxContactRowid = (db.prepare('SELECT max(rowid) AS m FROM contact_point').get() as { m: number }).m;
const byRowid = db.prepare(`SELECT raw, normalized FROM contact_point WHERE rowid = ? AND kind <> 'email'`);
const heavyCustomers = (db
  .prepare('SELECT customer_id FROM interaction WHERE deleted = 0 GROUP BY customer_id ORDER BY count(*) DESC LIMIT 20')
  .all() as { customer_id: string }[]).map((r) => r.customer_id);
const heavyContacts = heavyCustomers.flatMap(
  (id) => db.prepare(`SELECT raw, normalized FROM contact_point WHERE customer_id = ? AND kind <> 'email'`).all(id) as { raw: string; normalized: string }[],
);
// "AND deleted = 0" lets SQLite use the partial lookup index; without it every check scanned contact_point.
const exists = db.prepare('SELECT 1 FROM contact_point WHERE normalized = ? AND deleted = 0');

type Sample = { raw: string; normalized: string };
function known(): Sample {
  for (;;) {
    const row = byRowid.get(rng.int(1, maxContactRowid)) as Sample | undefined;
    if (row) return row;
  }
}
function unknown(): Sample {
  for (;;) {
    const n = `+7916${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!exists.get(n)) return { raw: `8 (${n.slice(2, 5)}) ${n.slice(5, 8)}-${n.slice(8, 10)}-${n.slice(10)}`, normalized: n };
  }
}

const bare = {
  lookup: db.prepare(LOOKUP_SQL),
  customer: db.prepare(CUSTOMER_SQL),
  contacts: db.prepare(CONTACTS_SQL),
  counts: db.prepare(COUNTS_SQL),
  corrections: db.prepare(HAS_CORRECTIONS_SQL),
  moods: db.prepare(MOODS_SQL),
  history: db.prepare(HISTORY_SQL),
  cases: db.prepare(OPEN_CASES_SQL),
  tasks: db.prepare(OPEN_TASKS_SQL),
  recency: db.prepare(RECENCY_SQL),
};

/** The same rows the card reads, fetched by the same statements, with no normalising or mapping. */
function bareQueries(normalized: string): number {
  let rows = 0;
  for (const { customer_id: id } of bare.lookup.all(normalized) as { customer_id: string }[]) {
    rows += bare.customer.all(id).length + bare.contacts.all(id).length + bare.counts.all(id).length + bare.corrections.all(id).length;
    rows += bare.moods.all(id).length + bare.history.all(id, CARD_HISTORY, 0).length + bare.cases.all(id).length + bare.tasks.all(id).length;
    const now = Date.now();
    rows += bare.recency.all({ id, now, day: now - 86_400_000, week: now - 7 * 86_400_000, month: now - 30 * 86_400_000 }).length;
  }
  return rows;
}

const lookup = engine.handlers['callerCard.lookup'];
function card(raw: string): number {
  const r = lookup({ number: raw });
  if (r instanceof Promise) throw new Error('callerCard.lookup is expected to answer synchronously');
  return r.matches.length;
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const kinds: Record<string, () => Sample> = {
  known,
  unknown,
  heavy: () => heavyContacts[rng.int(0, heavyContacts.length - 1)] as Sample,
};

// Warm the page cache and the statement caches the way a running desktop would be.
for (let i = 0; i < 500; i++) {
  const s = known();
  card(s.raw);
  bareQueries(s.normalized);
}

const rowsOut: Record<string, number | string>[] = [];
const mixedCard: number[] = [];
const mixedBare: number[] = [];
for (const [kind, pick] of Object.entries(kinds)) {
  const cardMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const s = pick();
    // Alternate the order so neither side always runs on a cache the other just warmed.
    if (i % 2) {
      cardMs.push(time(() => card(s.raw)));
      bareMs.push(time(() => bareQueries(s.normalized)));
    } else {
      bareMs.push(time(() => bareQueries(s.normalized)));
      cardMs.push(time(() => card(s.raw)));
    }
  }
  mixedCard.push(...cardMs);
  mixedBare.push(...bareMs);
  cardMs.sort((a, b) => a - b);
  bareMs.sort((a, b) => a - b);
  rowsOut.push({
    kind,
    samples,
    card_p50_ms: +pct(cardMs, 50).toFixed(3),
    card_p99_ms: +pct(cardMs, 99).toFixed(3),
    bare_p50_ms: +pct(bareMs, 50).toFixed(3),
    bare_p99_ms: +pct(bareMs, 99).toFixed(3),
    ratio_p50: +(pct(cardMs, 50) / pct(bareMs, 50)).toFixed(2),
    ratio_p99: +(pct(cardMs, 99) / pct(bareMs, 99)).toFixed(2),
  });
}
mixedCard.sort((a, b) => a - b);
mixedBare.sort((a, b) => a - b);
rowsOut.push({
  kind: 'all',
  samples: mixedCard.length,
  card_p50_ms: +pct(mixedCard, 50).toFixed(3),
  card_p99_ms: +pct(mixedCard, 99).toFixed(3),
  bare_p50_ms: +pct(mixedBare, 50).toFixed(3),
  bare_p99_ms: +pct(mixedBare, 99).toFixed(3),
  ratio_p50: +(pct(mixedCard, 50) / pct(mixedBare, 50)).toFixed(2),
  ratio_p99: +(pct(mixedCard, 99) / pct(mixedBare, 99)).toFixed(2),
});

const sizeBytes = ['', '-wal'].reduce((s, suffix) => s + (existsSync(dbPath + suffix) ? statSync(dbPath + suffix).size : 0), 0);
console.log(`store: ${stats.customers} customers, ${stats.interactions} interactions, ${(sizeBytes / 1024 / 1024).toFixed(1)} MiB on disk (${dbPath})`);
console.table(rowsOut);

const all = rowsOut[rowsOut.length - 1] as Record<string, number>;
const budgetRows: BudgetRow[] = [
  ceilingRow('caller-card', 'card data p99 (all numbers)', all['card_p99_ms'] ?? NaN, 'ms', 2),
  { bench: 'caller-card', figure: 'card p99 ÷ bare SQL p99', value: all['ratio_p99'] ?? NaN, unit: '×', budget: '≤ 3 ×', ratio: round((all['ratio_p99'] ?? NaN) / 3, 2) },
];
printRows(budgetRows);
writeResult('caller-card', { params: { customers: values.db === undefined ? customers : stats.customers, samples, seed, db: values.db ?? null }, store: { ...stats, sizeBytes, path: dbPath }, results: rowsOut, rows: budgetRows });
db.close();
engine.close();
