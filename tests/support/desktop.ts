// A desktop for sync tests: the real engine on a real SQLite file (WAL), talking to the real server
// over HTTP. `offline` cuts its network without touching the store, like pulling the cable.
// `network` (optional) sits between the engine and the real fetch, so a test can duplicate, drop or
// delay requests; `now` gives the desktop its own (possibly wrong) wall clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dispatch } from '../../src-main/core/dispatch.js';
import { createEngine } from '../../src-main/core/engine.js';
import type { Engine } from '../../src-main/core/engine-types.js';
import type { CtiOptions } from '../../src-main/core/domains/cti/index.js';
import { memorySecretStore, type SecretStore } from '../../src-main/core/sync/secret-store.js';
import type { ApiInput, ApiOutput, MethodName } from '../../src-shared/index.js';

export const LOCAL_MIGRATIONS = resolve(import.meta.dirname, '../../migrations/local');

export interface DesktopOptions {
  /** The desktop's wall clock (default Date.now). */
  now?: () => number;
  /** Wraps the real fetch: fault injection (duplicate, drop, delay). */
  network?: (input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1], real: typeof fetch) => Promise<Response>;
  pullPage?: number;
  /** A first sync of at least this many entries sets the secondary indexes aside (default 20,000). */
  deferIndexesFrom?: number;
  /** A first sync uses the server's snapshot from this seq on (default 20,000; false: never). */
  snapshotFrom?: number | false;
  onSnapshotRefused?: (error: unknown) => void;
  pushBatch?: number;
  pollMs?: number;
  /** Telephony: a webhook or an AMI link of this desktop's own (tests/sync/ring-group-missed-call.test.ts). */
  cti?: CtiOptions;
}

export class Desktop {
  engine: Engine;
  offline = false;
  readonly secrets: SecretStore = memorySecretStore();

  constructor(
    readonly name: string,
    readonly dbPath = join(mkdtempSync(join(tmpdir(), `kartoteka-${name}-`)), 'store.sqlite'),
    readonly options: DesktopOptions = {},
  ) {
    this.engine = this.open();
  }

  private open(): Engine {
    const network = this.options.network;
    const fetchImpl: typeof fetch = (input, init) => {
      if (this.offline) return Promise.reject(new TypeError('network is down'));
      return network ? network(input, init, fetch) : fetch(input, init);
    };
    const o = this.options;
    return createEngine({
      dbPath: this.dbPath,
      migrationsDir: LOCAL_MIGRATIONS,
      secrets: this.secrets,
      ...(o.now ? { now: o.now } : {}),
      ...(o.cti ? { cti: o.cti } : {}),
      sync: {
        fetchImpl,
        pollMs: o.pollMs ?? 60_000,
        ...(o.pullPage ? { pullPage: o.pullPage } : {}),
        ...(o.deferIndexesFrom ? { deferIndexesFrom: o.deferIndexesFrom } : {}),
        ...(o.snapshotFrom !== undefined ? { snapshotFrom: o.snapshotFrom } : {}),
        ...(o.onSnapshotRefused ? { onSnapshotRefused: o.onSnapshotRefused } : {}),
        ...(o.pushBatch ? { pushBatch: o.pushBatch } : {}),
      },
    });
  }

  /** Closes and reopens the store from its file, as after a restart of the app. */
  restart(): void {
    this.engine.close();
    this.engine = this.open();
  }

  async call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    const res = await dispatch(this.engine.handlers, method, input);
    if (!res.ok) throw new Error(`${this.name} ${method}: ${res.error.code} ${res.error.message}`);
    return res.result as ApiOutput<M>;
  }

  async sync(): Promise<void> {
    await this.engine.syncNow();
  }

  close(): void {
    this.engine.close();
  }
}
