import { parseArgs } from 'node:util';
import { formatScore } from '../core/scoring/round.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import type { ScoreReport } from '../core/types.js';
import { loadFlowAndAnswers } from './read-inputs.js';

/** `tianbao score`: exit 0 when every answer is valid, 1 when any is not, 2 when the inputs cannot be used. */
export async function runScore(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      options: { flow: { type: 'string' }, answers: { type: 'string' }, json: { type: 'boolean', default: false } },
    }).values;
  } catch (e) {
    console.error(
      `参数错误：${(e as Error).message}\n用法：tianbao score --flow <file.yaml> --answers <answers.json> [--json]`,
    );
    return 2;
  }
  if (!opts.flow || !opts.answers) {
    console.error('用法：tianbao score --flow <file.yaml> --answers <answers.json> [--json]');
    return 2;
  }
  const inputs = loadFlowAndAnswers(opts.flow, opts.answers);
  if (!inputs) return 2;
  const report = scoreFlow(inputs.flow, inputs.answers);
  const invalid = report.items.some((i) => i.status === 'invalid' || i.status === 'unanswered');
  if (opts.json) console.log(JSON.stringify(toJson(report), null, 2));
  else {
    for (const w of report.warnings) console.error(`注意：${w}`);
    console.log(formatTable(report));
  }
  return invalid ? 1 : 0;
}

/** The CLI's JSON contract; an item without an answer is reported as invalid ("未填写"). */
export function toJson(r: ScoreReport) {
  return {
    total: r.total,
    max: r.max,
    grade: r.grade,
    provisional: r.provisional,
    items: r.items.map((i) => ({
      id: i.id,
      name: i.name,
      score: i.status === 'scored' ? i.score : null,
      max: i.max,
      status: i.status === 'unanswered' ? 'invalid' : i.status,
      explanation: i.explanation,
      ...(i.status === 'invalid'
        ? { error: i.error }
        : i.status === 'unanswered'
          ? { error: `未填写：${i.explanation}` }
          : {}),
      ...(i.display ? { answer: i.display } : {}),
      ...(i.reason ? { reason: i.reason } : {}),
      trace: i.trace,
    })),
    fields: r.fields.map((f) => ({
      id: f.id,
      label: f.label,
      value: f.display,
      ...(f.error ? { error: f.error } : {}),
    })),
    warnings: r.warnings,
  };
}

const STATUS: Record<string, string> = { scored: '', manual: '待人工评分', invalid: '答案无效', unanswered: '未填写' };

function formatTable(r: ScoreReport): string {
  const lines = r.items.map((i, n) => {
    const score = i.status === 'scored' ? `${formatScore(i.score!)}/${formatScore(i.max)}` : `—/${formatScore(i.max)}`;
    const note = STATUS[i.status] ? `【${STATUS[i.status]}】` : '';
    return `${String(n + 1).padStart(2)}. ${i.name}  ${i.display ?? ''}  ${score} ${note}\n    ${i.error ?? i.explanation}`;
  });
  const total = `总分 ${formatScore(r.total)}/${formatScore(r.max)}，等级：${r.grade}${r.provisional ? '（暂计，另有未完成或待人工评分的项）' : ''}`;
  return [...lines, '', total].join('\n');
}
