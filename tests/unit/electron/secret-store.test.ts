// The Electron shell's SecretStore: the refresh token on disk is only ever safeStorage ciphertext, and
// without an OS-kept key nothing is written at all. 'electron' is mocked with a safeStorage that
// really encrypts (AES-256-GCM with a per-run key, standing in for the OS keychain).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canPersistSecrets, safeStorageSecretStore, type SafeStorageLike } from '../../../src-main/electron/secret-store.js';

const electron = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret', encryptCalls: 0, decryptCalls: 0, key: Buffer.alloc(0) };
  return { state };
});

function fakeSafeStorage(): SafeStorageLike {
  const { state } = electron;
  return {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString(plainText) {
      if (!state.available) throw new Error('Encryption is not available.');
      state.encryptCalls++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', state.key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      state.decryptCalls++;
      if (!encrypted.subarray(0, 3).equals(Buffer.from('v10'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const decipher = createDecipheriv('aes-256-gcm', state.key, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    },
  };
}

vi.mock('electron', () => ({ safeStorage: fakeSafeStorage() }));

// Shaped like the server's refresh tokens; long enough that any leak would be found by substring.
const TOKEN = 'rt_01J9Z7K3Q2W8E5R4T6Y1U0I9O8.' + 'Zx9'.repeat(20);

let dir: string;
let file: string;
let warnings: string[];

beforeEach(() => {
  Object.assign(electron.state, { available: true, backend: 'gnome_libsecret', encryptCalls: 0, decryptCalls: 0, key: randomBytes(32) });
  dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-secrets-'));
  file = path.join(dir, 'profile', 'sync-token.bin');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => safeStorageSecretStore(file, { warn: (m) => warnings.push(m) });

/** Every way the token could sit in a file in the clear. */
function expectNoPlainToken(bytes: Buffer): void {
  for (const encoding of ['utf8', 'utf16le', 'latin1'] as const) expect(bytes.includes(Buffer.from(TOKEN, encoding))).toBe(false);
  const text = bytes.toString('latin1');
  for (const form of [Buffer.from(TOKEN).toString('base64'), Buffer.from(TOKEN).toString('hex'), TOKEN.slice(0, 16)]) {
    expect(text.includes(form)).toBe(false);
  }
}

describe('safeStorage-backed secret store (Electron)', () => {
  it('writes only ciphertext, owner-only, and reads it back after a restart', () => {
    open().set(TOKEN);
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    expectNoPlainToken(bytes);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(electron.state.encryptCalls).toBe(1);

    // A new store on the same file is the app after a restart.
    expect(open().get()).toBe(TOKEN);
    expect(electron.state.decryptCalls).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('replaces a rotated token whole, leaving no temporary file and no trace of the old token', () => {
    const store = open();
    store.set(TOKEN);
    const next = `${TOKEN}-rotated`;
    store.set(next);
    expect(readdirSync(path.dirname(file))).toEqual(['sync-token.bin']);
    expectNoPlainToken(readFileSync(file));
    expect(readFileSync(file).includes(Buffer.from(next))).toBe(false);
    expect(open().get()).toBe(next);
  });

  it('clear() forgets the token in memory and on disk', () => {
    const store = open();
    store.set(TOKEN);
    store.clear();
    expect(store.get()).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(open().get()).toBeNull();
  });

  it.each([
    ['safeStorage is unavailable', { available: false, backend: 'unknown' }],
    ["Linux falls back to the well-known 'basic_text' key", { available: true, backend: 'basic_text' }],
  ])('when %s, keeps the token in memory only and says so once', (_case, setup) => {
    // An older token written while a keyring was there must not outlive a newer one kept in memory.
    open().set('older-token');
    expect(existsSync(file)).toBe(true);
    Object.assign(electron.state, setup);

    const store = open();
    store.set(TOKEN);
    store.set(`${TOKEN}-2`);
    expect(store.get()).toBe(`${TOKEN}-2`);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/memory/);
    // After a restart the operator signs in again.
    expect(open().get()).toBeNull();
  });

  it('discards a stored token that cannot be decrypted (another account, a reset keychain)', () => {
    open().set(TOKEN);
    electron.state.key = randomBytes(32);
    expect(open().get()).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(warnings.some((w) => /cannot be decrypted/.test(w))).toBe(true);

    writeFileSync(file, 'not a ciphertext');
    expect(open().get()).toBeNull();
  });

  it("uses Electron's own safeStorage by default and knows when it can persist", () => {
    const store = safeStorageSecretStore(file, { warn: () => {} });
    store.set(TOKEN);
    expect(electron.state.encryptCalls).toBe(1);
    expectNoPlainToken(readFileSync(file));
    expect(canPersistSecrets(fakeSafeStorage())).toBe(true);
    electron.state.backend = 'basic_text';
    expect(canPersistSecrets(fakeSafeStorage())).toBe(false);
    // macOS and Windows have no backend query: availability alone decides.
    expect(canPersistSecrets({ ...fakeSafeStorage(), getSelectedStorageBackend: undefined })).toBe(true);
  });
});
