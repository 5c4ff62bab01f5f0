import type Database from 'better-sqlite3';
import { contactAddress } from './addresses.js';

export interface ContactInfo {
  id: string;
  /** The WeChat name: chosen by the person themselves, so never proof of who they are. */
  name: string;
  /** The 备注 (remark) the bot's account gave this contact: set by the bot owner, the evidence a key rests on. */
  alias?: string | null;
}

/** How a key was earned: the owner's 备注, a binding code an admin issued, or (ALLOW_ALL) a guest of one login. */
export type Via = 'alias' | 'code' | 'guest';

export type Identity =
  | { ok: true; key: string; via: Via }
  | {
      ok: false;
      /**
       * unbound: no 备注 and no binding (a name alone proves nothing); conflict: the 备注 is held by another contact;
       * ambiguous: the 备注 is on several contacts, or the person's name changed since last time (re-login);
       * reserved: a 备注 shaped like an outbox address.
       */
      reason: 'unbound' | 'conflict' | 'ambiguous' | 'reserved';
      key?: string;
    };

/** Outbox addresses that are not people (see addresses.ts); a 备注 shaped like one must not become a key. */
const RESERVED = /^(room|contact):/i;

export interface IdentifyOptions {
  /** ALLOW_ALL: a contact with no 备注 and no binding is served as a guest of this login only. */
  guests?: boolean;
  /** How many contacts in the bot's address book carry this 备注 (asked only for a contact seen the first time). */
  aliasHolders?: number;
  /** Whether the key may be remembered now: a refused contact is never written into the map. */
  allow?: (key: string) => boolean;
}

interface Row {
  key: string;
  via: Via;
  loginId: string;
}

/**
 * Who is who. The engine keys every session by a stable key; WeChat gives only contact ids (new at every login
 * with wechat4u), a self-chosen name, and the 备注 the bot owner set. The rules:
 *  1. A key comes only from the 备注, or from a binding code an admin issued (`tianbao people bind 王科长`).
 *     A WeChat name is never a key: anyone can call themselves 王科长.
 *  2. A contact id seen in this login (with stable-id puppets: ever) keeps its key, even if renamed.
 *  3. A new id gets its 备注 only when the evidence is unambiguous: no other contact holds that key now
 *     (else: conflict), the 备注 is on this contact alone, and the WeChat name is the one last seen under this
 *     key (else: ambiguous — the person is asked for a binding code and admins are told).
 *  4. A binding code is the admin's word: it moves the key to the contact that redeemed it.
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
      byId: p('SELECT user_key AS key, via, login_id AS loginId FROM wechat_contacts WHERE contact_id = ?'),
      touch: p('UPDATE wechat_contacts SET name = ?, alias = ?, login_id = ?, seen_at = ? WHERE contact_id = ?'),
      insert: p(`INSERT INTO wechat_contacts (contact_id, user_key, name, alias, login_id, seen_at, via)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id) DO UPDATE SET user_key = excluded.user_key,
        name = excluded.name, alias = excluded.alias, login_id = excluded.login_id, seen_at = excluded.seen_at, via = excluded.via`),
      holderNow: p(
        'SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? AND login_id = ? AND contact_id != ? LIMIT 1',
      ),
      holderEver: p('SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? AND contact_id != ? LIMIT 1'),
      lastName: p('SELECT name FROM wechat_contacts WHERE user_key = ? ORDER BY seen_at DESC LIMIT 1'),
      release: p('DELETE FROM wechat_contacts WHERE user_key = ? AND contact_id != ?'),
      known: p('SELECT 1 FROM wechat_contacts WHERE user_key = ? LIMIT 1'),
      idFor: p(
        'SELECT contact_id AS id FROM wechat_contacts WHERE user_key = ? ORDER BY (login_id = ?) DESC, seen_at DESC LIMIT 1',
      ),
    };
  }

  /** A login starts a new generation: ids seen before it may belong to nobody now (wechat4u). */
  beginLogin(loginId: string): void {
    this.loginId = loginId;
  }

  /** The 备注 a contact would be known by if the evidence holds; '' when it has none. */
  static aliasOf(c: Pick<ContactInfo, 'alias'>): string {
    return (c.alias ?? '').normalize('NFKC').trim();
  }

  identify(c: ContactInfo, opts: IdentifyOptions = {}): Identity {
    const at = this.now();
    return this.db.transaction((): Identity => {
      const known = this.current(c.id);
      if (known) {
        this.st.touch.run(c.name, c.alias ?? null, this.loginId, at, c.id);
        return { ok: true, key: known.key, via: known.via };
      }
      const key = IdentityMap.aliasOf(c);
      if (!key) {
        if (!opts.guests) return { ok: false, reason: 'unbound' };
        return this.remember(c, contactAddress(c.id), 'guest', opts.allow);
      }
      if (RESERVED.test(key)) return { ok: false, reason: 'reserved', key };
      const holder = this.opts.stableIds
        ? this.st.holderEver.get(key, c.id)
        : this.st.holderNow.get(key, this.loginId, c.id);
      if (holder) return { ok: false, reason: 'conflict', key };
      if ((opts.aliasHolders ?? 1) > 1) return { ok: false, reason: 'ambiguous', key };
      const last = this.st.lastName.get(key) as { name: string } | undefined;
      if (last && last.name !== c.name) return { ok: false, reason: 'ambiguous', key };
      return this.remember(c, key, 'alias', opts.allow);
    })();
  }

  /** A redeemed binding code: this contact is now the key's only holder (the admin said so). */
  bind(c: ContactInfo, key: string): void {
    const at = this.now();
    this.db.transaction(() => {
      this.st.release.run(key, c.id);
      this.st.insert.run(c.id, key, c.name, c.alias ?? null, this.loginId, at, 'code');
    })();
  }

  /** Whether this contact id already has a key in this login. */
  knows(id: string): boolean {
    return this.current(id) !== undefined;
  }

  /** Whether anyone was ever known under this key (a name equal to it is then worth telling admins about). */
  isKnownKey(key: string): boolean {
    return this.st.known.get(key) !== undefined;
  }

  /** The contact id last seen for a key, preferring this login's; may be stale after a restart. */
  contactIdFor(key: string): string | undefined {
    return (this.st.idFor.get(key, this.loginId) as { id: string } | undefined)?.id;
  }

  /** A row counts only in its own login when ids are volatile: an old id is nobody's proof after a re-login. */
  private current(id: string): Row | undefined {
    const row = this.st.byId.get(id) as Row | undefined;
    if (!row) return undefined;
    // With wechat4u a row of an earlier login is judged afresh by its 备注 (a code binding without one lapses).
    return this.opts.stableIds || row.loginId === this.loginId ? row : undefined;
  }

  private remember(c: ContactInfo, key: string, via: Via, allow?: (key: string) => boolean): Identity {
    if (!allow || allow(key)) this.st.insert.run(c.id, key, c.name, c.alias ?? null, this.loginId, this.now(), via);
    return { ok: true, key, via };
  }

  private now(): string {
    return (this.opts.clock?.() ?? new Date()).toISOString();
  }
}
