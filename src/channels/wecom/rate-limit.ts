/**
 * Sliding-window limits per key, e.g. WeCom's 30 messages a minute and 1,000 an hour per chat. `wait` says how
 * long until one more is allowed (0: now, and it is counted).
 *
 * @example const l = new WindowLimiter([{ max: 30, ms: 60_000 }]); l.take('zhangsan', Date.now()) === 0
 */
export class WindowLimiter {
  private readonly seen = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly limits: Array<{ max: number; ms: number }>) {
    this.longest = Math.max(...limits.map((l) => l.ms));
  }

  /**
   * Books the earliest slot the limits allow, now or later, and returns how long until it (0: now). Unlike
   * `take`, a caller that must wait keeps its place: a burst of 400 uploads gets 400 distinct slots instead of
   * all waking at the same moment to fight over one. `now` may be a later start (a picture that lets documents go
   * first books from where its own limit lets it). Use either `take` or `reserve` for a key, not both.
   */
  reserve(key: string, now: number): number {
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - this.longest);
    // The earliest of: now, or just after a booking leaves a window — the first that keeps every window within
    // its limit, counting bookings already made for later (a document may book before a waiting picture).
    const candidates = [now, ...this.limits.flatMap(({ ms }) => times.map((t) => t + ms + 1))]
      .filter((t) => t >= now)
      .sort((a, b) => a - b);
    const at = candidates.find((c) => this.fits(times, c)) ?? candidates[candidates.length - 1];
    times.splice(sortedIndex(times, at), 0, at);
    this.seen.set(key, times);
    return at - now;
  }

  /** Whether one more at `at` keeps every window of every limit that would hold it within its max. */
  private fits(times: number[], at: number): boolean {
    return this.limits.every(({ max, ms }) => {
      // Windows [s, s + ms) holding `at`: the most crowded starts where a booking comes in, or at the earliest.
      const starts = [at - ms + 1, ...times.filter((t) => t >= at && t < at + ms).map((t) => t - ms + 1)];
      return starts.every((s) => times.filter((t) => t >= s && t < s + ms).length < max);
    });
  }

  /** 0 when one more is allowed now (and counts it), else the milliseconds until it is. */
  take(key: string, now: number): number {
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - this.longest);
    let wait = 0;
    for (const { max, ms } of this.limits) {
      const inWindow = times.filter((t) => t > now - ms);
      if (inWindow.length >= max) wait = Math.max(wait, inWindow[inWindow.length - max] + ms - now + 1);
    }
    if (wait === 0) times.push(now);
    if (times.length) this.seen.set(key, times);
    else this.seen.delete(key);
    return wait;
  }
}

/** Where `at` goes in the ascending list `times`. */
function sortedIndex(times: number[], at: number): number {
  let i = times.length;
  while (i > 0 && times[i - 1] > at) i--;
  return i;
}
