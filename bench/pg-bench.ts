// `npm run bench pg` (and part of `npm run bench`): turn times on PostgreSQL beside SQLite, same form, same people,
// same outbox in the turn's transaction; and several processes' throughput on one PostgreSQL database. Skipped,
// saying why, when no server is reachable (TIANBAO_BENCH_PG_URL, else TIANBAO_TEST_PG_URL, else 127.0.0.1:5432).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type App, buildApp } from '../src/app/build-engine.js';
import { Outbox } from '../src/outbox/outbox.js';
import { percentile } from './engine-bench.js';
import { writeBenchFlow } from './sixty-flow.js';

const ADMIN =
  process.env.TIANBAO_BENCH_PG_URL ?? process.env.TIANBAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ANSWERS = ['100%', '98%', '100', '百分之百'];
const ITEMS = 20;
const USERS = 100;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function urlOf(db: string): string {
  const u = new URL(ADMIN);
  u.pathname = `/${db}`;
  return u.toString();
}

function open(dataDir: string, flowsDir: string, databaseUrl?: string): App {
  const app = buildApp({ dataDir, flowsDir, ...(databaseUrl ? { databaseUrl } : {}) });
  app.engine.useOutbox(new Outbox({ rows: app.tables.outbox, send: async () => {} }));
  return app;
}

/** `users` people fill the form round-robin, one message at a time: each answer turn's time in µs. */
async function turns(app: App, users: number, prefix: string): Promise<number[]> {
  await app.ready;
  const out: number[] = [];
  let msg = 0;
  for (let k = 0; k <= ITEMS; k++)
    for (let u = 0; u < users; u++) {
      await yieldToLoop();
      const s = process.hrtime.bigint();
      await app.engine.handle({
        id: `${prefix}${msg++}`,
        user: `${prefix}u${u}`,
        text: k === 0 ? '开始' : ANSWERS[(k + u) % 4]!,
      });
      // Answer turns only: 开始 and the last (which shows the review) are not ordinary turns.
      if (k > 0 && k < ITEMS) out.push(Number(process.hrtime.bigint() - s) / 1000);
    }
  return out.sort((a, b) => a - b);
}

export async function benchPg(log: (s: string) => void): Promise<Record<string, number>> {
  try {
    await admin('SELECT 1');
  } catch (e) {
    log(`postgres: no server at ${ADMIN.replace(/:[^:@/]*@/, ':***@')} (${(e as Error).message}), skipped`);
    return {};
  }
  const db = `tbbench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-pg-bench-'));
  await admin(`CREATE DATABASE ${db}`);
  try {
    const flowsDir = join(dir, 'flows');
    writeBenchFlow(flowsDir, ITEMS);
    const sqliteApp = open(join(dir, 'sqlite'), flowsDir);
    const onSqlite = await turns(sqliteApp, USERS, 's');
    await sqliteApp.close();
    log(`postgres: SQLite ${USERS} people × ${ITEMS} items done`);
    const pgApp = open(join(dir, 'pg'), flowsDir, urlOf(db));
    const onPg = await turns(pgApp, USERS, 'p');
    await pgApp.close();
    log(`postgres: PostgreSQL ${USERS} people × ${ITEMS} items done`);
    // Four processes' worth of apps (each its own pool) on one database, each serving its own people at once.
    const procs = Array.from({ length: 4 }, (_, i) => open(join(dir, `proc${i}`), flowsDir, urlOf(db)));
    const t0 = process.hrtime.bigint();
    const per = 50;
    await Promise.all(procs.map((a, i) => turns(a, per, `m${i}`)));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const a of procs) await a.close();
    const figures = {
      pg_turn_p50_us: Math.round(percentile(onPg, 50)),
      pg_turn_p99_us: Math.round(percentile(onPg, 99)),
      sqlite_turn_p50_us_same_load: Math.round(percentile(onSqlite, 50)),
      sqlite_turn_p99_us_same_load: Math.round(percentile(onSqlite, 99)),
      pg_4_apps_turns_per_s: Math.round((4 * per * (ITEMS + 1)) / s),
    };
    log(
      `postgres: turn p50 ${figures.pg_turn_p50_us} µs / p99 ${figures.pg_turn_p99_us} µs (SQLite ${figures.sqlite_turn_p50_us_same_load} / ${figures.sqlite_turn_p99_us_same_load} µs); 4 apps: ${figures.pg_4_apps_turns_per_s} turns/s`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  }
}
