import type Database from 'better-sqlite3';

export interface AttemptLimits {
  /** Failed attempts one contact may make per hour. */
  perContact: number;
  /** Failed attempts everyone together may make per hour: many fake accounts gain nothing. */
  perHour: number;
}

const HOUR = 3_600_000;

/**
 * Guesses of secrets (the friend passphrase, binding codes) are counted in SQLite, so a restart does not reset
 * them; past a limit a contact (or everyone, for the hour) is told to wait and nothing is checked.
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
      byWho: p('SELECT COUNT(*) AS n FROM people_attempts WHERE kind = ? AND who = ? AND ok = 0 AND at > ?'),
      all: p('SELECT COUNT(*) AS n FROM people_attempts WHERE kind = ? AND ok = 0 AND at > ?'),
      add: p('INSERT INTO people_attempts (kind, who, at, ok) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Whether this contact may try now. */
  mayTry(who: string): boolean {
    const since = this.clock() - HOUR;
    const mine = (this.st.byWho.get(this.kind, who, since) as { n: number }).n;
    const all = (this.st.all.get(this.kind, since) as { n: number }).n;
    return mine < this.limits.perContact && all < this.limits.perHour;
  }

  record(who: string, ok: boolean): void {
    this.st.add.run(this.kind, who, this.clock(), ok ? 1 : 0);
  }
}
