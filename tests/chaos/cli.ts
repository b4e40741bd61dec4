// Long chaos runs, outside CI: `npm run chaos -- --seeds 20 --seconds 180 [--first-seed 1]`.
// Each seed runs the whole schedule (5 steps a second) and prints its report; the run fails if any
// seed found a problem. PostgreSQL by KARTOTEKA_TEST_PG (the npm script sets the local one).
import { parseArgs } from 'node:util';
import { runChaos, type ChaosChecks } from './run-chaos.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1' }, seconds: { type: 'string', default: '180' }, 'first-seed': { type: 'string', default: '1' } } });
const seeds = Number(values.seeds);
const first = Number(values['first-seed']);
const steps = Math.round(Number(values.seconds) * 5);
const totals: Record<string, number> = { actions: 0, mutations: 0, applied: 0, refused: 0 };
const faultTotals: Record<string, number> = {};
const checkTotals: Partial<Record<keyof ChaosChecks, number>> = {};
let failed = 0;
for (let seed = first; seed < first + seeds; seed++) {
  const started = Date.now();
  const report = await runChaos({ seed, steps, log: (line) => process.stderr.write(`[seed ${seed}] ${line}\n`) });
  for (const k of ['actions', 'mutations', 'applied', 'refused'] as const) totals[k] = (totals[k] ?? 0) + report[k];
  for (const [k, v] of Object.entries(report.faults)) faultTotals[k] = (faultTotals[k] ?? 0) + v;
  for (const [k, v] of Object.entries(report.checks) as [keyof ChaosChecks, number][]) checkTotals[k] = (checkTotals[k] ?? 0) + v;
  if (report.problems.length > 0) failed += 1;
  process.stdout.write(`${JSON.stringify({ ...report, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
}
process.stdout.write(`${JSON.stringify({ seeds, secondsEach: Number(values.seconds), failedSeeds: failed, ...totals, faults: faultTotals, checks: checkTotals })}\n`);
process.exit(failed > 0 ? 1 : 0);
