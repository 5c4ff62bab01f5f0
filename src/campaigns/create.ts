// Checks a coordinator's new campaign (CLI `campaign create` and the web console); nothing is written unless all of it is good.
import type { Flow } from '../core/flow/model.js';
import type { Result } from '../core/types.js';
import type { CampaignRows, NewCampaign, PersonName } from '../store/campaign-rows.js';
import type { Campaign } from './model.js';
import { DEFAULT_OFFSETS, parseOffsets } from './offsets.js';
import { namesGiven, parsePeopleList } from './people-list.js';
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
  /** Display names written in the list (张三（ZhangSan）), stored with the campaign. */
  names?: PersonName[];
}

/** Which input a refusal is about: the CLI names its option, the web console its form field. */
export type CampaignField = 'flow' | 'title' | 'deadline' | 'assign' | 'remind' | 'tz' | 'quiet';

/** The one check of a new campaign, for the CLI and the web console: a reason and an example value, never a throw. */
export type CampaignCheck =
  | { ok: true; value: PreparedCampaign }
  | { ok: false; field: CampaignField; reason: string; example: string };

export function checkCampaign(
  input: CampaignInput,
  ctx: { now: Date; flows: Pick<Flow, 'id'>[]; env?: NodeJS.ProcessEnv },
): CampaignCheck {
  const fail = (field: CampaignField, reason: string, example: string): CampaignCheck => ({
    ok: false,
    field,
    reason,
    example,
  });
  const tz = input.tz?.trim() || DEFAULT_TZ;
  if (!isValidTimeZone(tz)) return fail('tz', `时区"${tz}"无法识别`, DEFAULT_TZ);

  const flowId = input.flow?.trim() ?? '';
  if (!flowId) return fail('flow', '缺少要填写的表单', ctx.flows[0]?.id ?? 'demo');
  if (!ctx.flows.some((f) => f.id === flowId)) {
    const known = ctx.flows.map((f) => f.id);
    return fail(
      'flow',
      `没有编号为"${flowId}"的表单${known.length ? `，现有表单：${known.join('、')}` : '，表单目录里还没有表单'}`,
      known[0] ?? 'demo',
    );
  }

  const title = input.title?.trim() ?? '';
  if (!title) return fail('title', '缺少任务标题', '2025年度绩效自评');

  const example = aWeekFrom(ctx.now, tz);
  if (!input.deadline?.trim()) return fail('deadline', '缺少截止时间', example);
  const deadline = parseDateTime(input.deadline, tz);
  if (!deadline.ok) return fail('deadline', deadline.reason, example);
  if (deadline.value <= ctx.now) {
    return fail(
      'deadline',
      `截止时间 ${formatLocal(deadline.value, tz, ctx.now)} 已经过去（现在是 ${formatLocal(ctx.now, tz, ctx.now)}）`,
      example,
    );
  }

  const listed = parsePeopleList(input.assign ?? '');
  if (!listed.ok) return fail('assign', listed.reason, '张三（ZhangSan）,李四（LiSi）');
  const assignees = listed.people.map((p) => p.key);
  if (!assignees.length) return fail('assign', '填报人名单为空，请写微信备注名或昵称，多人用逗号分开', '张三,李四');
  const names = namesGiven(listed.people);

  const offsets = parseOffsets(input.remind ?? DEFAULT_OFFSETS);
  if (!offsets.ok) return fail('remind', offsets.reason, offsets.example);

  const fromEnv = quietFromEnv(ctx.env ?? process.env);
  if (!fromEnv.ok) return fail('quiet', fromEnv.reason, fromEnv.example);
  let quiet: QuietHours = fromEnv.value;
  if (input.quiet !== undefined) {
    const w = parseQuietWindow(input.quiet);
    if (!w.ok) return fail('quiet', w.reason, w.example);
    quiet = { ...quiet, nightly: w.value };
  }
  if (input.quietWeekends) quiet = { ...quiet, weekends: true };

  return {
    ok: true,
    value: {
      campaign: { flowId, title, deadline: deadline.value, tz, offsets: offsets.value, quiet, createdAt: ctx.now },
      assignees,
      ...(names.length ? { names } : {}),
    },
  };
}

/** checkCampaign for `tianbao campaign create`: the example is written as the command-line option. */
export function prepareCampaign(
  input: CampaignInput,
  ctx: { now: Date; flows: Pick<Flow, 'id'>[]; env?: NodeJS.ProcessEnv },
): Result<PreparedCampaign> {
  const r = checkCampaign(input, ctx);
  if (r.ok) return r;
  const value = r.field === 'deadline' ? `"${r.example}"` : r.example;
  return { ok: false, reason: r.reason, example: `--${r.field} ${value}` };
}

/** Stores the campaign with its planned jobs, and the names the list gave. @example const c = await createCampaign(app.campaigns, prepared.value) */
export async function createCampaign(store: CampaignRows, p: PreparedCampaign): Promise<Campaign> {
  return store.create(p.campaign, p.assignees, planJobs(p.campaign), p.names);
}

/** An example deadline that is valid now: a week from today at 17:00. */
function aWeekFrom(now: Date, tz: string): string {
  const p = wallParts(toWall(new Date(now.getTime() + 7 * DAY), tz));
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} 17:00`;
}
