// One campaign's page: details and schedule, the live progress table, the charts, 催办 and people.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { describeOffset } from '../campaigns/offsets.js';
import { formatQuiet } from '../campaigns/quiet.js';
import { jobLine } from '../campaigns/schedule-text.js';
import { formTitle } from '../campaigns/status.js';
import { formatLocal } from '../campaigns/time.js';
import { formatScore } from '../core/scoring/round.js';
import { campaignBars, campaignHistogram } from './charts-fragment.js';
import { csrfField, type Html, page } from './layout.js';
import { flashBox, stateWord } from './page-parts.js';
import { campaignRows, type PersonRow, statusLabel } from './people.js';
import type { Ctx, Env } from './server.js';

export function progressPage(ctx: Ctx, c: Context<Env>, k: Campaign): Html {
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
export function rowsFragment(ctx: Ctx, k: Campaign, rows: PersonRow[], csrf: string): Html {
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

export function chartsFragment(k: Campaign, rows: PersonRow[]): Html {
  return html`<div id="charts" class="card charts" hx-get="/campaigns/${k.id}/charts" hx-trigger="every 15s" hx-swap="outerHTML">${
    rows.some((r) => r.groups)
      ? html`${campaignBars(rows)}${campaignHistogram(rows)}`
      : html`<p class="hint">还没有人提交，提交后这里显示各人一级指标得分和总分分布。</p>`
  }</div>`;
}
