import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import {
  ChatScript,
  chatDatabaseUrl,
  cleanup,
  closeAfterEach,
  FIXTURE_FLOWS,
  forEachBackend,
  tempDir,
} from './support/chat.js';

const keep = closeAfterEach();
const dir = () => keep(tempDir(), cleanup);
const chat = (dataDir: string, flowsDir = FIXTURE_FLOWS) => keep(new ChatScript(dataDir, flowsDir), (c) => c.close());

const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** A statement on the chat's own tables, as a damaged or older database would have it (either backend). */
async function tamper(c: ChatScript, sql: string): Promise<void> {
  if (c.app.sqlite) {
    c.app.sqlite.db.prepare(sql).run();
    return;
  }
  const db = new pg.Client({ connectionString: chatDatabaseUrl(c.dataDir) });
  await db.connect();
  try {
    await db.query(sql);
  } finally {
    await db.end();
  }
}

/** Runs `tianbao chat` as its own process, feeding lines; kills it with SIGKILL after `killAfter` replies. */
function runChatProcess(dataDir: string, lines: string[], killAfter?: number): Promise<string> {
  return new Promise((resolveOut, reject) => {
    const child = spawn(process.execPath, [BIN, 'chat', '--user', '李四'], {
      env: {
        ...process.env,
        TIANBAO_DATA_DIR: dataDir,
        TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
        ...(chatDatabaseUrl(dataDir) ? { TIANBAO_DATABASE_URL: chatDatabaseUrl(dataDir) } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let replies = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      replies = (out.match(/第 \d+\/7 项|请核对|已记录/g) ?? []).length;
      if (killAfter !== undefined && replies >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', () => resolveOut(out));
    if (killAfter === undefined) {
      child.stdin.end(`${lines.join('\n')}\n`);
    } else {
      // Feed everything but never close stdin: only the kill ends this process.
      child.stdin.write(`${lines.join('\n')}\n`);
    }
  });
}

forEachBackend('persistence', (backend) => {
  it('killing the process mid-form and starting a new one resumes exactly where the person was', async () => {
    const data = dir();
    // The first process handles 开始, 好, 100 (and maybe a little more) before it is killed.
    const first = await runChatProcess(data, ['开始', '好', '100', '95'], 4);
    expect(first).toContain('第 1/7 项');
    const second = await runChatProcess(data, ['进度']);
    const m = /已填 (\d)\/7 项。下一项：第 (\d) 项/.exec(second);
    expect(m).not.toBeNull();
    const [answered, next] = [Number(m![1]), Number(m![2])];
    // Whatever was committed before the kill is there, and the next question follows it.
    expect(answered).toBeGreaterThanOrEqual(2);
    expect(next).toBe(answered + 1);
    // Both processes were on the backend under test: on PostgreSQL no SQLite file was made.
    expect(existsSync(join(data, 'tianbao.db'))).toBe(backend === 'SQLite');
  }, 60_000);

  it('the same message id delivered twice gets one reply and is saved once', async () => {
    const c = chat(dir());
    await c.say('开始');
    await c.say('好');
    expect(await c.say('100', { id: 'wx-42' })).toContain('已记录 全年预算数：100万元');
    expect(await c.say('100', { id: 'wx-42' })).toBe('');
    expect((await c.store.historyOf('张三')).filter((h) => h.itemId === 'budget_total')).toHaveLength(1);
    expect(await c.say('进度')).toContain('已填 2/7 项');
  });

  it('two messages from one person at once are handled in order', async () => {
    const c = chat(dir());
    await c.say('开始');
    await c.say('好');
    const [a, b] = await Promise.all([c.say('100'), c.say('80')]);
    expect(a).toContain('全年预算数：100万元');
    expect(b).toContain('全年执行数：80万元');
    // 80/100 = 80%: 20 points below 100 at 1 point each → 10 lost of 10 → 0.
    expect(b).toContain('预算执行率由公式计算：80%，本项得分 0/10');
  });

  it('different people are independent', async () => {
    const c = chat(dir());
    await Promise.all([c.say('开始', { user: '甲' }), c.say('开始', { user: '乙' })]);
    await c.say('好', { user: '甲' });
    expect(await c.say('进度', { user: '甲' })).toContain('已填 1/7 项');
    expect(await c.say('进度', { user: '乙' })).toContain('已填 0/7 项');
  });

  it('a session started before the flow file changed keeps its version until submitted', async () => {
    const data = dir();
    const flows = dir();
    mkdirSync(flows, { recursive: true });
    cpSync(join(FIXTURE_FLOWS, 'demo.yaml'), join(flows, 'demo.yaml'));
    const before = chat(data, flows);
    await before.say('开始');
    await before.say('好');
    // Closing twice (here and after the test) is harmless.
    await before.close();

    // The deployer edits the form: the settle rate weight changes and a question is added.
    const yaml = readFileSync(join(flows, 'demo.yaml'), 'utf8')
      .replace('weight: 40', 'weight: 30')
      .replace(
        '  - id: satisfaction',
        '  - id: extra\n    level1: 产出指标\n    level2: 时效指标\n    name: 新增指标\n    weight: 10\n    target: "100%"\n  - id: satisfaction',
      );
    writeFileSync(join(flows, 'demo.yaml'), yaml);

    const after = chat(data, flows);
    expect(await after.say('继续')).toContain('第 2/7 项');
    for (const m of ['100', '100', '95%', '0起', '稳定', '95%']) await after.say(m);
    // Old version: 10 + 40 + 20 + 20 + 9.5 (95% of 10) = 99.5 — the new version would still lack 新增指标.
    expect(await after.say('确认')).toContain('总分 99.5/100');

    // A new person gets the new version (8 questions, 新增指标).
    const fresh = await after.say('开始', { user: '新人' });
    expect(fresh).toContain('第 1/8 项');
  });

  it('a control state that cannot be read is never a crash, and no answer is lost: the person goes on from the rows', async () => {
    const c = chat(dir());
    for (const m of ['开始', '好', '100']) await c.say(m);
    await tamper(c, 'UPDATE sessions SET control = \'{"v":2,"cursor":"x"}\'');
    const r = await c.say('进度');
    expect(r).toContain('已按您保存的答案接着问');
    // Rebuilt from the rows: 单位名称 and 全年预算数 are kept, the open question is 全年执行数.
    expect(r).toContain('第 3/7 项｜全年执行数');
    expect(await c.say('进度')).toContain('已填 2/7 项。下一项：第 3 项 全年执行数');
    expect((await c.store.historyOf('张三')).some((h) => h.kind === 'snapshot_lost')).toBe(true);
  });

  it('a control state of an unknown version is rebuilt from the rows, not restarted', async () => {
    const c = chat(dir());
    await c.say('开始');
    await c.say('好');
    await tamper(c, 'UPDATE sessions SET control_version = 1');
    const r = await c.say('100');
    expect(r).toContain('已按您保存的答案接着问');
    expect(r).toContain('第 2/7 项｜全年预算数');
    expect(await c.say('100')).toContain('已记录 全年预算数：100万元');
  });
});
