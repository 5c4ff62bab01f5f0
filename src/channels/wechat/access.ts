import type Database from 'better-sqlite3';

export interface AccessOptions {
  allowed: Set<string>;
  admins: Set<string>;
  allowAll?: boolean;
  /** Extra people allowed at the time of the message (assignees of campaigns). */
  isAllowed?: (key: string) => boolean;
}

/**
 * Who may talk to the bot. Safe default: with nothing configured nobody but admins is served;
 * everyone only with ALLOW_ALL=1. A stranger is refused once (remembered in SQLite across restarts),
 * then ignored, so a chatty stranger cannot make the bot send — and risk a ban — one reply per message.
 */
export class AccessControl {
  private readonly st;

  constructor(
    db: Database.Database,
    private readonly opts: AccessOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.st = {
      refuse: db.prepare('INSERT OR IGNORE INTO wechat_refusals (user_key, at) VALUES (?, ?)'),
      forget: db.prepare('DELETE FROM wechat_refusals WHERE user_key = ?'),
    };
  }

  admins(): string[] {
    return [...this.opts.admins];
  }

  isAdmin(key: string): boolean {
    return this.opts.admins.has(key);
  }

  allowsEveryone(): boolean {
    return Boolean(this.opts.allowAll);
  }

  isAllowed(key: string): boolean {
    return (
      Boolean(this.opts.allowAll) ||
      this.opts.allowed.has(key) ||
      this.isAdmin(key) ||
      Boolean(this.opts.isAllowed?.(key))
    );
  }

  /** True the first time a stranger is refused: only then is the refusal sent. */
  firstRefusal(key: string): boolean {
    return this.st.refuse.run(key, this.clock().toISOString()).changes === 1;
  }

  /** Someone allowed later, then removed again, gets one fresh refusal. */
  forgetRefusal(key: string): void {
    this.st.forget.run(key);
  }
}
