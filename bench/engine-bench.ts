import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createActor, setup } from 'xstate';
import { buildApp } from '../src/app/build-engine.js';
import { writeBenchFlow } from './sixty-flow.js';

const USERS = 1000;
const ANSWERS = ['100%', '98%', '100', '百分之百'];

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** `users` people fill an n-indicator form round-robin through the real engine and a file-backed SQLite store. */
async function fill(dir: string, n: number, users: number, log: (s: string) => void) {
  const flowsDir = join(dir, `flows-${n}`);
  writeBenchFlow(flowsDir, n);
  const app = buildApp({ dataDir: join(dir, `data-${n}`), flowsDir });
  const people = Array.from({ length: users }, (_, i) => `user${i}`);
  const turns = n + 1; // 开始 + n answers
  const byTurn: number[][] = Array.from({ length: turns }, () => []);
  let msg = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < turns; k++) {
    for (const user of people) {
      const text = k === 0 ? '开始' : ANSWERS[(k + msg) % ANSWERS.length];
      const s = process.hrtime.bigint();
      await app.engine.handle({ id: `b${msg++}`, user, text });
      byTurn[k].push(Number(process.hrtime.bigint() - s) / 1000);
    }
    if (k % 20 === 0) log(`engine ${n}: turn ${k + 1}/${turns} for ${users} users`);
  }
  const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
  app.close();
  return { byTurn, turns, totalS };
}

/**
 * Ordinary turns: 1,000 people fill a 60-indicator form; then 200 people a 240-indicator form, to show
 * that a turn costs the same at the 239th answer as at the 2nd (answers are rows, the review excluded).
 */
export async function benchEngine(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-bench-'));
  try {
    const sixty = await fill(dir, 60, USERS, log);
    // Answer turns only: the 1st (开始) and the last (which shows the review) are not ordinary turns.
    const answers = sixty.byTurn
      .slice(1, -1)
      .flat()
      .sort((a, b) => a - b);
    const big = await fill(dir, 240, 200, log);
    const floor = measureFloorBare(dir);
    log(`engine: floor_bare ${floor} µs`);
    return {
      turn_p50_us: Math.round(percentile(answers, 50)),
      turn_p99_us: Math.round(percentile(answers, 99)),
      turns_per_s: Math.round((USERS * sixty.turns) / sixty.totalS),
      turn_last_over_first: Math.round((median(sixty.byTurn[59]) / median(sixty.byTurn[2])) * 100) / 100,
      turn_240_last_over_first: Math.round((median(big.byTurn[239]) / median(big.byTurn[2])) * 100) / 100,
      floor_bare_us: floor,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The least a turn can cost: one upsert of a 1 KB row in WAL + one transition of a two-state XState machine. */
function measureFloorBare(dir: string): number {
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  const upsert = db.prepare('INSERT INTO s (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v');
  const row = 'x'.repeat(1024);
  const machine = setup({}).createMachine({
    initial: 'a',
    states: { a: { on: { GO: 'b' } }, b: { on: { GO: 'a' } } },
  });
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const s = process.hrtime.bigint();
    upsert.run(`k${i % 1000}`, row);
    const actor = createActor(machine, { snapshot: machine.resolveState({ value: i % 2 ? 'a' : 'b', context: {} }) });
    actor.start();
    actor.send({ type: 'GO' });
    actor.getSnapshot();
    actor.stop();
    times.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  db.close();
  return Math.round(median(times.slice(1000)) * 10) / 10;
}
