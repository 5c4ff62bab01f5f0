// 表单: the forms the bot offers, with what `tianbao flows check` says about them, and importing a new
// one from a department's own .docx/.xlsx: upload → the same preview `tianbao import` prints → 发布.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { formatScore } from '../core/scoring/round.js';
import { importForm, LOOKED_FOR } from '../import/import-form.js';
import { publishFlows } from '../import/publish.js';
import { LIMITS } from '../import/read-file.js';
import { formLabel, formLabels } from './form-label.js';
import { importPreview } from './import-preview.js';
import { bare, csrfField, page } from './layout.js';
import { flashBox } from './page-parts.js';
import { PendingImports } from './pending-imports.js';
import type { Ctx, Env } from './server.js';

/** The importer's own limit: a larger body is refused before it is read (server.ts). */
export const UPLOAD_MAX_BYTES = LIMITS.fileBytes;
const UPLOAD_MAX_TEXT = `${UPLOAD_MAX_BYTES / 1048576} MB`;
const ACCEPTED = ['.docx', '.xlsx', '.doc', '.xls'];
const WHAT_TO_SEND = `请上传绩效目标表或自评表的 Word/Excel 文件（${ACCEPTED.join('、')}），表里要有一级、二级、三级指标和指标值。`;
const GONE = '这次导入已失效（已经发布、已取消，或上传超过 1 小时），请重新上传文件。';

/** The name a person gave the file, safe to show and to record as the flow's source. */
function cleanName(name: string): string {
  const n = basename(name.replaceAll('\\', '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (n || '上传的文件').slice(0, 100);
}

export function formRoutes(app: Hono<Env>, ctx: Ctx): void {
  const pending = new PendingImports(ctx.now);
  const flowsDir = ctx.deps.flowsDir;
  const back = (c: Context<Env>, text: string, bad = false) => {
    ctx.flash(c.get('session'), { text, bad });
    return c.redirect('/forms', 303);
  };

  app.get('/forms', (c) => {
    const cat = ctx.deps.app.catalog;
    const labels = formLabels(cat.flows);
    const csrf = c.get('session').csrf;
    return c.html(
      page(
        '表单',
        csrf,
        html`${flashBox(ctx, c)}<h1>表单</h1>
<div class="card scroll"><table><thead><tr><th>表单（单位 · 项目或表名 · 年度）</th><th>项目数</th><th>总分</th><th class="wide">编号（命令行用）</th></tr></thead><tbody>
${cat.flows.map((f) => {
  return html`<tr><td class="wrap">${labels.get(f.id)}</td>
<td class="num">${f.indicators.length}</td><td class="num">${formatScore(f.total)}</td><td class="wide">${f.id}</td></tr>${
    f.warnings.length
      ? html`<tr><td colspan="4"><details><summary>注意事项 ${f.warnings.length} 条</summary><ul>${f.warnings.map((w) => html`<li>${w}</li>`)}</ul></details></td></tr>`
      : html``
  }`;
})}
</tbody></table></div>
${
  cat.errors.length
    ? html`<h2>未能读取的表单文件</h2><div class="card"><ul>${cat.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
    : html``
}
<h2>导入新表单</h2>
${
  flowsDir
    ? html`<div class="card"><form method="post" action="/forms/upload" enctype="multipart/form-data">${csrfField(csrf)}
<label for="file">绩效目标表或自评表（Word 或 Excel：${ACCEPTED.join('、')}，不超过 ${UPLOAD_MAX_TEXT}）</label>
<input id="file" type="file" name="file" accept="${ACCEPTED.join(',')}" required>
<p class="hint">表里要有一级、二级、三级指标和指标值。上传后先看预览，按「发布」才会写入并生效。</p>
<button type="submit">上传并预览</button></form></div>`
    : html`<div class="card"><p>本后台没有配置表单目录，不能网页上传；请用命令行 tianbao import 导入。</p></div>`
}`,
      ),
    );
  });

  app.post('/forms/upload', async (c) => {
    if (!flowsDir) return back(c, '本后台没有配置表单目录，不能网页上传。', true);
    // Already read (and size-limited) by the CSRF check; parseBody returns the same parsed body.
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0) return back(c, `没有收到文件。${WHAT_TO_SEND}`, true);
    const name = cleanName(file.name);
    const ext = extname(name).toLowerCase();
    if (!ACCEPTED.includes(ext)) return back(c, `《${name}》不是 Word/Excel 文件。${WHAT_TO_SEND}`, true);
    if (file.size > UPLOAD_MAX_BYTES) return back(c, `《${name}》超过 ${UPLOAD_MAX_TEXT} 上限。${WHAT_TO_SEND}`, true);
    // The importer reads a path (LibreOffice converts .doc/.xls from one): a private temp copy, always removed.
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-upload-'));
    const path = join(dir, `upload${ext}`);
    let r: Awaited<ReturnType<typeof importForm>>;
    try {
      writeFileSync(path, Buffer.from(await file.arrayBuffer()));
      r = await importForm(path, { file: name });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (!r.ok) {
      const why = r.reason.replaceAll(path, name);
      return back(c, `《${name}》没能导入：${why}。${why.includes(LOOKED_FOR) ? '' : WHAT_TO_SEND}`, true);
    }
    const id = pending.add(c.get('session').id, { name, flows: r.flows, skipped: r.skipped });
    return c.redirect(`/forms/import/${id}`, 303);
  });

  app.get('/forms/import/:id', (c) => {
    const s = c.get('session');
    const p = pending.get(s.id, c.req.param('id'));
    if (!p)
      return c.html(
        bare('导入已失效', html`<div class="card"><p>${GONE}</p><p><a href="/forms">返回表单</a></p></div>`),
        404,
      );
    const cat = ctx.deps.app.catalog;
    return c.html(
      page(
        '导入预览',
        s.csrf,
        html`${flashBox(ctx, c)}${importPreview(c.req.param('id'), p, s.csrf, (id) => cat.byId(id))}`,
      ),
    );
  });

  app.post('/forms/import/:id/publish', (c) => {
    const s = c.get('session');
    // Kept until it is written: a failed 发布 can be tried again from the same preview.
    const p = pending.get(s.id, c.req.param('id'));
    if (!p) return back(c, GONE, true);
    if (!flowsDir) return back(c, '本后台没有配置表单目录，不能发布。', true);
    let written: ReturnType<typeof publishFlows>;
    try {
      // All the forms of one document together or none, even if the process dies half-way.
      written = publishFlows(p.flows, flowsDir);
    } catch (e) {
      ctx.deps.app.catalog.reload();
      const code = (e as NodeJS.ErrnoException).code;
      ctx.flash(s, {
        text: `发布失败：表单目录写不进去${code ? `（${code}）` : ''}，请检查目录权限和磁盘空间。没有写入任何表单；处理好后在本页再按「发布」。`,
        bad: true,
      });
      return c.redirect(`/forms/import/${c.req.param('id')}`, 303);
    }
    pending.take(s.id, c.req.param('id'));
    const done = p.flows.map((f, i) => {
      const w = written[i];
      // The label the forms list, the new-task form and the chat will show from now on (第N版 included).
      return `《${formLabel({ ...f.flow, version: w.version })}》${w.replaced !== undefined ? `（替换第 ${w.replaced} 版）` : ''}`;
    });
    // The bot offers the new form at once; sessions already started keep the version they began on.
    ctx.deps.app.catalog.reload();
    return back(
      c,
      `已发布 ${done.length} 张表：${done.join('、')}。现在可以填报，也可以在「填报任务」里用它创建任务；已经开始填写的人继续用原来的版本。`,
    );
  });

  app.post('/forms/import/:id/cancel', (c) => {
    const p = pending.take(c.get('session').id, c.req.param('id'));
    if (!p) return back(c, GONE, true);
    return back(c, `已取消导入《${p.name}》，什么都没有写入。`);
  });
}
