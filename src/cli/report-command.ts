import { randomBytes } from 'node:crypto';
import { lstatSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scoreFlow } from '../core/scoring/score-flow.js';
import { loadFlowFile } from '../flows/read-flows.js';
import { printScore } from '../report/format.js';
import { renderReport } from '../report/render-docx.js';
import { loadReportTemplate, type ReportTemplate } from '../report/template.js';
import { ANSWERS_EXAMPLE, readAnswersFile } from './read-inputs.js';

const USAGE = `用法：tianbao report --flow <表单.yaml> --answers <答案.json> --out <自评表.docx>
  可选：--revision <版本号>  --filler <填表人>  --phone <联系电话>  --date <填报日期，如 2025-03-01>  --template <版式.yaml>`;

/** `tianbao report …`: scores the answers and writes the 自评表; argv is what follows `report`. */
export async function runReport(argv: string[]): Promise<number> {
  let opts: Record<string, string | undefined>;
  try {
    opts = parseArgs({
      args: argv,
      options: {
        flow: { type: 'string' },
        answers: { type: 'string' },
        out: { type: 'string' },
        revision: { type: 'string' },
        filler: { type: 'string' },
        phone: { type: 'string' },
        date: { type: 'string' },
        template: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    console.error(`参数有误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = (['flow', 'answers', 'out'] as const).filter((k) => !opts[k]);
  if (missing.length) {
    console.error(`缺少参数 ${missing.map((k) => `--${k}`).join('、')}。\n${USAGE}`);
    return 2;
  }

  const revision = opts.revision === undefined ? undefined : Number(opts.revision);
  if (revision !== undefined && !(Number.isInteger(revision) && revision > 0)) {
    console.error(`--revision 应为正整数，实际为"${opts.revision}"。例如：--revision 2`);
    return 2;
  }
  const filledAt = opts.date === undefined ? new Date() : parseDate(opts.date);
  if (!filledAt) {
    console.error(`--date 应为日期，实际为"${opts.date}"。例如：--date 2025-03-01`);
    return 2;
  }

  let template: ReportTemplate | undefined;
  if (opts.template) {
    const t = loadReportTemplate(opts.template);
    if (!t.ok) {
      console.error(`版式文件有误，未生成自评表：\n${t.errors.map((e) => `  ${e}`).join('\n')}`);
      return 1;
    }
    template = t.template;
  }

  const loaded = loadFlowFile(opts.flow!);
  if (!loaded.ok) {
    console.error(`表单文件有误，未生成自评表：\n${loaded.errors.map((e) => `  ${e}`).join('\n')}`);
    return 1;
  }
  const answers = readAnswersFile(opts.answers!, loaded.flow);
  if (!answers.ok) {
    console.error(
      `${answers.error}，未生成自评表。\n答案文件应是一个 JSON 对象，键为字段或指标的 id，例如：\n  ${ANSWERS_EXAMPLE}`,
    );
    return 1;
  }
  for (const w of answers.warnings) console.error(`提示：${w}`);

  const out = resolve(opts.out!);
  const dir = dirname(out);
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    console.error(`输出目录不存在：${dir}。请先创建该目录，或换一个 --out 路径，例如：--out ./自评表.docx`);
    return 1;
  }
  // Only a regular file is ever replaced: renaming over /dev/null, a FIFO or a link would break the system.
  const existing = lstatSync(out, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    console.error(
      `${out} 已存在且不是普通文件（${kindOf(existing)}），未写入。请换一个 --out 路径，例如：--out ./自评表.docx`,
    );
    return 1;
  }

  const report = scoreFlow(loaded.flow, answers.value);
  let buf: Buffer;
  try {
    buf = await renderReport({
      flow: loaded.flow,
      report,
      revision,
      filledAt,
      filler: { name: opts.filler, phone: opts.phone },
      template,
    });
  } catch (e) {
    console.error(`生成自评表失败：${(e as Error).message}`);
    return 1;
  }
  // Written next to the target and renamed over it, so a crash never leaves half a document under the real name.
  const tmp = join(dir, `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, buf);
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    console.error(`写入 ${out} 失败（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
    return 1;
  }

  const dec = loaded.flow.rounding.decimals;
  const pending = report.items.filter((i) => i.score === null).length;
  console.log(
    `已生成 ${opts.out}：总分 ${printScore(report.total, dec)}/${printScore(report.max, 4)}` +
      (pending ? `（暂计，另有${pending}项待评分或待填写）` : `，等级：${report.grade}`),
  );
  return 0;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return '目录';
  if (st.isSymbolicLink()) return '链接';
  if (st.isFIFO()) return '管道';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备';
  if (st.isSocket()) return '套接字';
  return '特殊文件';
}

function parseDate(s: string): Date | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Noon in China: whatever the server's zone, the printed day is the one typed.
  const date = new Date(Date.UTC(y, mo - 1, d, 4));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}
