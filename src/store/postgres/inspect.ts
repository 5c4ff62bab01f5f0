import pg from 'pg';
import { pgSchemaVersion } from './migrate.js';

/** What doctor says about a PostgreSQL database: the server, the schema version, parked messages. */
export interface PgHealth {
  server: string;
  schema: number;
  parked: number;
}

/**
 * Reads (never writes) a PostgreSQL database's state: one connection, given up after 5 seconds.
 *
 * @example
 * await inspectPg('postgres://tianbao@db/tianbao'); // { server: 'PostgreSQL 15.20', schema: 24, parked: 0 }
 */
export async function inspectPg(url: string): Promise<PgHealth> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    const server = String((await c.query('SHOW server_version')).rows[0].server_version).split(' ')[0];
    const schema = await pgSchemaVersion(c);
    const hasOutbox = (await c.query("SELECT to_regclass('outbox') IS NOT NULL AS ok")).rows[0].ok;
    const parked = hasOutbox
      ? Number((await c.query("SELECT count(*) AS n FROM outbox WHERE status = 'parked'")).rows[0].n)
      : 0;
    return { server: `PostgreSQL ${server}`, schema, parked };
  } finally {
    await c.end().catch(() => {});
  }
}
