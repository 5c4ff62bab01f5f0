// The new-campaign form: fields, the people the bot knows, and a refusal shown under the field at fault.
import { html } from 'hono/html';
import type { CampaignCheck, CampaignField } from '../campaigns/create.js';
import { DEFAULT_OFFSETS } from '../campaigns/offsets.js';
import { DEFAULT_QUIET_WINDOW } from '../campaigns/quiet.js';
import { DEFAULT_TZ } from '../campaigns/time.js';
import { formLabels } from './form-label.js';
import { csrfField, type Html, page } from './layout.js';
import type { Ctx } from './server.js';

export interface FormValues {
  flow?: string;
  title?: string;
  deadline?: string;
  assign?: string;
  typed?: string;
  picked?: string[];
  remind?: string;
  tz?: string;
  quiet?: string;
  quietWeekends?: boolean;
}

export async function newForm(
  ctx: Ctx,
  csrf: string,
  v: FormValues,
  err?: Extract<CampaignCheck, { ok: false }>,
): Promise<Html> {
  const flows = ctx.deps.app.catalog.flows;
  const labels = formLabels(flows);
  const people = await ctx.deps.app.campaigns.knownPeople();
  const names = await ctx.deps.app.campaigns.names();
  const picked = new Set(v.picked ?? []);
  const errorAt = (f: CampaignField) =>
    err?.field !== f
      ? html``
      : f === 'flow'
        ? html`<p class="error" role="alert">未创建任务：${v.flow ? err.reason : '请先选择表单'}。</p>`
        : html`<p class="error" role="alert">未创建任务：${err.reason}。例如：${err.example}</p>`;
  const quietDefault = process.env.TIANBAO_QUIET_HOURS || DEFAULT_QUIET_WINDOW;
  return page(
    '新建任务',
    csrf,
    html`<h1>新建填报任务</h1>
<form method="post" action="/campaigns" class="card">${csrfField(csrf)}
<label for="flow">表单</label>
<select id="flow" name="flow" required><option value=""${v.flow ? html`` : html` selected`} disabled>请选择表单</option>${flows.map(
      (f) => html`<option value="${f.id}"${f.id === v.flow ? html` selected` : html``}>${labels.get(f.id)}</option>`,
    )}</select>
<div class="hint">单位 · 项目或表名 · 年度（重新导入过的注明第几版）；表单的细节见「表单」页</div>${errorAt('flow')}
<label for="title">任务标题</label>
<input type="text" id="title" name="title" value="${v.title ?? ''}" placeholder="2025年度绩效自评">${errorAt('title')}
<label for="deadline">截止时间</label>
<input type="text" id="deadline" name="deadline" value="${v.deadline ?? ''}" placeholder="2026-12-07 17:00">
<div class="hint">写成"年-月-日 时:分"，按下面的时区</div>${errorAt('deadline')}
<label>填报人（${ctx.people.keyLabel}）</label>
${peopleBoxes(people, picked, names)}
<input type="text" id="assign" name="assign" value="${v.typed ?? ''}" placeholder="张三,李四" aria-label="填报人名单" autocomplete="off" hx-get="/people/check" hx-trigger="input changed delay:400ms, load" hx-target="#assign-check" hx-swap="innerHTML">
<div id="assign-check" aria-live="polite"></div>
<div class="hint">勾选已知的人，或直接写${ctx.people.keyLabel}，多人用逗号分开。${ctx.people.keyHint}</div>${errorAt('assign')}
<label for="remind">提醒时间（截止前）</label>
<input type="text" id="remind" name="remind" value="${v.remind ?? DEFAULT_OFFSETS}">
<div class="hint">d=天、h=小时、m=分钟，如 -3d,-1d,-2h</div>${errorAt('remind')}
<label for="quiet">免打扰时段</label>
<input type="text" id="quiet" name="quiet" value="${v.quiet ?? quietDefault}">
<div class="hint">如 21:30-08:30，写 off 表示不设</div>${errorAt('quiet')}
<label><input type="checkbox" name="quiet_weekends"${v.quietWeekends ? html` checked` : html``}> 周末全天免打扰</label>
<label for="tz">时区</label>
<input type="text" id="tz" name="tz" value="${v.tz ?? DEFAULT_TZ}">${errorAt('tz')}
<div class="actions"><button type="submit">创建任务</button><a class="btn light" href="/campaigns">取消</a></div>
</form>`,
  );
}

/** Past this many, the known people are folded away: a round of hundreds is pasted as a list, not ticked. */
const UNFOLDED_PEOPLE = 30;

/** Known people to tick, each by display name with the key beside it (the box's value is the key). */
function peopleBoxes(people: string[], picked: Set<string>, names: Map<string, string>): Html {
  if (!people.length) return html``;
  const boxes = html`<div class="people">${people.map((p) => {
    const name = names.get(p);
    return html`<label><input type="checkbox" name="people" value="${p}"${picked.has(p) ? html` checked` : html``}> ${name ?? p}${name ? html` <span class="hint">${p}</span>` : ''}</label>`;
  })}</div>`;
  if (people.length <= UNFOLDED_PEOPLE) return boxes;
  return html`<details${picked.size ? html` open` : html``}><summary>从已知的 ${people.length} 人中勾选${
    picked.size ? `（已选 ${picked.size} 人）` : ''
  }</summary>${boxes}</details>`;
}
