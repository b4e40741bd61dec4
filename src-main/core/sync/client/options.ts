// What the sync client is given, and what its parts share during a run.
import type { AuthUser } from '../../../../src-shared/sync/protocol.js';
import type { SyncStatus } from '../../../../src-shared/sync/status.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { SecretStore } from '../secret-store.js';

export interface SyncClientOptions {
  db: DbHandle;
  secrets: SecretStore;
  schemaVersion: number;
  now: () => number;
  /** Called after pulled rows are committed, with the customers they touched. */
  onApplied: (customerIds: string[]) => void;
  onStatus: (status: SyncStatus) => void;
  /** The account signed in (first sign-in, or after a handshake): it becomes the current user. */
  onSignedIn: (user: AuthUser) => void;
  /** Sets the clock's correction so local stamps follow the server's time, not a wrong wall clock. */
  setClockOffset: (offsetMs: number, measured: boolean) => void;
  /** Advances the local clock past the newest stamp of a pulled page (inside the page's transaction). */
  observeStamp?: (stamp: string) => void;
  /** Any other message on the server's WebSocket (e.g. the supervisors' live updates), unvalidated. */
  onServerMessage?: (message: unknown) => void;
  pushBatch?: number;
  pullPage?: number;
  /** A first sync of at least this many change-log entries loads without the deferrable indexes. */
  deferIndexesFrom?: number;
  /** A first sync starts from the server's store snapshot when it holds at least this seq (false: never). */
  snapshotFrom?: number | false;
  /** Why the last snapshot offered was not used (tests, diagnostics). */
  onSnapshotRefused?: (error: unknown) => void;
  /**
   * A team's snapshot builder: an admin's store that pulls what a team-scoped operator of this team
   * gets. It takes no snapshot, and opens no live socket (the feed would send the admin's scope).
   */
  asTeam?: string;
  pollMs?: number;
  fetchImpl?: typeof fetch;
}

/** The tuning a caller of the engine may set (tests, benchmarks, the snapshot builder). */
export type SyncTuning = Pick<SyncClientOptions, 'pollMs' | 'pushBatch' | 'pullPage' | 'deferIndexesFrom' | 'snapshotFrom' | 'onSnapshotRefused' | 'asTeam' | 'fetchImpl'>;

/** What the parts of a run (push, pull, snapshot start) need from the client that runs them. */
export interface SyncRun {
  readonly o: SyncClientOptions;
  /** Signed out or closing: stop at the next step, and touch the store no more. */
  stopped(): boolean;
  /** Changes the status the indicator shows. */
  update(patch: Partial<SyncStatus>): void;
  /** Customers that left the user's scope were removed from the store: the operator is told. */
  noteScopeExits(count: number): void;
}
