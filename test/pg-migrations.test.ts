import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../src/store/migrations.js';
import { migratePg, pgSchemaVersion } from '../src/store/postgres/migrate.js';
import { pgMigrations } from '../src/store/postgres/migrations.js';
import { openPool } from '../src/store/postgres/pool.js';
import { migrate } from '../src/store/sqlite-store.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

describe('PostgreSQL migrations are twins of the SQLite ones', () => {
  it('every SQLite migration has a PostgreSQL twin with the same number and nothing more', () => {
    expect(pgMigrations.map((m) => m.version).sort((a, b) => a - b)).toEqual(
      migrations.map((m) => m.version).sort((a, b) => a - b),
    );
  });
});

/** Table → its column names in order of name, on SQLite after every migration. */
function sqliteColumns(): Map<string, string[]> {
  const db = new Database(':memory:');
  migrate(db);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const out = new Map<string, string[]>();
  for (const t of tables)
    out.set(t.name, (db.prepare(`PRAGMA table_info(${t.name})`).all() as { name: string }[]).map((c) => c.name).sort());
  db.close();
  return out;
}

describePg('PostgreSQL migrations', () => {
  const pgdb = throwawayDatabases('tbmig');
  const pools: Array<{ end(): Promise<void> }> = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.end();
  });
  const pool = async () => {
    const p = openPool(await pgdb.fresh());
    pools.push(p);
    return p;
  };

  it('build the same tables and columns as SQLite', async () => {
    const p = await pool();
    expect(await migratePg(p)).toEqual(pgMigrations.map((m) => m.version));
    const rows = (
      await p.query(
        "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
      )
    ).rows as { t: string; c: string }[];
    const pgCols = new Map<string, string[]>();
    for (const r of rows) pgCols.set(r.t, [...(pgCols.get(r.t) ?? []), r.c]);
    expect(Object.fromEntries([...pgCols].map(([t, c]) => [t, [...c].sort()]))).toEqual(
      Object.fromEntries(sqliteColumns()),
    );
    expect(await pgSchemaVersion(p)).toBe(Math.max(...migrations.map((m) => m.version)));
  });

  it('upgrade a database made by the previous migrations, keeping its rows', async () => {
    const p = await pool();
    const last = Math.max(...pgMigrations.map((m) => m.version));
    // A database as the previous release left it: every migration but the last, with a person mid-form.
    await migratePg(
      p,
      pgMigrations.filter((m) => m.version < last),
    );
    expect(await pgSchemaVersion(p)).toBeLessThan(last);
    const at = '2026-12-01T08:00:00.000Z';
    const { rows } = await p.query(
      `INSERT INTO sessions (user_key, flow_id, flow_hash, status, snapshot, snapshot_version, state, control, created_at, updated_at)
       VALUES ('张三', 'f', 'h', 'open', '', 0, 'asking', '{}', $1, $1) RETURNING id`,
      [at],
    );
    await p.query(
      "INSERT INTO answers (session_id, item_id, value, status, updated_at) VALUES ($1, 'budget', '120', 'answered', $2)",
      [rows[0].id, at],
    );
    expect(await migratePg(p)).toEqual([last]);
    expect(await pgSchemaVersion(p)).toBe(last);
    const kept = await p.query('SELECT value FROM answers WHERE session_id = $1', [rows[0].id]);
    expect(kept.rows).toEqual([{ value: '120' }]);
    // A second start finds nothing to do.
    expect(await migratePg(p)).toEqual([]);
  });

  it('run once when several processes start together', async () => {
    const url = await pgdb.fresh();
    const a = openPool(url);
    const b = openPool(url);
    pools.push(a, b);
    const [x, y] = await Promise.all([migratePg(a), migratePg(b)]);
    expect([...x, ...y].sort((m, n) => m - n)).toEqual(pgMigrations.map((m) => m.version));
  });
});
