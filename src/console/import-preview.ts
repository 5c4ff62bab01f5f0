// The preview of an uploaded form before 发布: the same facts `tianbao import` prints, as a table a
// coordinator checks row by row — 分值 (assumed ones marked), 指标值, how it is answered, how its
// 评分标准 was read or why it goes to a person — then the assumptions and the source's inconsistencies.
import { html } from 'hono/html';
import type { Flow } from '../core/flow/model.js';
import { formatScore } from '../core/scoring/round.js';
import type { ImportedFlow } from '../import/build-flow.js';
import { formLabel } from './form-label.js';
import { csrfField, type Html } from './layout.js';
import type { PendingImport } from './pending-imports.js';

/** Notes the table already shows in its own columns (the * on 分值, 由预算数自动计算 in 评分标准). */
const SHOWN_ELSEWHERE = new Set(['分值为假设', '由预算数自动计算']);

/** The form's own title as the document prints it (the preview shows it under the label it will be listed by). */
export function formName(f: Flow): string {
  return `${f.year ? `${f.year}年` : ''}${f.title}${f.project ? `·${f.project}` : ''}`;
}

/** What needs checking before 发布, in one line (the CLI's last line). */
export function attentionLine(f: ImportedFlow): string {
  if (!f.attention) return '每一行都按原表读出，无需核对。';
  const manual = f.rows.filter((x) => x.manual).length;
  const parts = [
    manual ? `${manual} 项待人工评分` : '',
    f.assumptions.length || f.rows.some((x) => x.weightAssumed) ? '有假设' : '',
    f.warnings.length ? `${f.warnings.length} 条原表不一致` : '',
  ].filter(Boolean);
  return `需要核对：${parts.join('，')}。`;
}

function flowSection(f: ImportedFlow, existing: Flow | undefined): Html {
  const sum = f.flow.indicators.reduce((s, i) => s + i.weight, 0);
  return html`<div class="card">
<h2>《${formLabel(f.flow)}》</h2>
<p>原表标题：${formName(f.flow)}${f.flow.org ? '' : '（单位未写明）'}。${f.rows.length} 项指标，分值合计 ${formatScore(sum)}，总分 ${formatScore(f.flow.total)}。${
    existing
      ? html`发布后替换现有的同一张表（第 ${existing.version} 版）；已经开始填写的人继续用原来的版本。`
      : html`发布后是一张新表单。`
  }</p>
<div class="scroll"><table class="import"><thead><tr><th>序号</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>分值</th><th>指标值</th><th>按什么填</th><th>评分标准怎么读的</th></tr></thead><tbody>
${f.rows.map(
  (
    x,
    i,
  ) => html`<tr><td class="num">${i + 1}</td><td>${x.level1}</td><td>${x.level2}</td><td class="wrap">${x.name}</td>
<td class="num">${x.weight}${x.weightAssumed ? html`<span class="error" title="分值为假设">*</span>` : ''}</td><td class="wrap">${x.target}</td><td>${x.answer}</td>
<td class="wrap${x.manual ? ' error' : ''}">${x.reading}${x.notes
    .filter((n) => !SHOWN_ELSEWHERE.has(n))
    .map((n) => html`<div class="hint">说明：${n}</div>`)}</td></tr>`,
)}
</tbody></table></div>
${f.rows.some((x) => x.weightAssumed) ? html`<p class="hint">* 分值为假设，请核对。</p>` : ''}
${f.assumptions.length ? html`<p>假设：</p><ul>${f.assumptions.map((a) => html`<li>${a}</li>`)}</ul>` : ''}
${f.warnings.length ? html`<p>原表前后不一致（已照录）：</p><ul>${f.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
<p class="${f.attention ? 'error' : ''}"><strong>${attentionLine(f)}</strong></p>
</div>`;
}

/** The whole preview: one section per table found, the rows skipped, then 发布 / 取消. */
export function importPreview(
  id: string,
  p: PendingImport,
  csrf: string,
  existing: (flowId: string) => Flow | undefined,
): Html {
  return html`<h1>导入预览：${p.name}</h1>
<p class="hint">还没有写入任何文件。核对下面每一行，无误后按「发布」，表单立即可以填报和用于创建填报任务。</p>
${p.flows.map((f) => flowSection(f, existing(f.id)))}
${
  p.skipped.length
    ? html`<div class="card"><p>跳过的行：</p><ul>${p.skipped.map(
        (s) => html`<li>${s.table}第${s.line}行 ${s.why}${s.text ? `：${s.text}` : ''}</li>`,
      )}</ul></div>`
    : ''
}
<div class="actions">
<form method="post" action="/forms/import/${id}/publish">${csrfField(csrf)}<button type="submit">发布</button></form>
<form method="post" action="/forms/import/${id}/cancel">${csrfField(csrf)}<button class="light" type="submit">取消</button></form>
</div>`;
}
