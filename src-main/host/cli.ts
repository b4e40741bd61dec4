// `npm run start:browser`: the desktop's engine behind the host, for a browser tab. It is what runs
// where Electron cannot (this machine, CI) and what the end-to-end tests drive.
//   KARTOTEKA_DATA_DIR  folder of the store (default ./.data)
//   KARTOTEKA_PORT      port on 127.0.0.1 (default 5174; 0 picks a free one)
//   KARTOTEKA_SERVER_URL central server to sync with (e.g. http://127.0.0.1:8787): the sign-in dialog
//                       (Alt+S) opens pre-filled with it, so the operator types only name and password.
//                       With a server, the store starts empty (its data comes from the server) unless
//                       KARTOTEKA_DEMO=1 asks for local demo data as well.
//   --open              open the URL in the default browser
//   --incoming <number> pop a ringing call at start (also any softphone form: kartoteka://call?number=…)
//   KARTOTEKA_WEBHOOK_PORT/_SECRET, KARTOTEKA_AMI…  phones, see src-main/core/domains/cti/env.ts and README
// The sign-in (refresh token) is kept in <data dir>/sync-token, readable by its owner only, so a
// restart stays signed in.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ctiOverridesFromEnv } from '../core/domains/cti/env.js';
import { createEngine } from '../core/engine.js';
import { fileSecretStore } from '../core/sync/secret-store.js';
import { createHost } from './host.js';
import { parseServerUrl, presetServerUrl } from './server-url.js';

const root = process.cwd();
const dataDir = path.resolve(process.env.KARTOTEKA_DATA_DIR ?? path.join(root, '.data'));
const port = parsePort(process.env.KARTOTEKA_PORT ?? '5174');
const staticDir = path.join(root, 'dist', 'renderer');
const cti = ctiOverridesFromEnv(process.env);
if (cti.errors.length > 0) {
  for (const e of cti.errors) console.error(e);
  process.exit(1);
}

const serverUrl = readServerUrl(process.env.KARTOTEKA_SERVER_URL);
const dbPath = path.join(dataDir, 'kartoteka.sqlite');
const migrationsDir = path.join(root, 'migrations', 'local');
const secrets = fileSecretStore(path.join(dataDir, 'sync-token'));

mkdirSync(dataDir, { recursive: true });
if (serverUrl !== null && presetServerUrl(dbPath, migrationsDir, serverUrl, secrets) === 'changed') {
  console.log(`This store was signed in to another server; it now syncs with ${serverUrl} (sign in again).`);
}
const engine = createEngine({
  dbPath,
  migrationsDir,
  seedDemo: serverUrl === null || process.env.KARTOTEKA_DEMO === '1',
  secrets,
  ctiSecrets: fileSecretStore(path.join(dataDir, 'ami-secret')),
  cti: { overrides: cti.overrides },
  // A softphone's link placed from the card, as the desktop's own handler opens it.
  openExternal: async (url) => openInBrowser(url),
});

let host: Awaited<ReturnType<typeof createHost>>;
try {
  host = await createHost({ engine, staticDir, port });
} catch (error) {
  engine.close();
  console.error(`Could not listen on 127.0.0.1:${port}:`, error instanceof Error ? error.message : error);
  process.exit(1);
}

const sync = await engine.handlers['sync.status']({});
if (serverUrl === null) console.log(`Kartoteka is running on demo data in ${dataDir}`);
else console.log(`Kartoteka is running on the store in ${dataDir}, syncing with ${serverUrl}`);
console.log(`Open: ${host.url}`);
await engine.cti?.ready();
const hookPort = engine.cti?.webhookPort() ?? null;
if (hookPort !== null) console.log(`PBX webhook: POST http://127.0.0.1:${hookPort}/call-event (secret from KARTOTEKA_WEBHOOK_SECRET)`);
engine.cti?.launch(process.argv.slice(2));
if (serverUrl !== null) {
  console.log(sync.user ? `Signed in as ${sync.user.name}.` : 'Sign in from the sync indicator in the header (Alt+S).');
}
console.log('The token in the URL changes on every start. Press Ctrl+C to stop.');
if (process.argv.includes('--open')) openInBrowser(host.url);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  await host.close();
  // Closing the engine closes SQLite cleanly (WAL checkpoint), so the next start is fast.
  engine.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

function readServerUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const parsed = parseServerUrl(raw);
  if ('error' in parsed) {
    console.error(parsed.error);
    process.exit(1);
  }
  return parsed.url;
}

function parsePort(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`KARTOTEKA_PORT must be a port number, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    // No browser opener (a server, a container) is normal: the URL is printed above.
    child.on('error', () => console.log(`(could not run ${command}; open the URL above yourself)`));
    child.unref();
  } catch {
    console.log(`(could not run ${command}; open the URL above yourself)`);
  }
}
