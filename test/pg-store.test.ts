import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { buildPgApp, type PgApp } from '../src/app/build-engine.js';
import type { NewOutboxRow, Outbound } from '../src/engine/ports.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

const FILLED = ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%'];

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

const texts = (out: Outbound[]) =>
  out
    .filter((o) => o.kind === 'text')
    .map((o) => (o as { text: string }).text)
    .join('\n');

const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** `tianbao chat` as its own process with these settings, fed lines; resolves with what it printed. */
function tianbaoChat(env: Record<string, string>, lines: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'chat', '--user', '李四'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', fail);
    child.on('close', () => done(out));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

describePg('several processes on one PostgreSQL database', () => {
  const dbs = throwawayDatabases('tbstore');
  const keep = closeAfterEach();
  /** One "process": its own pool on the shared database, its own data dir for reports. */
  const proc = (url: string): PgApp => {
    const dataDir = keep(tempDir(), cleanup);
    return keep(buildPgApp({ dataDir, flowsDir: FIXTURE_FLOWS, databaseUrl: url }), (a) => a.close());
  };
  let n = 0;
  const say = (app: PgApp, text: string, user = '张三') => app.engine.handle({ id: `m${++n}`, user, text });

  it('with TIANBAO_DATABASE_URL a whole form, report included, leaves no SQLite file', async () => {
    const url = await dbs.fresh();
    const dataDir = keep(tempDir(), cleanup);
    const a = keep(buildPgApp({ dataDir, flowsDir: FIXTURE_FLOWS, databaseUrl: url }), (x) => x.close());
    for (const m of FILLED) await say(a, m);
    const done = await say(a, '确认');
    expect(done.some((o) => o.kind === 'file')).toBe(true);
    expect(filesUnder(dataDir).sort()).toEqual(['reports/张三/demo-s1-v1.docx', 'reports/张三/demo-s1-v1.png']);
    expect((await a.store.reportsOf('张三')).map((r) => r.status)).toEqual(['done']);
  });

  it('tianbao chat with TIANBAO_DATABASE_URL: the terminal chat on PostgreSQL, a second process resumes, no SQLite file', async () => {
    const url = await dbs.fresh();
    const dataDir = keep(tempDir(), cleanup);
    const env = { TIANBAO_DATA_DIR: dataDir, TIANBAO_FLOWS_DIR: FIXTURE_FLOWS, TIANBAO_DATABASE_URL: url };
    expect(await tianbaoChat(env, ['开始', '好', '100'])).toContain('第 3/7 项');
    expect(await tianbaoChat(env, ['进度'])).toContain('已填 2/7 项');
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('a message delivered to two processes is answered once', async () => {
    const url = await dbs.fresh();
    const [a, b] = [proc(url), proc(url)];
    const msg = { id: 'wx-1', user: '张三', text: '开始' };
    const [x, y] = await Promise.all([a.engine.handle(msg), b.engine.handle(msg)]);
    expect([x.length > 0, y.length > 0].sort()).toEqual([false, true]);
    expect(texts([...x, ...y])).toContain('第 1/7 项｜单位名称');
  });

  it("one person's messages arriving at two processes at once are taken one after the other: none is lost", async () => {
    const url = await dbs.fresh();
    const [a, b] = [proc(url), proc(url)];
    for (const m of ['开始', '好']) await say(a, m);
    // 全年预算数 and 全年执行数 answered at once on two processes: each turn reads what the other committed.
    const [x, y] = await Promise.all([say(a, '100'), say(b, '100')]);
    expect(texts([...x, ...y])).toContain('已记录 全年预算数：100万元');
    expect(texts([...x, ...y])).toContain('已记录 全年执行数：100万元');
    const session = await a.store.activeSession('张三');
    const rows = await a.store.answers(session!.id);
    expect(Object.fromEntries(rows.map((r) => [r.itemId, r.value]))).toMatchObject({
      budget_total: '100',
      budget_spent: '100',
    });
    expect(texts(await say(b, '95%'))).toContain('第 5/7 项');
  });

  it('a pending report is rendered once when two processes resume at once, and never while its claimant is alive', async () => {
    const url = await dbs.fresh();
    const [a, b] = [proc(url), proc(url)];
    for (const m of [...FILLED, '确认']) await say(a, m);
    // As if the process stopped between the submission and the report: pending, claimed by nobody.
    await a.store.pool.query("UPDATE reports SET status = 'pending', claimed_by = NULL, claim_until = NULL");
    const [x, y] = await Promise.all([a.engine.resumePendingReports(), b.engine.resumePendingReports()]);
    expect(x.length + y.length).toBe(1);
    expect((await a.store.reportsOf('张三')).map((r) => r.status)).toEqual(['done']);

    // Claimed by a live process (a): another (b) leaves it to it.
    await a.store.pool.query("UPDATE reports SET status = 'pending', claimed_by = $1, claim_until = $2", [
      a.store.owner,
      Date.now() + 60_000,
    ]);
    expect(await b.engine.resumePendingReports()).toEqual([]);
    expect(await a.engine.resumePendingReports()).toHaveLength(1);
    // Claimed by a process of this host that no longer runs: taken over at once.
    await a.store.pool.query("UPDATE reports SET status = 'pending', claimed_by = $1, claim_until = $2", [
      `${a.store.owner.split(':')[0]}:999999999:dead`,
      Date.now() + 60_000,
    ]);
    expect(await b.engine.resumePendingReports()).toHaveLength(1);
  });

  it("a turn's outbox rows commit with its transaction, roll back with it, and a key is enqueued once", async () => {
    const url = await dbs.fresh();
    const a = proc(url);
    const row = (body: string): NewOutboxRow => ({
      to: '张三',
      kind: 'text',
      body,
      name: null,
      enqueueKey: 'reply:m1:text',
      nextAt: 1,
      createdAt: '2026-12-01T00:00:00.000Z',
      channel: 'wechat',
      ref: null,
      choices: '["是","否"]',
    });
    await expect(
      a.store.tx(async (s) => {
        await s.enqueueOutbox('reply:m1:text', [row('一')]);
        throw new Error('the turn failed');
      }),
    ).rejects.toThrow('the turn failed');
    const count = async () => (await a.store.pool.query('SELECT count(*) AS n FROM outbox')).rows[0].n;
    expect(await count()).toBe(0);
    let woken = 0;
    expect(
      await a.store.tx(async (s) => {
        s.afterCommit(() => woken++);
        expect(woken).toBe(0);
        return s.enqueueOutbox('reply:m1:text', [row('一'), row('二')]);
      }),
    ).toBe(true);
    expect(woken).toBe(1);
    expect(await a.store.tx(async (s) => s.enqueueOutbox('reply:m1:text', [row('三')]))).toBe(false);
    const rows = (await a.store.pool.query('SELECT body, status, next_at, choices FROM outbox ORDER BY id')).rows;
    expect(rows).toEqual([
      { body: '一', status: 'queued', next_at: 1, choices: '["是","否"]' },
      { body: '二', status: 'queued', next_at: 1, choices: '["是","否"]' },
    ]);
  });
});
