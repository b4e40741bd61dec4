import { ClockSkewError, MAX_CLOCK_SKEW_MS, decodeHlc, encodeHlc, isAcceptableHlc, isValidHlc, receive, tick, type HlcState } from '../../../src-shared/index.js';

const start: HlcState = { ms: 1_000, counter: 0, node: 'a' };

describe('hybrid logical clock', () => {
  it('orders stamps by string comparison as it orders events', () => {
    let s = start;
    const stamps: string[] = [];
    for (const wall of [1_000, 1_000, 999, 2_000, 1_500, 10_000_000_000_000]) {
      s = tick(s, wall);
      stamps.push(encodeHlc(s));
    }
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('never goes backwards when the wall clock does', () => {
    const a = tick({ ms: 5_000, counter: 3, node: 'a' }, 1_000);
    expect(a).toEqual({ ms: 5_000, counter: 4, node: 'a' });
  });

  it('round-trips through its text form', () => {
    const s = { ms: 1_732_000_000_000, counter: 42, node: 'node1' };
    expect(decodeHlc(encodeHlc(s))).toEqual(s);
  });

  it('moves past a remote stamp so that later local events sort after it', () => {
    const remote = { ms: 2_000, counter: 7, node: 'b' };
    const merged = receive(start, remote, 1_500);
    expect(encodeHlc(merged) > encodeHlc(remote).replace(':b', ':a')).toBe(true);
    expect(merged).toEqual({ ms: 2_000, counter: 8, node: 'a' });
  });

  it('reports a remote clock too far ahead as skew instead of adopting it', () => {
    const wall = 1_000_000;
    const remote = { ms: wall + MAX_CLOCK_SKEW_MS + 1, counter: 0, node: 'b' };
    expect(() => receive(start, remote, wall)).toThrow(ClockSkewError);
    expect(() => receive(start, { ...remote, ms: wall + MAX_CLOCK_SKEW_MS }, wall)).not.toThrow();
  });
});

describe('stamps that are not stamps', () => {
  it('are refused when decoded, and a clock state that could not be encoded is refused too', () => {
    for (const bad of ['x:y:z', 'NaN:NaN:abc', `${'z'.repeat(15)}:zzzzz:a`, '', '000000000000001:00000:', '000000000000001:00000:a:b', '1:0:a']) {
      expect(() => decodeHlc(bad), bad).toThrow();
      expect(isValidHlc(bad), bad).toBe(false);
    }
    expect(() => encodeHlc({ ms: Number.NaN, counter: 0, node: 'a' })).toThrow();
    expect(() => encodeHlc({ ms: 1, counter: -1, node: 'a' })).toThrow();
    expect(() => encodeHlc({ ms: 1, counter: 0, node: 'a:b' })).toThrow();
  });

  it('a NaN or fractional wall clock never makes the next stamp unencodable', () => {
    const s = tick(tick(start, Number.NaN), 1_000.5);
    expect(isValidHlc(encodeHlc(s))).toBe(true);
    expect(() => receive(start, { ms: Number.POSITIVE_INFINITY, counter: 0, node: 'b' }, 1_000)).toThrow();
  });

  it('a stamp further ahead than the allowed skew is not acceptable from a client', () => {
    const now = 1_700_000_000_000;
    expect(isAcceptableHlc(encodeHlc({ ms: now + MAX_CLOCK_SKEW_MS, counter: 0, node: 'a' }), now)).toBe(true);
    expect(isAcceptableHlc(encodeHlc({ ms: now + MAX_CLOCK_SKEW_MS + 1, counter: 0, node: 'a' }), now)).toBe(false);
  });
});
