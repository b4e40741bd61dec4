// Hybrid logical clock. Stamps order every write across replicas even when wall clocks disagree:
// the physical part never goes backwards and the counter breaks ties. Encoded as a fixed-width
// string so that SQL and JavaScript compare stamps with plain string comparison.

export interface HlcState {
  /** Physical milliseconds of the last stamp. */
  ms: number;
  counter: number;
  node: string;
}

/** How far ahead of the local wall clock a remote stamp may be before it is reported as skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export class ClockSkewError extends Error {
  constructor(readonly skewMs: number) {
    super(`clock skew of ${Math.round(skewMs / 1000)} s exceeds the allowed ${MAX_CLOCK_SKEW_MS / 1000} s`);
    this.name = 'ClockSkewError';
  }
}

/**
 * The one form a stamp may take: 15 digits of ms, 5 base-36 digits of counter, and the node (letters,
 * digits, _ and -). Anything else (a NaN, a letter in the ms) would sort above or below every real
 * stamp and win or lose every merge for good, so it is refused wherever a stamp arrives.
 */
export const HLC_PATTERN = /^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$/;
const MAX_COUNTER = 36 ** 5 - 1;

export function isValidHlc(stamp: string): boolean {
  return HLC_PATTERN.test(stamp);
}

/** A well-formed stamp no further than `maxAheadMs` ahead of `nowMs` (a wrong clock must not win). */
export function isAcceptableHlc(stamp: string, nowMs: number, maxAheadMs = MAX_CLOCK_SKEW_MS): boolean {
  return isValidHlc(stamp) && Number(stamp.slice(0, 15)) <= nowMs + maxAheadMs;
}

export function encodeHlc(s: HlcState): string {
  if (!isValidHlcState(s)) throw new Error(`not a clock state: ${JSON.stringify(s).slice(0, 200)}`);
  return `${s.ms.toString().padStart(15, '0')}:${s.counter.toString(36).padStart(5, '0')}:${s.node}`;
}

export function decodeHlc(stamp: string): HlcState {
  if (!isValidHlc(stamp)) throw new Error(`bad HLC stamp: ${stamp.slice(0, 100)}`);
  const [ms, counter, node] = stamp.split(':') as [string, string, string];
  return { ms: Number(ms), counter: parseInt(counter, 36), node };
}

/** A state a clock may hold: finite, whole, non-negative, and encodable in a stamp's fixed width. */
export function isValidHlcState(s: HlcState): boolean {
  return Number.isSafeInteger(s.ms) && s.ms >= 0 && s.ms < 1e15 && Number.isSafeInteger(s.counter) && s.counter >= 0 && s.counter <= MAX_COUNTER && /^[A-Za-z0-9_-]{1,64}$/.test(s.node);
}

/** Next stamp for a local event. */
export function tick(prev: HlcState, wallMs: number): HlcState {
  // A wall clock that reads NaN or a fraction must not make the state unencodable.
  if (Number.isSafeInteger(wallMs) && wallMs > prev.ms) return { ms: wallMs, counter: 0, node: prev.node };
  return { ms: prev.ms, counter: prev.counter + 1, node: prev.node };
}

/** Merges a stamp received from another replica; throws ClockSkewError past MAX_CLOCK_SKEW_MS. */
export function receive(prev: HlcState, remote: HlcState, wallMs: number): HlcState {
  if (!isValidHlcState(remote)) throw new Error('a received stamp is not a clock state');
  if (remote.ms - wallMs > MAX_CLOCK_SKEW_MS) throw new ClockSkewError(remote.ms - wallMs);
  const ms = Math.max(prev.ms, remote.ms, wallMs);
  let counter = 0;
  if (ms === prev.ms && ms === remote.ms) counter = Math.max(prev.counter, remote.counter) + 1;
  else if (ms === prev.ms) counter = prev.counter + 1;
  else if (ms === remote.ms) counter = remote.counter + 1;
  return { ms, counter, node: prev.node };
}
