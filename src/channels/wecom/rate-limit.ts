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
   * all waking at the same moment to fight over one. Use either `take` or `reserve` for a key, not both.
   */
  reserve(key: string, now: number): number {
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - this.longest);
    let at = now;
    for (const { max, ms } of this.limits)
      if (times.length >= max) at = Math.max(at, times[times.length - max] + ms + 1);
    times.push(at);
    this.seen.set(key, times);
    return at - now;
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
