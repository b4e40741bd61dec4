// The desktop's sync loop: push the outbox, pull the server's changes, listen for pokes. One run at
// a time; a poke or a local write during a run schedules another. Offline, everything keeps working
// on the local store and the outbox waits; the status tells the operator which state they are in.
// The steps of a run live beside it: handshake, push, snapshot start, pull and live feed, socket,
// presence.
import { newId } from '../../../../src-shared/index.js';
import { MAX_CLOCK_SKEW_MS } from '../../../../src-shared/hlc.js';
import type { AuthUser, LiveChanges, PresenceReport } from '../../../../src-shared/sync/protocol.js';
import type { SyncRejection, SyncStatus } from '../../../../src-shared/sync/status.js';
import { MetaKey, readMeta, writeMeta } from '../../db/meta.js';
import { outboxCount } from '../../store/outbox.js';
import { dismissRejection, listOpenRejections, openRejectionCount } from '../../store/sync-rejections.js';
import { readCursor } from '../apply-changes.js';
import { ServerApi, SyncHttpError } from '../server-api.js';
import { Handshake } from './handshake.js';
import { LiveSocket } from './live-socket.js';
import type { SyncClientOptions, SyncRun } from './options.js';
import { PresenceReporter } from './presence.js';
import { pullAll, takeLivePage } from './pull.js';
import { pushOutbox } from './push.js';
import { fetchOverwritten } from './overwritten.js';
import { openOverwrittenCount } from '../../store/overwritten-edits.js';
import { uploadAudit } from './audit-upload.js';
import { uploadMissedSeen } from './missed-seen-upload.js';
import { SnapshotStart } from './snapshot-start.js';

/** last_sync_at is shown to the operator in minutes; writing it (an fsync) after every poke is waste. */
const LAST_SYNC_PERSIST_MS = 30_000;
const DEFAULT_POLL_MS = 30_000;
const FIRST_BACKOFF_MS = 1_000;
/** A server that answered "busy" (503, 429) is left alone this long at most between tries. */
const MAX_BACKOFF_MS = 60_000;
/**
 * An unreachable server is tried again at least this often: a partition that heals must not leave a
 * desktop waiting out a minute-long back-off (58 s to catch up, in the chaos runs). A try is one
 * /sync/hello; the network coming back (the window's `online` event) runs one at once.
 */
const MAX_OFFLINE_BACKOFF_MS = 10_000;

export class SyncClient implements SyncRun {
  private api: ServerApi | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private pollDueAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  /** A poke arrived during a run: run once more only if it announced changes not pulled yet. */
  private pokedAgain = false;
  private pokedHead = 0;
  private lastSyncPersisted = 0;
  private isStopped = true;
  private backoffMs = FIRST_BACKOFF_MS;
  private current: SyncStatus;
  private readonly handshake: Handshake;
  private readonly socket: LiveSocket;
  private readonly presence = new PresenceReporter();
  private readonly snapshot: SnapshotStart;
  readonly clientId: string;

  constructor(readonly o: SyncClientOptions) {
    const sqlite = o.db.sqlite;
    let id = readMeta(sqlite, MetaKey.syncClientId);
    if (!id) {
      id = newId();
      writeMeta(sqlite, MetaKey.syncClientId, id);
    }
    this.clientId = id;
    this.current = {
      state: 'disabled',
      serverUrl: readMeta(sqlite, MetaKey.syncServerUrl) ?? null,
      user: null,
      pendingUploads: outboxCount(o.db),
      lastSyncAt: Number(readMeta(sqlite, MetaKey.syncLastAt) ?? 0) || null,
      progress: null,
      error: null,
      clockSkewMs: 0,
      leftScope: 0,
      rejected: openRejectionCount(o.db),
      overwritten: openOverwrittenCount(o.db),
    };
    this.handshake = new Handshake(this, id);
    this.snapshot = new SnapshotStart(this);
    this.socket = new LiveSocket({
      onPoke: (headSeq) => this.onPoke(headSeq),
      onLiveChanges: (message) => this.onLiveChanges(message),
      onOtherMessage: (message) => this.o.onServerMessage?.(message),
      idleCursor: () => (this.running ? null : readCursor(this.o.db)),
      // The next run shakes hands again before it pushes.
      onDropped: () => this.handshake.reset(),
      stopped: () => this.isStopped,
    });
  }

  /** The signed-in server connection, for calls beyond sync (the supervisors' views); null when signed out. */
  get server(): ServerApi | null {
    return this.api;
  }

  get status(): SyncStatus {
    return this.current;
  }

  stopped(): boolean {
    return this.isStopped;
  }

  noteScopeExits(count: number): void {
    if (count > 0) this.update({ leftScope: this.current.leftScope + count });
  }

  update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    this.o.onStatus(this.current);
  }

  /** Starts syncing with the configured server, if there is one and a stored sign-in. */
  start(): void {
    const url = readMeta(this.o.db.sqlite, MetaKey.syncServerUrl);
    if (!url) {
      this.snapshot.finishNow();
      return;
    }
    try {
      this.api = this.connect(url);
    } catch (error) {
      // An address this version refuses (plain http:// to another machine): signed out, with the reason.
      this.snapshot.finishNow();
      this.update({ state: 'signed-out', serverUrl: url, error: error instanceof SyncHttpError ? error.code : 'internal' });
      return;
    }
    if (!this.api.hasCredentials()) {
      this.snapshot.finishNow();
      this.update({ state: 'signed-out', serverUrl: url });
      return;
    }
    this.isStopped = false;
    this.update({ state: 'connecting', serverUrl: url });
    this.schedule();
  }

  async signIn(serverUrl: string, username: string, password: string): Promise<SyncStatus> {
    this.stop();
    const api = this.connect(serverUrl);
    const user: AuthUser = await api.login(username, password);
    writeMeta(this.o.db.sqlite, MetaKey.syncServerUrl, serverUrl);
    this.o.onSignedIn(user);
    this.api = api;
    this.isStopped = false;
    this.update({ state: 'connecting', serverUrl, user: { id: user.id, name: user.name, role: user.role }, error: null });
    await this.syncNow();
    return this.current;
  }

  signOut(): void {
    this.stop();
    this.api?.logout();
    this.api = null;
    this.update({ state: 'signed-out', user: null });
  }

  stop(): void {
    this.isStopped = true;
    this.handshake.reset();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.pollDueAt = Infinity;
    this.socket.close();
  }

  /** A local write happened: push it soon. */
  nudge(): void {
    // A standalone desktop has nothing to upload to: no status churn on every write.
    if (this.current.state === 'disabled') return;
    this.update({ pendingUploads: outboxCount(this.o.db) });
    if (!this.isStopped) this.schedule();
  }

  /**
   * A live call outside the sync (a supervisor view, the review inbox, an admin's) found the server
   * unreachable, or reached it: the chip must not say "online" while a view on screen says there is
   * no connection (issue 17). Unreachable marks an idle "online" offline and retries on the back-off;
   * reached, an "offline" desktop syncs now instead of waiting for its back-off.
   */
  serverReached(reached: boolean): void {
    if (this.isStopped || !this.api) return;
    if (!reached && this.current.state === 'online') {
      this.update({ state: 'offline', error: null });
      this.schedule(this.backoffMs);
    } else if (reached && this.current.state === 'offline') {
      this.schedule(0);
    }
  }

  /** Runs a sync now (or after the one in progress) and resolves when it is done. */
  async syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runLoop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Reports the operator's state for the supervisors' board (presence.ts): sent now when signed in
   * and running, else after the next successful sync.
   */
  reportPresence(report: PresenceReport): void {
    this.presence.report(report, this.isStopped ? null : this.api);
  }

  rejections(): SyncRejection[] {
    return listOpenRejections(this.o.db);
  }

  dismissRejection(id: number): void {
    dismissRejection(this.o.db, id);
    this.update({ rejected: openRejectionCount(this.o.db) });
  }

  private connect(baseUrl: string): ServerApi {
    return new ServerApi({ baseUrl, secrets: this.o.secrets, ...(this.o.fetchImpl ? { fetchImpl: this.o.fetchImpl } : {}) });
  }

  /**
   * Plans a run in `delayMs` unless one is planned sooner: the poll planned at the end of a run must
   * not push back a run that a local write asked for meanwhile (that write would wait for the poll).
   */
  private schedule(delayMs = 0): void {
    const due = performance.now() + delayMs;
    if (this.pollTimer && this.pollDueAt <= due) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollDueAt = due;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pollDueAt = Infinity;
      void this.syncNow();
    }, delayMs);
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      this.pokedAgain = false;
      await this.runOnce();
    } while (!this.isStopped && (this.again || (this.pokedAgain && this.pokedHead > readCursor(this.o.db))));
    if (!this.isStopped) {
      // Polling is the fallback when the socket is down; with a socket, pokes drive the pulls. A run
      // that failed is retried on the back-off even while the socket looks open: a partition can
      // leave a socket half-open for minutes, and no poke will come through it.
      const poll = this.o.pollMs ?? DEFAULT_POLL_MS;
      this.schedule(this.current.state === 'offline' ? this.backoffMs : this.socket.open ? poll * 4 : poll);
    }
  }

  private async runOnce(): Promise<void> {
    const api = this.api;
    if (!api || this.isStopped) return;
    try {
      this.update({ state: 'syncing', error: null });
      // The clock offset (and the rebase of a clock that ran ahead) must be in place before anything
      // is pushed, so the handshake comes first whenever this connection has none that still holds.
      const skew = await this.handshake.ensure(api);
      const pending = outboxCount(this.o.db);
      await pushOutbox(this, api, this.clientId);
      if (this.o.asTeam === undefined) {
        await uploadAudit(this, api);
        await uploadMissedSeen(this, api);
      }
      await this.snapshot.load(api);
      const cursor = readCursor(this.o.db);
      const caughtUp = await pullAll(this, api);
      await this.snapshot.finish();
      if (this.o.asTeam === undefined && (pending > 0 || readCursor(this.o.db) !== cursor)) {
        // Not worth failing the run for: the next run that moves something asks again.
        await fetchOverwritten(this, api).catch(() => undefined);
      }
      if (this.o.asTeam === undefined) {
        if (caughtUp !== null) this.socket.sendCaughtUp(caughtUp.cursor, caughtUp.headSeq);
        this.socket.ensure(api);
        void this.presence.flush(api);
      }
      const now = this.o.now();
      if (Math.abs(now - this.lastSyncPersisted) >= LAST_SYNC_PERSIST_MS) {
        writeMeta(this.o.db.sqlite, MetaKey.syncLastAt, String(now));
        this.lastSyncPersisted = now;
      }
      this.backoffMs = FIRST_BACKOFF_MS;
      this.update({
        state: 'online', lastSyncAt: now, progress: null, pendingUploads: outboxCount(this.o.db), rejected: openRejectionCount(this.o.db),
        error: Math.abs(skew) > MAX_CLOCK_SKEW_MS ? 'clock_skew' : null,
      });
    } catch (error) {
      // Stopped while the run was in flight (sign-out, app closing): the store may be closed already,
      // so touching it here would turn a clean shutdown into an unhandled rejection.
      if (this.isStopped) return;
      // Whatever failed (network, server restart, a refused token), the next run shakes hands again.
      this.handshake.reset();
      const code = error instanceof SyncHttpError ? error.code : 'internal';
      // A server that shed the request (overloaded) is retried like an unreachable one: soon, backing off.
      const busy = code === 'unavailable' || code === 'rate_limited';
      const state = code === 'offline' || busy ? 'offline' : code === 'unauthorized' ? 'signed-out' : 'error';
      if (code !== 'offline' && code !== 'unauthorized' && !busy) this.again = false;
      this.backoffMs = Math.min(this.backoffMs * 2, busy ? MAX_BACKOFF_MS : MAX_OFFLINE_BACKOFF_MS);
      // A first sync cut off: the store keeps what it has and is used offline, so it gets its indexes.
      await this.snapshot.finish().catch(() => undefined);
      if (this.isStopped) return;
      this.update({ state, progress: null, error: code === 'offline' ? null : code, pendingUploads: outboxCount(this.o.db) });
      if (state === 'signed-out') this.stop();
    }
  }

  private onLiveChanges(message: LiveChanges): void {
    if (this.isStopped) return;
    const outcome = takeLivePage(this, message, this.running !== null);
    if (outcome.kind === 'caught-up') this.socket.sendCaughtUp(outcome.cursor, outcome.cursor);
    else if (outcome.kind === 'poke') this.onPoke(outcome.headSeq);
    else if (outcome.kind === 'applied' && this.api && this.o.asTeam === undefined) {
      // A colleague's change may have beaten a value this user wrote: they are told now, not at the next run.
      void fetchOverwritten(this, this.api).catch(() => undefined);
    }
  }

  /**
   * A poke: the server has changes up to `headSeq`. Nothing to do if they are pulled already (the
   * poke of this desktop's own push, arriving after its pull); during a run, one more run follows
   * only if that run's pull did not reach them.
   */
  private onPoke(headSeq: number): void {
    this.pokedHead = Math.max(this.pokedHead, headSeq);
    if (this.running) {
      this.pokedAgain = true;
      return;
    }
    if (headSeq <= readCursor(this.o.db)) return;
    void this.syncNow();
  }
}
