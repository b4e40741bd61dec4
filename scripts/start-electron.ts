// `npm start`: the desktop app in Electron, or, where Electron's binary is not installed (a machine
// that skipped its download, or cannot reach it), a plain explanation and the way to run the very
// same app in a browser, instead of Electron's stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronBinary = { ok: true; path: string } | { ok: false; message: string };

/**
 * Where the electron package says its binary is, found as its index.js finds it (path.txt, or
 * ELECTRON_OVERRIDE_DIST_PATH) but without require('electron'), which starts a download when the
 * binary is missing and then fails with a stack trace where there is no network.
 */
function installedElectron(): string | null {
  const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  return executable ? join(pkg, 'dist', executable) : null;
}

/** Where Electron's binary is, or why it cannot be started. */
export function electronBinary(resolve: () => unknown = installedElectron): ElectronBinary {
  let found: unknown;
  try {
    found = resolve();
  } catch {
    found = null;
  }
  if (typeof found === 'string' && existsSync(found)) return { ok: true, path: found };
  return {
    ok: false,
    message: [
      'Electron\'s binary is not installed on this machine, so the desktop window cannot open.',
      '(npm ci skips its download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or when the download site is out of reach.)',
      '',
      'Run the same app in your browser instead:   npm run start:browser',
      'Or install Electron\'s binary, then npm start again:   node node_modules/electron/install.js',
    ].join('\n'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const binary = electronBinary();
  if (!binary.ok) {
    console.error(binary.message);
    process.exit(1);
  }
  const child = spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
