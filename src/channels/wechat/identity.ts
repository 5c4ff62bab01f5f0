import type { MaybePromise } from '../../engine/ports.js';
import type { ContactKey, ContactSeen, Via, WechatRows } from '../../store/wechat-rows.js';
import { contactAddress } from './addresses.js';

export interface ContactInfo {
  id: string;
  /** The WeChat name: chosen by the person themselves, so never proof of who they are. */
  name: string;
  /** The 备注 (remark) the bot's account gave this contact: set by the bot owner, the evidence a key rests on. */
  alias?: string | null;
}

export type { Via } from '../../store/wechat-rows.js';

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
  allow?: (key: string) => MaybePromise<boolean>;
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

  constructor(
    private readonly rows: WechatRows,
    private readonly opts: { stableIds?: boolean; clock?: () => Date } = {},
  ) {}

  /** A login starts a new generation: ids seen before it may belong to nobody now (wechat4u). */
  beginLogin(loginId: string): void {
    this.loginId = loginId;
  }

  /** The 备注 a contact would be known by if the evidence holds; '' when it has none. */
  static aliasOf(c: Pick<ContactInfo, 'alias'>): string {
    return (c.alias ?? '').normalize('NFKC').trim();
  }

  /**
   * Who this contact is, by the rules above; a key earned now is remembered.
   *
   * @example (await identity.identify({ id: 'wxid_1', name: '王科长', alias: '王科长' })).ok // true
   */
  async identify(c: ContactInfo, opts: IdentifyOptions = {}): Promise<Identity> {
    const known = await this.current(c.id);
    if (known) {
      await this.rows.touchContact(c.id, this.seen(c));
      return { ok: true, key: known.key, via: known.via };
    }
    const key = IdentityMap.aliasOf(c);
    if (!key) {
      if (!opts.guests) return { ok: false, reason: 'unbound' };
      return this.remember(c, contactAddress(c.id), 'guest', opts.allow);
    }
    if (RESERVED.test(key)) return { ok: false, reason: 'reserved', key };
    const held = await this.rows.otherHolder(key, c.id, this.opts.stableIds ? undefined : this.loginId);
    if (held) return { ok: false, reason: 'conflict', key };
    if ((opts.aliasHolders ?? 1) > 1) return { ok: false, reason: 'ambiguous', key };
    const last = await this.rows.lastNameOf(key);
    if (last !== undefined && last !== c.name) return { ok: false, reason: 'ambiguous', key };
    return this.remember(c, key, 'alias', opts.allow);
  }

  /** A redeemed binding code: this contact is now the key's only holder (the admin said so). */
  async bind(c: ContactInfo, key: string): Promise<void> {
    await this.rows.bindContact(c.id, key, this.seen(c));
  }

  /** Whether this contact id already has a key in this login. */
  async knows(id: string): Promise<boolean> {
    return (await this.current(id)) !== undefined;
  }

  /** Whether anyone was ever known under this key (a name equal to it is then worth telling admins about). */
  async isKnownKey(key: string): Promise<boolean> {
    return this.rows.isKnownKey(key);
  }

  /** The contact id last seen for a key, preferring this login's; may be stale after a restart. */
  async contactIdFor(key: string): Promise<string | undefined> {
    return this.rows.contactIdFor(key, this.loginId);
  }

  /** A row counts only in its own login when ids are volatile: an old id is nobody's proof after a re-login. */
  private async current(id: string): Promise<ContactKey | undefined> {
    const row = await this.rows.contact(id);
    if (!row) return undefined;
    // With wechat4u a row of an earlier login is judged afresh by its 备注 (a code binding without one lapses).
    return this.opts.stableIds || row.loginId === this.loginId ? row : undefined;
  }

  private async remember(
    c: ContactInfo,
    key: string,
    via: Via,
    allow?: (key: string) => MaybePromise<boolean>,
  ): Promise<Identity> {
    if (!allow || (await allow(key))) await this.rows.saveContact(c.id, key, this.seen(c), via);
    return { ok: true, key, via };
  }

  private seen(c: ContactInfo): ContactSeen {
    return { name: c.name, alias: c.alias ?? null, loginId: this.loginId, at: this.now() };
  }

  private now(): string {
    return (this.opts.clock?.() ?? new Date()).toISOString();
  }
}
