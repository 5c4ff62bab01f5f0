import type { MaybePromise } from '../../engine/ports.js';
import type { WechatRows } from '../../store/wechat-rows.js';

export interface AccessOptions {
  allowed: Set<string>;
  admins: Set<string>;
  allowAll?: boolean;
  /** Extra people allowed at the time of the message (assignees of campaigns). */
  isAllowed?: (key: string) => MaybePromise<boolean>;
}

/**
 * Who may talk to the bot. Safe default: with nothing configured nobody but admins is served;
 * everyone only with ALLOW_ALL=1. A stranger is refused once (remembered in SQLite across restarts),
 * then ignored, so a chatty stranger cannot make the bot send — and risk a ban — one reply per message.
 */
export class AccessControl {
  constructor(
    private readonly rows: Pick<WechatRows, 'refuse' | 'forgetRefusal'>,
    private readonly opts: AccessOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  admins(): string[] {
    return [...this.opts.admins];
  }

  isAdmin(key: string): boolean {
    return this.opts.admins.has(key);
  }

  allowsEveryone(): boolean {
    return Boolean(this.opts.allowAll);
  }

  /** Whether this key is served now (the campaigns' assignees are asked last). @example await access.isAllowed('王科长') */
  async isAllowed(key: string): Promise<boolean> {
    return (
      Boolean(this.opts.allowAll) ||
      this.opts.allowed.has(key) ||
      this.isAdmin(key) ||
      Boolean(await this.opts.isAllowed?.(key))
    );
  }

  /** True the first time a stranger is refused: only then is the refusal sent. @example await access.firstRefusal('陌生人') */
  async firstRefusal(key: string): Promise<boolean> {
    return this.rows.refuse(key, this.clock().toISOString());
  }

  /** Someone allowed later, then removed again, gets one fresh refusal. */
  async forgetRefusal(key: string): Promise<void> {
    await this.rows.forgetRefusal(key);
  }
}
