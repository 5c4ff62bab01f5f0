import { createHash, randomInt } from 'node:crypto';
import type { Redeemed, WechatRows } from '../../store/wechat-rows.js';

export type { Redeemed } from '../../store/wechat-rows.js';

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
  constructor(
    private readonly rows: WechatRows,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * A fresh code for this key; an earlier unused code for the same key stops working.
   *
   * @example const { code } = await codes.issue('王科长'); // '042917', valid 72 hours
   */
  async issue(key: string, hours = DEFAULT_CODE_HOURS): Promise<{ code: string; expiresAt: Date }> {
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + hours * 3_600_000);
    for (;;) {
      const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
      // Never two live rows for one code: a code already out is drawn again.
      if (await this.rows.issueCode(hash(code), key, now.toISOString(), expiresAt.getTime()))
        return { code, expiresAt };
    }
  }

  /** Uses the code up, once; `by` (the contact id) is kept for the audit trail. @example await codes.redeem('042917', 'wxid_2') */
  async redeem(code: string, by: string): Promise<Redeemed> {
    return this.rows.redeemCode(hash(code), by, this.clock());
  }

  /** @example await codes.pending() // [{ key: '王科长', expiresAt }] */
  async pending(): Promise<Array<{ key: string; expiresAt: Date }>> {
    return (await this.rows.pendingCodes(this.clock().getTime())).map((r) => ({
      key: r.key,
      expiresAt: new Date(r.expiresAt),
    }));
  }

  /** @example await codes.revoke('王科长') // 1 */
  async revoke(key: string): Promise<number> {
    return this.rows.revokeCodes(key);
  }
}
