// `npm run lint:electron`: Electronegativity (Doyensec's scanner of Electron misconfigurations) over
// the Electron shell's source. Fails on any finding of high severity or above;
// lower findings are printed for review. Its command-line front end no longer starts on current
// Node, so its runner is called directly.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './electron-bundles.js';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string; value: number };
  manualReview?: boolean;
}

type Run = (options: Record<string, unknown>) => Promise<{ issues?: Issue[] } | Issue[] | undefined>;
const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as Run;

const HIGH = 3;
/** What to scan: the Electron shell, or a folder given on the command line (the scan's own test). */
const input = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'src-main', 'electron');
// The scanner writes its report there and fails if the folder is missing (a fresh clone).
mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
const result = await run({ input, output: path.join(ROOT, 'test-results', 'electronegativity.csv'), isRelative: true, severitySet: 'informational', confidenceSet: 'tentative', electronVersionOverride: '45.0.0' });
const issues: Issue[] = Array.isArray(result) ? result : (result?.issues ?? []);
for (const i of issues) console.log(`${i.severity.name}/${i.confidence.name} ${i.id} ${i.file}:${i.location.line}${i.manualReview ? ' (review)' : ''}`);
const high = issues.filter((i) => i.severity.value >= HIGH);
if (high.length > 0) {
  console.error(`electronegativity: ${high.length} finding(s) of high severity or above`);
  process.exitCode = 1;
} else {
  console.log(`electronegativity: ${issues.length} finding(s), none of high severity`);
}
