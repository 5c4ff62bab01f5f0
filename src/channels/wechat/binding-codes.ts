import { createHash, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';

export type Redeemed = { ok: true; key: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export const CODE_DIGITS = 6;
export const DEFAULT_CODE_HOURS = 72;

/** What a person may type to redeem a code: the six digits, optionally after 绑定 / 绑定码. */
const CODE_MESSAGE = /^(?:绑定码?|验证码)?\s*[:：]?\s*(\d{6})$/;

/** The code in a message, if the message is nothing but a binding code (full-width digits work too). */
export function codeIn(text: string): string | undefined {
  return CODE_MESSAGE.exec(text.normalize('NFKC').trim())?.[1];
}

// Only a hash is stored: a copy of the database does not hand out live codes.
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * One-time binding codes: an admin runs `tianbao people bind 王科长`, hands the code to that person, and the
 * person sends it to the bot once. The code is the only way besides the bot owner's 备注 to get a key.
 */
export class BindingCodes {
  private readonly st;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      find: p(
        'SELECT user_key AS key, expires_at AS expiresAt, used_at AS usedAt FROM people_codes WHERE code_hash = ?',
      ),
      revoke: p('DELETE FROM people_codes WHERE user_key = ? AND used_at IS NULL'),
      insert: p('INSERT INTO people_codes (code_hash, user_key, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      use: p('UPDATE people_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL'),
      pending: p(
        'SELECT user_key AS key, expires_at AS expiresAt FROM people_codes WHERE used_at IS NULL AND expires_at > ? ORDER BY user_key',
      ),
    };
  }

  /** A fresh code for this key; an earlier unused code for the same key stops working. */
  issue(key: string, hours = DEFAULT_CODE_HOURS): { code: string; expiresAt: Date } {
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + hours * 3_600_000);
    return this.db.transaction(() => {
      this.st.revoke.run(key);
      for (;;) {
        const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
        if (this.st.find.get(hash(code))) continue; // never two live rows for one code
        this.st.insert.run(hash(code), key, now.toISOString(), expiresAt.getTime());
        return { code, expiresAt };
      }
    })();
  }

  /** Uses the code up; `by` (the contact id) is kept for the audit trail. */
  redeem(code: string, by: string): Redeemed {
    const now = this.clock();
    return this.db.transaction((): Redeemed => {
      const row = this.st.find.get(hash(code)) as { key: string; expiresAt: number; usedAt: string | null } | undefined;
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.usedAt) return { ok: false, reason: 'used' };
      if (row.expiresAt <= now.getTime()) return { ok: false, reason: 'expired' };
      this.st.use.run(now.toISOString(), by, hash(code));
      return { ok: true, key: row.key };
    })();
  }

  pending(): Array<{ key: string; expiresAt: Date }> {
    return (this.st.pending.all(this.clock().getTime()) as { key: string; expiresAt: number }[]).map((r) => ({
      key: r.key,
      expiresAt: new Date(r.expiresAt),
    }));
  }

  revoke(key: string): number {
    return this.st.revoke.run(key).changes;
  }
}
