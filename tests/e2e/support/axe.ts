// Accessibility check with axe-core. Only serious and critical findings fail a test; the rest are
// returned too, for the report, because a moderate finding today is a bug report tomorrow.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface AxeReport {
  blocking: AxeFinding[];
  other: AxeFinding[];
}

const BLOCKING = new Set(['serious', 'critical']);

export async function runAxe(page: Page, options: { include?: string; exclude?: string[] } = {}): Promise<AxeReport> {
  // @axe-core/playwright types its Page parameter from 'playwright'; playwright-core's Page is the same class.
  let builder = new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] }).withTags([
    'wcag2a',
    'wcag2aa',
    'wcag21a',
    'wcag21aa',
    'best-practice',
  ]);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const findings: AxeFinding[] = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  return {
    blocking: findings.filter((f) => BLOCKING.has(f.impact)),
    other: findings.filter((f) => !BLOCKING.has(f.impact)),
  };
}
