// KARTOTEKA_SERVER_URL for `npm run start:browser`: parsed strictly, recorded in the store before the
// engine opens it, and a sign-in for another server is dropped rather than sent to the new one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/core/engine.js';
import { memorySecretStore } from '../../../src-main/core/sync/secret-store.js';
import { parseServerUrl, presetServerUrl } from '../../../src-main/host/server-url.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../../migrations/local');
let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-server-url-'));
  dbPath = path.join(dir, 'kartoteka.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KARTOTEKA_SERVER_URL', () => {
  it('accepts http(s) URLs without a trailing slash and refuses anything else', () => {
    expect(parseServerUrl('http://127.0.0.1:8787/')).toEqual({ url: 'http://127.0.0.1:8787' });
    expect(parseServerUrl(' https://sync.example.com/kartoteka/ ')).toEqual({ url: 'https://sync.example.com/kartoteka' });
    for (const bad of ['127.0.0.1:8787', 'ftp://x', 'http://u:p@host', 'http://host/?token=1', 'not a url']) {
      expect(parseServerUrl(bad)).toHaveProperty('error');
    }
  });

  it("is the engine's server from the first status, so the sign-in dialog is pre-filled", async () => {
    const secrets = memorySecretStore();
    expect(presetServerUrl(dbPath, MIGRATIONS, 'http://127.0.0.1:8787', secrets)).toBe('set');
    expect(presetServerUrl(dbPath, MIGRATIONS, 'http://127.0.0.1:8787', secrets)).toBe('unchanged');
    const engine = createEngine({ dbPath, migrationsDir: MIGRATIONS, secrets });
    try {
      const status = await engine.handlers['sync.status']({});
      expect(status).toMatchObject({ state: 'signed-out', serverUrl: 'http://127.0.0.1:8787', user: null });
    } finally {
      engine.close();
    }
  });

  it('drops the stored sign-in when the store is pointed at another server', () => {
    const secrets = memorySecretStore();
    presetServerUrl(dbPath, MIGRATIONS, 'http://old.example:8787', secrets);
    secrets.set('refresh-token-of-the-old-server');
    expect(presetServerUrl(dbPath, MIGRATIONS, 'http://new.example:8787', secrets)).toBe('changed');
    expect(secrets.get()).toBeNull();
  });
});
