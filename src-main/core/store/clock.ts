// The replica's hybrid logical clock, persisted in meta so that stamps keep increasing across restarts
// even when the wall clock moves backwards.
import { decodeHlc, encodeHlc, newId, receive, tick, type HlcState } from '../../../src-shared/index.js';
import { ClockSkewError, MAX_CLOCK_SKEW_MS } from '../../../src-shared/hlc.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';
import type { SqliteDb } from '../db/open.js';


export class HlcClock {
  private state: HlcState;
  private persisted: string;

  constructor(
    private readonly sqlite: SqliteDb,
    private readonly wall: () => number,
  ) {
    let node = readMeta(sqlite, MetaKey.nodeId);
    if (!node) {
      // 16 hex digits of randomness from a UUIDv7's random tail: unique per replica, no ':' inside.
      node = newId().replace(/-/g, '').slice(-16);
      writeMeta(sqlite, MetaKey.nodeId, node);
    }
    const last = readMeta(sqlite, MetaKey.lastHlc);
    this.state = last ? { ...decodeHlc(last), node } : { ms: 0, counter: 0, node };
    this.persisted = last ?? '';
  }

  get node(): string {
    return this.state.node;
  }

  /** A fresh stamp for a local write. */
  now(): string {
    this.state = tick(this.state, this.wall());
    return encodeHlc(this.state);
  }

  /** Absorbs a stamp from another replica (sync pull); throws ClockSkewError past the bound. */
  observe(remote: string): void {
    this.state = receive(this.state, decodeHlc(remote), this.wall());
  }

  /**
   * Absorbs the newest stamp of a pulled page, so that an edit made after receiving another replica's
   * edit gets a later stamp even when this wall clock is a little behind. A stamp from a replica whose
   * clock is far ahead is not absorbed (the skew is that replica's to report); it never fails a pull.
   */
  observePulled(remote: string): void {
    if (!remote) return;
    try {
      this.observe(remote);
    } catch (error) {
      if (!(error instanceof ClockSkewError)) throw error;
    }
  }

  /**
   * Called when the handshake has corrected the wall clock. A clock that ran hours ahead before the
   * first handshake (the first start stamps the local user) would otherwise keep stamping hours
   * ahead, so this desktop's edits would beat everyone's until real time caught up. The clock moves
   * back to the corrected time, but never below `floor()`: the newest stamp on any synced row or
   * outbox entry of this store, so no new write can lose to one of this replica's own earlier writes.
   */
  rebase(floor: () => string | null): void {
    const wall = this.wall();
    if (this.state.ms - wall <= MAX_CLOCK_SKEW_MS) return;
    const newest = floor();
    const base: HlcState = newest ? { ...decodeHlc(newest), node: this.state.node } : { ms: 0, counter: 0, node: this.state.node };
    this.state = base.ms >= wall ? base : { ms: wall, counter: 0, node: this.state.node };
  }

  /**
   * Writes the latest stamp to meta. Called inside each write transaction, so the persisted clock is
   * never behind a stamp stored in a committed row.
   */
  persist(): void {
    const stamp = encodeHlc(this.state);
    if (stamp === this.persisted) return;
    writeMeta(this.sqlite, MetaKey.lastHlc, stamp);
    this.persisted = stamp;
  }
}
