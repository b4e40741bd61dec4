// esbuild settings of the two Electron bundles, shared by `npm run build:electron` and the test that
// loads the preload bundle the way a sandboxed renderer would.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'electron');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22 in the main process and Chromium 140 in the renderer.
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: ROOT,
};

export const mainBundle: BuildOptions = {
  ...common,
  entryPoints: [path.join(ROOT, 'src-main/electron/main.ts')],
  outfile: path.join(OUT_DIR, 'main.cjs'),
  // better-sqlite3 loads a native .node file, which must stay on disk (asarUnpack), not in a bundle.
  external: ['electron', 'better-sqlite3'],
  // The engine finds the .eml worker beside its source through import.meta.url, which a CJS bundle
  // lacks; the Electron main process passes the bundled worker's path instead (emlWorkerPath).
  logOverride: { 'empty-import-meta': 'silent' },
};

/**
 * The thread that parses imported .eml files (src-main/core/domains/interactions/eml-parse-worker.mjs):
 * self-contained, and unpacked from the archive (electron-builder.yml), since a worker thread cannot
 * load its script from inside app.asar.
 */
export const emlWorkerBundle: BuildOptions = {
  ...common,
  entryPoints: [path.join(ROOT, 'src-main/core/domains/interactions/eml-parse-worker.mjs')],
  outfile: path.join(OUT_DIR, 'eml-worker.cjs'),
};

/** A sandboxed preload may require only 'electron' (and a few polyfilled modules): no node_modules. */
export const PRELOAD_ALLOWED_EXTERNALS = new Set(['electron']);

export const preloadBundle: BuildOptions = {
  ...common,
  entryPoints: [path.join(ROOT, 'src-main/electron/preload.ts')],
  outfile: path.join(OUT_DIR, 'preload.cjs'),
  external: ['electron'],
  // Sandboxed preloads run in a renderer, so leave out Node-only code paths.
  platform: 'browser',
  target: 'chrome140',
  metafile: true,
};

/** Imports the bundle still makes at run time (everything esbuild left external). */
export function externalImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) found.add(imp.path);
  }
  return [...found].sort();
}
