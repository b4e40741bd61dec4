// Search benchmark: npx tsx bench/search.ts [--customers 5000] [--samples 300] [--seed 1]
// Times 'search.query' (FTS5 over customers and interaction text) through dispatch(), as the renderer
// calls it, for Russian and English names, full and partial numbers, words from notes and two-letter
// prefixes (search as you type), on a generated store. DESIGN.md sets no budget for search, so the
// figures stand alone (budget '—'). Writes bench/results/search.json.
import { parseArgs } from 'node:util';
import { Prng } from '../src-main/core/index.js';
import { demoWords as W } from '../src-main/core/index.js';
import { openSqlite } from '../src-main/core/index.js';
import { dispatch } from '../src-main/core/index.js';
import { createEngine } from '../src-main/core/index.js';
import type { SearchResults } from '../src-shared/index.js';
import {
  ceilingRow, ensureStore, LOCAL_MIGRATIONS, nowMs, positiveInt, printRows, round, storeBytes, summarise, writeResult,
  type BudgetRow, type Summary,
} from './lib/common.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    samples: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string', default: '20' },
    fresh: { type: 'boolean', default: false },
  },
});
const customers = positiveInt(values.customers, 'customers');
const samples = positiveInt(values.samples, 'samples');
const seed = positiveInt(values.seed, 'seed');
const limit = positiveInt(values.limit, 'limit');

const store = ensureStore(customers, seed, values.fresh);
const db = openSqlite(store.path);
const phones = (db.prepare(`SELECT raw, normalized FROM contact_point WHERE kind = 'phone' AND deleted = 0 ORDER BY rowid LIMIT 2000`).all() as {
  raw: string;
  normalized: string;
}[]);
db.close();

const rng = new Prng(seed + 11);
const words = (list: readonly string[]) => () => rng.pick(list);
/** Query kinds: each draws one query text per sample. */
const kinds: Record<string, { lang: 'ru' | 'en' | '—'; draw: () => string }> = {
  'name ru (surname)': { lang: 'ru', draw: words(W.RU_SURNAMES) },
  'name ru (first + surname)': { lang: 'ru', draw: () => `${rng.pick(W.RU_FEMALE_FIRST)} ${rng.pick(W.RU_SURNAMES)}а` },
  'name en (surname)': { lang: 'en', draw: words(W.EN_SURNAMES) },
  'name en (first + surname)': { lang: 'en', draw: () => `${rng.pick(W.EN_FIRST)} ${rng.pick(W.EN_SURNAMES)}` },
  'number (full, as typed)': { lang: '—', draw: () => rng.pick(phones).raw },
  'number (first 6 digits)': { lang: '—', draw: () => rng.pick(phones).normalized.slice(1, 7) },
  'note words ru': { lang: 'ru', draw: words(['доставки', 'договора', 'ремонт оборудования', 'жалоба', 'картриджа', 'счёт выставлен']) },
  'note words en': { lang: 'en', draw: words(['delivery', 'refund', 'installation', 'invoice charged', 'premium plan', 'opening hours']) },
  'prefix 2 letters ru': { lang: 'ru', draw: words(['Ив', 'Со', 'Ку', 'за', 'до', 'Ма', 'По', 'Не']) },
  'prefix 2 letters en': { lang: 'en', draw: words(['Sm', 'Jo', 'Wi', 'de', 're', 'Ca', 'Ha', 'or']) },
};

const engine = createEngine({ dbPath: store.path, migrationsDir: LOCAL_MIGRATIONS });
const handlers = engine.handlers;
async function query(q: string): Promise<SearchResults> {
  const r = await dispatch(handlers, 'search.query', { q, limit });
  if (!r.ok) throw new Error(`search.query ${q}: ${JSON.stringify(r.error)}`);
  return r.result as SearchResults;
}

// Warm the page cache and the statement cache as a running desktop would be.
for (const k of Object.values(kinds)) for (let i = 0; i < 20; i++) await query(k.draw());

interface KindResult {
  kind: string;
  lang: string;
  ms: Summary;
  meanCustomers: number;
  meanInteractions: number;
  example: string;
}
const results: KindResult[] = [];
const all: number[] = [];
for (const [kind, k] of Object.entries(kinds)) {
  const times: number[] = [];
  let nc = 0;
  let ni = 0;
  let example = '';
  for (let i = 0; i < samples; i++) {
    const q = k.draw();
    if (i === 0) example = q;
    const t0 = nowMs();
    const r = await query(q);
    times.push(nowMs() - t0);
    nc += r.customers.length;
    ni += r.interactions.length;
  }
  all.push(...times);
  results.push({ kind, lang: k.lang, ms: summarise(times), meanCustomers: round(nc / samples, 1), meanInteractions: round(ni / samples, 1), example });
}
engine.close();
const overall = summarise(all);

const stats = { customers, sizeBytes: storeBytes(store.path) };
console.log(`search: store of ${customers} customers (${(stats.sizeBytes / 2 ** 20).toFixed(1)} MiB), ${samples} queries per kind, limit ${limit}`);
console.table(
  results.map((r) => ({
    kind: r.kind,
    example: r.example,
    'p50 ms': r.ms.p50,
    'p99 ms': r.ms.p99,
    'max ms': r.ms.max,
    'hits (cust/int)': `${r.meanCustomers} / ${r.meanInteractions}`,
  })),
);
const worst = results.reduce((a, b) => (b.ms.p99 > a.ms.p99 ? b : a));
// No search budget in DESIGN.md.
const rows: BudgetRow[] = [
  ceilingRow('search', 'search.query p50 (all kinds)', overall.p50, 'ms', null),
  ceilingRow('search', 'search.query p99 (all kinds)', overall.p99, 'ms', null),
  ceilingRow('search', `search.query p99, worst kind (${worst.kind})`, worst.ms.p99, 'ms', null),
];
printRows(rows);
writeResult('search', { params: { customers, samples, seed, limit }, store: stats, overall, results, rows });
