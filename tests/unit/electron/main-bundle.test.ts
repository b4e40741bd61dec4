// The bundled main.cjs, run by Node with a recording fake of 'electron' (the real one cannot start
// here). It checks the security wiring of main.ts as shipped — after bundling — not as intended.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../../../src-shared/index.js';
import { ROOT, mainBundle } from '../../../scripts/electron-bundles.js';
import { memorySecretStore } from '../../../src-main/core/sync/secret-store.js';
import { presetServerUrl } from '../../../src-main/host/server-url.js';

const { fakeEncrypt } = createRequire(import.meta.url)('./fixtures/fake-safe-storage.cjs') as { fakeEncrypt: (plainText: string) => Buffer };

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
  safeStorage: { encrypted: number; decrypted: number };
  errorBox: { title: string; message: string } | null;
  exitCode: number | null;
  lockReleased: boolean;
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
      devTools: true,
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

  it.each([
    ['a damaged store', 'not a database at all', 'ru', /повреждено/],
    ['a store of a newer version', null, 'en', /newer version/],
  ])('a failed start (%s) shows what happened and what to do, lets go of the lock and quits', async (_what, garbage, locale, expected) => {
    const profile = await mkdtemp(path.join(tmpdir(), 'kartoteka-main-broken-'));
    try {
      const store = path.join(profile, 'kartoteka.sqlite');
      if (garbage !== null) await writeFile(store, `${garbage}`.repeat(1000));
      else {
        presetServerUrl(store, path.join(ROOT, 'migrations', 'local'), 'http://127.0.0.1:9', memorySecretStore());
        const { default: Database } = await import('better-sqlite3');
        const db = new Database(store);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from_the_future', 1);
        db.close();
      }
      const report = await runMain({ FAKE_USER_DATA: profile, FAKE_LOCALE: locale });
      expect(report.windows).toEqual([]);
      expect(report.errorBox?.message).toMatch(expected);
      expect(report.errorBox?.message).toContain(store);
      expect(report.lockReleased).toBe(true);
      expect(report.exitCode).toBe(1);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });

  it.each([
    ['available', 1],
    ['unavailable', 0],
  ])('hands the engine a safeStorage-backed sign-in (safeStorage %s)', async (mode, decrypts) => {
    // A desktop signed in earlier: a server URL in its store, the refresh token encrypted under userData.
    const profile = await mkdtemp(path.join(tmpdir(), 'kartoteka-main-signed-in-'));
    try {
      // Port 9 (discard) refuses: the desktop goes offline, which is all this test needs.
      presetServerUrl(path.join(profile, 'kartoteka.sqlite'), path.join(ROOT, 'migrations', 'local'), 'http://127.0.0.1:9', memorySecretStore());
      await writeFile(path.join(profile, 'sync-token.bin'), fakeEncrypt('refresh-token-from-an-earlier-run'));
      const report = await runMain({ FAKE_USER_DATA: profile, FAKE_SAFE_STORAGE: mode, FAKE_EXIT_AFTER_LOAD_MS: '300' });
      expect(report.windows).toHaveLength(1);
      // The engine asked the store for its sign-in, and the store asked safeStorage — or, without
      // an OS key, ignored the file instead of trusting it.
      expect(report.safeStorage.decrypted).toBe(decrypts);
      expect(report.safeStorage.encrypted).toBe(0);
      expect((await readdir(profile)).filter((f) => f.startsWith('sync-token'))).toEqual(['sync-token.bin']);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });
});
