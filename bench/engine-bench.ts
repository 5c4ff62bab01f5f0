import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createActor, setup, transition } from 'xstate';
import { buildApp } from '../src/app/build-engine.js';
import { Outbox } from '../src/outbox/outbox.js';
import { openDatabase } from '../src/store/sqlite-store.js';
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
/** Between two messages a server goes back to its event loop: timers (the WAL checkpoint) run there. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `users` people fill an n-indicator form round-robin through the real engine, a file-backed SQLite store
 * and the outbox (as the WeChat bot runs: every reply is an outbox row written in the turn's transaction).
 */
async function fill(dir: string, n: number, users: number, log: (s: string) => void) {
  const flowsDir = join(dir, `flows-${n}`);
  writeBenchFlow(flowsDir, n);
  const app = buildApp({ dataDir: join(dir, `data-${n}`), flowsDir });
  app.engine.useOutbox(new Outbox({ rows: app.tables.outbox, send: async () => {} }));
  const people = Array.from({ length: users }, (_, i) => `user${i}`);
  const turns = n + 1; // 开始 + n answers
  const byTurn: number[][] = Array.from({ length: turns }, () => []);
  /** Rows each answer turn inserted, updated or deleted (SQLite's own count, read outside the timing). */
  const written: number[] = [];
  const changes = app.sqlite!.db.prepare('SELECT total_changes() AS n');
  const changed = () => (changes.get() as { n: number }).n;
  let msg = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < turns; k++) {
    for (const user of people) {
      const text = k === 0 ? '开始' : ANSWERS[(k + msg) % ANSWERS.length];
      await yieldToLoop();
      const before = changed();
      const s = process.hrtime.bigint();
      await app.engine.handle({ id: `b${msg++}`, user, text });
      byTurn[k].push(Number(process.hrtime.bigint() - s) / 1000);
      if (k > 0 && k < turns - 1) written.push(changed() - before);
    }
    if (k % 20 === 0) log(`engine ${n}: turn ${k + 1}/${turns} for ${users} users`);
  }
  const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
  app.close();
  return { byTurn, turns, totalS, written };
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
    // Measured right after the turns it is compared with, so both see the same machine.
    const same = await measureFloorSameWrites(dir);
    const big = await fill(dir, 240, 200, log);
    const floor = measureFloorBare(dir);
    log(`engine: floor_bare ${floor} µs, floor_same_writes ${same} µs`);
    return {
      turn_p50_us: Math.round(percentile(answers, 50)),
      turn_p99_us: Math.round(percentile(answers, 99)),
      turns_per_s: Math.round((USERS * sixty.turns) / sixty.totalS),
      turn_last_over_first: Math.round((median(sixty.byTurn[59]) / median(sixty.byTurn[2])) * 100) / 100,
      turn_240_last_over_first: Math.round((median(big.byTurn[239]) / median(big.byTurn[2])) * 100) / 100,
      turn_rows_written: median(sixty.written),
      turn_rows_written_max: Math.max(...sixty.written),
      floor_bare_us: floor,
      floor_same_writes_us: same,
      turn_over_floor_same_writes: Math.round((percentile(answers, 50) / same) * 100) / 100,
      // What the turn adds to its own writes (reading, parsing, scoring, the chart, the replies): the part
      // this project's code decides, whatever a commit costs on the machine.
      turn_beyond_floor_us: Math.round(percentile(answers, 50) - same),
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

/**
 * The writes an ordinary answer turn commits, and nothing else: in one WAL transaction of the real schema
 * (same tables, same indexes, as many rows already there as in the 60-item run), the message id, the answer
 * row, the session's control state, the audit row and the reply's outbox key and row — plus one transition of a
 * two-state machine. What a turn costs beyond this is reading, parsing, scoring and the chart.
 */
export async function measureFloorSameWrites(dir: string): Promise<number> {
  const db = openDatabase(join(dir, 'floor-same.db'));
  const st = {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    claim: db.prepare('INSERT OR IGNORE INTO processed_messages (id, user_key, at) VALUES (?, ?, ?)'),
    session: db.prepare(`INSERT INTO sessions (user_key, flow_id, flow_hash, status, snapshot, snapshot_version, state,
      control, control_version, revision, answered, total, created_at, updated_at)
      VALUES (?, 'f', 'h', 'open', '', 0, 'asking', ?, 3, 0, 0, 60, ?, ?)`),
    answer: db.prepare(`INSERT INTO answers (session_id, item_id, value, note, reason, score, status, updated_at)
      VALUES (?, ?, ?, NULL, NULL, NULL, 'answered', ?) ON CONFLICT(session_id, item_id) DO UPDATE SET
      value = excluded.value, status = excluded.status, updated_at = excluded.updated_at`),
    save: db.prepare(`UPDATE sessions SET state = 'asking', control = ?, control_version = 3, status = 'open',
      revision = 0, answered = ?, total = 60, updated_at = ? WHERE id = ?`),
    audit: db.prepare(
      "INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES (?, ?, ?, 'value', ?, ?)",
    ),
    key: db.prepare('INSERT OR IGNORE INTO outbox_keys (key, at) VALUES (?, ?)'),
    outbox:
      db.prepare(`INSERT INTO outbox (to_key, kind, body, name, enqueue_key, status, attempts, next_at, created_at)
      VALUES (?, 'text', ?, NULL, ?, 'queued', 0, ?, ?)`),
  };
  const control = JSON.stringify({ v: 3, flowId: 'bench-sixty', flowHash: 'x'.repeat(16), cursor: 12, reached: 12 });
  const reply = `已记录 98%，本项得分 2/2\n\n${'第 13/60 项｜产出指标 › 第3组 › 指标13完成率\n'.repeat(4)}`;
  const at = new Date().toISOString();
  const ids: number[] = [];
  for (let u = 0; u < 1000; u++) ids.push(Number(st.session.run(`user${u}`, control, at, at).lastInsertRowid));
  const machine = setup({}).createMachine({
    initial: 'a',
    states: { a: { on: { GO: 'b' } }, b: { on: { GO: 'a' } } },
  });
  const times: number[] = [];
  let m = 0;
  for (let k = 0; k < 30; k++)
    for (let u = 0; u < 1000; u++) {
      await yieldToLoop();
      const s = process.hrtime.bigint();
      const now = new Date().toISOString();
      st.begin.run();
      st.claim.run(`m${m}`, `user${u}`, now);
      st.answer.run(ids[u], `item_${k + 1}`, '98%', now);
      st.save.run(control, k + 1, now, ids[u]);
      st.audit.run(ids[u], `user${u}`, `item_${k + 1}`, '98%', now);
      st.key.run(`reply:m${m}:text`, now);
      st.outbox.run(`user${u}`, reply, `reply:m${m}:text`, Date.now(), now);
      st.commit.run();
      m++;
      transition(machine, machine.resolveState({ value: k % 2 ? 'a' : 'b', context: {} }), { type: 'GO' });
      times.push(Number(process.hrtime.bigint() - s) / 1000);
    }
  db.close();
  return Math.round(median(times.slice(5000)) * 10) / 10;
}
