// `KARTOTEKA_SERVER_URL=http://server:8787 npm run start:browser`: the desktop store is pointed at a
// central server before the engine opens it, so the sync status carries the server's URL from the
// first frame and the sign-in dialog is pre-filled — the operator only types a name and a password.
import { serverAddressProblem } from '../../src-shared/sync/server-address.js';
import { migrate } from '../core/db/migrate.js';
import { openSqlite } from '../core/db/open.js';
import type { SecretStore } from '../core/sync/secret-store.js';
import { MetaKey, readMeta, writeMeta } from '../core/db/meta.js';

/** A server URL as the sync API accepts it (http or https, no trailing slash), or an error message. */
export function parseServerUrl(raw: string): { url: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return { error: `KARTOTEKA_SERVER_URL must be a URL such as http://127.0.0.1:8787, got ${JSON.stringify(raw)}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { error: `KARTOTEKA_SERVER_URL must be http:// or https://, got ${parsed.protocol}` };
  }
  const problem = serverAddressProblem(parsed.toString());
  if (problem) return { error: `KARTOTEKA_SERVER_URL: ${problem}, got ${parsed.origin}` };
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    return { error: 'KARTOTEKA_SERVER_URL must not carry a query, a fragment or credentials' };
  }
  return { url: `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '') };
}

export type PresetOutcome = 'unchanged' | 'set' | 'changed';

/**
 * Records `serverUrl` as the store's sync server (migrating the store first if it is new). When the
 * store was signed in to a different server, the stored sign-in is dropped: a refresh token issued by
 * one server must never be presented to another.
 */
export function presetServerUrl(dbPath: string, migrationsDir: string, serverUrl: string, secrets: SecretStore): PresetOutcome {
  const sqlite = openSqlite(dbPath);
  try {
    migrate(sqlite, migrationsDir);
    const current = readMeta(sqlite, MetaKey.syncServerUrl);
    if (current === serverUrl) return 'unchanged';
    writeMeta(sqlite, MetaKey.syncServerUrl, serverUrl);
    if (current === undefined) return 'set';
    secrets.clear();
    return 'changed';
  } finally {
    sqlite.close();
  }
}
