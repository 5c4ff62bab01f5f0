import type Database from 'better-sqlite3';
import type { NewOutboxRow } from '../../engine/ports.js';

const statements = new WeakMap<Database.Database, { claimKey: Database.Statement; insert: Database.Statement }>();

/**
 * Writes one enqueue's outbox rows on SQLite, claiming its key first: false (and nothing written) when the key
 * was already enqueued. Runs in the caller's transaction when there is one (a turn's), else in its own.
 *
 * @example
 * insertOutboxRowsSqlite(db, 'reply:m-17:text', rows); // true; false the second time
 */
export function insertOutboxRowsSqlite(
  db: Database.Database,
  key: string | null,
  rows: readonly NewOutboxRow[],
  at = rows[0]?.createdAt ?? new Date().toISOString(),
): boolean {
  let st = statements.get(db);
  if (!st) {
    st = {
      claimKey: db.prepare('INSERT OR IGNORE INTO outbox_keys (key, at) VALUES (?, ?)'),
      insert:
        db.prepare(`INSERT INTO outbox (to_key, kind, body, name, enqueue_key, status, attempts, next_at, created_at,
        channel, ref, choices)
        VALUES (@to, @kind, @body, @name, @enqueueKey, 'queued', 0, @nextAt, @createdAt, @channel, @ref, @choices)`),
    };
    statements.set(db, st);
  }
  const s = st;
  const write = () => {
    if (key !== null && s.claimKey.run(key, at).changes === 0) return false;
    for (const r of rows) s.insert.run(r);
    return true;
  };
  // Inside a turn's transaction the statements simply join it: a nested transaction (a SAVEPOINT) would cost
  // every turn about a third more for nothing, since the turn's rollback undoes them anyway.
  return db.inTransaction ? write() : db.transaction(write)();
}
