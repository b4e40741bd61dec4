// npm run demo -- --customers 100000 --out .data/demo.sqlite [--seed 1]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate } from '../db/migrate.js';
import { openSqlite } from '../db/open.js';
import { generateDemo } from './sqlite-writer.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    out: { type: 'string', default: '.data/demo.sqlite' },
    seed: { type: 'string', default: '1' },
  },
});
const customers = Number(values.customers);
if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive integer, got ${values.customers}`);
const out = resolve(values.out);
if (existsSync(out)) throw new Error(`${out} exists; the generator fills only a new store`);

const sqlite = openSqlite(out);
migrate(sqlite, join(here, '../../../migrations/local'));
const started = performance.now();
const summary = generateDemo(sqlite, {
  customers,
  seed: Number(values.seed),
  deferSearchIndex: true,
  onProgress: (done, total) => {
    if (done % 50_000 === 0 || done === total) process.stderr.write(`\r${done} / ${total} customers`);
  },
});
sqlite.pragma('wal_checkpoint(TRUNCATE)');
sqlite.close();
process.stderr.write('\n');
console.log(JSON.stringify({ out, ...summary, seconds: Math.round((performance.now() - started) / 100) / 10 }));
