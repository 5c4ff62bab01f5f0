// `npm run bench` (and `npm run bench pg`): 4 bot processes × 500 people on one PostgreSQL database — turns through
// the real engine and every reply sent from the shared outbox — when a server is reachable (TIANBAO_BENCH_PG_URL,
// else TIANBAO_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres); skipped with the reason elsewhere.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { writeBenchFlow } from './sixty-flow.js';

const PROCESSES = 4;
const PEOPLE = 500;
/** 开始 and the answers of a 3-indicator form: 4 turns a person. */
const INDICATORS = 3;

interface ChildResult {
  turns: number;
  turnsDoneMs: number;
  allSentMs: number;
  sent: number;
  p50: number;
  p95: number;
}

export async function benchPgThroughput(log: (s: string) => void): Promise<Record<string, number>> {
  const admin =
    process.env.TIANBAO_BENCH_PG_URL ??
    process.env.TIANBAO_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tbbench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    log(
      `pg throughput: skipped, no PostgreSQL server at ${admin.replace(/:[^:@/]*@/, ':***@')} (${(e as Error).message})`,
    );
    await c.end().catch(() => undefined);
    return {};
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-pg-bench-'));
  try {
    const flowsDir = join(dir, 'flows');
    writeBenchFlow(flowsDir, INDICATORS);
    // Migrate once before the race (each process would otherwise wait on the others' migration lock).
    const { migratePg } = await import('../src/store/postgres/migrate.js');
    const { openPool } = await import('../src/store/postgres/pool.js');
    const pool = openPool(url, { max: 2 });
    await migratePg(pool);
    await pool.end();
    const go = join(dir, 'go');
    const children = Array.from({ length: PROCESSES }, (_, i) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          resolve(import.meta.dirname, 'pg-throughput-child.ts'),
          url,
          flowsDir,
          join(dir, `data-${i}`),
          String(i),
          String(PEOPLE),
          String(INDICATORS + 1),
          go,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const ready = new Promise<void>((r) => {
        const check = () => (out.includes('ready') ? r() : setTimeout(check, 10));
        check();
      });
      const done = new Promise<ChildResult>((r, reject) =>
        child.once('exit', (code) =>
          code === 0
            ? r(JSON.parse(out.trim().split('\n').pop()!))
            : reject(new Error(`bench process ${i}: exit ${code}`)),
        ),
      );
      return { ready, done };
    });
    await Promise.all(children.map((ch) => ch.ready));
    log(`pg throughput: ${PROCESSES} processes × ${PEOPLE} people, ${INDICATORS + 1} turns each, on ${name}`);
    writeFileSync(go, '');
    const results = await Promise.all(children.map((ch) => ch.done));
    const turns = results.reduce((n, r) => n + r.turns, 0);
    const sent = results.reduce((n, r) => n + r.sent, 0);
    const turnsS = Math.max(...results.map((r) => r.turnsDoneMs)) / 1000;
    const sentS = Math.max(...results.map((r) => r.allSentMs)) / 1000;
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const rows = (await check.query(`SELECT status, COUNT(*)::int AS n FROM outbox GROUP BY status`)).rows as {
      status: string;
      n: number;
    }[];
    await check.end();
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    if (sent !== (byStatus.sent ?? 0))
      throw new Error(`sent ${sent} messages for ${byStatus.sent} sent rows: a row was sent twice`);
    const figures = {
      pg_4x500_turns: turns,
      pg_4x500_turns_per_s: Math.round(turns / turnsS),
      pg_4x500_turn_p50_ms: Math.round(Math.max(...results.map((r) => r.p50)) * 10) / 10,
      pg_4x500_turn_p95_ms: Math.round(Math.max(...results.map((r) => r.p95)) * 10) / 10,
      pg_4x500_outbox_sent: sent,
      pg_4x500_sent_per_s: Math.round(sent / sentS),
    };
    log(
      `pg throughput: ${turns} turns in ${turnsS.toFixed(1)} s, ${sent} messages sent once each in ${sentS.toFixed(1)} s`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await c.end().catch(() => undefined);
  }
}
