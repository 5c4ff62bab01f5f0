import type { WechatRows } from '../../store/wechat-rows.js';

export interface AttemptLimits {
  /** Failed attempts one contact may make per hour. */
  perContact: number;
  /** Failed attempts everyone together may make per hour before every contact is slowed down. */
  perHour: number;
  /** While everyone together is past `perHour`: a contact that failed this recently waits (default 30 minutes). */
  slowMinutes?: number;
}

/**
 * Whether a contact's guess is checked now. `busy`: everyone together is past the hourly limit (someone is
 * guessing with many accounts), so contacts that already failed are slowed down and admins should hear of it.
 */
export type AttemptVerdict =
  | { ok: true; busy: boolean }
  | { ok: false; why: 'contact'; busy: boolean }
  | { ok: false; why: 'slowed'; busy: boolean; minutes: number };

const HOUR = 3_600_000;
const DEFAULT_SLOW_MINUTES = 30;

/**
 * Guesses of secrets (the friend passphrase, binding codes) are counted in SQLite, so a restart does not reset
 * them. Past its own limit a contact is told to wait and nothing is checked. Past the limit of everyone
 * together, the first guess of a contact with a clean hour is still checked — so a colleague's valid code or
 * passphrase always works — while a contact that already failed may try again only after `slowMinutes`.
 */
export class AttemptLimiter {
  constructor(
    private readonly rows: Pick<WechatRows, 'failures' | 'recordAttempt'>,
    private readonly kind: 'passphrase' | 'code',
    private readonly limits: AttemptLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Whether this contact's guess is checked now, and whether everyone together is past the limit.
   *
   * @example
   * const v = await limiter.check(contactId);
   * if (v.busy) tellAdmins();
   * if (!v.ok) return v.why === 'slowed' ? `请${v.minutes}分钟后再试` : '请一小时后再试';
   */
  async check(who: string): Promise<AttemptVerdict> {
    const now = this.clock();
    const mine = await this.rows.failures(this.kind, now - HOUR, who);
    const busy = (await this.failures()) >= this.limits.perHour;
    if (mine.n >= this.limits.perContact) return { ok: false, why: 'contact', busy };
    const minutes = this.limits.slowMinutes ?? DEFAULT_SLOW_MINUTES;
    if (busy && mine.last !== null && now - mine.last < minutes * 60_000)
      return { ok: false, why: 'slowed', busy, minutes };
    return { ok: true, busy };
  }

  /** Whether this contact may try now. @example await limiter.mayTry('wxid_9') */
  async mayTry(who: string): Promise<boolean> {
    return (await this.check(who)).ok;
  }

  /** Failed attempts of everyone together in the last hour. @example await limiter.failures() */
  async failures(): Promise<number> {
    return (await this.rows.failures(this.kind, this.clock() - HOUR)).n;
  }

  /** Whether everyone together is past the hourly limit. @example await limiter.busy() */
  async busy(): Promise<boolean> {
    return (await this.failures()) >= this.limits.perHour;
  }

  /** @example await limiter.record('wxid_9', false) */
  async record(who: string, ok: boolean): Promise<void> {
    await this.rows.recordAttempt(this.kind, who, this.clock(), ok);
  }
}
