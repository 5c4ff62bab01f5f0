import { migratePg } from './migrate.js';
import { PgStore } from './pg-store.js';
import { openPool } from './pool.js';

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
  return new PgStore(pool, { ready: migratePg(pool) });
}
