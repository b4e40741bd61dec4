// Loads the recorded AMI transcripts (tests/fixtures/ami) as they travel on the wire (CRLF), and cuts
// byte streams into pieces the way TCP may deliver them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const AMI_FIXTURES = resolve(import.meta.dirname, '../../fixtures/ami');

export function transcript(name: string): Buffer {
  return Buffer.from(readFileSync(resolve(AMI_FIXTURES, name), 'utf8').replace(/\r?\n/g, '\r\n'), 'utf8');
}

/** Deterministic pseudo-random pieces of 1..max bytes (splits lines, CRLFs and UTF-8 characters). */
export function pieces(data: Buffer, seed: number, max = 37): Buffer[] {
  let x = seed >>> 0 || 1;
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; ) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = 1 + ((x >>> 0) % max);
    out.push(data.subarray(i, i + n));
    i += n;
  }
  return out;
}
