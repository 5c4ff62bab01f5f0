import { parseArgs } from 'node:util';
import { flowLabel } from '../core/flow/label.js';
import type { ImportedFlow } from '../import/build-flow.js';
import { importForm } from '../import/import-form.js';
import { publishFlows } from '../import/publish.js';

const USAGE = '用法：tianbao import <文件.docx|.xlsx|.doc|.xls> [--out flows/] [--id 表单编号] [--dry-run]';

/**
 * `tianbao import`: exit 0 when every row is usable as read, 1 when some need attention (the flow
 * is still written, its assumptions marked), 2 when the file is not a form it can read.
 */
export async function runImport(argv: string[]): Promise<number> {
  let values: { out?: string; id?: string; 'dry-run'?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, id: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    }));
  } catch (e) {
    console.error(`参数错误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (values.id !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(values.id)) {
    console.error('--id 只能由字母、数字、下划线和连字符组成，且以字母开头，例如 --id xinfang-2025');
    return 2;
  }
  const out = values.out ?? process.env.TIANBAO_FLOWS_DIR ?? 'flows';
  const r = await importForm(file, values.id ? { id: values.id } : {});
  if (!r.ok) {
    console.error(`✗ ${file}：${r.reason}`);
    return 2;
  }
  // Every form of the document is written together, or none (publishFlows).
  const written = values['dry-run'] ? [] : publishFlows(r.flows, out);
  for (const [i, f] of r.flows.entries()) {
    const p = written[i];
    const where = p
      ? `→ ${p.path}${p.replaced !== undefined ? `（第 ${p.version} 版，替换第 ${p.replaced} 版）` : ''}`
      : '（试运行，未写入）';
    console.log(formatFlow(f, where));
  }
  if (r.skipped.length) {
    console.log('跳过的行：');
    for (const s of r.skipped) console.log(`  ${s.table}第${s.line}行 ${s.why}${s.text ? `：${s.text}` : ''}`);
  }
  return r.flows.some((f) => f.attention) ? 1 : 0;
}

/** The per-row table a coordinator checks before publishing. */
export function formatFlow(f: ImportedFlow, where: string): string {
  const sum = Math.round(f.flow.indicators.reduce((s, i) => s + i.weight, 0) * 100) / 100;
  const head = flowLabel({ ...f.flow, org: f.flow.org ?? '单位未写明' });
  const split = f.parts.length > 1 ? `（${f.parts.join('、')}是同一张表，已连起来读）` : '';
  const lines = [
    `${f.source} ${where}${split}`,
    `  ${head}（${f.flow.title}）：${f.rows.length} 项指标，分值合计 ${sum}，总分 ${f.flow.total}`,
    '  序号  一级指标／二级指标／三级指标｜分值｜指标值｜按什么填｜评分标准怎么读的',
  ];
  f.rows.forEach((x, i) => {
    const w = `${x.weight}${x.weightAssumed ? '*' : ''}`;
    lines.push(
      `  ${String(i + 1).padStart(3)}  ${x.level1}／${x.level2}／${x.name}｜${w}｜${x.target}｜${x.answer}｜${x.reading}`,
    );
    if (x.example) lines.push(`         例：${x.example}`);
    for (const n of x.notes.filter((n) => n !== '分值为假设' && n !== '由预算数自动计算'))
      lines.push(`         说明：${n}`);
  });
  if (f.unplaced.length) lines.push(`  没有读入的列：${f.unplaced.join('、')}（不认识这些列的含义，请核对）`);
  if (f.rows.some((x) => x.weightAssumed)) lines.push('  * 分值为假设，请核对');
  for (const a of f.assumptions) lines.push(`  假设：${a}`);
  for (const w of f.warnings) lines.push(`  注意：${w}`);
  const manual = f.rows.filter((x) => x.manual).length;
  lines.push(
    f.attention
      ? `  需要核对：${[manual ? `${manual} 项待人工评分` : '', f.assumptions.length || f.rows.some((x) => x.weightAssumed) ? '有假设' : '', f.warnings.length ? `${f.warnings.length} 条原表不一致` : '', f.unplaced.length ? `${f.unplaced.length} 列没有读入` : ''].filter(Boolean).join('，')}`
      : '  每一行都按原表读出，无需核对',
  );
  return lines.join('\n');
}
