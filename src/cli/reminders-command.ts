import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-engine.js';
import { configFromEnv } from '../app/config.js';
import { parseContactList } from '../app/settings.js';
import { clockFromEnv } from '../campaigns/clock.js';
import { Scheduler } from '../campaigns/scheduler.js';
import { DEFAULT_TZ, formatLocal, parseDateTime } from '../campaigns/time.js';

const USAGE = `用法：tianbao reminders preview --at <时间> [--json]
  列出在该时刻会发出的提醒（假设此前什么都没发过），不会真的发送。
  时间如 "2026-11-28 09:00"（按北京时间）或 2026-11-28T01:00:00Z`;

const KIND: Record<string, string> = {
  nudge: '提醒',
  overdue: '逾期通知',
  summary: '截止汇总',
  assign: '任务通知',
  urge: '催办',
};

/** `tianbao reminders preview --at …`: the coordinator checks the schedule before anything goes out. */
export async function runReminders(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { at: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(`参数有误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'preview' || positionals.length > 1) {
    console.error(`${positionals[0] ? `不认识的子命令"${positionals.join(' ')}"。` : ''}${USAGE}`);
    return 2;
  }
  const clock = clockFromEnv();
  if (!clock.ok) {
    console.error(`${clock.reason}，例如：${clock.example}`);
    return 2;
  }
  let at = clock.value();
  if (v.at !== undefined) {
    const p = parseDateTime(v.at, DEFAULT_TZ);
    if (!p.ok) {
      console.error(`--at：${p.reason}。\n例如：--at "${p.example}"`);
      return 2;
    }
    at = p.value;
  }
  const app = buildApp(configFromEnv());
  // PostgreSQL: the migrations have run (or the server said why not) before anything is read.
  await app.ready;
  try {
    const scheduler = new Scheduler({
      campaigns: app.campaigns,
      store: app.store,
      engine: app.engine,
      flows: app.catalog,
      admins: parseContactList(process.env.ADMIN_CONTACTS),
      outbox: {
        enqueue: () => {
          throw new Error('preview never sends');
        },
      },
    });
    const list = await scheduler.preview(at);
    if (v.json) {
      console.log(
        JSON.stringify(
          list.map((d) => ({
            assignee: d.to,
            campaign: d.campaign,
            kind: d.kind,
            slot: d.slot ?? null,
            key: d.key,
            text: d.text,
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    const when = formatLocal(at, DEFAULT_TZ);
    if (!list.length) {
      console.log(`${when} 没有要发送的提醒。`);
      return 0;
    }
    console.log(`${when} 会发送 ${list.length} 条（预览，未发送）：`);
    for (const d of list)
      console.log(
        `\n→ ${d.to}（任务 #${d.campaign}，${KIND[d.kind]}${d.kind === 'nudge' ? ` ${d.slot}` : ''}）\n${d.text}`,
      );
    return 0;
  } finally {
    app.close();
  }
}
