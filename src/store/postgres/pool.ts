import pg from 'pg';

/**
 * What a query runs on: the pool (each statement on whichever connection is free) or one checked-out client
 * (a transaction). Adapters take this, so the same helper writes inside a turn's transaction or on its own.
 */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

// BIGINT (ids, millisecond times) and NUMERIC come back as JavaScript numbers, as they do from SQLite: ids and
// epoch milliseconds stay far below 2^53. Set on the pool's own type table, not pg's global one.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Whether a setting names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\/\S+$/.test(url.trim());
}

/**
 * A connection pool on `TIANBAO_DATABASE_URL`. Each process keeps a few connections (a turn holds one for its
 * transaction); errors of idle connections (the server restarted) are logged, not thrown, and the pool reconnects.
 *
 * @example
 * const pool = openPool('postgres://tianbao@db.example.gov.cn/tianbao');
 * await pool.query('SELECT 1');
 */
export function openPool(url: string, opts: { max?: number; onError?: (e: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 8,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'tianbao',
    types,
  });
  pool.on('error', opts.onError ?? ((e) => console.error('postgres_idle_error', e.message)));
  return pool;
}

/** The URL with its password replaced, for logs and doctor. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
