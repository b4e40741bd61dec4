// The server's files at rest: the embedded database's folder and the token-signing key are its
// owner's alone, the key lives outside the database, and the server refuses to start on a folder or a
// key file that other users may read.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InsecureFileError } from '../../../src-server/data-dir.js';
import { startServer } from '../../../src-server/server.js';
import { SERVER_MIGRATIONS } from '../../support/server-db.js';

const work = mkdtempSync(join(tmpdir(), 'kartoteka-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('files at rest', () => {
  it('makes its data folder 0700 and its key file 0600, and keeps the key out of the database', async () => {
    const dataDir = join(work, 'ok', 'pgdata');
    const keyFile = join(work, 'ok', 'token-key');
    const server = await startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false, tokenKeyFile: keyFile, requirePrivateFiles: true });
    try {
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(keyFile)).toBe(0o600);
      expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
      expect(await server.db.selectFrom('server_setting').select('key').where('key', '=', 'token_key').execute()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('moves a key an older version kept in the database into the file', async () => {
    const dataDir = join(work, 'legacy', 'pgdata');
    const first = await startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false });
    const legacy = (await first.db.selectFrom('server_setting').select('value').where('key', '=', 'token_key').executeTakeFirstOrThrow()).value;
    await first.close();
    const keyFile = join(work, 'legacy', 'token-key');
    const second = await startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false, tokenKeyFile: keyFile });
    try {
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(legacy);
      expect(await second.db.selectFrom('server_setting').select('key').where('key', '=', 'token_key').execute()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a data folder or a key file that others may read', async () => {
    const dataDir = join(work, 'open', 'pgdata');
    const ok = await startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false });
    await ok.close();
    chmodSync(dataDir, 0o755);
    await expect(startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false, requirePrivateFiles: true })).rejects.toThrow(InsecureFileError);
    chmodSync(dataDir, 0o700);
    const keyFile = join(work, 'open', 'token-key');
    writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    await expect(startServer({ database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, logger: false, tokenKeyFile: keyFile, requirePrivateFiles: true })).rejects.toThrow(/chmod 600/);
  });
});
