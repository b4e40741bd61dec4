// Comparing a PBX's signature with the expected one in constant time: an attacker timing the
// server's answers learns nothing of how much of a forged signature was right.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Equal strings, compared in time that depends on neither (both hashed to the same length first). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
export const hmacHex = (algorithm: 'sha1' | 'sha256', key: string, data: string): string => createHmac(algorithm, key).update(data, 'utf8').digest('hex');
