import { join } from 'node:path';
import type pg from 'pg';
import { afterEach, describe } from 'vitest';
import type { Tables } from '../../src/store/backend.js';
import { pgTables } from '../../src/store/postgres/backend.js';
import { migratePg } from '../../src/store/postgres/migrate.js';
import { openPool } from '../../src/store/postgres/pool.js';
import { sqliteTables } from '../../src/store/sqlite/backend.js';
import { openDatabase } from '../../src/store/sqlite-store.js';
import { cleanup, tempDir } from './chat.js';
import { pgUnavailable, throwawayDatabases } from './postgres.js';

/**
 * One database, as several processes see it: each `connect()` is a new connection (a SQLite handle on the same
 * file, or a new PostgreSQL pool), with every table port on it.
 */
export interface TablesDb {
  connect(): Promise<Tables & { close(): Promise<void> }>;
  /** Runs SQL on the database (both backends accept `$1`-less plain statements). */
  exec(sql: string): Promise<unknown[]>;
  /** What another process opens: the SQLite file's path, or the PostgreSQL URL. */
  url(): Promise<string>;
}

export type TableBackend = 'sqlite' | 'postgres';

/**
 * Runs a suite on SQLite and on PostgreSQL (a throw-away database per `fresh()`; skipped, with the reason, when no
 * server is reachable).
 *
 * @example
 * forEachTablesBackend('the outbox', (fresh) => {
 *   it('…', async () => { const db = await fresh(); const a = await db.connect(); … });
 * });
 */
export function forEachTablesBackend(
  title: string,
  fn: (fresh: () => Promise<TablesDb>, backend: TableBackend) => void,
) {
  describe(`${title} (SQLite)`, () => {
    const closers: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });
    fn(async () => {
      const dir = tempDir('tianbao-tables-');
      closers.push(() => cleanup(dir));
      const file = join(dir, 'tianbao.db');
      const admin = openDatabase(file);
      closers.push(() => {
        admin.close();
      });
      return {
        async connect() {
          const db = openDatabase(file);
          let open = true;
          const close = async () => {
            if (open) db.close();
            open = false;
          };
          closers.push(close);
          return { ...sqliteTables(db), close };
        },
        async exec(sql: string) {
          return admin.prepare(sql).all();
        },
        async url() {
          return file;
        },
      };
    }, 'sqlite');
  });
  const pgTitle = `${title} (PostgreSQL)`;
  if (pgUnavailable)
    describe.skip(`${pgTitle} — skipped: PostgreSQL not reachable (${pgUnavailable})`, () =>
      fn(async () => {
        throw new Error('unreachable');
      }, 'postgres'));
  else
    describe(pgTitle, () => {
      const dbs = throwawayDatabases('tbtables');
      const pools: pg.Pool[] = [];
      afterEach(async () => {
        for (const p of pools.splice(0)) await p.end().catch(() => undefined);
      });
      fn(async () => {
        const url = await dbs.fresh();
        const admin = openPool(url, { max: 2 });
        pools.push(admin);
        await migratePg(admin);
        return {
          async connect() {
            const pool = openPool(url, { max: 4 });
            pools.push(pool);
            let open = true;
            return {
              ...pgTables(pool),
              close: async () => {
                if (open) await pool.end();
                open = false;
              },
            };
          },
          async exec(sql: string) {
            return (await admin.query(sql)).rows;
          },
          async url() {
            return url;
          },
        };
      }, 'postgres');
    });
}
