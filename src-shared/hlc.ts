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

export function encodeHlc(s: HlcState): string {
  return `${s.ms.toString().padStart(15, '0')}:${s.counter.toString(36).padStart(5, '0')}:${s.node}`;
}

export function decodeHlc(stamp: string): HlcState {
  const [ms, counter, node] = stamp.split(':');
  if (ms === undefined || counter === undefined || node === undefined) throw new Error(`bad HLC stamp: ${stamp}`);
  return { ms: Number(ms), counter: parseInt(counter, 36), node };
}

/** Next stamp for a local event. */
export function tick(prev: HlcState, wallMs: number): HlcState {
  if (wallMs > prev.ms) return { ms: wallMs, counter: 0, node: prev.node };
  return { ms: prev.ms, counter: prev.counter + 1, node: prev.node };
}

/** Merges a stamp received from another replica; throws ClockSkewError past MAX_CLOCK_SKEW_MS. */
export function receive(prev: HlcState, remote: HlcState, wallMs: number): HlcState {
  if (remote.ms - wallMs > MAX_CLOCK_SKEW_MS) throw new ClockSkewError(remote.ms - wallMs);
  const ms = Math.max(prev.ms, remote.ms, wallMs);
  let counter = 0;
  if (ms === prev.ms && ms === remote.ms) counter = Math.max(prev.counter, remote.counter) + 1;
  else if (ms === prev.ms) counter = prev.counter + 1;
  else if (ms === remote.ms) counter = remote.counter + 1;
  return { ms, counter, node: prev.node };
}
