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
 * People fill the demo form at the same time through the fake WeCom server, against `tianbao start` in its own
 * process (the three WECOM_* settings, a file-backed SQLite database): the reply latency each message sees, from
 * the callback leaving WeCom to the answer arriving on its req_id. First 20 people (an office) with the time their
 * .docx takes to arrive after 确认 — every one waited for; then BENCH_WECOM_PEOPLE (200, a city's round) for the
 * reply latency. Beside them, what the WeChat channel's pacing alone (one message every OUTBOX_INTERVAL_MS +
 * random jitter, 1.5–2 s) makes the same people wait when each sends one message at once — the real outbox on a
 * simulated clock.
 */
export async function benchWecom(log: (s: string) => void) {
  const office = await crowd(20, true, log);
  const city = await crowd(PEOPLE, false, log);
  const paced20 = await wechatPacing(20);
  const paced = await wechatPacing(PEOPLE);
  log(
    `wecom: 20 人同时填写：回复延迟 p50 ${office.p50} ms、p95 ${office.p95} ms、最长 ${office.max} ms；` +
      `确认后 .docx 送达 p50 ${office.docxP50} 秒、最长 ${office.docxMax} 秒（${office.docx}/20 份，企业微信每分钟最多上传 30 个文件，每人两个：.docx 和得分图）`,
  );
  log(
    `wechat: 同样 20 人各发一条，仅发送节奏（间隔 1.5 秒 + 随机 0–0.5 秒）就让回复等待 p50 ${paced20.p50} 秒、p95 ${paced20.p95} 秒`,
  );
  log(
    `wecom: ${PEOPLE} 人同时填写（每条消息间隔 2–4 秒，共 ${city.replies} 条回复，${city.seconds} 秒）：回复延迟 ` +
      `p50 ${city.p50} ms、p95 ${city.p95} ms、p99 ${city.p99} ms、最长 ${city.max} ms（目标 p95 ≤ 200 ms）`,
  );
  log(`wechat: 同样 ${PEOPLE} 人各发一条，仅发送节奏就让回复等待 p50 ${paced.p50} 秒、p95 ${paced.p95} 秒`);
  return {
    wecom20_reply_p50_ms: office.p50,
    wecom20_reply_p95_ms: office.p95,
    wecom20_reply_max_ms: office.max,
    wecom20_docx_p50_s: office.docxP50,
    wecom20_docx_max_s: office.docxMax,
    wecom20_docx_arrived: office.docx,
    wechat20_paced_p50_s: paced20.p50,
    wechat20_paced_p95_s: paced20.p95,
    wecom_reply_p50_ms: city.p50,
    wecom_reply_p95_ms: city.p95,
    wecom_reply_p99_ms: city.p99,
    wecom_reply_max_ms: city.max,
    wecom_replies: city.replies,
    wechat_paced_p50_s: paced.p50,
    wechat_paced_p95_s: paced.p95,
  };
}

/** `people` fill the form at once against a fresh `tianbao start`; with `waitFiles`, until every .docx arrived. */
async function crowd(people: number, waitFiles: boolean, log: (s: string) => void) {
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
    /** userid → when the answer to 确认 (the submission) arrived. */
    const submitted = new Map<string, number>();
    const t0 = performance.now();
    const person = async (i: number) => {
      const userid = `u${String(i).padStart(3, '0')}`;
      await sleep(Math.random() * START_SPREAD_MS);
      for (const text of SCRIPT) {
        const req = await fake.sendText(userid, text);
        const [first] = await fake.answered(req, 120_000);
        latencies.push(first.t - fake.sentAt.get(req)!.at);
        steps.push([text, first.t - fake.sentAt.get(req)!.at]);
        if (text === '确认') submitted.set(userid, first.t);
        await sleep(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
      }
    };
    await Promise.all(Array.from({ length: people }, (_, i) => person(i + 1)));
    const seconds = round((performance.now() - t0) / 1000);
    const docxs = () => fake.bubbles.filter((b) => b.kind === 'file');
    // WeCom allows 30 uploads a minute per bot, and each submission sends two files: 20 people's take about a
    // minute and a half; 200 people's about 14 minutes, which the city-sized run does not wait for.
    if (waitFiles) await fake.until(() => docxs().length >= people, 'every .docx', 300_000).catch(() => undefined);
    const delays = docxs()
      .map((b) => (b.t - (submitted.get(b.userid) ?? b.t)) / 1000)
      .sort((a, b) => a - b);
    const sorted = [...latencies].sort((a, b) => a - b);
    if (process.env.BENCH_STEPS) {
      // When the submissions' answers and their .docx arrived, seconds from the first submission.
      const first = Math.min(...submitted.values());
      const at = (ts: number[]) => ts.map((t) => round((t - first) / 1000)).sort((a, b) => a - b);
      log(`${people} 人 确认: ${at([...submitted.values()]).join(' ')}`);
      log(`${people} 人 .docx: ${at(docxs().map((b) => b.t)).join(' ')}`);
    }
    // Per step of the form (the last answer brings the review, 确认 the submission and its report).
    if (process.env.BENCH_STEPS)
      for (const t of SCRIPT) {
        const l = steps
          .filter((x) => x[0] === t)
          .map((x) => x[1])
          .sort((a, b) => a - b);
        log(`${people} 人 ${t}: p50 ${round(pct(l, 50))} max ${round(l[l.length - 1])}`);
      }
    return {
      p50: round(pct(sorted, 50)),
      p95: round(pct(sorted, 95)),
      p99: round(pct(sorted, 99)),
      max: round(sorted[sorted.length - 1]),
      replies: sorted.length,
      seconds,
      docx: delays.length,
      docxP50: delays.length ? round(pct(delays, 50)) : Number.NaN,
      docxMax: delays.length ? round(delays[delays.length - 1]) : Number.NaN,
    };
  } catch (e) {
    log(`wecom: bot stderr: ${stderr.slice(-2000)}`);
    throw e;
  } finally {
    if (process.env.BENCH_LOG_FILE) writeFileSync(`${process.env.BENCH_LOG_FILE}.${people}`, stderr);
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The WeChat outbox with its default pacing, on a simulated clock: when the k-th of n replies can go out. */
async function wechatPacing(n: number): Promise<{ p50: number; p95: number }> {
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
    return { p50: round(pct(sorted, 50) / 1000), p95: round(pct(sorted, 95) / 1000) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
