import type Database from 'better-sqlite3';

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
  private readonly st;

  constructor(
    db: Database.Database,
    private readonly kind: 'passphrase' | 'code',
    private readonly limits: AttemptLimits,
    private readonly clock: () => number = Date.now,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      byWho: p(
        'SELECT COUNT(*) AS n, MAX(at) AS last FROM people_attempts WHERE kind = ? AND who = ? AND ok = 0 AND at > ?',
      ),
      all: p('SELECT COUNT(*) AS n FROM people_attempts WHERE kind = ? AND ok = 0 AND at > ?'),
      add: p('INSERT INTO people_attempts (kind, who, at, ok) VALUES (?, ?, ?, ?)'),
    };
  }

  /**
   * Whether this contact's guess is checked now, and whether everyone together is past the limit.
   *
   * @example
   * const v = limiter.check(contactId);
   * if (v.busy) tellAdmins();
   * if (!v.ok) return v.why === 'slowed' ? `请${v.minutes}分钟后再试` : '请一小时后再试';
   */
  check(who: string): AttemptVerdict {
    const now = this.clock();
    const since = now - HOUR;
    const mine = this.st.byWho.get(this.kind, who, since) as { n: number; last: number | null };
    const busy = this.failures() >= this.limits.perHour;
    if (mine.n >= this.limits.perContact) return { ok: false, why: 'contact', busy };
    const minutes = this.limits.slowMinutes ?? DEFAULT_SLOW_MINUTES;
    if (busy && mine.last !== null && now - mine.last < minutes * 60_000)
      return { ok: false, why: 'slowed', busy, minutes };
    return { ok: true, busy };
  }

  /** Whether this contact may try now. */
  mayTry(who: string): boolean {
    return this.check(who).ok;
  }

  /** Failed attempts of everyone together in the last hour. */
  failures(): number {
    return (this.st.all.get(this.kind, this.clock() - HOUR) as { n: number }).n;
  }

  /** Whether everyone together is past the hourly limit. */
  busy(): boolean {
    return this.failures() >= this.limits.perHour;
  }

  record(who: string, ok: boolean): void {
    this.st.add.run(this.kind, who, this.clock(), ok ? 1 : 0);
  }
}
