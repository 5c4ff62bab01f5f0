import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createActor } from 'xstate';
import { buildApp } from '../src/app/build-engine.js';
import { interviewer } from '../src/engine/machine.js';
import { loadFlowsDir } from '../src/flows/read-flows.js';
import { writeSixtyFlow } from './sixty-flow.js';

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

/**
 * 1,000 people fill a 60-indicator form through the real engine and a file-backed SQLite store,
 * round-robin (each turn restores, steps and saves a different person's session).
 */
export async function benchEngine(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-bench-'));
  try {
    const flowsDir = join(dir, 'flows');
    writeSixtyFlow(flowsDir);
    const app = buildApp({ dataDir: join(dir, 'data'), flowsDir });
    const users = Array.from({ length: USERS }, (_, i) => `user${i}`);
    const turns = 61; // 开始 + 60 answers
    const byTurn: number[][] = Array.from({ length: turns }, () => []);
    let msg = 0;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < turns; k++) {
      for (const user of users) {
        const text = k === 0 ? '开始' : ANSWERS[(k + msg) % ANSWERS.length];
        const s = process.hrtime.bigint();
        await app.engine.handle({ id: `b${msg++}`, user, text });
        byTurn[k].push(Number(process.hrtime.bigint() - s) / 1000);
      }
      if (k % 10 === 0) log(`engine: turn ${k + 1}/${turns} for ${USERS} users`);
    }
    const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
    const answers = byTurn
      .slice(1)
      .flat()
      .sort((a, b) => a - b);
    const result = {
      turn_p50_us: Math.round(percentile(answers, 50)),
      turn_p99_us: Math.round(percentile(answers, 99)),
      turns_per_s: Math.round((USERS * turns) / totalS),
      turn_last_over_first: Math.round((median(byTurn[turns - 1]) / median(byTurn[1])) * 100) / 100,
    };
    // A same-size snapshot: the session of a person halfway through.
    const mid = app.store.db.prepare('SELECT snapshot FROM sessions WHERE user_key = ?').get('user0') as {
      snapshot: string;
    };
    app.close();
    const floor = measureFloor(dir, mid.snapshot, flowsDir);
    log(`engine: floor ${floor} µs`);
    return { ...result, floor_us: floor };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The least a turn can cost: one bare upsert of the snapshot, one XState restore → send → getPersistedSnapshot. */
function measureFloor(dir: string, snapshotText: string, flowsDir: string): number {
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  const upsert = db.prepare('INSERT INTO s (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v');
  const flow = loadFlowsDir(flowsDir).flows[0];
  const snap = JSON.parse(snapshotText);
  // The same question is answered each time, from the same restored state.
  const halfway = {
    ...snap,
    value: 'asking',
    context: { ...snap.context, cursor: 30, route: 'ask', pending: undefined },
  };
  const times: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = process.hrtime.bigint();
    upsert.run(`k${i % 1000}`, snapshotText);
    const actor = createActor(interviewer, { snapshot: halfway, input: { flow } });
    actor.start();
    actor.send({ type: 'TEXT', text: '100%', flow });
    actor.getPersistedSnapshot();
    actor.stop();
    times.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  db.close();
  return Math.round(median(times.slice(500)));
}
