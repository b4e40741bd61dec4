// `npm run check:package`: proves electron-builder.yml packs a working layout without downloading
// Electron (impossible offline). It validates the config, packs --dir against a stand-in Electron
// distribution, and checks that the archive holds what main.cjs needs at run time.
import { listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './electron-bundles.js';

/** What a packaged desktop must never allow (electron-builder.yml, electronFuses). */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
} as const;

const required = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/eml-worker.cjs', 'dist/renderer/index.html'];
const missing = required.filter((f) => !existsSync(path.join(ROOT, f)));
if (missing.length > 0) {
  console.error(`missing build output: ${missing.join(', ')} — run \`npm run build\` first`);
  process.exit(1);
}

const work = await mkdtemp(path.join(tmpdir(), 'kartoteka-package-'));
try {
  // electron-builder copies electronDist as the app's runtime and renames the binary; a script
  // stands in for it, since only the layout of resources/ is under test.
  const fakeElectron = path.join(work, 'electron-dist');
  await mkdir(path.join(fakeElectron, 'resources'), { recursive: true });
  await writeFile(path.join(fakeElectron, 'electron'), '#!/bin/sh\necho "stand-in Electron"\n');
  await chmod(path.join(fakeElectron, 'electron'), 0o755);

  const outDir = path.join(work, 'release');
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      extends: path.join(ROOT, 'electron-builder.yml'),
      electronDist: fakeElectron,
      // The stand-in binary has no fuses to flip; the real build's are checked in the config below.
      electronFuses: null,
      electronVersion: readElectronVersion(),
      directories: { output: outDir },
    },
  });

  const resources = path.join(outDir, 'linux-unpacked', 'resources');
  const archive = path.join(resources, 'app.asar');
  const entries = new Set(listPackage(archive, { isPack: false }).map((e) => e.replace(/\\/g, '/')));
  const problems: string[] = [];
  for (const f of [
    '/package.json',
    '/dist/electron/main.cjs',
    '/dist/electron/preload.cjs',
    '/dist/renderer/index.html',
    '/migrations/local',
    '/node_modules/better-sqlite3/lib/index.js',
  ]) {
    if (!entries.has(f)) problems.push(`app.asar lacks ${f}`);
  }
  for (const e of entries) {
    if (e.endsWith('.map')) problems.push(`source map shipped: ${e}`);
    if (e.startsWith('/migrations/server')) problems.push(`server migration shipped: ${e}`);
    if (/^\/node_modules\/(?!better-sqlite3(\/|$))[^/]+$/.test(e)) problems.push(`unneeded package shipped: ${e}`);
  }
  // A .node file inside the asar cannot be dlopen()ed: it must be in app.asar.unpacked.
  const native = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node');
  if (!existsSync(native)) problems.push(`better-sqlite3 prebuild not unpacked: ${native}`);

  // The fuses the real build flips (a stand-in binary has none, so they are read from the config).
  const config = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
    if (!new RegExp(`^\\s+${fuse}: ${String(value)}\\s*$`, 'm').test(config)) problems.push(`electron-builder.yml must set electronFuses.${fuse}: ${String(value)}`);
  }

  if (problems.length > 0) {
    console.error(`packaging check failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`packaging check passed: ${entries.size} entries in app.asar, native module unpacked`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

function readElectronVersion(): string {
  // The electron package is installed even when its binary is not; its version pins the runtime.
  const pkg = path.join(ROOT, 'node_modules', 'electron', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}
