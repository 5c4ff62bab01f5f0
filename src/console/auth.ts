// Who may use the console: one-time sign-in links (printed at start, or sent to an admin who types 「后台」),
// then an HttpOnly session cookie and a per-session CSRF token. Kept in memory: a restart means a new link.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface ConsoleSession {
  id: string;
  csrf: string;
  expires: number;
}

const token = () => randomBytes(24).toString('base64url');
/** Only hashes are kept, so a memory dump or a log line never holds a usable link. */
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export class ConsoleAuth {
  private readonly links = new Map<string, number>();
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly linkTtlMs = LINK_TTL_MS,
    private readonly sessionTtlMs = SESSION_TTL_MS,
  ) {}

  /** A new one-time sign-in token, valid for linkTtlMs. */
  issueLink(): string {
    this.sweep();
    const t = token();
    this.links.set(hash(t), this.now() + this.linkTtlMs);
    return t;
  }

  /** Whether a link is still usable, without using it (the page that asks to confirm sign-in). */
  linkValid(t: string): boolean {
    const exp = this.links.get(hash(t));
    return exp !== undefined && exp > this.now();
  }

  /** Uses the link up and opens a session; undefined when it is unknown, used or expired. */
  signIn(t: string): ConsoleSession | undefined {
    const key = hash(t);
    const exp = this.links.get(key);
    this.links.delete(key);
    if (exp === undefined || exp <= this.now()) return undefined;
    const s: ConsoleSession = { id: token(), csrf: token(), expires: this.now() + this.sessionTtlMs };
    this.sessions.set(hash(s.id), s);
    return s;
  }

  session(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(hash(id));
    if (!s) return undefined;
    if (s.expires <= this.now()) {
      this.sessions.delete(hash(id));
      return undefined;
    }
    return s;
  }

  signOut(id: string): void {
    this.sessions.delete(hash(id));
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

  private sweep(): void {
    const now = this.now();
    for (const [k, exp] of this.links) if (exp <= now) this.links.delete(k);
    for (const [k, s] of this.sessions) if (s.expires <= now) this.sessions.delete(k);
  }
}
