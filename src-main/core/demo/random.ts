// Reproducible randomness for demo and benchmark data: the same seed gives the same store on every machine.

/** mulberry32: tiny, fast, good enough for test data, and identical on every machine. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(digits: number): string {
    let s = '';
    while (s.length < digits) s += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits);
  }
}

/** A UUIDv7 whose time part is `ms` and whose random part comes from the PRNG (reproducible ids). */
export function seededUuidV7(ms: number, rng: Prng): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = (8 + rng.int(0, 3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
