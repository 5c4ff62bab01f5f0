// Requests without a session, counted per address: the sign-in pages and every redirect to them are the only
// thing a stranger can reach, and they must not be a way to keep the bot's process busy. Memory stays bounded:
// a window forgets its addresses, and the map never holds more than MAX_ADDRESSES.

export const UNSIGNED_PER_MINUTE = 60;
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

export class RateLimit {
  private readonly hits = new Map<string, { start: number; n: number }>();

  constructor(
    private readonly limit = UNSIGNED_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one request from `address`; false once it has made `limit` in the current minute.
   *
   * @example if (!limiter.take(ip)) return c.text('请求太频繁，请一分钟后再试', 429);
   */
  take(address: string): boolean {
    const now = this.now();
    let h = this.hits.get(address);
    if (!h || now - h.start >= WINDOW_MS) {
      if (!h && this.hits.size >= MAX_ADDRESSES) this.forgetOld(now);
      h = { start: now, n: 0 };
      this.hits.set(address, h);
    }
    h.n++;
    return h.n <= this.limit;
  }

  private forgetOld(now: number): void {
    for (const [k, h] of this.hits) if (now - h.start >= WINDOW_MS) this.hits.delete(k);
    // Still full (a flood from many addresses): start over rather than grow.
    if (this.hits.size >= MAX_ADDRESSES) this.hits.clear();
  }
}
