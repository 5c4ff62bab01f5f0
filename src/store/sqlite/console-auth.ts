// SQLite adapter of the console's sign-in port (tables from store/migrations-console.ts).
import type Database from 'better-sqlite3';
import type { ConsoleAuthStore } from '../console-auth.js';

export class SqliteConsoleAuth implements ConsoleAuthStore {
  private readonly st;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      addLink: p('INSERT OR REPLACE INTO console_links (token_hash, expires_at, created_at) VALUES (?, ?, ?)'),
      link: p('SELECT expires_at AS e FROM console_links WHERE token_hash = ?'),
      // One statement: of two requests using the same link, only one deletes the row.
      useLink: p('DELETE FROM console_links WHERE token_hash = ? AND expires_at > ?'),
      addSession: p('INSERT OR REPLACE INTO console_sessions (token_hash, expires_at, created_at) VALUES (?, ?, ?)'),
      session: p('SELECT expires_at AS e FROM console_sessions WHERE token_hash = ?'),
      dropSession: p('DELETE FROM console_sessions WHERE token_hash = ?'),
      sweepLinks: p('DELETE FROM console_links WHERE expires_at <= ?'),
      sweepSessions: p('DELETE FROM console_sessions WHERE expires_at <= ?'),
    };
  }

  async addLink(hash: string, expiresAt: number): Promise<void> {
    this.st.addLink.run(hash, expiresAt, new Date().toISOString());
  }

  async linkValid(hash: string, now: number): Promise<boolean> {
    const r = this.st.link.get(hash) as { e: number } | undefined;
    return r !== undefined && r.e > now;
  }

  async useLink(hash: string, now: number): Promise<boolean> {
    return this.st.useLink.run(hash, now).changes === 1;
  }

  async addSession(hash: string, expiresAt: number): Promise<void> {
    this.st.addSession.run(hash, expiresAt, new Date().toISOString());
  }

  async sessionExpires(hash: string, now: number): Promise<number | undefined> {
    const r = this.st.session.get(hash) as { e: number } | undefined;
    return r && r.e > now ? r.e : undefined;
  }

  async dropSession(hash: string): Promise<void> {
    this.st.dropSession.run(hash);
  }

  async sweep(now: number): Promise<void> {
    this.st.sweepLinks.run(now);
    this.st.sweepSessions.run(now);
  }
}
