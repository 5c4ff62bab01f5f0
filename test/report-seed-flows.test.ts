import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Flow, RawAnswers } from '../src/core/flow/model.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { loadFlowFile } from '../src/flows/read-flows.js';
import { printScore } from '../src/report/format.js';
import { renderReport } from '../src/report/render-docx.js';
import { readDocx, xmlProblems } from './fixtures/read-docx.js';

const flowsDir = join(import.meta.dirname, '..', 'flows');
const files = readdirSync(flowsDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** What a careful user would answer: each question's own example. */
function exampleAnswers(flow: Flow): RawAnswers {
  const a: RawAnswers = {};
  for (const f of flow.fields) if (f.example) a[f.id] = f.example;
  for (const i of flow.indicators)
    if (!i.derived && i.example) a[i.id] = { value: i.example, reason: '按实际情况说明' };
  return a;
}

describe.each(files)('the seed flow %s rendered with its example answers', (file) => {
  it('prints every indicator, and a total equal to the sum of the printed scores', async () => {
    const loaded = loadFlowFile(join(flowsDir, file));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const flow = loaded.flow;
    const report = scoreFlow(flow, exampleAnswers(flow));
    const doc = await readDocx(await renderReport({ flow, report, filledAt: new Date('2025-03-01T02:00:00Z') }));
    expect(xmlProblems(doc.xml)).toEqual([]);

    const table = doc.tables.find((t) => t.rows[0].tableHeader && t.rows[0].cells.some((c) => c.text === '三级指标'))!;
    const col = (title: string) => table.rows[0].cells.findIndex((c) => c.text === title);
    const itemRows = table.rows.slice(1, -1);
    const inTable = flow.indicators.filter((i) => i.id !== flow.budget?.indicator);
    // Every row has all its cells: the merged 一级/二级 cells are continued, not dropped.
    expect(itemRows.every((r) => r.cells.length === 8)).toBe(true);
    expect(itemRows.map((r) => r.cells[col('三级指标')].text).sort()).toEqual(inTable.map((i) => i.name).sort());

    const dec = flow.rounding.decimals;
    const printed = itemRows.map((r) => r.cells[col('得分')].text);
    if (flow.budget?.indicator) printed.push(budgetScore(doc.tables[0]));
    const sum = printed.filter((t) => /^\d+(\.\d+)?$/.test(t)).reduce((s, x) => s + Number(x), 0);
    const totalCell = table.rows.at(-1)!.cells[2].text;
    const printedTotal = /(\d+(?:\.\d+)?)/.exec(totalCell)![1];
    expect(printScore(sum, dec)).toBe(printedTotal);
    expect(printedTotal).toBe(printScore(report.total, dec));
    if (report.items.some((i) => i.score === null)) expect(totalCell).toMatch(/^暂计/);
  });
});

/** 得分 of the 年度资金总额 row of the 预算执行 block: the last cell of the row after its header. */
function budgetScore(info: { rows: { cells: { text: string }[] }[] }): string {
  const i = info.rows.findIndex((r) => r.cells.some((c) => c.text === '年初预算数'));
  return info.rows[i + 1].cells.at(-1)!.text;
}

describe('a form that states its own 一级指标 分值 (渌口 2021: 产出指标（50分） over nine items of 5 分)', () => {
  async function render(file: string) {
    const loaded = loadFlowFile(join(flowsDir, file));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const report = scoreFlow(loaded.flow, exampleAnswers(loaded.flow));
    const doc = await readDocx(
      await renderReport({ flow: loaded.flow, report, filledAt: new Date('2025-03-01T02:00:00Z') }),
    );
    const table = doc.tables.find((t) => t.rows[0].cells.some((c) => c.text === '三级指标'))!;
    return { doc, table };
  }

  it('prints the stated figure in the 一级 cell and says under the table where the items differ', async () => {
    const { doc, table } = await render('lukou-2021-dept.yaml');
    const level1 = table.rows
      .slice(1, -1)
      .map((r) => r.cells[0])
      .filter((c) => c.vMerge !== 'continue' && c.text);
    expect(level1.map((c) => c.text)).toEqual(['产出指标\n（50分）', '效益指标\n（30分）', '满意度指标\n（10分）']);
    // The 总分 row adds up the 分值 column as printed: 10 (预算执行) + 45 + 30 + 10 = 95.
    expect(
      table.rows
        .at(-1)!
        .cells.slice(0, 2)
        .map((c) => c.text),
    ).toEqual(['总分', '95']);
    const notes = doc.paragraphs.filter((p) => p.startsWith('注：'));
    expect(notes).toEqual([
      '注：产出指标原表标明50分，其下各项分值合计45分，得分按各项分值计。',
      '注：各项分值合计95分，与原表总分100分不符，总分按各项得分合计。',
    ]);
  });

  it('adds no note when the stated figures and the items agree (正定 信访专项业务费)', async () => {
    const { doc, table } = await render('zhengding-2022-xinfang-yewu.yaml');
    expect(table.rows[1].cells[0].text).toBe('产出指标\n（50分）');
    expect(doc.paragraphs.filter((p) => p.startsWith('注：'))).toEqual([]);
  });
});
