import type Database from 'better-sqlite3';

/** Small facts the channel must remember across restarts (e.g. an unexpected logout to announce). */
export class ChannelState {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      get: db.prepare('SELECT value FROM wechat_state WHERE key = ?'),
      set: db.prepare(
        'INSERT INTO wechat_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      del: db.prepare('DELETE FROM wechat_state WHERE key = ?'),
    };
  }

  get<T>(key: string): T | undefined {
    const r = this.st.get.get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.st.set.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.st.del.run(key);
  }
}
