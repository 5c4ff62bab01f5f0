import type pg from 'pg';
import { type PgMigration, pgMigrations } from './migrations.js';

/** Advisory lock key held while migrating: processes starting together migrate one after another. */
const MIGRATION_LOCK = 7_000_001;

/**
 * Applies the migrations this database has not seen, each in its own transaction, recorded in
 * schema_migrations (as SQLite does). Several processes starting at once take turns on an advisory lock, so a
 * migration runs once. Returns the versions applied.
 *
 * @example
 * const applied = await migratePg(pool); // [1, 2, 3, 10, …] on an empty database, [] afterwards
 */
export async function migratePg(pool: pg.Pool, list: PgMigration[] = pgMigrations): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await ensureSchema(client);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            m.version,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}

/** The highest migration applied (0 for an empty database). */
export async function pgSchemaVersion(q: Pick<pg.Pool | pg.Client, 'query'>): Promise<number> {
  const exists = await q.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok");
  if (!exists.rows[0].ok) return 0;
  return (await q.query('SELECT coalesce(MAX(version), 0) AS v FROM schema_migrations')).rows[0].v;
}

/**
 * A URL may put the tables in a schema of their own (`?options=-c search_path=tianbao`, a database shared with
 * other software): the first schema named is created when it does not exist yet.
 */
async function ensureSchema(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query("SELECT current_schema() AS s, current_setting('search_path') AS path");
  if (rows[0].s) return;
  const first = String(rows[0].path)
    .split(',')
    .map((p) => p.trim().replace(/^"(.*)"$/, '$1'))
    .find((p) => p && p !== '$user');
  if (first) await client.query(`CREATE SCHEMA IF NOT EXISTS "${first.replace(/"/g, '""')}"`);
}
