// Back-off for password guessing, per account and per address. Each failed log-in counts; from a
// threshold on, further attempts are refused for a time that doubles with every failure, up to a
// ceiling, and the answer says when to try again (Retry-After). A success clears the account's count.
// The counts live in this process's memory: behind several server processes each counts its own
// share, which still bounds guessing to a few attempts per minute per process.

export interface ThrottleRule {
  /** Failures after which each further attempt waits (the free tries). */
  free: number;
  /** The first lock, doubled with every further failure. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseLockMs: 1_000, maxLockMs: 15 * 60_000, forgetMs: 60 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { free: 20, baseLockMs: 1_000, maxLockMs: 15 * 60_000, forgetMs: 60 * 60_000 };
/** Entries kept at most per table: an attacker cycling usernames cannot grow memory without bound. */
const MAX_KEYS = 100_000;

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

class Counter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly rule: ThrottleRule) {}

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (now - e.lastFailure > this.rule.forgetMs) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, e.lockedUntil - now);
  }

  fail(key: string, now: number): void {
    let e = this.entries.get(key);
    if (!e || now - e.lastFailure > this.rule.forgetMs) e = { failures: 0, lastFailure: now, lockedUntil: 0 };
    e.failures += 1;
    e.lastFailure = now;
    const over = e.failures - this.rule.free + 1;
    if (over > 0) e.lockedUntil = now + Math.min(this.rule.maxLockMs, this.rule.baseLockMs * 2 ** Math.min(over - 1, 30));
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

export class LoginThrottle {
  private readonly accounts: Counter;
  private readonly addresses: Counter;

  constructor(accountRule: ThrottleRule = ACCOUNT_RULE, addressRule: ThrottleRule = ADDRESS_RULE) {
    this.accounts = new Counter(accountRule);
    this.addresses = new Counter(addressRule);
  }

  /** Milliseconds until this username from this address may try again (0: now). */
  waitMs(username: string, address: string, now: number): number {
    return Math.max(this.accounts.waitMs(username.toLowerCase(), now), this.addresses.waitMs(address, now));
  }

  failed(username: string, address: string, now: number): void {
    this.accounts.fail(username.toLowerCase(), now);
    this.addresses.fail(address, now);
  }

  succeeded(username: string): void {
    this.accounts.clear(username.toLowerCase());
  }
}
