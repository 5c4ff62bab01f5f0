// The WeChat channel's tables on PostgreSQL. The steps that must not interleave across processes are one
// statement or one transaction: a code is used by one guarded UPDATE (two contacts sending the same code at once:
// one gets the key), a binding moves the key in one transaction.
import type pg from 'pg';
import type { ContactKey, ContactSeen, Redeemed, Via, WechatRows } from '../wechat-rows.js';
import { inTransaction } from './campaign-rows.js';

/**
 * @example
 * const identity = new IdentityMap(new PgWechatRows(pool), { stableIds: true });
 */
export class PgWechatRows implements WechatRows {
  constructor(private readonly pool: pg.Pool) {}

  private async one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    return (await this.pool.query(sql, params)).rows[0] as T | undefined;
  }

  async contact(id: string): Promise<ContactKey | undefined> {
    return this.one('SELECT user_key AS key, via, login_id AS "loginId" FROM wechat_contacts WHERE contact_id = $1', [
      id,
    ]);
  }

  async touchContact(id: string, s: ContactSeen): Promise<void> {
    await this.pool.query(
      'UPDATE wechat_contacts SET name = $1, alias = $2, login_id = $3, seen_at = $4 WHERE contact_id = $5',
      [s.name, s.alias, s.loginId, s.at, id],
    );
  }

  async saveContact(id: string, key: string, s: ContactSeen, via: Via): Promise<void> {
    await save(this.pool, id, key, s, via);
  }

  async bindContact(id: string, key: string, s: ContactSeen): Promise<void> {
    await inTransaction(this.pool, async (q) => {
      await q.query('DELETE FROM wechat_contacts WHERE user_key = $1 AND contact_id != $2', [key, id]);
      await save(q, id, key, s, 'code');
    });
  }

  async otherHolder(key: string, exceptId: string, loginId?: string): Promise<boolean> {
    const r =
      loginId === undefined
        ? await this.pool.query('SELECT 1 FROM wechat_contacts WHERE user_key = $1 AND contact_id != $2 LIMIT 1', [
            key,
            exceptId,
          ])
        : await this.pool.query(
            'SELECT 1 FROM wechat_contacts WHERE user_key = $1 AND login_id = $2 AND contact_id != $3 LIMIT 1',
            [key, loginId, exceptId],
          );
    return (r.rowCount ?? 0) > 0;
  }

  async lastNameOf(key: string): Promise<string | undefined> {
    return (
      await this.one<{ name: string }>(
        'SELECT name FROM wechat_contacts WHERE user_key = $1 ORDER BY seen_at DESC LIMIT 1',
        [key],
      )
    )?.name;
  }

  async isKnownKey(key: string): Promise<boolean> {
    return (await this.one('SELECT 1 AS x FROM wechat_contacts WHERE user_key = $1 LIMIT 1', [key])) !== undefined;
  }

  async contactIdFor(key: string, loginId: string): Promise<string | undefined> {
    return (
      await this.one<{ id: string }>(
        `SELECT contact_id AS id FROM wechat_contacts WHERE user_key = $1
         ORDER BY (login_id = $2) DESC, seen_at DESC LIMIT 1`,
        [key, loginId],
      )
    )?.id;
  }

  async recognised(): Promise<Array<{ key: string; name: string; via: Via; seen: string }>> {
    const r = await this.pool.query(
      `SELECT DISTINCT ON (user_key) user_key AS key, name, via, seen_at AS seen FROM wechat_contacts
       WHERE user_key NOT LIKE 'contact:%' ORDER BY user_key COLLATE "C", seen_at DESC`,
    );
    return r.rows;
  }

  async refuse(key: string, at: string): Promise<boolean> {
    const r = await this.pool.query(
      'INSERT INTO wechat_refusals (user_key, at) VALUES ($1, $2) ON CONFLICT (user_key) DO NOTHING',
      [key, at],
    );
    return r.rowCount === 1;
  }

  async forgetRefusal(key: string): Promise<void> {
    await this.pool.query('DELETE FROM wechat_refusals WHERE user_key = $1', [key]);
  }

  async getState(key: string): Promise<string | undefined> {
    return (await this.one<{ value: string }>('SELECT value FROM wechat_state WHERE key = $1', [key]))?.value;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO wechat_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async deleteState(key: string): Promise<void> {
    await this.pool.query('DELETE FROM wechat_state WHERE key = $1', [key]);
  }

  async issueCode(codeHash: string, key: string, createdAt: string, expiresAt: number): Promise<boolean> {
    return inTransaction(this.pool, async (q) => {
      const taken = await q.query('SELECT 1 FROM people_codes WHERE code_hash = $1', [codeHash]);
      if ((taken.rowCount ?? 0) > 0) return false;
      await q.query('DELETE FROM people_codes WHERE user_key = $1 AND used_at IS NULL', [key]);
      // A code drawn at the same moment by another process: the primary key refuses the second; draw again.
      const r = await q.query(
        `INSERT INTO people_codes (code_hash, user_key, created_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code_hash) DO NOTHING`,
        [codeHash, key, createdAt, expiresAt],
      );
      return r.rowCount === 1;
    });
  }

  async redeemCode(codeHash: string, by: string, at: Date): Promise<Redeemed> {
    const used = await this.pool.query(
      `UPDATE people_codes SET used_at = $1, used_by = $2 WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $4
       RETURNING user_key AS key`,
      [at.toISOString(), by, codeHash, at.getTime()],
    );
    if (used.rowCount === 1) return { ok: true, key: used.rows[0].key };
    const row = await this.one<{ usedAt: string | null }>(
      'SELECT used_at AS "usedAt" FROM people_codes WHERE code_hash = $1',
      [codeHash],
    );
    if (!row) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
  }

  async pendingCodes(now: number): Promise<Array<{ key: string; expiresAt: number }>> {
    const r = await this.pool.query(
      `SELECT user_key AS key, expires_at AS "expiresAt" FROM people_codes WHERE used_at IS NULL AND expires_at > $1
       ORDER BY user_key COLLATE "C"`,
      [now],
    );
    return r.rows;
  }

  async revokeCodes(key: string): Promise<number> {
    return (
      (await this.pool.query('DELETE FROM people_codes WHERE user_key = $1 AND used_at IS NULL', [key])).rowCount ?? 0
    );
  }

  async failures(kind: string, since: number, who?: string): Promise<{ n: number; last: number | null }> {
    const r =
      who === undefined
        ? await this.pool.query(
            'SELECT COUNT(*)::int AS n, MAX(at) AS last FROM people_attempts WHERE kind = $1 AND ok = 0 AND at > $2',
            [kind, since],
          )
        : await this.pool.query(
            'SELECT COUNT(*)::int AS n, MAX(at) AS last FROM people_attempts WHERE kind = $1 AND who = $2 AND ok = 0 AND at > $3',
            [kind, who, since],
          );
    const row = r.rows[0] as { n: number; last: number | null };
    return { n: row.n, last: row.last === null ? null : Number(row.last) };
  }

  async recordAttempt(kind: string, who: string, at: number, ok: boolean): Promise<void> {
    await this.pool.query('INSERT INTO people_attempts (kind, who, at, ok) VALUES ($1, $2, $3, $4)', [
      kind,
      who,
      at,
      ok ? 1 : 0,
    ]);
  }
}

async function save(q: Pick<pg.Pool, 'query'>, id: string, key: string, s: ContactSeen, via: Via): Promise<void> {
  await q.query(
    `INSERT INTO wechat_contacts (contact_id, user_key, name, alias, login_id, seen_at, via)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (contact_id) DO UPDATE SET user_key = excluded.user_key,
     name = excluded.name, alias = excluded.alias, login_id = excluded.login_id, seen_at = excluded.seen_at, via = excluded.via`,
    [id, key, s.name, s.alias, s.loginId, s.at, via],
  );
}
