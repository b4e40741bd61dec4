// The central server for end-to-end sync tests: the real src-server on a temp PGlite folder, on a port
// fixed at first start, so that stop() and start() bring the same server back on the same data and the
// same URL — which is what the desktops, still holding their stored sign-in, reconnect to.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch } from '../../../src-main/core/dispatch.js';
import type { Engine } from '../../../src-main/core/engine-types.js';
import { startServer, type RunningServer } from '../../../src-server/server.js';
import { createUser } from '../../../src-server/users.js';
import type { ApiInput, ApiOutput, MethodName } from '../../../src-shared/index.js';
import type { AuthUser } from '../../../src-shared/sync/protocol.js';
import { ROOT } from './app-host.js';

export const SERVER_MIGRATIONS = path.join(ROOT, 'migrations', 'server');

export interface SyncServer {
  /** http://127.0.0.1:<port>, the same across restarts. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** The running server (throws when stopped). */
  current(): RunningServer;
  /** Creates an operator who sees every customer. */
  addOperator(username: string, password: string, name: string): Promise<AuthUser>;
  /** Graceful stop: requests in flight finish, sockets close, the data stays. */
  stop(): Promise<void>;
  /** Starts again on the same data folder and port. */
  start(): Promise<void>;
  /** Stops (if running) and deletes the data folder. */
  destroy(): Promise<void>;
}

/** A port that is free now; the server keeps it from then on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `extra`: more server options (an SMTP relay for the letters operators write). */
export async function startSyncServer(extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<SyncServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kartoteka-e2e-server-'));
  const port = await freePort();
  let server: RunningServer | null = null;

  async function start(): Promise<void> {
    if (server) return;
    server = await startServer({ ...extra, database: { kind: 'pglite', dataDir }, migrationsDir: SERVER_MIGRATIONS, port, logger: false });
  }
  async function stop(): Promise<void> {
    const s = server;
    server = null;
    await s?.close();
  }

  try {
    await start();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const current = (): RunningServer => {
    if (!server) throw new Error('the sync server is stopped');
    return server;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    get running() {
      return server !== null;
    },
    current,
    addOperator(username, password, name) {
      return createUser(current().db, { username, password, name, role: 'operator', teamId: null, scope: 'all', extension: null });
    },
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls an operator API method on an engine the way a transport does (validated), or throws. */
export async function callEngine<M extends MethodName>(engine: Engine, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const res = await dispatch(engine.handlers, method, input);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as ApiOutput<M>;
}

/**
 * Polls until check() returns a value other than undefined. Not a speed assertion: the deadline only
 * turns a hang into an error that says what never happened (and stops the loop after a failed test).
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, intervalMs = 50): Promise<T> {
  let lastError: unknown = null;
  const deadline = Date.now() + 100_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (process.env.KARTOTEKA_E2E_DEBUG) console.log(`waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
