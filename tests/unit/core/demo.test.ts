import { normalisePhone } from '../../../src-shared/index.js';
import { demoMobile } from '../../../src-main/core/demo/people.js';
import { Prng, seededUuidV7 } from '../../../src-main/core/demo/random.js';
import { RU_MOBILE_CODES } from '../../../src-main/core/demo/words.js';

describe('demo generator building blocks', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(new Prng(43).next()).not.toBe(seqA[0]);
  });

  it('makes valid UUIDv7 ids', () => {
    const id = seededUuidV7(Date.UTC(2026, 0, 1), new Prng(1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes distinct mobile numbers that libphonenumber accepts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(demoMobile(i));
    expect(seen.size).toBe(5_000);
    for (let i = 0; i < RU_MOBILE_CODES.length * 3; i++) {
      const n = demoMobile(i);
      expect(normalisePhone(n)).toMatchObject({ ok: true, e164: n });
    }
  });
});
