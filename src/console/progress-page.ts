// One campaign's page: details, the count line and failed sends, the charts, then the live table (sortable, 只看未提交)
// with each person's progress, score, review and delivery; 催办, people, closing and reopening.
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { describeOffset } from '../campaigns/offsets.js';
import { personLabel } from '../campaigns/people-list.js';
import { formatQuiet } from '../campaigns/quiet.js';
import { jobLine } from '../campaigns/schedule-text.js';
import { formatLocal } from '../campaigns/time.js';
import { formatScore } from '../core/scoring/round.js';
import {
  type CampaignView,
  campaignView,
  type PersonView,
  queryString,
  readQuery,
  type SortKey,
  type ViewQuery,
} from './campaign-view.js';
import { campaignCharts, chartsToken } from './charts-fragment.js';
import type { DeliveryState } from './delivery-state.js';
import { formLabel } from './form-label.js';
import { csrfField, type Html, page } from './layout.js';
import { LiveTables, type Rendered, rowId } from './live.js';
import { flashBox, stateWord } from './page-parts.js';
import { statusLabel } from './people.js';
import type { Ctx, Env } from './server.js';

export const REFRESH_SECONDS = 3;
const live = new WeakMap<Ctx, LiveTables>();
const liveOf = (ctx: Ctx) => {
  let l = live.get(ctx);
  if (!l) {
    l = new LiveTables();
    live.set(ctx, l);
  }
  return l;
};

const SORT_LABEL: Record<SortKey, string> = {
  list: '填报人',
  status: '状态',
  score: '得分',
  activity: '最后活动',
  name: '姓名',
};

export async function progressPage(ctx: Ctx, c: Context<Env>, k: Campaign): Promise<Html> {
  const now = ctx.now();
  const s = c.get('session');
  const q = readQuery((n) => c.req.query(n));
  const view = await campaignView(ctx, k, q);
  const jobs = await ctx.deps.app.campaigns.jobs(k.id);
  const open = k.status === 'open';
  const rendered = await renderLive(ctx, k, view, q);
  const token = liveOf(ctx).remember(scopeOf(k, q), rendered);
  const flow = ctx.deps.app.catalog.byId(k.flowId);
  const allRows = q.pendingOnly ? (await campaignView(ctx, k)).rows : view.rows;
  return page(
    k.title,
    s.csrf,
    html`${flashBox(ctx, c)}<h1>${k.title}</h1>
<div id="banner" class="banner" role="alert" hidden><span class="when-down">连不上机器人（可能已停止运行），下面的进度不再更新；机器人恢复后自动继续。</span><span class="when-gone">登录已失效，下面的进度不再更新。<a href="/signin-needed">请重新登录</a></span></div>
<div class="card">
<div>表单：${flow ? formLabel(flow) : k.flowId}</div>
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
${raw(rendered.parts.map((p) => p.html).join('\n'))}
${await campaignCharts(k, allRows)}
<h2 id="progress">填报进度</h2>
<div class="card">
<div class="actions">${
      q.pendingOnly
        ? html`<a class="btn light" href="/campaigns/${k.id}${queryString({ ...q, pendingOnly: false })}#progress">显示全部</a>`
        : html`<a class="btn light" href="/campaigns/${k.id}${queryString({ ...q, pendingOnly: true })}#progress">只看未提交</a>`
    }<span class="hint">点表头排序：${SORT_LABEL[q.sort]}${q.sort === 'list' ? '（名单顺序）' : ''}</span></div>
<form id="urge" method="post" action="/campaigns/${k.id}/urge">${csrfField(s.csrf)}</form>
<div class="scroll"><table><thead><tr>${headerCell(k, q, 'list', '填报人', 'name')}${headerCell(k, q, 'status', '状态')}<th>消息</th>${headerCell(k, q, 'activity', '最后活动', undefined, 'wide')}${headerCell(k, q, 'score', '得分')}<th class="narrow-hide">等级</th><th></th></tr></thead>
<tbody id="rows">${raw(rendered.rows.map((r) => r.html).join(''))}${view.rows.length ? '' : html`<tr><td colspan="7">${q.pendingOnly ? '都已提交' : '暂无填报人'}</td></tr>`}</tbody></table></div>
<div class="hint" id="live-hint">每 ${REFRESH_SECONDS} 秒自动刷新${ctx.people.waitingNote ? `；终端模式：等待发送的消息在${ctx.people.waitingNote}` : ''}</div>
${poller(k, q, token)}
</div>
${open ? peopleCard(ctx, k, s.csrf) : html``}
${
  open
    ? html`<div class="actions"><a class="btn danger" href="/campaigns/${k.id}/close">关闭任务…</a></div>`
    : html`<div class="card"><p>任务已关闭${k.closedAt ? `（${formatLocal(k.closedAt, k.tz, now)}）` : ''}：不再提醒，也不能催办。</p>
<form method="post" action="/campaigns/${k.id}/reopen">${csrfField(s.csrf)}<button type="submit">重新打开任务</button></form></div>`
}`,
  );
}

/** A column title that sorts the table by it (the current one is marked). */
function headerCell(k: Campaign, q: ViewQuery, sort: SortKey, label: string, alt?: SortKey, cls?: string): Html {
  const current = q.sort === sort || q.sort === alt;
  // The first column toggles between list order and by name.
  const next: SortKey = sort === 'list' && q.sort === 'list' && alt ? alt : sort;
  return html`<th${cls ? html` class="${cls}"` : ''}${current ? html` aria-sort="${sort === 'score' || sort === 'activity' ? 'descending' : 'ascending'}"` : ''}><a href="/campaigns/${k.id}${queryString({ ...q, sort: next })}#progress">${label}${current ? ' ▾' : ''}</a></th>`;
}

function peopleCard(ctx: Ctx, k: Campaign, csrf: string): Html {
  return html`<h2>调整填报人</h2><div class="card">
<form method="post" action="/campaigns/${k.id}/assign">${csrfField(csrf)}<label for="add">加入填报人（${ctx.people.keyLabel}）</label>
<input type="text" id="add" name="names" placeholder="王五,赵六" autocomplete="off" hx-get="/people/check" hx-trigger="input changed delay:400ms" hx-target="#add-check" hx-swap="innerHTML">
<div id="add-check" aria-live="polite"></div><div class="hint">${ctx.people.keyHint}</div>
<button type="submit">加入</button></form>
<form method="get" action="/campaigns/${k.id}/unassign"><label for="remove">移出填报人</label>
<input type="text" id="remove" name="names" placeholder="王五"> <button type="submit" class="light">移出…</button></form>
<div class="hint">移出前会再确认一次；移出后不再提醒，已提交的自评表仍保留，也可以马上撤销。</div>
</div>`;
}

function poller(k: Campaign, q: ViewQuery, token: string): Html {
  return html`<div id="live" hx-get="/campaigns/${k.id}/live${queryString(q, { v: token })}" hx-trigger="every ${REFRESH_SECONDS}s" hx-swap="none"></div>`;
}

const scopeOf = (k: Campaign, q: ViewQuery) => `${k.id}:${q.sort}:${q.pendingOnly ? 1 : 0}`;

/**
 * The live refresh: 204 when nothing changed, else the rows and parts that did (or the whole table body), and the
 * poller with the new token. `since` is the token of what the page shows.
 */
export async function liveFragment(
  ctx: Ctx,
  k: Campaign,
  q: ViewQuery,
  since: string | undefined,
): Promise<{ status: 204 } | { status: 200; body: string }> {
  const view = await campaignView(ctx, k, q);
  const rendered = await renderLive(ctx, k, view, q);
  const d = liveOf(ctx).diff(scopeOf(k, q), since, rendered);
  if (d.kind === 'same') return { status: 204 };
  const oob = (h: string) => h.replace(/^<(\w+) /, '<$1 hx-swap-oob="true" ');
  const body =
    d.kind === 'all'
      ? [
          `<tbody id="rows" hx-swap-oob="true">${rendered.rows.map((r) => r.html).join('')}${view.rows.length ? '' : `<tr><td colspan="7">${q.pendingOnly ? '都已提交' : '暂无填报人'}</td></tr>`}</tbody>`,
          ...rendered.parts.map((p) => oob(p.html)),
        ]
      : [...d.rows.map((r) => oob(r.html)), ...d.parts.map((p) => oob(p.html))];
  body.push(oob(String(await poller(k, q, d.token))));
  return { status: 200, body: body.join('\n') };
}

async function renderLive(ctx: Ctx, k: Campaign, view: CampaignView, q: ViewQuery): Promise<Rendered> {
  const rows: Rendered['rows'] = [];
  for (const r of view.rows) rows.push({ id: rowId(r.user), html: String(await rowHtml(ctx, k, r)) });
  return {
    rows,
    parts: [
      { id: 'counts', html: String(await countsHtml(view, q)) },
      { id: 'failed', html: String(await failedHtml(ctx, k, view)) },
    ],
  };
}

function countsHtml(view: CampaignView, q: ViewQuery): Html {
  const n = view.counts;
  const total = n.submitted + n.returned + n.open + n.new + n.late;
  const part = (label: string, count: number, cls = '') =>
    html`<span class="${cls}">${label} <strong>${count}</strong></span>`;
  const failed = failedPeople(view).length;
  return html`<p id="counts" class="counts" role="status">共 ${total} 人：${part('已提交', n.submitted, 'st-submitted')} · ${part('填写中', n.open)} · ${part('未开始', n.new, 'st-new')} · ${part('逾期', n.late, n.late ? 'st-late' : '')}${
    n.returned ? html` · ${part('退回修改', n.returned, 'st-returned')}` : ''
  }${failed ? html` · <a class="st-late" href="#failed">发送失败 ${failed} 人</a>` : ''}${
    q.pendingOnly ? html`<span class="hint">（表格只列未提交的 ${total - n.submitted} 人）</span>` : ''
  }</p>`;
}

/** The failed sends, one line per person (newest first): what did not arrive, the latest reason and when. */
function failedPeople(view: CampaignView) {
  const byPerson = new Map<string, { to: string; whats: string[]; reason: string; createdAt: string }>();
  for (const f of view.failed) {
    const p = byPerson.get(f.to);
    if (!p) byPerson.set(f.to, { to: f.to, whats: [f.what], reason: f.reason, createdAt: f.createdAt });
    // Named oldest first: 任务通知、催办.
    else if (!p.whats.includes(f.what)) p.whats.unshift(f.what);
  }
  return [...byPerson.values()];
}

function failedHtml(ctx: Ctx, k: Campaign, view: CampaignView): Html {
  const people = failedPeople(view);
  if (!people.length) return html`<div id="failed"></div>`;
  const now = ctx.now();
  const shown = people.slice(0, 20);
  const open = k.status === 'open';
  // Each by display name and key: the key is what may be misspelt.
  return html`<div id="failed" class="card bad"><strong>这些人的消息没有送到（${people.length} 人）：</strong><ul>${shown.map(
    (f) =>
      html`<li>${personLabel(f.to, view.names.get(f.to))}：${f.whats.join('、')}，${f.reason}（${formatLocal(new Date(f.createdAt), k.tz, now)}）${
        open ? html` <a href="/campaigns/${k.id}/unassign?names=${encodeURIComponent(f.to)}">移出…</a>` : ''
      }</li>`,
  )}</ul>${people.length > shown.length ? html`<div class="hint">另有 ${people.length - shown.length} 人未列出。</div>` : ''}<div class="hint">请核对这些人的${ctx.people.keyLabel}：写错的名字移出后，在「调整填报人」里加入正确的。</div></div>`;
}

export function deliveryText(ctx: Ctx, k: Campaign, d: DeliveryState): { text: string; cls: string; title?: string } {
  const now = ctx.now();
  const at = (iso?: string) => (iso ? formatLocal(new Date(iso), k.tz, now) : '');
  switch (d.word) {
    case 'delivered':
      return { text: '已送达', cls: 'dl-ok', title: `${d.what}：${at(d.at)} 送达` };
    case 'waiting':
      return {
        text: d.at ? `等待发送（${at(d.at)}）` : '等待发送',
        cls: 'dl-wait',
        title: ctx.people.waitingNote ? `${d.what ?? '通知'}将在${ctx.people.waitingNote}` : d.what,
      };
    case 'retrying':
      return { text: `等待重发（${d.reason}）`, cls: 'dl-wait', title: d.what };
    case 'failed':
      return { text: `发送失败（${d.reason}）`, cls: 'dl-bad', title: d.what };
    case 'unknown':
      return { text: '找不到此人', cls: 'dl-bad', title: d.reason };
    default:
      return { text: '—', cls: '' };
  }
}

function rowHtml(ctx: Ctx, k: Campaign, r: PersonView): Html {
  const now = ctx.now();
  const cls =
    r.standing === 'submitted'
      ? 'st-submitted'
      : r.standing === 'returned'
        ? 'st-returned'
        : r.standing === 'late'
          ? 'st-late'
          : r.standing === 'new'
            ? 'st-new'
            : '';
  const d = deliveryText(ctx, k, r.delivery);
  const id = rowId(r.user);
  // The scheduler urges whoever is not done; a return waits for the person's session to reopen (the engine's part).
  const canUrge = k.status === 'open' && r.state !== 'submitted';
  return html`<tr id="${id}" data-user="${r.user}"><td><a href="/campaigns/${k.id}/people/${encodeURIComponent(r.user)}">${r.name ?? r.user}</a>${r.name ? html` <span class="hint">${r.user}</span>` : ''}</td><td class="${cls}">${statusLabel(r)}</td><td class="${d.cls}"${d.title ? html` title="${d.title}"` : ''}>${d.text}${r.delivery.lastUrge ? html`<div class="hint">催办 ${formatLocal(new Date(r.delivery.lastUrge), k.tz, now)}</div>` : ''}</td><td class="wide">${r.lastActivity ? formatLocal(new Date(r.lastActivity), k.tz, now) : '—'}</td><td class="num">${r.score == null ? '—' : `${formatScore(r.score)}${r.report?.provisional ? '（暂定）' : ''}`}</td><td class="narrow-hide">${r.grade ?? '—'}</td><td>${canUrge ? html`<button id="u-${id}" class="light" form="urge" name="user" value="${r.user}">催办</button>` : ''}</td></tr>`;
}

/** The charts near the top, refreshed on their own (every 15 s; 204 while the numbers are the same). */
export async function chartsFragmentFor(ctx: Ctx, k: Campaign, since: string | undefined) {
  const rows = (await campaignView(ctx, k)).rows;
  if (since && since === chartsToken(rows)) return { status: 204 as const };
  return { status: 200 as const, body: String(await campaignCharts(k, rows)) };
}

export { statusLabel };
