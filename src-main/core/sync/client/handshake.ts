// The handshake: protocol and schema versions, the account, and the server's time. It sets the
// clock's offset (a wrong desktop clock is corrected and reported) and holds for one connection.
import { MetaKey, readMeta, writeMeta } from '../../db/meta.js';
import type { HelloResponse } from '../../../../src-shared/sync/protocol.js';
import type { ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

/**
 * A handshake holds for one connection: it is redone after any failed request (offline, server
 * restarted), when the socket closes, after this long, and when the wall clock jumped.
 */
const HANDSHAKE_MAX_AGE_MS = 10 * 60_000;
/** A wall clock that moved this much more (or less) than the monotonic clock was set or stepped. */
const CLOCK_JUMP_MS = 1_000;
/** Handshake samples when the round trip is slow; the fastest one sets the clock offset. */
const HANDSHAKE_SAMPLES = 3;
const PRECISE_RTT_MS = 8;
/** Offsets up to this are network noise; a larger one is a wrong desktop clock. */
const NOISE_MS = 2_000;

export class Handshake {
  /** When the current handshake was made (wall and monotonic clocks); null: none on this connection. */
  private made: { wall: number; mono: number; skew: number } | null = null;

  constructor(
    private readonly run: SyncRun,
    private readonly clientId: string,
  ) {
    const offset = Number(readMeta(run.o.db.sqlite, MetaKey.clockOffsetMs) ?? 0);
    if (offset) run.o.setClockOffset(offset, false);
  }

  /** Forget it: the next run shakes hands again before it pushes. */
  reset(): void {
    this.made = null;
  }

  /** The skew of a handshake that still holds, or of a fresh one. */
  async ensure(api: ServerApi): Promise<number> {
    return this.holds() ? (this.made?.skew ?? 0) : this.hello(api);
  }

  /** Whether this connection's handshake still holds: not too old, and the wall clock did not jump. */
  private holds(): boolean {
    const h = this.made;
    if (!h) return false;
    const mono = performance.now() - h.mono;
    if (mono > HANDSHAKE_MAX_AGE_MS) return false;
    return Math.abs(this.run.o.now() - h.wall - mono) < CLOCK_JUMP_MS;
  }

  private async hello(api: ServerApi): Promise<number> {
    const o = this.run.o;
    // The offset is only as exact as half the round trip it was measured over, and it now holds for
    // the whole connection: a slow first answer (a cold server, a busy machine) would skew every
    // stamp of a corrected clock by tens of milliseconds. So a slow sample is measured again, and
    // the fastest round trip of a few is kept (as NTP does).
    let best: { offset: number; rtt: number; hello: HelloResponse } | null = null;
    for (let i = 0; i < HANDSHAKE_SAMPLES && !(best && best.rtt <= PRECISE_RTT_MS); i++) {
      const before = o.now();
      const started = performance.now();
      const hello = await api.hello(this.clientId, o.schemaVersion);
      const rtt = performance.now() - started;
      const offset = hello.serverTimeMs - Math.round(before + rtt / 2);
      if (!best || rtt < best.rtt) best = { offset, rtt, hello };
    }
    if (!best) throw new Error('unreachable: at least one handshake sample');
    const { offset, hello } = best;
    const after = o.now();
    const skew = Math.abs(offset) > NOISE_MS ? offset : 0;
    writeMeta(o.db.sqlite, MetaKey.clockOffsetMs, String(skew));
    o.setClockOffset(skew, true);
    o.onSignedIn(hello.user);
    this.run.update({ user: { id: hello.user.id, name: hello.user.name, role: hello.user.role }, clockSkewMs: skew });
    this.made = { wall: after, mono: performance.now(), skew };
    return skew;
  }
}

