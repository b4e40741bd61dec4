// The engine as the transports see it: a handler table, an event stream, and a lifecycle.
import type { EngineEvent, HandlerTable } from '../../src-shared/index.js';

export interface EngineOptions {
  /** Path of the SQLite file (created if missing). */
  dbPath: string;
  /** Folder with NNNN_what_it_does.sql files (migrations/local). */
  migrationsDir: string;
  /** Fill an empty store with demo data on first open. */
  seedDemo?: boolean | { customers: number; seed?: number };
  /** Injected clock for tests. */
  now?: () => number;
}

export type EventListener = (event: EngineEvent) => void;

export interface Engine {
  readonly handlers: HandlerTable;
  /** Subscribe to events for the renderer; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Publish an event (CTI intake, sync) to every subscriber. */
  emit(event: EngineEvent): void;
  close(): void;
}
