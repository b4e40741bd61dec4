// The desktop's sign-in to the central server (the refresh token), kept with Electron's safeStorage:
// encrypted with a key the OS keeps for this user (Keychain on macOS, DPAPI on Windows, the Secret
// Service / KWallet on Linux) and written to a file under userData, readable by its owner only.
//
// When the OS offers no such key, the token is NOT written to disk at all and lives only in memory
// for this run: the operator signs in again after a restart. A refresh token opens the customer
// base, and the alternatives are worse — a plain file is readable by anything that reads the
// profile or its backups, and Linux's `basic_text` fallback "encrypts" with a key compiled into every
// Chromium, which is the same thing with extra steps. Signing in once per start is the honest cost.
//
// The engine's SecretStore is synchronous, so the synchronous safeStorage calls are used; they are
// deprecated in favour of the async ones, and are still supported in the Electron this app ships.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/sync/secret-store.js';

/** The part of Electron's safeStorage this store uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export interface SafeSecretStoreOptions {
  /** Defaults to Electron's safeStorage. */
  storage?: SafeStorageLike;
  /** Told once when the token cannot be persisted, and when a stored token cannot be read. */
  warn?: (message: string) => void;
}

/** True when safeStorage would protect the secret with a key the OS keeps, not a well-known one. */
export function canPersistSecrets(storage: SafeStorageLike): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  return storage.getSelectedStorageBackend?.() !== 'basic_text';
}

export function safeStorageSecretStore(filePath: string, options: SafeSecretStoreOptions = {}): SecretStore {
  const storage = options.storage ?? safeStorage;
  const warn = options.warn ?? ((message: string) => console.warn(`[secrets] ${message}`));
  // The value of this run; after a restart, the file (if any) is the source.
  let memory: string | null = null;
  let warned = false;

  function removeFile(): void {
    rmSync(filePath, { force: true });
  }

  return {
    get() {
      if (memory !== null) return memory;
      if (!existsSync(filePath)) return null;
      if (!canPersistSecrets(storage)) return null;
      try {
        memory = storage.decryptString(readFileSync(filePath));
        return memory;
      } catch {
        // Another OS account, a reset keychain: the token is unreadable for good. Sign in again.
        warn('the stored sign-in cannot be decrypted; it is discarded and a new sign-in is needed');
        removeFile();
        return null;
      }
    },
    set(secret) {
      memory = secret;
      if (!canPersistSecrets(storage)) {
        // Never leave an older token on disk next to a newer one that lives in memory only.
        removeFile();
        if (!warned) {
          warned = true;
          warn('the OS offers no secure storage (safeStorage unavailable or basic_text): the sign-in is kept in memory for this run only');
        }
        return;
      }
      const encrypted = storage.encryptString(secret);
      mkdirSync(dirname(filePath), { recursive: true });
      // Written beside and renamed over: a crash mid-write leaves the old token or the new, never half.
      const temporary = `${filePath}.tmp`;
      writeFileSync(temporary, encrypted, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, filePath);
    },
    clear() {
      memory = null;
      removeFile();
    },
  };
}
