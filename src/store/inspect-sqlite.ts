// What `tianbao doctor` reads of a SQLite file, read-only: whether its pages are sound, its schema version and the
// messages parked in its outbox. Never creates, migrates or repairs anything.
import Database from 'better-sqlite3';

export interface SqliteHealth {
  /** 'ok', or what SQLite's integrity check found. */
  integrity: string;
  /** The highest migration applied (0: none). */
  schema: number;
  /** Outbox messages parked after failing too often. */
  parked: number;
}

/**
 * Opens the file read-only and checks it; throws (with SQLite's code) when it cannot be read at all.
 *
 * @example const h = inspectSqlite('/srv/tianbao/data/tianbao.db'); // { integrity: 'ok', schema: 24, parked: 0 }
 */
export function inspectSqlite(file: string): SqliteHealth {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') return { integrity, schema: 0, parked: 0 };
    const schema = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    const parked = (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'parked'").get() as { n: number }).n;
    return { integrity, schema, parked };
  } finally {
    db.close();
  }
}
