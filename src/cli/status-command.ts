import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-engine.js';
import { configFromEnv } from '../app/config.js';
import { clockFromEnv } from '../campaigns/clock.js';
import { appStatusDeps, campaignStatus, statusReport } from '../campaigns/status.js';

const USAGE = '用法：tianbao status [--campaign <编号>] [--json]\n  不带 --campaign 时列出所有进行中的任务。';

/** `tianbao status`: each assignee's progress, last activity, submitted revision and score. */
export async function runStatus(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: { campaign: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`参数有误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  const clock = clockFromEnv();
  if (!clock.ok) {
    console.error(`${clock.reason}，例如：${clock.example}`);
    return 2;
  }
  let id: number | undefined;
  if (v.campaign !== undefined) {
    const m = /^#?(\d+)$/.exec(v.campaign.trim());
    if (!m) {
      console.error(`--campaign 应为任务编号，实际为"${v.campaign}"。\n例如：--campaign 1`);
      return 2;
    }
    id = Number(m[1]);
  }
  const app = buildApp(configFromEnv());
  // PostgreSQL: the migrations have run (or the server said why not) before anything is read.
  await app.ready;
  try {
    const list =
      id === undefined
        ? await app.campaigns.openCampaigns()
        : [await app.campaigns.get(id)].filter((c) => c !== undefined);
    if (id !== undefined && !list.length) {
      console.error(`没有编号为 ${id} 的任务。查看全部：tianbao campaign list`);
      return 2;
    }
    if (v.json)
      console.log(JSON.stringify(await Promise.all(list.map((c) => campaignStatus(appStatusDeps(app), c))), null, 2));
    else console.log(await statusReport(appStatusDeps(app), list, clock.value()));
    return 0;
  } finally {
    app.close();
  }
}
