// The engine as the transports see it: a handler table, an event stream, and a lifecycle.
import type { EngineEvent, HandlerTable } from '../../src-shared/index.js';
import type { CtiControl, CtiOptions } from './domains/cti/index.js';
import type { SecretStore } from './sync/secret-store.js';
import type { SyncTuning } from './sync/client/options.js';

export interface EngineOptions {
  /** Path of the SQLite file (created if missing). */
  dbPath: string;
  /** The .eml parser thread's script when it is not beside its source (the packaged app's bundle). */
  emlWorkerPath?: string;
  /** Folder with NNNN_what_it_does.sql files (migrations/local). */
  migrationsDir: string;
  /** Fill an empty store with demo data on first open. */
  seedDemo?: boolean | { customers: number; seed?: number };
  /** Injected clock for tests. */
  now?: () => number;
  /** Where the sign-in to the central server is kept (Electron: safeStorage; host: a 0600 file). */
  secrets?: SecretStore;
  /** Tuning of the sync client, for tests and benchmarks. */
  sync?: SyncTuning;
  /** Where the PBX (AMI) secret is kept: the OS keychain in Electron, a 0600 file for the host. */
  ctiSecrets?: SecretStore;
  /** CTI intake: setting overrides (host CLI environment) and tuning for tests. */
  cti?: CtiOptions;
  /** The operating system's handler of a link (Electron: shell.openExternal): a softphone's tel:/sip: link. */
  openExternal?: (url: string) => Promise<void>;
}

export type EventListener = (event: EngineEvent) => void;

export interface Engine {
  readonly handlers: HandlerTable;
  /** Subscribe to events for the renderer; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Publish an event (CTI intake, sync) to every subscriber. */
  emit(event: EngineEvent): void;
  /** Waits for a sync run to finish (tests, benchmarks); resolves at once when sync is off. */
  syncNow(): Promise<void>;
  /** CTI intake (softphone launches, webhook, AMI); optional so that stand-in engines need not fake it. */
  readonly cti?: CtiControl;
  close(): void;
}
