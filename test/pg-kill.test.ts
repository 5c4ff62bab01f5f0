import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

// Issue 24: two bot processes on one PostgreSQL database; one is killed with SIGKILL in the middle of a turn
// (before each statement in turn, and just before COMMIT). The message comes again (WeChat redelivers what was
// not acknowledged) and the other process answers it: nothing is lost, nothing is answered twice.
const CHILD = resolve(import.meta.dirname, 'pg-kill-child.ts');
const FILLED = ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%', '确认'];

interface Proc {
  child: ChildProcess;
  /** Sends a message; resolves with how it ended: answered (with the turn's statement count), or killed. */
  send(m: { id: string; user: string; text: string; kill?: number | 'commit' }): Promise<'killed' | number>;
}

function start(url: string, dataDir: string): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, dataDir, FIXTURE_FLOWS], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting = new Map<string, (r: 'killed' | number) => void>();
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const [, id, n] = out.slice(0, nl).split(' ');
      out = out.slice(nl + 1);
      waiting.get(id!)?.(Number(n));
      waiting.delete(id!);
    }
  });
  child.on('close', (code, signal) => {
    for (const [id, done] of waiting) {
      if (signal === 'SIGKILL') done('killed');
      else throw new Error(`the bot process stopped (${code ?? signal}) during ${id}: ${err}`);
    }
    waiting.clear();
  });
  return {
    child,
    send: (m) =>
      new Promise((done) => {
        waiting.set(m.id, done);
        child.stdin!.write(`${JSON.stringify(m)}\n`);
      }),
  };
}

describePg('kill -9 of one of two processes on one PostgreSQL database, mid-turn', () => {
  const dbs = throwawayDatabases('tbkill');
  const keep = closeAfterEach();

  it('at each point of a turn: the other process answers the message once, and every answer is kept', async () => {
    const url = await dbs.fresh();
    const dataDir = keep(tempDir(), cleanup);
    // The survivor runs all along, serving 李四 while 张三's turns die on the other process.
    const b = keep(start(url, dataDir), (p) => p.child.kill('SIGKILL'));
    let kills = 0;
    for (const [i, text] of FILLED.entries()) {
      const id = `zs-${i}`;
      const a = keep(start(url, dataDir), (p) => p.child.kill('SIGKILL'));
      // Before each statement of the turn in turn (1st for the first message, 2nd for the second …), and just
      // before COMMIT for the last (the submission, report included).
      const kill = i === FILLED.length - 1 ? 'commit' : i + 1;
      const ended = await a.send({ id, user: '张三', text, kill });
      if (ended === 'killed') kills++;
      expect(await b.send({ id: `ls-${i}`, user: '李四', text: FILLED[i]! })).toBeTypeOf('number');
      // Redelivered, to the survivor; and once more, as a duplicate, which is not answered again.
      expect(await b.send({ id, user: '张三', text })).toBeTypeOf('number');
      expect(await b.send({ id, user: '张三', text })).toBeTypeOf('number');
    }
    expect(kills).toBe(FILLED.length);

    const db = keep(new pg.Client({ connectionString: url }), (c) => c.end());
    await db.connect();
    const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
    for (const [user, prefix] of [
      ['张三', 'zs'],
      ['李四', 'ls'],
    ] as const) {
      // Every message handled once, and answered once: one reply key each, its rows written once.
      expect((await q('SELECT id FROM processed_messages WHERE user_key = $1 ORDER BY id', [user])).length).toBe(
        FILLED.length,
      );
      const keys = await q(
        `SELECT enqueue_key AS key, count(*)::int AS n FROM outbox WHERE to_key = $1 AND enqueue_key LIKE 'reply:%'
         GROUP BY enqueue_key ORDER BY enqueue_key`,
        [user],
      );
      expect(keys.map((k) => k.key)).toEqual(FILLED.map((_, i) => `reply:${prefix}-${i}:text`).sort());
      // The whole form, each answer recorded once, the report rendered once and queued once.
      const values = await q(
        "SELECT item_id AS item, text FROM answer_history WHERE user_key = $1 AND kind = 'value' ORDER BY id",
        [user],
      );
      expect(values.map((v) => v.text)).toEqual(['示例信访局', '100', '100', '95%', '0起', '稳定', '95%']);
      expect(await q('SELECT status, revision FROM reports WHERE user_key = $1', [user])).toEqual([
        { status: 'done', revision: 1 },
      ]);
      expect(
        (await q("SELECT kind FROM outbox WHERE to_key = $1 AND enqueue_key LIKE 'report:%' ORDER BY id", [user])).map(
          (r) => r.kind,
        ),
      ).toEqual(['file', 'file']);
    }
    // Ten processes start and stop in this test: a few seconds each on a busy machine.
  }, 300_000);
});
