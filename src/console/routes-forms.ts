// 表单: the forms the bot offers, with what `tianbao flows check` says about them.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { formatScore } from '../core/scoring/round.js';
import { page } from './layout.js';
import type { Ctx, Env } from './server.js';

export function formRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/forms', (c) => {
    const cat = ctx.deps.app.catalog;
    return c.html(
      page(
        '表单',
        c.get('session').csrf,
        html`<h1>表单</h1>
<div class="card scroll"><table><thead><tr><th>表单</th><th>年度</th><th>单位</th><th>项目数</th><th>总分</th><th class="wide">编号（命令行用）</th></tr></thead><tbody>
${cat.flows.map((f) => {
  return html`<tr><td class="wrap">${f.title}${f.project ? `（${f.project}）` : ''}</td><td>${f.year ?? '—'}</td><td>${f.org ?? '—'}</td>
<td class="num">${f.indicators.length}</td><td class="num">${formatScore(f.total)}</td><td class="wide">${f.id}</td></tr>${
    f.warnings.length
      ? html`<tr><td colspan="6"><details><summary>注意事项 ${f.warnings.length} 条</summary><ul>${f.warnings.map((w) => html`<li>${w}</li>`)}</ul></details></td></tr>`
      : html``
  }`;
})}
</tbody></table></div>
${
  cat.errors.length
    ? html`<h2>未能读取的表单文件</h2><div class="card"><ul>${cat.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
    : html``
}
<div class="card"><p>导入新表单：网页上传尚未提供，导入功能见命令行；表单文件放进 flows 目录后重启机器人即可使用。</p></div>`,
      ),
    );
  });
}
