import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';

/**
 * Tests against a real PostgreSQL server. The server is TIANBAO_TEST_PG_URL, else 127.0.0.1:5432 as user postgres
 * (the development and CI machines; `.ci/run` starts it). Each test file gets throw-away databases with a unique
 * name, dropped after. Without a reachable server the PostgreSQL tests are skipped, and say why.
 */
export const PG_ADMIN_URL = process.env.TIANBAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Why the PostgreSQL tests cannot run here (no server reachable), or null when they can. */
export const pgUnavailable: string | null = await probe();

if (pgUnavailable)
  console.warn(
    `PostgreSQL tests skipped: no server at ${PG_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} (${pgUnavailable}). Set TIANBAO_TEST_PG_URL or start PostgreSQL to run them.`,
  );

/** `describe` that runs only where a PostgreSQL server is reachable; elsewhere its title says it was skipped and why. */
export function describePg(name: string, fn: () => void): void {
  if (pgUnavailable) describe.skip(`${name} — skipped: PostgreSQL not reachable (${pgUnavailable})`, fn);
  else describe(name, fn);
}

/** The URL of a database on the test server, with another name. */
export function pgUrlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates an empty database with a unique name and returns its URL. */
export async function createThrowawayDatabase(prefix = 'tbtest'): Promise<{ url: string; name: string }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return { url: pgUrlFor(name), name };
}

/** Drops a database made by createThrowawayDatabase, closing whatever connections are left on it. */
export async function dropThrowawayDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * For a test file: a fresh database per call of `fresh()`, all dropped after the file. Call inside describePg.
 *
 * @example
 * const pgdb = throwawayDatabases();
 * it('…', async () => { const url = await pgdb.fresh(); … });
 */
export function throwawayDatabases(prefix = 'tbtest'): { fresh(): Promise<string> } {
  const made: string[] = [];
  afterAll(async () => {
    for (const name of made) await dropThrowawayDatabase(name);
  });
  return {
    async fresh() {
      const db = await createThrowawayDatabase(prefix);
      made.push(db.name);
      return db.url;
    },
  };
}
