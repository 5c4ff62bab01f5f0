// Who may use the console: one-time sign-in links (printed at start, by `tianbao console link`, or sent to an admin
// who types 「后台」), then an HttpOnly session cookie and a CSRF token derived from it. Links and sessions are kept
// in the database as SHA-256 hashes (store/console-auth.ts), so they survive a restart and a link printed by another
// process (the CLI) signs in to the running bot.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleAuthStore } from '../store/console-auth.js';

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface ConsoleSession {
  /** The cookie's token (never stored: only its hash is). */
  id: string;
  csrf: string;
  expires: number;
}

const token = () => randomBytes(24).toString('base64url');
/** Only hashes are kept, so a database copy or a log line never holds a usable link or cookie. */
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** A token is 32 base64url characters; anything else is refused before it is hashed or looked up. */
const TOKEN = /^[\w-]{32}$/;

/**
 * The CSRF token of a session, derived from its secret cookie: only a page served to the holder of the cookie can
 * know it, it needs no storage, and it stays the same across a restart (an open page keeps working).
 */
export function csrfOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf\u0000${sessionToken}`).digest('base64url').slice(0, 32);
}

export class ConsoleAuth {
  constructor(
    private readonly store: ConsoleAuthStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly linkTtlMs = LINK_TTL_MS,
    private readonly sessionTtlMs = SESSION_TTL_MS,
  ) {}

  /**
   * A new one-time sign-in token, valid for linkTtlMs.
   *
   * @example `${url}/signin/${await auth.issueLink()}`
   */
  async issueLink(): Promise<string> {
    await this.store.sweep(this.now());
    const t = token();
    await this.store.addLink(hash(t), this.now() + this.linkTtlMs);
    return t;
  }

  /** Whether a link is still usable, without using it (the page that asks to confirm sign-in). */
  async linkValid(t: string): Promise<boolean> {
    return TOKEN.test(t) && this.store.linkValid(hash(t), this.now());
  }

  /** Uses the link up and opens a session; undefined when it is unknown, used or expired. */
  async signIn(t: string): Promise<ConsoleSession | undefined> {
    if (!TOKEN.test(t) || !(await this.store.useLink(hash(t), this.now()))) return undefined;
    const id = token();
    const expires = this.now() + this.sessionTtlMs;
    await this.store.addSession(hash(id), expires);
    return { id, csrf: csrfOf(id), expires };
  }

  /** The session of a cookie, or undefined (unknown, signed out or expired). */
  async session(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (!id || !TOKEN.test(id)) return undefined;
    const expires = await this.store.sessionExpires(hash(id), this.now());
    return expires === undefined ? undefined : { id, csrf: csrfOf(id), expires };
  }

  async signOut(id: string): Promise<void> {
    await this.store.dropSession(hash(id));
  }

  /** Constant-time: the comparison does not tell an attacker how much of a guess was right. */
  csrfOk(s: ConsoleSession, sent: string | undefined): boolean {
    if (!sent) return false;
    const a = Buffer.from(s.csrf);
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private now(): number {
    return this.clock().getTime();
  }
}
