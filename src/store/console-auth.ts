// The console's sign-in state behind a small async port: one-time link hashes and session hashes with their expiry.
// Only SHA-256 hashes of the tokens are stored, so a copy of the database (a backup) never holds a usable link or
// cookie. SQLite: store/sqlite/console-auth.ts.

/**
 * Sign-in links and sessions of the web console. Times are milliseconds since the epoch.
 *
 * @example
 * await auth.addLink(sha256(token), now + 10 * 60_000);
 * if (await auth.useLink(sha256(sent), now)) await auth.addSession(sha256(cookie), now + 12 * 3600_000);
 */
export interface ConsoleAuthStore {
  /** Keeps a new one-time link until `expiresAt`. */
  addLink(hash: string, expiresAt: number): Promise<void>;
  /** Whether the link is known and unexpired, without using it (the page that asks to confirm sign-in). */
  linkValid(hash: string, now: number): Promise<boolean>;
  /** Uses the link up: true once for a known, unexpired link; of two concurrent uses exactly one wins. */
  useLink(hash: string, now: number): Promise<boolean>;
  addSession(hash: string, expiresAt: number): Promise<void>;
  /** The session's expiry, or undefined when it is unknown, signed out or expired. */
  sessionExpires(hash: string, now: number): Promise<number | undefined>;
  dropSession(hash: string): Promise<void>;
  /** Forgets expired links and sessions. */
  sweep(now: number): Promise<void>;
}
