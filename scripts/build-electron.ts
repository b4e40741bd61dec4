// `npm run build:electron`: bundles the Electron main process and the preload into dist/electron.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OUT_DIR, PRELOAD_ALLOWED_EXTERNALS, ROOT, emlWorkerBundle, externalImports, mainBundle, preloadBundle } from './electron-bundles.js';

await mkdir(OUT_DIR, { recursive: true });
const [, preload] = await Promise.all([build(mainBundle), build(preloadBundle), build(emlWorkerBundle)]);

// A preload that requires anything but 'electron' loads fine unsandboxed and then fails only in the
// real sandboxed window, so refuse to produce one.
const stray = externalImports(preload.metafile ?? { inputs: {}, outputs: {} }).filter((p) => !PRELOAD_ALLOWED_EXTERNALS.has(p));
if (stray.length > 0) {
  console.error(`preload.cjs requires modules a sandboxed preload cannot load: ${stray.join(', ')}`);
  process.exit(1);
}
console.log(`built ${[mainBundle, preloadBundle, emlWorkerBundle].map((b) => path.relative(ROOT, String(b.outfile))).join(', ')}`);
