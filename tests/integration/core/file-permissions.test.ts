// The desktop's store holds customers' personal data: its file, its WAL and its shared memory are the
// operator's alone, a new store's folder too, and an older store made readable by others is tightened.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/core/engine.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('file permissions of the store', () => {
  it('a new store: folder 0700, file, WAL and shared memory 0600', async () => {
    const dir = tempDir();
    try {
      const dbPath = join(dir, 'nested', 'store.sqlite');
      const engine = createEngine({ dbPath, migrationsDir: MIGRATIONS_DIR });
      const created = await engine.handlers['customers.create']({ kind: 'person', name: 'Права', contacts: [], acknowledgeDuplicates: false } as never);
      expect(created).toBeDefined();
      expect(mode(join(dir, 'nested'))).toBe(0o700);
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect(mode(file), file).toBe(0o600);
      engine.close();
    } finally {
      removeDir(dir);
    }
  });

  it('an older store readable by others is tightened when it opens', () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'old'));
      const dbPath = join(dir, 'old', 'store.sqlite');
      writeFileSync(dbPath, '');
      chmodSync(dbPath, 0o644);
      createEngine({ dbPath, migrationsDir: MIGRATIONS_DIR }).close();
      expect(mode(dbPath)).toBe(0o600);
    } finally {
      removeDir(dir);
    }
  });
});
