// The replica's hybrid logical clock, persisted in meta so that stamps keep increasing across restarts
// even when the wall clock moves backwards.
import { decodeHlc, encodeHlc, isValidHlc, newId, receive, tick, type HlcState } from '../../../src-shared/index.js';
import { ClockSkewError, MAX_CLOCK_SKEW_MS } from '../../../src-shared/hlc.js';
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
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
    // A persisted stamp that is not one (an older version absorbed a malformed stamp from a pull) is
    // repaired: the clock starts from the newest well-formed stamp this store holds, or from zero
    // and the wall clock. Left as it was, every later stamp would be NaN and lose every merge.
    const usable = last !== undefined && isValidHlc(last) ? last : newestWellFormedStamp(sqlite);
    this.state = usable ? { ...decodeHlc(usable), node } : { ms: 0, counter: 0, node };
    this.persisted = last !== undefined && usable === last ? last : '';
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
    if (!remote || !isValidHlc(remote)) return;
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
  rebase(floor: () => string | null, restamped = false): void {
    const wall = this.wall();
    // After unsent writes were moved back (store/restamp.ts), even a small lead is one to drop.
    if (this.state.ms - wall <= (restamped ? 0 : MAX_CLOCK_SKEW_MS)) return;
    const found = floor();
    const newest = found !== null && isValidHlc(found) ? found : null;
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

/** The newest well-formed stamp in the store's synced tables and outbox (the repair of a broken clock). */
function newestWellFormedStamp(sqlite: SqliteDb): string | null {
  const tables = [...Object.values(SYNC_ENTITIES).map((d) => `"${d.table}"`), 'outbox'];
  let newest: string | null = null;
  for (const table of tables) {
    const stamp = sqlite.prepare(`SELECT max(hlc) FROM ${table} WHERE hlc GLOB ?`).pluck().get(HLC_GLOB) as string | null;
    if (stamp !== null && isValidHlc(stamp) && (newest === null || stamp > newest)) newest = stamp;
  }
  return newest;
}

/** SQLite's GLOB for the start of a well-formed stamp: 15 digits, then 5 base-36 digits. */
export const HLC_GLOB = `${'[0-9]'.repeat(15)}:${'[0-9a-z]'.repeat(5)}:*`;
