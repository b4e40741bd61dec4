// The number README.md gives to try on the demo store opens one customer with a real history, on a
// fresh store made as `npm start` / `npm run start:browser` make it (the demo's seed is fixed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, removeDir, tempDir, type TestEngine } from './helpers.js';
import { readFileSync } from 'node:fs';

let dir: string;
let t: TestEngine;

beforeAll(() => {
  dir = tempDir('kartoteka-demo-number-');
  t = openEngine(`${dir}/demo.sqlite`, { seedDemo: true });
});
afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

describe('the demo number in the README', () => {
  it('opens a customer with history', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const number = /demo number to try: `([^`]+)`/.exec(readme)?.[1];
    expect(number, 'README names a demo number').toBeDefined();
    const card = await t.call('callerCard.lookup', { number: number! });
    expect(card.matches).toHaveLength(1);
    expect(card.matches[0]!.historyCount).toBeGreaterThanOrEqual(10);
  });
});
