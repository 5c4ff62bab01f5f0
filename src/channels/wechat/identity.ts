import type Database from 'better-sqlite3';

export interface ContactInfo {
  id: string;
  name: string;
  /** The 备注 (remark) the bot's account gave this contact; the most reliable key, set by the deployer. */
  alias?: string | null;
}

export type Identity =
  | { ok: true; key: string }
  | { ok: false; reason: 'conflict' | 'nameless' | 'reserved'; key: string };

/** Outbox addresses that are not people (see router.ts); a name shaped like one must not become a key. */
const RESERVED = /^(room|contact):/i;

/** The key a contact would get if first seen now: 备注 (alias), else 微信名 (name). */
export function deriveKey(c: Pick<ContactInfo, 'name' | 'alias'>): string {
  return (c.alias ?? '').trim() || c.name.trim();
}

/**
 * Who is who. The engine keys every session by a stable key, but wechat4u gives every contact a new id
 * at every login, so the key is the contact's 备注, else their name, and the id ↔ key mapping is kept
 * in SQLite. The rules:
 *  1. An id already in the map keeps its key, whatever the contact is called now: someone renamed
 *     during a login (or, with puppets whose ids are stable, ever) is still the same person.
 *  2. A new id gets 备注 or name. If that key is already held by another id (in this login; with
 *     stable ids, ever), the newcomer is NOT given it — two people sharing a name must never share
 *     answers — and is refused until an admin sets a distinct 备注. A name shaped like an outbox
 *     address (`room:…`, `contact:…`) is refused the same way, so no reply can be redirected.
 * After a wechat4u restart a person who changed their name (and has no 备注) becomes a new key; that is
 * why the deployer should give every user a 备注 and list 备注 in ALLOWED_CONTACTS.
 */
export class IdentityMap {
  private loginId = 'none';
  private readonly st;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: { stableIds?: boolean; clock?: () => Date } = {},
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      byId: p('SELECT user_key AS key FROM wechat_contacts WHERE contact_id = ?'),
      touch: p('UPDATE wechat_contacts SET name = ?, alias = ?, login_id = ?, seen_at = ? WHERE contact_id = ?'),
      insert: p(
        'INSERT INTO wechat_contacts (contact_id, user_key, name, alias, login_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      holderNow: p(
        'SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? AND login_id = ? AND contact_id != ? LIMIT 1',
      ),
      holderEver: p('SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? AND contact_id != ? LIMIT 1'),
      idFor: p(
        'SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? ORDER BY (login_id = ?) DESC, seen_at DESC LIMIT 1',
      ),
    };
  }

  /** A login starts a new generation: ids seen before it may belong to nobody now (wechat4u). */
  beginLogin(loginId: string): void {
    this.loginId = loginId;
  }

  identify(c: ContactInfo): Identity {
    const at = (this.opts.clock?.() ?? new Date()).toISOString();
    return this.db.transaction((): Identity => {
      const known = this.st.byId.get(c.id) as { key: string } | undefined;
      if (known) {
        this.st.touch.run(c.name, c.alias ?? null, this.loginId, at, c.id);
        return { ok: true, key: known.key };
      }
      const key = deriveKey(c);
      if (!key) return { ok: false, reason: 'nameless', key };
      if (RESERVED.test(key)) return { ok: false, reason: 'reserved', key };
      const holder = this.opts.stableIds
        ? this.st.holderEver.get(key, c.id)
        : this.st.holderNow.get(key, this.loginId, c.id);
      if (holder) return { ok: false, reason: 'conflict', key };
      this.st.insert.run(c.id, key, c.name, c.alias ?? null, this.loginId, at);
      return { ok: true, key };
    })();
  }

  /** The contact id last seen for a key, preferring this login's; may be stale after a restart. */
  contactIdFor(key: string): string | undefined {
    return (this.st.idFor.get(key, this.loginId) as { id: string } | undefined)?.id;
  }
}
