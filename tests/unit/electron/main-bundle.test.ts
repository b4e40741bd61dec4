// The bundled main.cjs, run by Node with a recording fake of 'electron' (the real one cannot start
// here). It checks the security wiring of main.ts as shipped — after bundling — not as intended.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../../../src-shared/index.js';
import { ROOT, mainBundle } from '../../../scripts/electron-bundles.js';

const HOOK = path.join(ROOT, 'tests', 'unit', 'electron', 'fixtures', 'fake-electron-hook.cjs');
// Inside the repository, so the bundle's external require('better-sqlite3') finds node_modules.
const OUT = path.join(ROOT, 'test-results', 'electron-main', 'main.cjs');

interface Report {
  privileged: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  lockRequested: boolean;
  quit: boolean;
  protocolHandled: string[];
  windows: Array<{ webPreferences: Record<string, unknown> }>;
  loaded: string[];
  ipcChannels: string[];
  windowOpen: string | null;
  navigation: Record<string, boolean>;
  permissionGranted: boolean | null;
  appEvents: string[];
}

let userData: string;

beforeAll(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'kartoteka-main-'));
  await mkdir(path.dirname(OUT), { recursive: true });
  await build({ ...mainBundle, outfile: OUT, sourcemap: false });
});

afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

function runMain(env: Record<string, string>): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', HOOK, OUT],
      { env: { ...process.env, FAKE_USER_DATA: userData, FAKE_APP_PATH: ROOT, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT '));
        if (!line) return reject(new Error(`main.cjs printed no report: ${error?.message ?? ''}\n${stderr}`));
        resolve(JSON.parse(line.slice('FAKE_ELECTRON_REPORT '.length)) as Report);
      },
    );
  });
}

describe('bundled Electron main', () => {
  it('starts the engine, serves app:// and opens one locked-down window', async () => {
    const report = await runMain({});
    expect(report.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(report.lockRequested).toBe(true);
    expect(report.protocolHandled).toEqual(['app']);
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(ROOT, 'dist', 'electron', 'preload.cjs'),
    });
    expect(report.loaded).toEqual(['app://kartoteka/index.html']);
    expect([...report.ipcChannels].sort()).toEqual(METHOD_NAMES.map((m) => ipcChannel(m)).sort());
    expect(report.windowOpen).toBe('deny');
    expect(report.navigation).toEqual({ away: true, file: true, own: false });
    expect(report.permissionGranted).toBe(false);
    expect(existsSync(path.join(userData, 'kartoteka.sqlite'))).toBe(true);
  });

  it('quits without touching the store when another instance holds the lock', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'kartoteka-main-locked-'));
    try {
      const report = await runMain({ FAKE_LOCK: 'denied', FAKE_USER_DATA: other });
      expect(report.quit).toBe(true);
      expect(report.windows).toEqual([]);
      expect(report.ipcChannels).toEqual([]);
      expect(existsSync(path.join(other, 'kartoteka.sqlite'))).toBe(false);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
