// Password hashing with scrypt (memory-hard, built into Node): no native add-on to build. The
// parameters are stored with each hash so they can be raised later without breaking old hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const r = 8;
const p = 1;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * scrypt runs on libuv's thread pool (4 threads by default) and takes 32 MiB each: a burst of log-ins
 * must not take every thread (file and DNS work wait behind them) nor the memory. At most this many
 * hash at once; the others queue, and past the queue's end a log-in is refused as overload.
 */
const MAX_CONCURRENT = 4;
const MAX_QUEUED = 64;
let running = 0;
const queue: (() => void)[] = [];

export class HashingOverloaded extends Error {
  constructor() {
    super('too many sign-ins at once; try again in a moment');
    this.name = 'HashingOverloaded';
  }
}

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (queue.length >= MAX_QUEUED) throw new HashingOverloaded();
    await new Promise<void>((resolve) => queue.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }
}

export async function hashPassword(password: string): Promise<string> {
  return limited(() => hashNow(password));
}

async function hashNow(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N, r, p, maxmem: 128 * N * r * 2 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return limited(() => verifyNow(password, stored));
}

async function verifyNow(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const cost = { N: Number(n), r: Number(rr), p: Number(pp) };
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    ...cost,
    maxmem: 128 * cost.N * cost.r * 2,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
