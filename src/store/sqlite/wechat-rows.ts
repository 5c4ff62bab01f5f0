// The WeChat channel's tables on SQLite (store/migrations-outbox.ts, migrations-people.ts): every call answers
// synchronously; the two-step changes (bind, issue, redeem) run in one transaction.
import type Database from 'better-sqlite3';
import type { ContactKey, ContactSeen, Redeemed, Via, WechatRows } from '../wechat-rows.js';

/**
 * @example
 * const identity = new IdentityMap(new SqliteWechatRows(db), { stableIds: true });
 */
export class SqliteWechatRows implements WechatRows {
  private readonly st;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      byId: p('SELECT user_key AS key, via, login_id AS loginId FROM wechat_contacts WHERE contact_id = ?'),
      touch: p('UPDATE wechat_contacts SET name = ?, alias = ?, login_id = ?, seen_at = ? WHERE contact_id = ?'),
      insert: p(`INSERT INTO wechat_contacts (contact_id, user_key, name, alias, login_id, seen_at, via)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id) DO UPDATE SET user_key = excluded.user_key,
        name = excluded.name, alias = excluded.alias, login_id = excluded.login_id, seen_at = excluded.seen_at, via = excluded.via`),
      holderNow: p('SELECT 1 FROM wechat_contacts WHERE user_key = ? AND login_id = ? AND contact_id != ? LIMIT 1'),
      holderEver: p('SELECT 1 FROM wechat_contacts WHERE user_key = ? AND contact_id != ? LIMIT 1'),
      lastName: p('SELECT name FROM wechat_contacts WHERE user_key = ? ORDER BY seen_at DESC LIMIT 1'),
      release: p('DELETE FROM wechat_contacts WHERE user_key = ? AND contact_id != ?'),
      known: p('SELECT 1 FROM wechat_contacts WHERE user_key = ? LIMIT 1'),
      idFor: p(
        'SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? ORDER BY (login_id = ?) DESC, seen_at DESC LIMIT 1',
      ),
      recognised: p(`SELECT user_key AS key, name, via, MAX(seen_at) AS seen FROM wechat_contacts
         WHERE user_key NOT LIKE 'contact:%' GROUP BY user_key ORDER BY user_key`),
      refuse: p('INSERT OR IGNORE INTO wechat_refusals (user_key, at) VALUES (?, ?)'),
      forget: p('DELETE FROM wechat_refusals WHERE user_key = ?'),
      getState: p('SELECT value FROM wechat_state WHERE key = ?'),
      setState: p(
        'INSERT INTO wechat_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      delState: p('DELETE FROM wechat_state WHERE key = ?'),
      findCode: p(
        'SELECT user_key AS key, expires_at AS expiresAt, used_at AS usedAt FROM people_codes WHERE code_hash = ?',
      ),
      revokeCodes: p('DELETE FROM people_codes WHERE user_key = ? AND used_at IS NULL'),
      insertCode: p('INSERT INTO people_codes (code_hash, user_key, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      useCode: p('UPDATE people_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL'),
      pendingCodes: p(
        'SELECT user_key AS key, expires_at AS expiresAt FROM people_codes WHERE used_at IS NULL AND expires_at > ? ORDER BY user_key',
      ),
      failuresOf: p(
        'SELECT COUNT(*) AS n, MAX(at) AS last FROM people_attempts WHERE kind = ? AND who = ? AND ok = 0 AND at > ?',
      ),
      failuresAll: p('SELECT COUNT(*) AS n, MAX(at) AS last FROM people_attempts WHERE kind = ? AND ok = 0 AND at > ?'),
      addAttempt: p('INSERT INTO people_attempts (kind, who, at, ok) VALUES (?, ?, ?, ?)'),
    };
  }

  contact(id: string): ContactKey | undefined {
    return this.st.byId.get(id) as ContactKey | undefined;
  }

  touchContact(id: string, s: ContactSeen): void {
    this.st.touch.run(s.name, s.alias, s.loginId, s.at, id);
  }

  saveContact(id: string, key: string, s: ContactSeen, via: Via): void {
    this.st.insert.run(id, key, s.name, s.alias, s.loginId, s.at, via);
  }

  bindContact(id: string, key: string, s: ContactSeen): void {
    this.db.transaction(() => {
      this.st.release.run(key, id);
      this.st.insert.run(id, key, s.name, s.alias, s.loginId, s.at, 'code');
    })();
  }

  otherHolder(key: string, exceptId: string, loginId?: string): boolean {
    return (
      (loginId === undefined
        ? this.st.holderEver.get(key, exceptId)
        : this.st.holderNow.get(key, loginId, exceptId)) !== undefined
    );
  }

  lastNameOf(key: string): string | undefined {
    return (this.st.lastName.get(key) as { name: string } | undefined)?.name;
  }

  isKnownKey(key: string): boolean {
    return this.st.known.get(key) !== undefined;
  }

  contactIdFor(key: string, loginId: string): string | undefined {
    return (this.st.idFor.get(key, loginId) as { id: string } | undefined)?.id;
  }

  recognised(): Array<{ key: string; name: string; via: Via; seen: string }> {
    return this.st.recognised.all() as Array<{ key: string; name: string; via: Via; seen: string }>;
  }

  refuse(key: string, at: string): boolean {
    return this.st.refuse.run(key, at).changes === 1;
  }

  forgetRefusal(key: string): void {
    this.st.forget.run(key);
  }

  getState(key: string): string | undefined {
    return (this.st.getState.get(key) as { value: string } | undefined)?.value;
  }

  setState(key: string, value: string): void {
    this.st.setState.run(key, value);
  }

  deleteState(key: string): void {
    this.st.delState.run(key);
  }

  issueCode(codeHash: string, key: string, createdAt: string, expiresAt: number): boolean {
    return this.db
      .transaction(() => {
        if (this.st.findCode.get(codeHash)) return false; // never two live rows for one code
        this.st.revokeCodes.run(key);
        this.st.insertCode.run(codeHash, key, createdAt, expiresAt);
        return true;
      })
      .immediate();
  }

  redeemCode(codeHash: string, by: string, at: Date): Redeemed {
    return this.db
      .transaction((): Redeemed => {
        const row = this.st.findCode.get(codeHash) as
          | { key: string; expiresAt: number; usedAt: string | null }
          | undefined;
        if (!row) return { ok: false, reason: 'unknown' };
        if (row.usedAt) return { ok: false, reason: 'used' };
        if (row.expiresAt <= at.getTime()) return { ok: false, reason: 'expired' };
        if (this.st.useCode.run(at.toISOString(), by, codeHash).changes !== 1) return { ok: false, reason: 'used' };
        return { ok: true, key: row.key };
      })
      .immediate();
  }

  pendingCodes(now: number): Array<{ key: string; expiresAt: number }> {
    return this.st.pendingCodes.all(now) as Array<{ key: string; expiresAt: number }>;
  }

  revokeCodes(key: string): number {
    return this.st.revokeCodes.run(key).changes;
  }

  failures(kind: string, since: number, who?: string): { n: number; last: number | null } {
    return (who === undefined ? this.st.failuresAll.get(kind, since) : this.st.failuresOf.get(kind, who, since)) as {
      n: number;
      last: number | null;
    };
  }

  recordAttempt(kind: string, who: string, at: number, ok: boolean): void {
    this.st.addAttempt.run(kind, who, at, ok ? 1 : 0);
  }
}
