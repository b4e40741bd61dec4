// Starts what `npm run start:browser` starts — the real engine on a fresh SQLite file behind the
// host — but on a temp data dir and a free port, so each test file gets its own world.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../../src-main/core/engine.js';
import type { Engine, EngineOptions } from '../../../src-main/core/engine-types.js';
import { createHost, type Host } from '../../../src-main/host/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');

export interface AppHost {
  readonly host: Host;
  readonly engine: Engine;
  readonly dataDir: string;
  /** The URL a user would open, token included. */
  readonly url: string;
  /** Host-side errors (handlers that threw something other than an ApiError). */
  readonly internalErrors: string[];
  stop(): Promise<void>;
}

export interface AppHostOptions {
  /** Size and seed of the demo store; small keeps start-up to a second. false: an empty store. */
  demo?: { customers: number; seed?: number } | false;
  now?: () => number;
  /** Where the sign-in to a central server is kept (sync tests); in memory by default. */
  secrets?: EngineOptions['secrets'];
  /** Sync client tuning (sync tests). */
  sync?: EngineOptions['sync'];
  /** A name for the temp folder, so that a failing run's leftovers say whose they are. */
  name?: string;
  /** Telephony setting overrides (a softphone command for calls from the card). */
  cti?: EngineOptions['cti'];
}

export async function startAppHost(options: AppHostOptions = {}): Promise<AppHost> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR}/index.html is missing: run \`npm run build:renderer\` (npm run test:e2e does it first)`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), `kartoteka-e2e-${options.name ? `${options.name}-` : ''}`));
  const engine = createEngine({
    dbPath: path.join(dataDir, 'kartoteka.sqlite'),
    migrationsDir: path.join(ROOT, 'migrations', 'local'),
    seedDemo: options.demo ?? { customers: 300, seed: 1 },
    ...(options.now ? { now: options.now } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.cti ? { cti: options.cti } : {}),
  });
  const internalErrors: string[] = [];
  let host: Host;
  try {
    host = await createHost({
      engine,
      staticDir: RENDERER_DIR,
      port: 0,
      log: (message, error) => internalErrors.push(`${message}: ${error instanceof Error ? error.stack : String(error ?? '')}`),
    });
  } catch (error) {
    engine.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    engine,
    dataDir,
    url: host.url,
    internalErrors,
    async stop() {
      await host.close();
      engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
