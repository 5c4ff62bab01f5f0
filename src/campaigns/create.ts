// Checks a coordinator's `campaign create` input; nothing is written unless all of it is good.
import type { Flow } from '../core/flow/model.js';
import type { Result } from '../core/types.js';
import type { CampaignStore, NewCampaign } from './campaign-store.js';
import type { Campaign } from './model.js';
import { splitNames } from './names.js';
import { DEFAULT_OFFSETS, parseOffsets } from './offsets.js';
import { planJobs } from './plan.js';
import { parseQuietWindow, type QuietHours, quietFromEnv } from './quiet.js';
import { DAY, DEFAULT_TZ, formatLocal, isValidTimeZone, parseDateTime, toWall, wallParts } from './time.js';

export interface CampaignInput {
  flow?: string;
  title?: string;
  deadline?: string;
  assign?: string;
  remind?: string;
  tz?: string;
  /** "21:30-08:30" or "off"; default from the environment. */
  quiet?: string;
  quietWeekends?: boolean;
}

export interface PreparedCampaign {
  campaign: NewCampaign;
  assignees: string[];
}

export function prepareCampaign(
  input: CampaignInput,
  ctx: { now: Date; flows: Pick<Flow, 'id'>[]; env?: NodeJS.ProcessEnv },
): Result<PreparedCampaign> {
  const fail = (reason: string, example: string): Result<PreparedCampaign> => ({ ok: false, reason, example });
  const tz = input.tz?.trim() || DEFAULT_TZ;
  if (!isValidTimeZone(tz)) return fail(`时区"${tz}"无法识别`, '--tz Asia/Shanghai');

  const flowId = input.flow?.trim() ?? '';
  if (!flowId) return fail('缺少要填写的表单（--flow）', `--flow ${ctx.flows[0]?.id ?? 'demo'}`);
  if (!ctx.flows.some((f) => f.id === flowId)) {
    const known = ctx.flows.map((f) => f.id);
    return fail(
      `没有编号为"${flowId}"的表单${known.length ? `，现有表单：${known.join('、')}` : '，表单目录里还没有表单'}`,
      `--flow ${known[0] ?? 'demo'}`,
    );
  }

  const title = input.title?.trim() ?? '';
  if (!title) return fail('缺少任务标题（--title）', '--title 2025年度绩效自评');

  const example = `--deadline "${aWeekFrom(ctx.now, tz)}"`;
  if (!input.deadline?.trim()) return fail('缺少截止时间（--deadline）', example);
  const deadline = parseDateTime(input.deadline, tz);
  if (!deadline.ok) return fail(deadline.reason, example);
  if (deadline.value <= ctx.now) {
    return fail(
      `截止时间 ${formatLocal(deadline.value, tz, ctx.now)} 已经过去（现在是 ${formatLocal(ctx.now, tz, ctx.now)}）`,
      example,
    );
  }

  const assignees = splitNames(input.assign ?? '');
  if (!assignees.length)
    return fail('填报人名单为空（--assign），请写微信备注名或昵称，多人用逗号分开', '--assign 张三,李四');

  const offsets = parseOffsets(input.remind ?? DEFAULT_OFFSETS);
  if (!offsets.ok) return fail(offsets.reason, offsets.example);

  const fromEnv = quietFromEnv(ctx.env ?? process.env);
  if (!fromEnv.ok) return fail(fromEnv.reason, fromEnv.example);
  let quiet: QuietHours = fromEnv.value;
  if (input.quiet !== undefined) {
    const w = parseQuietWindow(input.quiet);
    if (!w.ok) return fail(w.reason, `--quiet ${w.example}`);
    quiet = { ...quiet, nightly: w.value };
  }
  if (input.quietWeekends) quiet = { ...quiet, weekends: true };

  return {
    ok: true,
    value: {
      campaign: { flowId, title, deadline: deadline.value, tz, offsets: offsets.value, quiet, createdAt: ctx.now },
      assignees,
    },
  };
}

export function createCampaign(store: CampaignStore, p: PreparedCampaign): Campaign {
  return store.create(p.campaign, p.assignees, planJobs(p.campaign));
}

/** An example deadline that is valid now: a week from today at 17:00. */
function aWeekFrom(now: Date, tz: string): string {
  const p = wallParts(toWall(new Date(now.getTime() + 7 * DAY), tz));
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} 17:00`;
}
