// Where the desktop keeps its refresh token. The Electron shell supplies one backed by the OS
// keychain (safeStorage); the browser host and tests use a file readable only by its owner.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretStore {
  get(): string | null;
  set(secret: string): void;
  clear(): void;
}

export function fileSecretStore(path: string): SecretStore {
  return {
    get: () => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    set(secret) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, secret, { mode: 0o600 });
      chmodSync(path, 0o600);
    },
    clear: () => rmSync(path, { force: true }),
  };
}

export function memorySecretStore(): SecretStore {
  let value: string | null = null;
  return { get: () => value, set: (s) => (value = s), clear: () => (value = null) };
}
