import { StorageError } from '../open-database.js';
import { migratePg } from './migrate.js';
import { PgStore } from './pg-store.js';
import { openPool, redactUrl } from './pool.js';

/**
 * The conversation's store on `TIANBAO_DATABASE_URL`: a pool, the migrations started at once (every read and
 * turn waits for them), and the `Store` port on it. Built synchronously, like the SQLite store; `store.ready`
 * rejects when the server cannot be reached or a migration fails.
 *
 * @example
 * const store = openPgStore('postgres://tianbao@127.0.0.1/tianbao');
 * await store.ready;
 */
export function openPgStore(url: string, opts: { max?: number; onError?: (e: Error) => void } = {}): PgStore {
  const pool = openPool(url, opts);
  // Unreachable, refused or failing to migrate: one line saying what to check (exit 3, like a storage fault).
  const ready = migratePg(pool).catch((e: Error) => {
    throw new StorageError(
      `无法使用 PostgreSQL 数据库 ${redactUrl(url)}（${e.message || (e as { code?: string }).code}）。请检查 TIANBAO_DATABASE_URL 和数据库服务器是否在运行（npx tianbao doctor）。/ PostgreSQL unavailable.`,
    );
  });
  return new PgStore(pool, { ready });
}
