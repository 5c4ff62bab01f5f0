// Reports: one person's submitted answers with each item's explanation (the chat's own words), their
// .docx versions, all of a campaign's latest versions as one zip, and the 汇总 workbook.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import JSZip from 'jszip';
import type { Campaign } from '../campaigns/model.js';
import { personLabel } from '../campaigns/people-list.js';
import { formatLocal } from '../campaigns/time.js';
import { explainItem } from '../core/explain/explain.js';
import { itemNumbers } from '../core/flow/numbering.js';
import { formatScore } from '../core/scoring/round.js';
import type { ReportRow } from '../engine/ports.js';
import { reportFile } from '../report/report-path.js';
import { campaignView } from './campaign-view.js';
import { formLabel } from './form-label.js';
import { page } from './layout.js';
import { campaignOf, flashBox } from './page-parts.js';
import { isAssignee, statusLabel, submittedReport, submittedVersions } from './people.js';
import { deliveryText } from './progress-page.js';
import { returnableItems } from './review-message.js';
import { reviewCard, reviewHistory } from './routes-reviews.js';
import type { Ctx, Env } from './server.js';
import { summaryWorkbook } from './summary-xlsx.js';

/** The .docx of a version, only if it is a file inside the reports directory (no link or `..` leads out). */
function docxOf(ctx: Ctx, r: ReportRow): string | undefined {
  const root = resolve(ctx.deps.reportsDir);
  const file = resolve(reportFile(root, r));
  if (!file.startsWith(root + sep) || !existsSync(file)) return undefined;
  const real = realpathSync(file);
  return real.startsWith(realpathSync(root) + sep) ? real : undefined;
}

const fileName = (k: Campaign, user: string, rev: number) =>
  `${k.title}-${user}-第${rev}版.docx`.replace(/[\\/:*?"<>|]+/g, '_');

const attachment = (name: string) => `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function reportRoutes(app: Hono<Env>, ctx: Ctx): void {
  const A = () => ctx.deps.app;

  app.get('/campaigns/:id/people/:user', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    const user = c.req.param('user');
    if (!k || !(await isAssignee(A(), k, user))) return c.notFound();
    const now = ctx.now();
    const s = c.get('session');
    const view = (await campaignView(ctx, k)).rows.find((r) => r.user === user)!;
    const row = view;
    const versions = await submittedVersions(A(), k, user);
    const sub = row.state === 'submitted' ? await submittedReport(A(), user, k.flowId) : undefined;
    const numberOf = (id: string) => (sub ? itemNumbers(sub.flow).get(id) : undefined);
    const flow = sub?.flow ?? A().catalog.byId(k.flowId);
    const items = new Map(flow ? returnableItems(flow).map((x) => [x.id, `第${x.n}项 ${x.name}`]) : []);
    const d = deliveryText(ctx, k, view.delivery);
    return c.html(
      page(
        `${personLabel(user, view.name)} · ${k.title}`,
        s.csrf,
        html`${flashBox(ctx, c)}<p><a href="/campaigns/${k.id}">← ${k.title}</a></p>
<h1>${view.name ? html`${view.name} <span class="hint">${user}</span>` : user}</h1>
<div class="card"><div>表单：${flow ? formLabel(flow) : k.flowId}</div><div>状态：${statusLabel(row)}</div>
${row.score != null ? html`<div>得分：${formatScore(row.score)}　等级：${row.grade ?? '—'}</div>` : html``}
<div>消息：${d.text}${d.title ? `（${d.title}）` : ''}${view.delivery.lastUrge ? `；最后催办 ${formatLocal(new Date(view.delivery.lastUrge), k.tz, now)}` : ''}</div>
${
  k.status === 'open'
    ? html`<div class="actions"><a class="btn light" href="/campaigns/${k.id}/unassign?names=${encodeURIComponent(user)}">移出任务…</a></div>`
    : ''
}</div>
<h2>审核</h2>
${await reviewCard(ctx, k, user, s.csrf)}
<h2>版本与审核记录</h2>
<div class="card">${reviewHistory(k, versions, view.reviews, now, (id) => items.get(id) ?? id)}</div>
<h2>已提交的版本</h2>
<div class="card">${
          versions.length
            ? html`<ul>${versions.map(
                (v) =>
                  html`<li>第${v.revision}版${v.total !== null ? `（${formatScore(v.total)}分）` : ''}：${
                    v.status === 'done'
                      ? html`<a href="/campaigns/${k.id}/people/${encodeURIComponent(user)}/${v.sessionId}/${v.revision}.docx">下载自评表</a>`
                      : v.status === 'pending'
                        ? '文档生成中'
                        : '文档生成失败'
                  }</li>`,
              )}</ul>`
            : html`<p>还没有提交过。</p>`
        }</div>
<h2>逐项得分与说明</h2>
${
  sub
    ? html`<div class="card"><p>第${sub.session.revision}版，总分 ${formatScore(sub.report.total)}/${formatScore(sub.report.max)}，${sub.report.grade}${sub.report.provisional ? '（有待人工评分的项目，总分暂定）' : ''}。以下说明与微信里问"第几项怎么算的"时的回答相同。</p>
${[...sub.report.items]
  // In the chat's numbering (第N项), as the review's checkboxes and the 汇总 list them.
  .sort((a, b) => (numberOf(a.id) ?? 1e9) - (numberOf(b.id) ?? 1e9))
  .map((it) => html`<h3>${it.name}</h3><div class="explain">${explainItem(it, numberOf(it.id))}</div>`)}</div>`
    : html`<div class="card"><p>${
        row.state === 'editing'
          ? `第${row.revision}版提交后正在修改，修改中的答案不算提交。第${row.revision}版的逐项得分请看该版自评表。`
          : '提交后这里显示逐项得分和说明。'
      }</p></div>`
}`,
      ),
    );
  });

  app.get('/campaigns/:id/people/:user/:session/:file', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    const user = c.req.param('user');
    const m = /^(\d{1,4})\.docx$/.exec(c.req.param('file'));
    const sessionId = Number(c.req.param('session'));
    if (!k || !m || !Number.isInteger(sessionId) || !(await isAssignee(A(), k, user))) return c.notFound();
    // Only a version the engine recorded for this person and this campaign's form.
    const v = (await submittedVersions(A(), k, user)).find(
      (r) => r.sessionId === sessionId && r.revision === Number(m[1]),
    );
    const file = v && docxOf(ctx, v);
    if (!v || !file) return c.notFound();
    return c.body(readFileSync(file), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': attachment(
        fileName(k, personLabel(user, (await A().campaigns.names([user])).get(user)), v.revision),
      ),
    });
  });

  app.get('/campaigns/:id/reports.zip', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const zip = new JSZip();
    let n = 0;
    for (const a of await A().campaigns.assignees(k.id)) {
      // Each person's latest submitted version.
      const v = (await submittedVersions(A(), k, a.user)).find((r) => r.status === 'done');
      const file = v && docxOf(ctx, v);
      if (!v || !file) continue;
      zip.file(fileName(k, personLabel(a.user, a.name), v.revision), readFileSync(file));
      n++;
    }
    if (!n) zip.file('说明.txt', '还没有人提交自评表。');
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    return c.body(new Uint8Array(buf), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment(`${k.title}-自评表.zip`),
    });
  });

  app.get('/campaigns/:id/summary.xlsx', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const now = ctx.now();
    const buf = await summaryWorkbook(k, A().catalog.byId(k.flowId), (await campaignView(ctx, k)).rows, now);
    return c.body(new Uint8Array(buf), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': attachment(`${k.title}-汇总-${formatLocal(now, k.tz, now).replace(/[（）:]/g, '')}.xlsx`),
    });
  });
}
