import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Outbox } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { FakeWecom } from '../test/support/wecom-fake-server.js';

const PEOPLE = Number(process.env.BENCH_WECOM_PEOPLE ?? 200);
/** One whole demo form, as a clerk types it, submission included (the .docx is rendered and uploaded). */
const SCRIPT = [
  '你好',
  '开始',
  '好',
  '120',
  '114',
  '部分资金年底才下达，下年度提前申请拨付',
  '96%',
  '0起',
  '稳定',
  '95%',
  '确认',
];
/** Everyone starts within this window ("at once"), then reads and types for 2–4 s before each next message. */
const START_SPREAD_MS = 2_000;
const THINK_MS: [number, number] = [2_000, 4_000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * 200 people fill the demo form at the same time through the fake WeCom server, against `tianbao start` in its
 * own process (the three WECOM_* settings, a file-backed SQLite database): the reply latency each message sees,
 * from the callback leaving WeCom to the answer arriving on its req_id. Beside it, what the WeChat channel's
 * pacing alone (one message every OUTBOX_INTERVAL_MS + random jitter, 1.5–2 s) makes 200 people wait when each
 * sends one message at once — the real outbox on a simulated clock.
 */
export async function benchWecom(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-wecom-bench-'));
  const fake = await FakeWecom.start();
  const bin = fileURLToPath(new URL('../bin/tianbao.mjs', import.meta.url));
  const bot = spawn(process.execPath, [bin, 'start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TIANBAO_DATA_DIR: join(dir, 'data'),
      TIANBAO_FLOWS_DIR: fileURLToPath(new URL('../test/fixtures/flows', import.meta.url)),
      WECOM_BOT_ID: fake.botId,
      WECOM_BOT_SECRET: fake.secret,
      WECOM_WS_URL: fake.url,
      CONSOLE: 'off',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  bot.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    await fake.authenticated(60_000);
    const latencies: number[] = [];
    const steps: Array<[string, number]> = [];
    const t0 = performance.now();
    const person = async (i: number) => {
      const userid = `u${String(i).padStart(3, '0')}`;
      await sleep(Math.random() * START_SPREAD_MS);
      for (const text of SCRIPT) {
        const req = await fake.sendText(userid, text);
        const [first] = await fake.answered(req, 120_000);
        latencies.push(first.t - fake.sentAt.get(req)!.at);
        steps.push([text, first.t - fake.sentAt.get(req)!.at]);
        await sleep(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
      }
    };
    await Promise.all(Array.from({ length: PEOPLE }, (_, i) => person(i + 1)));
    const seconds = (performance.now() - t0) / 1000;
    // WeCom allows 30 uploads a minute per bot: 200 submissions' .docx and pictures take ~14 minutes to go out
    // (the outbox holds them back, in order). The bench counts what arrived, it does not wait for the rest.
    await fake.until(() => fake.bubbles.some((b) => b.kind === 'file'), 'a first .docx', 60_000).catch(() => {});
    const docx = fake.bubbles.filter((b) => b.kind === 'file').length;
    const sorted = [...latencies].sort((a, b) => a - b);
    // Per step of the form (the last answer brings the review, 确认 the submission and its report).
    if (process.env.BENCH_STEPS)
      for (const t of SCRIPT) {
        const l = steps
          .filter((x) => x[0] === t)
          .map((x) => x[1])
          .sort((a, b) => a - b);
        log(`${t}: p50 ${round(pct(l, 50))} max ${round(l[l.length - 1])}`);
      }
    const figures = {
      wecom_reply_p50_ms: round(pct(sorted, 50)),
      wecom_reply_p95_ms: round(pct(sorted, 95)),
      wecom_reply_p99_ms: round(pct(sorted, 99)),
      wecom_reply_max_ms: round(sorted[sorted.length - 1]),
      wecom_replies: sorted.length,
      wecom_docx_arrived: docx,
      ...(await wechatPacing(PEOPLE)),
    };
    log(
      `wecom: ${PEOPLE} 人同时填写（每条消息间隔 2–4 秒，共 ${sorted.length} 条回复，${round(seconds)} 秒，` +
        `提交后 .docx 已到 ${docx} 份，其余按企业微信每分钟 30 次上传的限制排队）：回复延迟 p50 ${figures.wecom_reply_p50_ms} ms、p95 ${figures.wecom_reply_p95_ms} ms、` +
        `p99 ${figures.wecom_reply_p99_ms} ms、最长 ${figures.wecom_reply_max_ms} ms（目标 p95 ≤ 200 ms）`,
    );
    log(
      `wechat: 同样 ${PEOPLE} 人各发一条，仅发送节奏（间隔 1.5 秒 + 随机 0–0.5 秒）就让回复等待 ` +
        `p50 ${figures.wechat_paced_p50_s} 秒、p95 ${figures.wechat_paced_p95_s} 秒`,
    );
    return figures;
  } catch (e) {
    log(`wecom: bot stderr: ${stderr.slice(-2000)}`);
    throw e;
  } finally {
    if (process.env.BENCH_LOG_FILE) writeFileSync(process.env.BENCH_LOG_FILE, stderr);
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The WeChat outbox with its default pacing, on a simulated clock: when the k-th of n replies can go out. */
async function wechatPacing(n: number): Promise<{ wechat_paced_p50_s: number; wechat_paced_p95_s: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-wechat-pace-'));
  const db = openDatabase(join(dir, 'pace.db'));
  try {
    let now = 0;
    const waits: number[] = [];
    const outbox = new Outbox({
      rows: new SqliteOutboxRows(db),
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      send: async () => {
        waits.push(now);
      },
    });
    for (let i = 0; i < n; i++) outbox.enqueue(`p${i}`, [{ kind: 'text', text: '第 2/7 项' }]);
    await outbox.drain();
    const sorted = waits.sort((a, b) => a - b);
    return { wechat_paced_p50_s: round(pct(sorted, 50) / 1000), wechat_paced_p95_s: round(pct(sorted, 95) / 1000) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
