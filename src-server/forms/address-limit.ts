// How many forms one address may send: a few in ten minutes (a person sends one, perhaps a
// correction), counted in this server process. A flood from one address is answered 429 with
// Retry-After; the site-wide hourly limit, counted in the database, covers many addresses at once.
export interface AddressLimitOptions {
  max: number;
  windowMs: number;
  /** Addresses remembered at most (the oldest forgotten first): a spray of addresses costs bounded memory. */
  capacity: number;
}

export const DEFAULT_ADDRESS_LIMIT: AddressLimitOptions = { max: 5, windowMs: 600_000, capacity: 50_000 };

export class AddressLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly options: AddressLimitOptions = DEFAULT_ADDRESS_LIMIT) {}

  /** Counts one sending; returns 0 when allowed, else the seconds until the address may send again. */
  take(address: string, now: number): number {
    const since = now - this.options.windowMs;
    const recent = (this.hits.get(address) ?? []).filter((t) => t > since);
    if (recent.length >= this.options.max) {
      this.hits.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.options.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.delete(address);
    this.hits.set(address, recent);
    if (this.hits.size > this.options.capacity) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }
}
