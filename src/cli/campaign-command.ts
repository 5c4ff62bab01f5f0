import { parseArgs } from 'node:util';
import { type App, buildApp } from '../app/build-engine.js';
import { configFromEnv } from '../app/config.js';
import { clockFromEnv } from '../campaigns/clock.js';
import { createCampaign, prepareCampaign } from '../campaigns/create.js';
import { assignPeople, closeCampaign, type ManageResult, unassignPeople } from '../campaigns/manage.js';
import type { Campaign } from '../campaigns/model.js';
import { personLabel } from '../campaigns/people-list.js';
import { formatQuiet } from '../campaigns/quiet.js';
import { jobLine } from '../campaigns/schedule-text.js';
import { appStatusDeps, campaignStatus, formTitle } from '../campaigns/status.js';
import { formatLocal } from '../campaigns/time.js';

const USAGE = `用法：
  tianbao campaign create --flow <表单编号> --title <标题> --deadline "2026-12-01 17:00" --assign 张三,李四
                          [--remind -3d,-1d,-2h] [--tz Asia/Shanghai] [--quiet 21:30-08:30|off] [--quiet-weekends]
  tianbao campaign list [--json]
  tianbao campaign show <编号> [--json]
  tianbao campaign close <编号>
  tianbao campaign assign <编号> 王五[,赵六]
  tianbao campaign unassign <编号> 王五`;

type Ctx = { app: App; now: Date; json: boolean };

/** `tianbao campaign …`: a coordinator assigns a form to people with a deadline. Bad input changes nothing (exit 2). */
export async function runCampaign(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: glueDashValues(argv, ['--remind']),
      options: {
        flow: { type: 'string' },
        title: { type: 'string' },
        deadline: { type: 'string' },
        assign: { type: 'string' },
        remind: { type: 'string' },
        tz: { type: 'string' },
        quiet: { type: 'string' },
        'quiet-weekends': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(`参数有误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (v.help || !sub) {
    (v.help ? console.log : console.error)(USAGE);
    return v.help ? 0 : 2;
  }
  const clock = clockFromEnv();
  if (!clock.ok) {
    console.error(`${clock.reason}，例如：${clock.example}`);
    return 2;
  }
  const app = buildApp(configFromEnv());
  // PostgreSQL: the migrations have run (or the server said why not) before anything is read.
  await app.ready;
  const ctx: Ctx = { app, now: clock.value(), json: Boolean(v.json) };
  try {
    switch (sub) {
      case 'create':
        return await create(ctx, v);
      case 'list':
        return await list(ctx);
      case 'show':
        return await withCampaign(ctx, rest[0], (c) => show(ctx, c));
      case 'close':
        return await withCampaign(ctx, rest[0], (c) => close(ctx, c));
      case 'assign':
        return await withCampaign(ctx, rest[0], (c) => assign(ctx, c, rest.slice(1).join(',')));
      case 'unassign':
        return await withCampaign(ctx, rest[0], (c) => unassign(ctx, c, rest.slice(1).join(',')));
      default:
        console.error(`不认识的子命令"${sub}"。\n${USAGE}`);
        return 2;
    }
  } finally {
    app.close();
  }
}

async function create(ctx: Ctx, v: Record<string, string | boolean | undefined>): Promise<number> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const prepared = prepareCampaign(
    {
      flow: str('flow'),
      title: str('title'),
      deadline: str('deadline'),
      assign: str('assign'),
      remind: str('remind'),
      tz: str('tz'),
      quiet: str('quiet'),
      quietWeekends: Boolean(v['quiet-weekends']),
    },
    { now: ctx.now, flows: ctx.app.catalog.flows },
  );
  if (!prepared.ok) {
    console.error(`未创建任务：${prepared.reason}。\n例如：${prepared.example}`);
    return 2;
  }
  const c = await createCampaign(ctx.app.campaigns, prepared.value);
  if (ctx.json) {
    console.log(JSON.stringify(await describe(ctx, c), null, 2));
    return 0;
  }
  console.log(`已创建任务 #${c.id}「${c.title}」。`);
  console.log(await details(ctx, c));
  console.log('机器人在线时会给每位填报人发送通知；用 tianbao status 查看进度。');
  return 0;
}

async function list(ctx: Ctx): Promise<number> {
  const all = await ctx.app.campaigns.list();
  if (ctx.json) {
    console.log(JSON.stringify(await Promise.all(all.map((c) => describe(ctx, c))), null, 2));
    return 0;
  }
  if (!all.length) {
    console.log(
      '还没有任务。创建：tianbao campaign create --flow <表单编号> --title <标题> --deadline "2026-12-01 17:00" --assign 张三,李四',
    );
    return 0;
  }
  for (const c of all) {
    const s = await campaignStatus(appStatusDeps(ctx.app), c);
    const state = c.status === 'closed' ? '已关闭' : c.deadline <= ctx.now ? '已截止' : '进行中';
    console.log(
      `#${c.id}  ${state}  「${c.title}」《${s.form}》 截止 ${formatLocal(c.deadline, c.tz, ctx.now)}  已提交 ${s.submitted}/${s.assignees.length} 人`,
    );
  }
  return 0;
}

async function show(ctx: Ctx, c: Campaign): Promise<number> {
  if (ctx.json) console.log(JSON.stringify(await describe(ctx, c), null, 2));
  else console.log(`#${c.id}「${c.title}」${c.status === 'closed' ? '（已关闭）' : ''}\n${await details(ctx, c)}`);
  return 0;
}

async function close(ctx: Ctx, c: Campaign): Promise<number> {
  return print(await closeCampaign(ctx.app.campaigns, c, ctx.now), c, 'close');
}

async function assign(ctx: Ctx, c: Campaign, text: string): Promise<number> {
  return print(await assignPeople(ctx.app.campaigns, c, text, ctx.now), c, 'assign');
}

async function unassign(ctx: Ctx, c: Campaign, text: string): Promise<number> {
  return print(await unassignPeople(ctx.app.campaigns, c, text, ctx.now), c, 'unassign');
}

/** The shared result as the CLI prints it: examples become the command to type. */
function print(r: ManageResult, c: Campaign, sub: string): number {
  if (r.ok) {
    for (const l of r.lines) console.log(l);
    return 0;
  }
  if (r.example) return bad(`${r.reason}。\n例如：tianbao campaign ${sub} ${c.id} ${r.example}`);
  return bad(`${r.reason}${sub === 'assign' ? '：tianbao campaign create …' : ''}`);
}

async function withCampaign(
  ctx: Ctx,
  idText: string | undefined,
  fn: (c: Campaign) => Promise<number>,
): Promise<number> {
  const m = /^#?(\d+)$/.exec(idText?.trim() ?? '');
  if (!m) return bad(`请写任务编号（见 tianbao campaign list）。\n例如：tianbao campaign show 1`);
  const c = await ctx.app.campaigns.get(Number(m[1]));
  if (!c) {
    const ids = (await ctx.app.campaigns.list()).map((x) => `#${x.id}`);
    return bad(`没有编号为 ${m[1]} 的任务。${ids.length ? `现有任务：${ids.join('、')}` : '还没有任务。'}`);
  }
  return fn(c);
}

/** `--remind -3d,-1d` as people type it: parseArgs would read "-3d" as an option, so it is glued on (--remind=-3d,-1d). */
function glueDashValues(argv: string[], options: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (options.includes(argv[i]) && i + 1 < argv.length && /^-\d/.test(argv[i + 1]))
      out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function bad(message: string): number {
  console.error(message);
  return 2;
}

async function details(ctx: Ctx, c: Campaign): Promise<string> {
  const t = (d: Date) => formatLocal(d, c.tz, ctx.now);
  const names = (await ctx.app.campaigns.assignees(c.id)).map((a) => personLabel(a.user, a.name));
  const jobs = await ctx.app.campaigns.jobs(c.id);
  return [
    `  表单：《${formTitle(appStatusDeps(ctx.app), c)}》（${c.flowId}）`,
    `  截止：${t(c.deadline)}（${c.tz}）`,
    `  填报人 ${names.length} 人：${names.join('、') || '（无）'}`,
    `  免打扰：${formatQuiet(c.quiet)}`,
    '  提醒安排：',
    ...jobs.map((j) => `    ${jobLine(j, c, ctx.now)}`),
  ].join('\n');
}

async function describe(ctx: Ctx, c: Campaign) {
  return {
    ...(await campaignStatus(appStatusDeps(ctx.app), c)),
    createdAt: c.createdAt.toISOString(),
    offsets: c.offsets.map((o) => o.label),
    quiet: c.quiet,
    schedule: (await ctx.app.campaigns.jobs(c.id)).map((j) => ({
      kind: j.kind,
      slot: j.slot,
      dueAt: j.dueAt.toISOString(),
      status: j.status,
    })),
  };
}
