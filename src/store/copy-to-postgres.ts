import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { migratePg } from './postgres/migrate.js';
import { openPool } from './postgres/pool.js';
import { openDatabase } from './sqlite-store.js';

/** One table's rows in the SQLite file and, after the copy, in PostgreSQL. */
export interface CopiedTable {
  table: string;
  sqlite: number;
  postgres: number;
}

/** The copy could not start or did not match: a sentence for the person running it; nothing was committed. */
export class CopyError extends Error {}

const BATCH = 500;

/**
 * Copies every table of a SQLite database into a PostgreSQL database (migrated to the same version first), in one
 * PostgreSQL transaction, then counts each table on both sides: a difference rolls everything back. Ids are
 * copied as they are and each identity moves past the highest. A target that already holds rows is refused
 * unless `replace` (its tables are emptied first). The SQLite file is read in one read transaction, so a bot
 * running on it meanwhile does not tear the copy.
 *
 * @example
 * const tables = await copySqliteToPostgres('data/tianbao.db', 'postgres://tianbao@db/tianbao');
 * // [{ table: 'answers', sqlite: 1520, postgres: 1520 }, …]
 */
export async function copySqliteToPostgres(
  file: string,
  url: string,
  opts: { replace?: boolean } = {},
): Promise<CopiedTable[]> {
  if (!existsSync(file)) throw new CopyError(`没有找到 SQLite 数据库 ${file}：请检查 TIANBAO_DATA_DIR 或 --from。`);
  const db = openDatabase(file);
  const pool = openPool(url, { max: 1, onError: () => {} });
  try {
    await migratePg(pool).catch((e: Error) => {
      throw new CopyError(`连接或初始化 PostgreSQL 失败：${e.message}`);
    });
    const tables = tablesInOrder(db);
    const client = await pool.connect();
    try {
      const pgTables = new Set(
        (
          await client.query<{ t: string }>(
            'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()',
          )
        ).rows.map((r) => r.t),
      );
      const missing = tables.filter((t) => !pgTables.has(t));
      if (missing.length)
        throw new CopyError(`PostgreSQL 中没有这些表：${missing.join('、')}（两边程序版本不同？）。未复制任何数据。`);
      await client.query('BEGIN');
      try {
        const filled: string[] = [];
        for (const t of tables) if ((await client.query(`SELECT 1 FROM ${t} LIMIT 1`)).rowCount) filled.push(t);
        if (filled.length && !opts.replace)
          throw new CopyError(
            `目标数据库已有数据（${filled.join('、')}）。确认要用 SQLite 的数据覆盖它，请加 --replace。未复制任何数据。`,
          );
        if (filled.length) await client.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
        const counts: CopiedTable[] = [];
        // One read transaction on SQLite: every table as of the same moment.
        db.prepare('BEGIN').run();
        try {
          for (const t of tables) {
            const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
            const sqlite = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
            const rows = db
              .prepare(`SELECT ${cols.join(', ')} FROM ${t}`)
              .raw()
              .iterate() as Iterable<unknown[]>;
            let batch: unknown[][] = [];
            for (const r of rows) {
              batch.push(r);
              if (batch.length === BATCH) {
                await insert(client, t, cols, batch);
                batch = [];
              }
            }
            if (batch.length) await insert(client, t, cols, batch);
            if (cols.includes('id')) await moveIdentity(client, t);
            const postgres = (await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n as number;
            counts.push({ table: t, sqlite, postgres });
          }
        } finally {
          db.prepare('COMMIT').run();
        }
        const off = counts.filter((c) => c.sqlite !== c.postgres);
        if (off.length)
          throw new CopyError(
            `行数不一致：${off.map((c) => `${c.table} SQLite ${c.sqlite} / PostgreSQL ${c.postgres}`).join('；')}。已撤销，未复制任何数据。`,
          );
        await client.query('COMMIT');
        return counts;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    } finally {
      client.release();
    }
  } finally {
    db.close();
    await pool.end();
  }
}

/** The tables to copy, each after the tables it refers to (campaigns before their assignees and jobs). */
function tablesInOrder(db: Database.Database): string[] {
  const names = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
  const parents = new Map(
    names.map((n) => [
      n,
      (db.prepare(`PRAGMA foreign_key_list(${n})`).all() as { table: string }[]).map((f) => f.table),
    ]),
  );
  const out: string[] = [];
  const visit = (n: string) => {
    if (out.includes(n)) return;
    for (const p of parents.get(n) ?? []) if (p !== n && names.includes(p)) visit(p);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

async function insert(
  client: { query(sql: string, params: unknown[]): Promise<unknown> },
  table: string,
  cols: string[],
  rows: unknown[][],
): Promise<void> {
  const params: unknown[] = [];
  const values = rows.map((r) => {
    const first = params.length;
    for (const v of r) params.push(typeof v === 'bigint' ? v.toString() : v);
    return `(${cols.map((_, i) => `$${first + i + 1}`).join(', ')})`;
  });
  await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values.join(', ')}`, params);
}

/** After ids were inserted as they were, the identity continues past the highest (the next row gets max + 1). */
async function moveIdentity(client: { query(sql: string): Promise<{ rows: Array<{ s: string | null }> }> }, t: string) {
  const seq = (await client.query(`SELECT pg_get_serial_sequence('${t}', 'id') AS s`)).rows[0]?.s;
  if (!seq) return;
  await client.query(`SELECT setval('${seq}', coalesce((SELECT max(id) FROM ${t}), 0) + 1, false)`);
}
