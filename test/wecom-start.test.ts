import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { docxText } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { FakeWecom, texts } from './support/wecom-fake-server.js';

const keep = closeAfterEach();
const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** `npm start` as its own process, configured only by the three WeCom settings (and where its data goes). */
function start(fake: FakeWecom, dataDir: string, extra: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TIANBAO_DATA_DIR: dataDir,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      WECOM_BOT_ID: fake.botId,
      WECOM_BOT_SECRET: fake.secret,
      WECOM_WS_URL: fake.url,
      CONSOLE: 'off',
      LOG_LEVEL: 'error',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stderr: '' };
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  keep(child, (c) => c.exitCode === null && c.kill('SIGKILL'));
  return { child, out, exited };
}

/** Waits until test() holds, checking every 20 ms (for what no frame announces, e.g. a database row). */
async function poll(test: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends a text and waits for its answer; returns the answer as the person reads it. */
async function say(fake: FakeWecom, userid: string, text: string): Promise<string> {
  const req = await fake.sendText(userid, text);
  return texts(await fake.answered(req, 30_000));
}

/** Clicks the button with this label under the person's latest answer; returns the answer to the click. */
async function click(fake: FakeWecom, userid: string, label: string): Promise<string> {
  // The card follows its text on the same req_id: wait for the one under the latest answer.
  const cardUnderLast = () => {
    const chat = fake.chatOf(userid);
    const last = chat.filter((b) => b.kind === 'stream').pop();
    return chat.find((b) => b.kind === 'card' && b.reqId === last?.reqId);
  };
  await fake.until(() => Boolean(cardUnderLast()), `buttons under the answer, for 「${label}」`, 30_000);
  const card = cardUnderLast()!;
  const button = card.card?.button_list?.find((b) => b.text === label);
  if (!card.card?.task_id || !button) throw new Error(`no button 「${label}」`);
  const req = await fake.click(userid, card.card.task_id, button.key);
  return texts(await fake.answered(req, 30_000));
}

/** The demo form as a clerk fills it: buttons where the bot offers them, typing the rest. */
const FORM: Array<[how: 'say' | 'click', text: string]> = [
  ['click', '开始'],
  ['click', '好'],
  ['say', '120'],
  ['say', '114'],
  ['say', '部分资金年底才下达，下年度提前申请拨付'],
  ['say', '96%'],
  ['say', '0起'],
  ['click', '达成'],
  ['say', '95%'],
];

describe('npm start with WECOM_BOT_ID, WECOM_BOT_SECRET and WECOM_WS_URL', () => {
  it('connects to 企业微信 and a whole form is filled end to end, by text and buttons, the .docx received as a file', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const data = keep(tempDir('tianbao-wecom-start-'), cleanup);
    const bot = start(fake, data);
    await fake.authenticated(30_000);
    expect(await say(fake, 'zhangsan', '你好')).toContain('项目支出绩效自评表');
    let last = '';
    for (const [how, t] of FORM)
      last = how === 'say' ? await say(fake, 'zhangsan', t) : await click(fake, 'zhangsan', t);
    expect(last).toContain('合计');
    expect(await click(fake, 'zhangsan', '确认提交')).toContain('已提交《项目支出绩效自评表》第 1 版');
    await fake.until(
      () => fake.chatOf('zhangsan').filter((b) => b.media).length === 2,
      'the .docx and the picture',
      30_000,
    );
    const docx = fake.chatOf('zhangsan').find((b) => b.kind === 'file')!;
    expect(docx.media!.filename).toBe('示例信访局-项目支出-2025年度-自评表-第1版.docx');
    expect(await docxText(docx.media!.bytes)).toContain('部分资金年底才下达，下年度提前申请拨付');
    expect(bot.out.stderr).toContain('企业微信模式');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 90_000);
});

describe('npm start with 企业微信 and WeChat both configured', () => {
  it('runs both channels in one process; 企业微信 answers while WeChat waits for its login', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const data = keep(tempDir('tianbao-wecom-both-'), cleanup);
    const bot = start(fake, data, { WECHATY_PUPPET: 'wechaty-puppet-mock' });
    await fake.authenticated(30_000);
    expect(await say(fake, 'zhangsan', '开始')).toContain('第 1/7 项｜单位名称');
    expect(bot.out.stderr).toContain('企业微信 + 微信（wechaty-puppet-mock）模式');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);
});

describe('kill -9 with replies in flight', () => {
  it('loses no answer and shows no reply twice', async () => {
    // WeCom acknowledges slowly: when the process dies, replies have been written but not acknowledged.
    const fake = keep(await FakeWecom.start({ ackDelayMs: 3_000 }), (f) => f.close());
    const data = keep(tempDir('tianbao-wecom-kill-'), cleanup);
    const first = start(fake, data);
    await fake.authenticated(30_000);
    const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    fake.ackDelayMs = 0;
    for (const p of people) await say(fake, p, '开始');
    fake.ackDelayMs = 3_000;
    // Each answers three questions in a row without waiting.
    const reqs: Array<{ p: string; req: string; expect: string }> = [];
    for (const p of people)
      for (const [t, next] of [
        ['好', '第 2/7 项'],
        ['120', '第 3/7 项'],
        ['120', '第 4/7 项'],
      ])
        reqs.push({ p, req: await fake.sendText(p, t), expect: next });
    // Every answer is committed (the turn and its reply, in one transaction) and some replies are on the wire.
    const db = new Database(join(data, 'tianbao.db'), { readonly: true, fileMustExist: true });
    const committed = () => (db.prepare('SELECT COUNT(*) AS n FROM processed_messages').get() as { n: number }).n;
    // Polled, not checked per frame: the last commit may land after the last frame the fake receives.
    await poll(
      () => committed() === people.length * 4 && reqs.some((r) => fake.repliesTo(r.req).length > 0),
      'commits and a reply on the wire',
    );
    db.close();
    const onWire = reqs.filter((r) => fake.repliesTo(r.req).length > 0).length;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(onWire).toBeGreaterThan(0);
    expect(onWire).toBeLessThan(reqs.length);

    fake.ackDelayMs = 0;
    const second = start(fake, data);
    await fake.until(() => reqs.every((r) => fake.isAnswered(r.req)), 'every reply', 90_000);
    for (const r of reqs) {
      const bubbles = fake.repliesTo(r.req);
      // Once: a reply written again after the restart updates the same message.
      expect(bubbles, `${r.p} ${r.req}`).toHaveLength(1);
      expect(bubbles[0].text).toContain(r.expect);
    }
    expect(fake.bubbles.some((b) => b.writes > 1)).toBe(true);
    // And every answer is there: each person goes on at question 4.
    for (const p of people) expect(await say(fake, p, '进度')).toContain('已填 3/7 项');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
