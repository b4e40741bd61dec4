// The PBX's AMI secret lives in the keychain the shell provides, not in the store's file: a secret an
// older version kept in the store moves there, and the store's file holds no trace of it.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../../src-main/core/sync/secret-store.js';
import { openEngine, removeDir, tempDir } from '../core/helpers.js';

const dir = tempDir('kartoteka-ami-secret-');
afterAll(() => removeDir(dir));

describe('the AMI secret', () => {
  it('is kept in the keychain, never in the store, and moved there from an older store', async () => {
    const dbPath = `${dir}/store.sqlite`;
    // An older version: no keychain, the secret in the store's settings.
    const old = openEngine(dbPath);
    await old.call('cti.updateSettings', { ami: { secret: 'pbx-secret-1234', host: 'pbx.local', username: 'kartoteka', extension: '101' } });
    old.engine.close();
    expect(readFileSync(dbPath).includes(Buffer.from('pbx-secret-1234'))).toBe(true);

    const keychain = memorySecretStore();
    const now = openEngine(dbPath, { ctiSecrets: keychain });
    expect((await now.call('cti.settings', {})).ami.secretSet).toBe(true);
    expect(keychain.get()).toBe('pbx-secret-1234');
    await now.call('cti.updateSettings', { ami: { secret: 'pbx-secret-5678' } });
    expect(keychain.get()).toBe('pbx-secret-5678');
    now.engine.close();
    const sqlite = (await import('better-sqlite3')).default;
    const db = new sqlite(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.prepare('VACUUM').run();
    db.close();
    const file = readFileSync(dbPath);
    expect(file.includes(Buffer.from('pbx-secret-1234'))).toBe(false);
    expect(file.includes(Buffer.from('pbx-secret-5678'))).toBe(false);
  });
});
