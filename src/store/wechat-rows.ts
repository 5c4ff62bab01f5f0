// The WeChat channel's own tables as a port: who is who (contacts and their keys), binding codes, counted guesses,
// refusals, and small channel state. The rules (which evidence makes a key, limits, code format) stay in
// src/channels/wechat/ and take this port. One adapter per backend: store/sqlite/wechat-rows.ts,
// store/postgres/wechat-rows.ts.
import type { MaybePromise } from '../engine/ports.js';

/** How a key was earned: the owner's 备注, a binding code an admin issued, or (ALLOW_ALL) a guest of one login. */
export type Via = 'alias' | 'code' | 'guest';

/** What the map knows of one contact id. */
export interface ContactKey {
  key: string;
  via: Via;
  loginId: string;
}

/** A contact as last seen: the WeChat name, the 备注, the login it was seen in, when (ISO). */
export interface ContactSeen {
  name: string;
  alias: string | null;
  loginId: string;
  at: string;
}

export type Redeemed = { ok: true; key: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/**
 * @example
 * const rows: WechatRows = new SqliteWechatRows(db); // or new PgWechatRows(pool)
 * await rows.saveContact('wxid_1', '王科长', { name: '王科长', alias: '王科长', loginId: 'l1', at }, 'alias');
 * (await rows.contact('wxid_1'))?.key; // '王科长'
 */
export interface WechatRows {
  /** @example await rows.contact('wxid_1') // { key: '王科长', via: 'alias', loginId: 'l1' } */
  contact(id: string): MaybePromise<ContactKey | undefined>;
  /** Records that a known contact was seen again (name, 备注, login). @example await rows.touchContact('wxid_1', seen) */
  touchContact(id: string, seen: ContactSeen): MaybePromise<void>;
  /** Gives the contact id this key. @example await rows.saveContact('wxid_1', '王科长', seen, 'alias') */
  saveContact(id: string, key: string, seen: ContactSeen, via: Via): MaybePromise<void>;
  /**
   * Makes this contact the key's only holder (a redeemed binding code: the admin's word), in one step.
   *
   * @example await rows.bindContact('wxid_2', '王科长', seen)
   */
  bindContact(id: string, key: string, seen: ContactSeen): MaybePromise<void>;
  /** Whether another contact holds the key (in `loginId` only, when given). @example await rows.otherHolder('王科长', 'wxid_2') */
  otherHolder(key: string, exceptId: string, loginId?: string): MaybePromise<boolean>;
  /** The WeChat name last seen under the key. @example await rows.lastNameOf('王科长') // '王科长' */
  lastNameOf(key: string): MaybePromise<string | undefined>;
  /** @example await rows.isKnownKey('王科长') */
  isKnownKey(key: string): MaybePromise<boolean>;
  /** The contact id last seen for a key, this login's first. @example await rows.contactIdFor('王科长', 'l1') */
  contactIdFor(key: string, loginId: string): MaybePromise<string | undefined>;
  /** Everyone recognised, one line per key (the CLI's people list). @example await rows.recognised() */
  recognised(): MaybePromise<Array<{ key: string; name: string; via: Via; seen: string }>>;

  /** True the first time (a refusal is sent once). @example await rows.refuse('陌生人', new Date().toISOString()) */
  refuse(key: string, at: string): MaybePromise<boolean>;
  /** @example await rows.forgetRefusal('陌生人') */
  forgetRefusal(key: string): MaybePromise<void>;

  /** A small fact kept across restarts, as JSON text. @example await rows.getState('unexpected_logout') */
  getState(key: string): MaybePromise<string | undefined>;
  /** @example await rows.setState('unexpected_logout', '{"at":1}') */
  setState(key: string, value: string): MaybePromise<void>;
  /** @example await rows.deleteState('unexpected_logout') */
  deleteState(key: string): MaybePromise<void>;

  /**
   * Stores a new code (its hash) for the key, the key's earlier unused code revoked — unless that hash is live
   * already (then false and nothing changes: the caller draws another code).
   *
   * @example await rows.issueCode(sha256('123456'), '王科长', now.toISOString(), expires.getTime())
   */
  issueCode(codeHash: string, key: string, createdAt: string, expiresAt: number): MaybePromise<boolean>;
  /**
   * Uses the code up, once: of two contacts sending the same code at the same moment, one gets the key and the
   * other `used`. `by` is kept for the audit trail.
   *
   * @example await rows.redeemCode(sha256('123456'), 'wxid_2', new Date()) // { ok: true, key: '王科长' }
   */
  redeemCode(codeHash: string, by: string, at: Date): MaybePromise<Redeemed>;
  /** Unused codes not yet expired at `now` (ms). @example await rows.pendingCodes(Date.now()) */
  pendingCodes(now: number): MaybePromise<Array<{ key: string; expiresAt: number }>>;
  /** Revokes the key's unused codes; how many. @example await rows.revokeCodes('王科长') // 1 */
  revokeCodes(key: string): MaybePromise<number>;

  /** Failed guesses of a kind since `since` (ms): of one contact when `who` is given, else of everyone. @example await rows.failures('code', Date.now() - 3_600_000, 'wxid_9') */
  failures(kind: string, since: number, who?: string): MaybePromise<{ n: number; last: number | null }>;
  /** @example await rows.recordAttempt('code', 'wxid_9', Date.now(), false) */
  recordAttempt(kind: string, who: string, at: number, ok: boolean): MaybePromise<void>;
}
