// The desktop's sync loop: push the outbox, pull the server's changes, listen for pokes. One run at
// a time; a poke or a local write during a run schedules another. Offline, everything keeps working
// on the local store and the outbox waits; the status tells the operator which state they are in.
import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import { newId } from '../../../src-shared/index.js';
import { MAX_CLOCK_SKEW_MS } from '../../../src-shared/hlc.js';
import { LiveChanges, MAX_PULL_PAGE, Poke, type CaughtUp, type HelloResponse, type PresenceReport, type AuthUser, type Change, type Mutation, type PushResult } from '../../../src-shared/sync/protocol.js';
import type { SyncStatus, SyncRejection } from '../../../src-shared/sync/status.js';
import { deferIndexes, restoreDeferredIndexes, restoreDeferredIndexesNow } from '../db/deferred-indexes.js';
import { indexAllPendingCustomers, indexPendingCustomers } from '../db/pending-search.js';
import type { OutboxRow } from '../db/schema.js';
import type { Statements } from '../db/statements.js';
import { applyPage, readCursor } from './apply-changes.js';
import { ServerApi, SyncHttpError } from './server-api.js';
import { restoreSnapshot, SNAPSHOT_MIN_SEQ, storeTakesSnapshot } from './snapshot.js';
import type { SecretStore } from './secret-store.js';

export const META_CLIENT_ID = 'sync_client_id';
export const META_SERVER_URL = 'sync_server_url';
export const META_LAST_SYNC = 'sync_last_at';
export const META_CLOCK_OFFSET = 'clock_offset_ms';

/**
 * A handshake holds for one connection: it is redone after any failed request (offline, server
 * restarted), when the socket closes, after this long, and when the wall clock jumped.
 */
const HANDSHAKE_MAX_AGE_MS = 10 * 60_000;
/** A wall clock that moved this much more (or less) than the monotonic clock was set or stepped. */
const CLOCK_JUMP_MS = 1_000;
/** last_sync_at is shown to the operator in minutes; writing it (an fsync) after every poke is waste. */
const LAST_SYNC_PERSIST_MS = 30_000;
/** Handshake samples when the round trip is slow; the fastest one sets the clock offset. */
const HANDSHAKE_SAMPLES = 3;
const PRECISE_RTT_MS = 8;

export interface SyncClientOptions {
  st: Statements;
  secrets: SecretStore;
  schemaVersion: number;
  now: () => number;
  /** Called after pulled rows are committed, with the customers they touched. */
  onApplied: (customerIds: string[]) => void;
  onStatus: (status: SyncStatus) => void;
  /** The account signed in (first sign-in, or after a handshake): it becomes the current user. */
  onSignedIn: (user: AuthUser) => void;
  /** Sets the clock's correction so local stamps follow the server's time, not a wrong wall clock. */
  setClockOffset: (offsetMs: number) => void;
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

/**
 * From this many entries on, a first sync sets the secondary indexes aside and builds them at the end
 * (db/deferred-indexes.ts): below it the rebuild would cost more than it saves.
 */
export const DEFER_INDEXES_MIN_ENTRIES = 20_000;

function meta(st: Statements, key: string): string | undefined {
  return (st.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}
function setMeta(st: Statements, key: string, value: string): void {
  st.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export class SyncClient {
  private api: ServerApi | null = null;
  private socket: WebSocket | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private pollDueAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  /** A poke arrived during a run: run once more only if it announced changes not pulled yet. */
  private pokedAgain = false;
  private pokedHead = 0;
  /** When the current handshake was made (wall and monotonic clocks); null: none on this connection. */
  private handshake: { wall: number; mono: number; skew: number } | null = null;
  private lastSyncPersisted = 0;
  private stopped = true;
  private backoffMs = 1_000;
  private presence: PresenceReport | null = null;
  /** A snapshot this store could not use: not downloaded again until the server has a newer one. */
  private refusedSnapshotSeq: number | null = null;
  private presenceSent = false;
  private current: SyncStatus;
  readonly clientId: string;

  /** The signed-in server connection, for calls beyond sync (the supervisors' views); null when signed out. */
  get server(): ServerApi | null {
    return this.api;
  }

  constructor(private readonly o: SyncClientOptions) {
    let id = meta(o.st, META_CLIENT_ID);
    if (!id) {
      id = newId();
      setMeta(o.st, META_CLIENT_ID, id);
    }
    this.clientId = id;
    this.current = {
      state: 'disabled',
      serverUrl: meta(o.st, META_SERVER_URL) ?? null,
      user: null,
      pendingUploads: this.pending(),
      lastSyncAt: Number(meta(o.st, META_LAST_SYNC) ?? 0) || null,
      progress: null,
      error: null,
      clockSkewMs: 0,
      rejected: this.rejectionCount(),
    };
    const offset = Number(meta(o.st, META_CLOCK_OFFSET) ?? 0);
    if (offset) o.setClockOffset(offset);
  }

  get status(): SyncStatus {
    return this.current;
  }

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    this.o.onStatus(this.current);
  }

  private pending(): number {
    return (this.o.st.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }
  private rejectionCount(): number {
    return (this.o.st.prepare('SELECT count(*) AS n FROM sync_rejection WHERE dismissed = 0').get() as { n: number }).n;
  }

  /** Starts syncing with the configured server, if there is one and a stored sign-in. */
  start(): void {
    const url = meta(this.o.st, META_SERVER_URL);
    if (!url) {
      this.finishLoadNow();
      return;
    }
    this.api = new ServerApi({ baseUrl: url, secrets: this.o.secrets, ...(this.o.fetchImpl ? { fetchImpl: this.o.fetchImpl } : {}) });
    if (!this.api.hasCredentials()) {
      this.finishLoadNow();
      this.update({ state: 'signed-out', serverUrl: url });
      return;
    }
    this.stopped = false;
    this.update({ state: 'connecting', serverUrl: url });
    this.schedule();
  }

  async signIn(serverUrl: string, username: string, password: string): Promise<SyncStatus> {
    this.stop();
    const api = new ServerApi({ baseUrl: serverUrl, secrets: this.o.secrets, ...(this.o.fetchImpl ? { fetchImpl: this.o.fetchImpl } : {}) });
    const user = await api.login(username, password);
    setMeta(this.o.st, META_SERVER_URL, serverUrl);
    this.o.onSignedIn(user);
    this.api = api;
    this.stopped = false;
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
    this.stopped = true;
    this.handshake = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.pollDueAt = Infinity;
    this.socket?.removeAllListeners();
    // Terminating a socket that is still connecting emits 'error'; without a listener that would be
    // an uncaught exception (a sign-out or app close during the handshake would crash the process).
    this.socket?.on('error', () => undefined);
    this.socket?.terminate();
    this.socket = null;
  }

  /** A local write happened: push it soon. */
  nudge(): void {
    // A standalone desktop has nothing to upload to: no status churn on every write.
    if (this.current.state === 'disabled') return;
    this.update({ pendingUploads: this.pending() });
    if (!this.stopped) this.schedule();
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
    } while (!this.stopped && (this.again || (this.pokedAgain && this.pokedHead > readCursor(this.o.st))));
    if (!this.stopped) {
      // Polling is the fallback when the socket is down; with a socket, pokes drive the pulls.
      const poll = this.o.pollMs ?? 30_000;
      this.schedule(this.socket?.readyState === WebSocket.OPEN ? poll * 4 : this.current.state === 'offline' ? this.backoffMs : poll);
    }
  }

  private async runOnce(): Promise<void> {
    const api = this.api;
    if (!api || this.stopped) return;
    try {
      this.update({ state: 'syncing', error: null });
      // The clock offset (and the rebase of a clock that ran ahead) must be in place before anything
      // is pushed, so the handshake comes first whenever this connection has none that still holds.
      const skew = this.handshakeHolds() ? (this.handshake?.skew ?? 0) : await this.hello(api);
      await this.pushAll(api);
      await this.loadSnapshot(api);
      const caughtUp = await this.pullAll(api);
      await this.finishLoad();
      if (this.o.asTeam === undefined) {
        if (caughtUp !== null) this.sendCaughtUp(caughtUp.cursor, caughtUp.headSeq);
        this.ensureSocket(api);
        void this.flushPresence();
      }
      const now = this.o.now();
      if (Math.abs(now - this.lastSyncPersisted) >= LAST_SYNC_PERSIST_MS) {
        setMeta(this.o.st, META_LAST_SYNC, String(now));
        this.lastSyncPersisted = now;
      }
      this.backoffMs = 1_000;
      this.update({ state: 'online', lastSyncAt: now, progress: null, pendingUploads: this.pending(), rejected: this.rejectionCount(), error: Math.abs(skew) > MAX_CLOCK_SKEW_MS ? 'clock_skew' : null });
    } catch (error) {
      // Stopped while the run was in flight (sign-out, app closing): the store may be closed already,
      // so touching it here would turn a clean shutdown into an unhandled rejection.
      if (this.stopped) return;
      // Whatever failed (network, server restart, a refused token), the next run shakes hands again.
      this.handshake = null;
      const code = error instanceof SyncHttpError ? error.code : 'internal';
      const state = code === 'offline' ? 'offline' : code === 'unauthorized' ? 'signed-out' : 'error';
      if (code !== 'offline' && code !== 'unauthorized') {
        this.again = false;
      }
      this.backoffMs = Math.min(this.backoffMs * 2, 60_000);
      // A first sync cut off: the store keeps what it has and is used offline, so it gets its indexes.
      await this.finishLoad().catch(() => undefined);
      if (this.stopped) return;
      this.update({ state, progress: null, error: code === 'offline' ? null : code, pendingUploads: this.pending() });
      if (state === 'signed-out') this.stop();
    }
  }

  /**
   * The handshake: protocol and schema versions, the account, and the server's time. Sets the
   * clock's offset (a wrong desktop clock is corrected and reported) and returns the skew.
   */
  private async hello(api: ServerApi): Promise<number> {
    // The offset is only as exact as half the round trip it was measured over, and it now holds for
    // the whole connection: a slow first answer (a cold server, a busy machine) would skew every
    // stamp of a corrected clock by tens of milliseconds. So a slow sample is measured again, and
    // the fastest round trip of a few is kept (as NTP does).
    let best: { offset: number; rtt: number; hello: HelloResponse } | null = null;
    for (let i = 0; i < HANDSHAKE_SAMPLES && !(best && best.rtt <= PRECISE_RTT_MS); i++) {
      const before = this.o.now();
      const started = performance.now();
      const hello = await api.hello(this.clientId, this.o.schemaVersion);
      const rtt = performance.now() - started;
      const offset = hello.serverTimeMs - Math.round(before + rtt / 2);
      if (!best || rtt < best.rtt) best = { offset, rtt, hello };
    }
    if (!best) throw new Error('unreachable: at least one handshake sample');
    const { offset, hello } = best;
    const after = this.o.now();
    // Small offsets are network noise; a large one is a wrong desktop clock: correct and report it.
    const skew = Math.abs(offset) > 2_000 ? offset : 0;
    setMeta(this.o.st, META_CLOCK_OFFSET, String(skew));
    this.o.setClockOffset(skew);
    this.o.onSignedIn(hello.user);
    this.update({ user: { id: hello.user.id, name: hello.user.name, role: hello.user.role }, clockSkewMs: skew });
    this.handshake = { wall: after, mono: performance.now(), skew };
    return skew;
  }

  /** Whether this connection's handshake still holds: not too old, and the wall clock did not jump. */
  private handshakeHolds(): boolean {
    const h = this.handshake;
    if (!h) return false;
    const mono = performance.now() - h.mono;
    if (mono > HANDSHAKE_MAX_AGE_MS) return false;
    return Math.abs(this.o.now() - h.wall - mono) < CLOCK_JUMP_MS;
  }

  private async pushAll(api: ServerApi): Promise<void> {
    const batchSize = this.o.pushBatch ?? 200;
    for (;;) {
      const entries = this.o.st.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(batchSize) as OutboxRow[];
      if (entries.length === 0) return;
      const answer = await api.push(this.clientId, entries.map(toMutation));
      // The server's versions of refused rows are fetched BEFORE the entries leave the outbox: if the
      // network fails in between, the entries stay, the next push is answered with the same refusal
      // (a replay gets the original decision) and the restore is tried again, instead of the refused
      // value staying in this store for good.
      const restores = answer.results.some((r) => r.status === 'rejected') ? await this.fetchRejectedRows(api, entries, answer.results) : [];
      this.acknowledge(entries, answer.results);
      this.update({ pendingUploads: this.pending() });
      if (restores.length > 0) this.restoreRejected(restores);
    }
  }

  /** Removes answered entries from the outbox; rejected ones are recorded for the operator to see. */
  private acknowledge(entries: OutboxRow[], results: PushResult[]): void {
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    const now = this.o.now();
    this.o.st.sqlite.transaction(() => {
      for (const r of results) {
        const entry = bySeq.get(r.seq);
        if (!entry) continue;
        if (r.status === 'rejected') {
          this.o.st.prepare('INSERT INTO sync_rejection (entity, row_id, op, payload, reason, message, at, dismissed) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
            .run(entry.entity, entry.row_id, entry.op, entry.payload, r.reason, r.message, now);
        }
        this.o.st.prepare('DELETE FROM outbox WHERE seq = ?').run(r.seq);
      }
    })();
  }

  /** The server's current version of each refused row (null: the server never accepted the row). */
  private async fetchRejectedRows(api: ServerApi, entries: OutboxRow[], results: PushResult[]): Promise<{ entry: OutboxRow; row: Record<string, unknown> | null; fieldHlc: Record<string, string> }[]> {
    const out: { entry: OutboxRow; row: Record<string, unknown> | null; fieldHlc: Record<string, string> }[] = [];
    for (const r of results) {
      if (r.status !== 'rejected') continue;
      const entry = entries.find((e) => e.seq === r.seq);
      if (!entry) continue;
      const answer = await api.row(entry.entity, entry.row_id);
      out.push({ entry, row: answer.row, fieldHlc: answer.fieldHlc });
    }
    return out;
  }

  /** A rejected change is replaced by the server's version of the row, visibly (the rejection list). */
  private restoreRejected(restores: { entry: OutboxRow; row: Record<string, unknown> | null; fieldHlc: Record<string, string> }[]): void {
    const touched = new Set<string>();
    for (const { entry, row, fieldHlc } of restores) {
      const table = `"${entry.entity === 'case' ? 'case' : entry.entity}"`;
      if (row === null) {
        // The server never accepted the row: keep it out of the store's live data, not deleted silently
        // (the rejection record holds its content).
        this.o.st.prepare(`UPDATE ${table} SET deleted = 1, field_hlc = json_set(field_hlc, '$.deleted', hlc) WHERE id = ?`).run(entry.row_id);
      } else {
        // Force the server's values: stamps of '' lose to none, so mark every field with the server's.
        this.o.st.prepare(`UPDATE ${table} SET field_hlc = '{"_":""}' WHERE id = ?`).run(entry.row_id);
        const change: Change = { seq: 0, entity: entry.entity, row, fieldHlc };
        const res = applyPage(this.o.st, [change], readCursor(this.o.st), this.o.observeStamp);
        res.customerIds.forEach((c) => touched.add(c));
      }
    }
    if (touched.size > 0) this.o.onApplied([...touched]);
    this.update({ rejected: this.rejectionCount() });
  }

  /**
   * What a large first sync left for the end: the indexes it set aside, and the customers its pages
   * noted for search (db/pending-search.ts). A chunk per event-loop turn; nothing to do otherwise.
   */
  private async finishLoad(): Promise<void> {
    await restoreDeferredIndexes(this.o.st.sqlite, () => this.stopped);
    await indexAllPendingCustomers(this.o.st.sqlite, () => this.stopped);
  }

  /** The same at start-up when no sync will run (signed out): the store is used as it is. */
  private finishLoadNow(): void {
    restoreDeferredIndexesNow(this.o.st.sqlite);
    while (indexPendingCustomers(this.o.st.sqlite) > 0) {
      /* chunk after chunk */
    }
  }

  /**
   * A first sync of a large scope starts from the server's snapshot (sync/snapshot.ts): downloaded
   * next to the store, copied in one transaction, then the pull goes on from its seq. A download cut
   * off fails the run like any network error (the next run starts over); a file that cannot be used
   * (corrupt, another schema, the store not empty) is set aside and the sync pulls page by page.
   */
  private async loadSnapshot(api: ServerApi): Promise<void> {
    const st = this.o.st;
    const from = this.o.snapshotFrom ?? SNAPSHOT_MIN_SEQ;
    if (from === false || this.o.asTeam !== undefined || st.sqlite.memory || readCursor(st) !== 0 || !storeTakesSnapshot(st.sqlite)) return;
    const info = await api.snapshotInfo();
    if (!info || info.seq < from || info.schemaVersion !== this.o.schemaVersion || this.refusedSnapshotSeq === info.seq) return;
    const file = `${st.sqlite.name}.snapshot`;
    try {
      let shown = -1;
      const received = await api.downloadSnapshot(file, (bytes) => {
        const done = Math.floor((info.seq * Math.min(bytes, info.bytes)) / info.bytes);
        // One status per percent: a file of gigabytes arrives in hundreds of thousands of chunks.
        const percent = Math.floor((100 * done) / Math.max(info.seq, 1));
        if (percent === shown) return;
        shown = percent;
        this.update({ progress: { done, total: info.seq } });
      });
      if (this.stopped) return;
      try {
        const restored = restoreSnapshot(st.sqlite.name, file, info, received.sha256);
        if (restored.maxStamp) this.o.observeStamp?.(restored.maxStamp);
      } catch (error) {
        this.refusedSnapshotSeq = info.seq;
        this.o.onSnapshotRefused?.(error);
        return;
      }
    } finally {
      rmSync(file, { force: true });
      rmSync(`${file}-journal`, { force: true });
    }
  }

  /** Pulls until the server has no more; returns where that ended (null: stopped on the way). */
  private async pullAll(api: ServerApi): Promise<{ cursor: number; headSeq: number } | null> {
    const pageSize = this.o.pullPage ?? MAX_PULL_PAGE;
    let cursor = readCursor(this.o.st);
    const start = cursor;
    let next = api.pull(cursor, pageSize, this.o.asTeam);
    let first = true;
    for (;;) {
      const page = await next;
      if (first && start === 0 && page.hasMore && page.headSeq >= (this.o.deferIndexesFrom ?? DEFER_INDEXES_MIN_ENTRIES)) deferIndexes(this.o.st.sqlite);
      first = false;
      // The next page is requested before this one is applied, so the server reads and encodes it
      // while this process writes (two processes, two cores). At most two pages are held at once.
      if (page.hasMore) {
        next = api.pull(page.cursor, pageSize, this.o.asTeam);
        // Settled here too: if applying fails or the client stops, nobody awaits it.
        next.catch(() => undefined);
        // fetch writes the request in later ticks; applying blocks this thread, so let the request
        // leave first, or the server would only start on it once this page is applied.
        for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (this.stopped) return null;
      const result = applyPage(this.o.st, page.changes, page.cursor, this.o.observeStamp);
      cursor = page.cursor;
      if (result.customerIds.size > 0) this.o.onApplied([...result.customerIds]);
      const total = Math.max(page.headSeq - start, 0);
      this.update({ progress: page.hasMore ? { done: Math.max(cursor - start, 0), total } : null });
      if (!page.hasMore) return { cursor: page.cursor, headSeq: page.headSeq };
    }
  }

  /**
   * Tells the server this desktop holds every change up to `cursor` (and none exists up to the pull
   * snapshot's `headSeq` that it lacks), so the server can send new changes on the socket.
   */
  private sendCaughtUp(cursor: number, headSeq: number): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'caught-up', cursor, headSeq } satisfies CaughtUp));
  }

  /**
   * The live feed: a page the server read for this desktop's scope after `since`. Applied as a
   * pulled page (same transaction, cursor included) when nothing else is syncing and the cursor is
   * where the server believes; otherwise it is only news that changes exist, as a poke.
   */
  private onLiveChanges(message: LiveChanges): void {
    if (this.stopped) return;
    const cursor = readCursor(this.o.st);
    if (this.running || cursor !== message.since) {
      if (!this.running && message.page.headSeq <= cursor) {
        // Nothing to pull; only the server's idea of this cursor is stale.
        this.sendCaughtUp(cursor, cursor);
        return;
      }
      this.onPoke(message.page.headSeq);
      return;
    }
    const { page } = message;
    const result = applyPage(this.o.st, page.changes, page.cursor, this.o.observeStamp);
    if (result.customerIds.size > 0) this.o.onApplied([...result.customerIds]);
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
    if (headSeq <= readCursor(this.o.st)) return;
    void this.syncNow();
  }

  private ensureSocket(api: ServerApi): void {
    if (this.socket || this.stopped) return;
    void api.socketUrl().then((url) => {
      if (this.stopped || this.socket) return;
      const socket = new WebSocket(url);
      this.socket = socket;
      socket.on('message', (data: Buffer) => {
        let message: unknown;
        try {
          message = JSON.parse(data.toString('utf8'));
        } catch {
          return;
        }
        const poke = Poke.safeParse(message);
        if (poke.success) {
          this.onPoke(poke.data.headSeq);
          return;
        }
        const changes = LiveChanges.safeParse(message);
        if (changes.success) this.onLiveChanges(changes.data);
        else this.o.onServerMessage?.(message);
      });
      // A desktop idle since its last run is up to date as far as its cursor: feed it from there.
      socket.on('open', () => {
        if (this.socket === socket && !this.running) {
          const cursor = readCursor(this.o.st);
          this.sendCaughtUp(cursor, cursor);
        }
      });
      const drop = () => {
        if (this.socket !== socket) return;
        this.socket = null;
        // The connection is gone (the server restarted, the network dropped): the next run shakes
        // hands again before it pushes.
        this.handshake = null;
      };
      socket.on('close', drop);
      socket.on('error', drop);
    }, () => undefined);
  }

  /**
   * Reports the operator's state for the supervisors' board. Only the latest state matters: one
   * that cannot be sent now (offline) is sent after the next successful sync, never queued up.
   */
  reportPresence(report: PresenceReport): void {
    this.presence = report;
    this.presenceSent = false;
    void this.flushPresence();
  }

  private async flushPresence(): Promise<void> {
    const api = this.api;
    const report = this.presence;
    if (!api || this.stopped || !report || this.presenceSent) return;
    try {
      await api.presence(report);
      if (this.presence === report) this.presenceSent = true;
    } catch {
      /* offline or signed out: the next successful sync sends it */
    }
  }

  rejections(): SyncRejection[] {
    return (this.o.st.prepare('SELECT id, entity, row_id, op, reason, message, at FROM sync_rejection WHERE dismissed = 0 ORDER BY id DESC LIMIT 200').all() as {
      id: number; entity: string; row_id: string; op: string; reason: string; message: string; at: number;
    }[]).map((r) => ({ id: r.id, entity: r.entity, rowId: r.row_id, op: r.op, reason: r.reason, message: r.message, at: r.at }));
  }

  dismissRejection(id: number): void {
    this.o.st.prepare('UPDATE sync_rejection SET dismissed = 1 WHERE id = ?').run(id);
    this.update({ rejected: this.rejectionCount() });
  }
}

/** An outbox entry as a push mutation: an update carries only the fields that this write changed. */
export function toMutation(entry: OutboxRow): Mutation {
  const payload = JSON.parse(entry.payload) as Record<string, unknown>;
  delete payload.id;
  delete payload.hlc;
  delete payload.field_hlc;
  return { seq: entry.seq, mutationId: entry.mutation_id, entity: entry.entity, rowId: entry.row_id, op: entry.op, payload, hlc: entry.hlc };
}
