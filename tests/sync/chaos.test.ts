// The process-level chaos test (tests/chaos/run-chaos.ts), one short bounded seed: real server and
// desktop processes, faults at the TCP level, PostgreSQL as the oracle. Runs under test:pg (it needs
// a database a killed server process leaves consistent); long runs: `npm run chaos`.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/run-chaos.js';

const SEED = Number(process.env.CHAOS_SEED ?? 1);
const STEPS = Number(process.env.CHAOS_STEPS ?? 200);

describe.skipIf(!process.env.KARTOTEKA_TEST_PG)(`chaos (seed ${SEED}, ${STEPS} steps; CHAOS_SEED and CHAOS_STEPS to replay)`, () => {
  it('nothing lost or duplicated, replicas equal within scope, every refusal shown, no outbox stuck, concurrent losers kept, no stamp ahead', async () => {
    const report = await runChaos({ seed: SEED, steps: STEPS });
    expect(report.problems).toEqual([]);
    expect(report.checks).toEqual({ ...report.checks, lost: 0, duplicated: 0, replicaMismatches: 0, invisibleRefusals: 0, stuckOutboxes: 0, concurrentLost: 0, stampsAhead: 0, timesAhead: 0, clockRefused: 0 });
    // The schedule must have done something for the checks to mean anything.
    expect(report.actions).toBeGreaterThan(50);
    expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  });
});
