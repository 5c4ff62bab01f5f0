// 填报任务: list, create (the same checks and messages as `tianbao campaign create`), progress, 催办, people.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { type CampaignCheck, type CampaignField, checkCampaign, createCampaign } from '../campaigns/create.js';
import { assignPeople, closeCampaign, type ManageResult, unassignPeople } from '../campaigns/manage.js';
import type { Campaign } from '../campaigns/model.js';
import { DEFAULT_OFFSETS, describeOffset } from '../campaigns/offsets.js';
import { DEFAULT_QUIET_WINDOW, formatQuiet } from '../campaigns/quiet.js';
import { jobLine } from '../campaigns/schedule-text.js';
import { formTitle } from '../campaigns/status.js';
import { DEFAULT_TZ, formatLocal } from '../campaigns/time.js';
import { formatScore } from '../core/scoring/round.js';
import { campaignBars, campaignHistogram } from './charts-fragment.js';
import { csrfField, type Html, page } from './layout.js';
import { campaignRows, type PersonRow, statusLabel } from './people.js';
import type { Ctx, Env } from './server.js';

/** The campaign named by the URL, or undefined (then the route answers 404). */
export function campaignOf(ctx: Ctx, id: string | undefined): Campaign | undefined {
  return id && /^\d{1,9}$/.test(id) ? ctx.deps.app.campaigns.get(Number(id)) : undefined;
}

export function flashBox(ctx: Ctx, c: Context<Env>): Html {
  const f = ctx.takeFlash(c.get('session'));
  return f ? html`<div class="flash${f.bad ? ' bad' : ''}" role="status">${f.text}</div>` : html``;
}

function stateWord(ctx: Ctx, c: Campaign): string {
  return c.status === 'closed' ? '已关闭' : c.deadline <= ctx.now() ? '已截止' : '进行中';
}

export function campaignRoutes(app: Hono<Env>, ctx: Ctx): void {
  const A = () => ctx.deps.app;

  app.get('/campaigns', (c) => {
    const now = ctx.now();
    const s = c.get('session');
    const list = A().campaigns.list().reverse();
    const rows = list.map((k) => {
      const people = campaignRows(A(), k, now);
      const done = people.filter((p) => p.state === 'submitted').length;
      return html`<tr><td><a href="/campaigns/${k.id}">${k.title}</a></td><td>${formTitle({ flows: A().catalog }, k)}</td>
<td>${formatLocal(k.deadline, k.tz, now)}</td><td>${stateWord(ctx, k)}</td><td class="num">${done}/${people.length}</td></tr>`;
    });
    return c.html(
      page(
        '填报任务',
        s.csrf,
        html`${flashBox(ctx, c)}<h1>填报任务</h1>
<div class="actions"><a class="btn" href="/campaigns/new">新建任务</a></div>
${
  list.length
    ? html`<div class="card scroll"><table><thead><tr><th>任务</th><th>表单</th><th>截止</th><th>状态</th><th>已提交</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<div class="card"><p>还没有任务。点「新建任务」给填报人指定表单和截止时间。</p></div>`
}`,
      ),
    );
  });

  app.get('/campaigns/new', (c) => c.html(newForm(ctx, c.get('session').csrf, {})));

  app.post('/campaigns', async (c) => {
    const b = await c.req.parseBody({ all: true });
    const one = (k: string) => {
      const v = b[k];
      return typeof v === 'string' ? v : undefined;
    };
    const picked = ([] as unknown[]).concat(b.people ?? []).filter((x): x is string => typeof x === 'string');
    const assign = [...picked, one('assign') ?? ''].join(',');
    const input: FormValues = {
      flow: one('flow'),
      title: one('title'),
      deadline: one('deadline'),
      assign,
      typed: one('assign'),
      picked,
      remind: one('remind'),
      tz: one('tz'),
      quiet: one('quiet'),
      quietWeekends: one('quiet_weekends') === 'on',
    };
    const r = checkCampaign(input, { now: ctx.now(), flows: A().catalog.flows });
    if (!r.ok) return c.html(newForm(ctx, c.get('session').csrf, input, r), 400);
    const created = createCampaign(A().campaigns, r.value);
    ctx.flash(c.get('session'), {
      text: `已创建任务 #${created.id}「${created.title}」。机器人在线时会给每位填报人发送通知。`,
    });
    return c.redirect(`/campaigns/${created.id}`, 303);
  });

  app.get('/campaigns/:id', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(progressPage(ctx, c, k));
  });

  app.get('/campaigns/:id/rows', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(rowsFragment(ctx, k, campaignRows(A(), k, ctx.now()), c.get('session').csrf));
  });

  app.get('/campaigns/:id/charts', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(chartsFragment(k, campaignRows(A(), k, ctx.now())));
  });

  const change = (fn: (k: Campaign, body: Record<string, unknown>) => ManageResult) => async (c: Context<Env>) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const r = fn(k, await c.req.parseBody());
    ctx.flash(
      c.get('session'),
      r.ok
        ? { text: r.lines.join('') }
        : { text: `${r.reason}${r.example ? `，例如：${r.example}` : '。'}`, bad: true },
    );
    return c.redirect(`/campaigns/${k.id}`, 303);
  };
  const text = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  app.post(
    '/campaigns/:id/close',
    change((k) => closeCampaign(A().campaigns, k, ctx.now())),
  );
  app.post(
    '/campaigns/:id/assign',
    change((k, b) => assignPeople(A().campaigns, k, text(b, 'names'), ctx.now())),
  );
  app.post(
    '/campaigns/:id/unassign',
    change((k, b) => unassignPeople(A().campaigns, k, text(b, 'names'), ctx.now())),
  );
  app.post(
    '/campaigns/:id/urge',
    change((k, b) => urge(ctx, k, text(b, 'user') || undefined)),
  );
}

/** 催办 through the outbox, held until quiet hours end (never past the deadline), as the scheduled nudges are. */
function urge(ctx: Ctx, k: Campaign, user: string | undefined): ManageResult {
  if (k.status === 'closed') return { ok: false, reason: `任务 #${k.id} 已关闭，不再催办` };
  const now = ctx.now();
  const { sent, repeated } = ctx.scheduler.urge(now, k.id, { user, respectQuiet: true });
  if (!sent.length)
    return {
      ok: true,
      lines: [
        repeated.length
          ? '刚刚已催办过，消息正在发送，请稍后再试。'
          : user
            ? `${user} 已提交，无需催办。`
            : '所有人都已提交，无需催办。',
      ],
    };
  const names = [...new Set(sent.map((d) => d.to))];
  const held = sent.find((d) => d.at);
  return {
    ok: true,
    lines: [
      `已催办 ${names.length} 人：${names.join('、')}。`,
      held?.at ? `现在是免打扰时段，消息将在 ${formatLocal(held.at, k.tz, now)} 发出。` : '消息会依次发出。',
    ],
  };
}

interface FormValues {
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

function newForm(ctx: Ctx, csrf: string, v: FormValues, err?: Extract<CampaignCheck, { ok: false }>): Html {
  const flows = ctx.deps.app.catalog.flows;
  const people = ctx.deps.app.campaigns.knownPeople();
  const picked = new Set(v.picked ?? []);
  const errorAt = (f: CampaignField) =>
    err?.field === f ? html`<p class="error" role="alert">未创建任务：${err.reason}。例如：${err.example}</p>` : html``;
  const quietDefault = process.env.TIANBAO_QUIET_HOURS || DEFAULT_QUIET_WINDOW;
  return page(
    '新建任务',
    csrf,
    html`<h1>新建填报任务</h1>
<form method="post" action="/campaigns" class="card">${csrfField(csrf)}
<label for="flow">表单</label>
<select id="flow" name="flow">${flows.map(
      (f) =>
        html`<option value="${f.id}"${f.id === v.flow ? html` selected` : html``}>${f.org ? `${f.org} ` : ''}${f.year ? `${f.year}年度` : ''}${f.title}${f.project ? `（${f.project}）` : ''}</option>`,
    )}</select>${errorAt('flow')}
<label for="title">任务标题</label>
<input type="text" id="title" name="title" value="${v.title ?? ''}" placeholder="2025年度绩效自评">${errorAt('title')}
<label for="deadline">截止时间</label>
<input type="text" id="deadline" name="deadline" value="${v.deadline ?? ''}" placeholder="2026-12-07 17:00">
<div class="hint">写成"年-月-日 时:分"，按下面的时区</div>${errorAt('deadline')}
<label>填报人</label>
${
  people.length
    ? html`<div class="people">${people.map(
        (p) =>
          html`<label><input type="checkbox" name="people" value="${p}"${picked.has(p) ? html` checked` : html``}> ${p}</label>`,
      )}</div>`
    : html``
}
<input type="text" id="assign" name="assign" value="${v.typed ?? ''}" placeholder="张三,李四" aria-label="填报人名单">
<div class="hint">勾选已知的人，或直接写微信备注名或昵称，多人用逗号分开</div>${errorAt('assign')}
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

function progressPage(ctx: Ctx, c: Context<Env>, k: Campaign): Html {
  const now = ctx.now();
  const s = c.get('session');
  const rows = campaignRows(ctx.deps.app, k, now);
  const jobs = ctx.deps.app.campaigns.jobs(k.id);
  const open = k.status === 'open';
  return page(
    k.title,
    s.csrf,
    html`${flashBox(ctx, c)}<h1>${k.title}</h1>
<div class="card">
<div>表单：《${formTitle({ flows: ctx.deps.app.catalog }, k)}》</div>
<div>截止：${formatLocal(k.deadline, k.tz, now)}（${stateWord(ctx, k)}）</div>
<div>免打扰：${formatQuiet(k.quiet)}；提醒：${
      jobs
        .filter((j) => j.kind === 'nudge')
        .map((j) => describeOffset(j.slot))
        .join('、') || '无'
    }</div>
<details><summary>提醒安排</summary><ul>${jobs.map((j) => html`<li>${jobLine(j, k, now)}</li>`)}</ul></details>
<div class="actions">
${open ? html`<form class="inline" method="post" action="/campaigns/${k.id}/urge">${csrfField(s.csrf)}<button type="submit">催办全部未提交</button></form>` : html``}
<a class="btn light" href="/campaigns/${k.id}/summary.xlsx">下载汇总表（Excel）</a>
<a class="btn light" href="/campaigns/${k.id}/reports.zip">下载全部自评表（zip）</a>
</div></div>
<h2>填报进度</h2>
<div class="card scroll"><table><thead><tr><th>填报人</th><th>状态</th><th class="wide">最后活动</th><th>得分</th><th>等级</th><th></th></tr></thead>
${rowsFragment(ctx, k, rows, s.csrf)}</table>
<div class="hint">每 3 秒自动刷新</div></div>
<h2>得分图</h2>
${chartsFragment(k, rows)}
${
  open
    ? html`<h2>调整填报人</h2><div class="card">
<form method="post" action="/campaigns/${k.id}/assign">${csrfField(s.csrf)}<label for="add">加入填报人</label>
<input type="text" id="add" name="names" placeholder="王五,赵六"> <button type="submit">加入</button></form>
<form method="post" action="/campaigns/${k.id}/unassign">${csrfField(s.csrf)}<label for="remove">移出填报人</label>
<input type="text" id="remove" name="names" placeholder="王五"> <button type="submit" class="light">移出</button></form>
</div>
<form method="post" action="/campaigns/${k.id}/close">${csrfField(s.csrf)}<button type="submit" class="danger">关闭任务（不再提醒）</button></form>`
    : html``
}`,
  );
}

/** The table body, polled by htmx; the same markup the page starts with. */
function rowsFragment(ctx: Ctx, k: Campaign, rows: PersonRow[], csrf: string): Html {
  const now = ctx.now();
  const s = (r: PersonRow) =>
    r.state === 'submitted' ? 'st-submitted' : r.late ? 'st-late' : r.state === 'new' ? 'st-new' : '';
  const open = k.status === 'open';
  return html`<tbody id="rows" hx-get="/campaigns/${k.id}/rows" hx-trigger="every 3s" hx-swap="outerHTML">${
    rows.length
      ? rows.map(
          (r) => html`<tr data-user="${r.user}">
<td><a href="/campaigns/${k.id}/people/${encodeURIComponent(r.user)}">${r.user}</a></td>
<td class="${s(r)}">${statusLabel(r)}</td>
<td class="wide">${r.lastActivity ? formatLocal(new Date(r.lastActivity), k.tz, now) : '—'}</td>
<td class="num">${r.score == null ? '—' : `${formatScore(r.score)}${r.report?.provisional ? '（暂定）' : ''}`}</td>
<td>${r.grade ?? '—'}</td>
<td>${open && r.state !== 'submitted' ? html`<form class="inline" method="post" action="/campaigns/${k.id}/urge">${csrfField(csrf)}<input type="hidden" name="user" value="${r.user}"><button class="light" type="submit">催办</button></form>` : html``}</td>
</tr>`,
        )
      : html`<tr><td colspan="6">暂无填报人</td></tr>`
  }</tbody>`;
}

function chartsFragment(k: Campaign, rows: PersonRow[]): Html {
  return html`<div id="charts" class="card charts" hx-get="/campaigns/${k.id}/charts" hx-trigger="every 15s" hx-swap="outerHTML">${
    rows.some((r) => r.groups)
      ? html`${campaignBars(rows)}${campaignHistogram(rows)}`
      : html`<p class="hint">还没有人提交，提交后这里显示各人一级指标得分和总分分布。</p>`
  }</div>`;
}
