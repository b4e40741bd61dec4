// The README's keyboard table is the keymap's: a shortcut added, changed or renamed without
// `npm run docs:keys` fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withTable } from '../../../scripts/keyboard-table.js';
import { ALL_SHORTCUTS } from '../../../src-renderer/lib/keymap.js';

describe('the README keyboard table', () => {
  it('is the one generated from the keymap (npm run docs:keys)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withTable(readme));
  });

  it('lists every shortcut the app knows', () => {
    const readme = readFileSync(README, 'utf8');
    for (const s of ALL_SHORTCUTS) expect(readme, s.id).toContain(`| ${s.display.map((k) => k.join('+')).join(' or ')} |`);
  });
});
