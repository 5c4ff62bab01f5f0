import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render-docx.js';
import { type DocTable, readDocx } from './fixtures/read-docx.js';
import {
  type ItemSpec,
  makeFlow,
  makeReport,
  manyItems,
  projectFieldValues,
  projectItems,
} from './fixtures/report-fixtures.js';

// 10:00 on 1 March 2025 in Beijing (02:00 UTC).
const filledAt = new Date('2025-03-01T02:00:00Z');

async function render(
  items: ItemSpec[] = projectItems,
  extra: { revision?: number; filler?: { name?: string; phone?: string } } = {},
  flowOpts = {},
) {
  const flow = makeFlow(items, flowOpts);
  const report = makeReport(flow, items, projectFieldValues);
  const doc = await readDocx(await renderReport({ flow, report, filledAt, ...extra }));
  const [info, table, sign, appendix] = doc.tables;
  return { doc, info, table, sign, appendix, report };
}

const texts = (t: DocTable) => t.rows.map((r) => r.cells.map((c) => c.text));
const column = (t: DocTable, title: string) => t.rows[0].cells.findIndex((c) => c.text === title);

describe('the 项目支出 自评表 a user hands in', () => {
  it('is an A4 landscape page titled with the year, with 单位名称, 填报日期 and the revision under the title', async () => {
    const { doc } = await render(projectItems, { revision: 2 });
    // A4 is 210 × 297 mm = 11906 × 16838 twips; landscape puts the long side across.
    expect(doc.xml).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(doc.paragraphs[0]).toBe('2024年度预算支出绩效自评表');
    expect(doc.paragraphs[1]).toContain('单位名称：示例县信访局');
    expect(doc.paragraphs[1]).toContain('填报日期：2025年3月1日');
    expect(doc.paragraphs[1]).toContain('第2版');
  });

  it('has no revision mark on a first render, and no year in the title when the flow gives none', async () => {
    const { doc } = await render(projectItems, {}, { year: null });
    expect(doc.paragraphs[0]).toBe('预算支出绩效自评表');
    expect(doc.paragraphs[1]).not.toMatch(/第\d+版/);
  });

  it('sets East-Asian and Latin fonts both in the default style and on the runs', async () => {
    const { doc } = await render();
    expect(doc.styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"[^>]*w:eastAsia="仿宋_GB2312"/);
    expect(doc.styles).toContain('w:eastAsia="zh-CN"');
    expect(doc.xml).toMatch(/<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="黑体" w:hAnsi="Arial"\/>/); // title and headers
    expect(doc.xml).toMatch(
      /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"\/>/,
    ); // table body
    expect(doc.xml).toContain('<w:sz w:val="21"/>'); // 五号 = 10.5 pt = 21 half-points
  });

  it('shows the 预算执行 block from the budget fields and the 预算执行率 item, which the indicator table then leaves out', async () => {
    const { info, table } = await render();
    const rows = texts(info);
    expect(rows).toContainEqual([
      '资金情况\n（万元）',
      '',
      '年初预算数',
      '全年预算数',
      '全年执行数',
      '分值',
      '执行率',
      '得分',
    ]);
    // 17 / 20 = 85 % executed; the item scored 8.5 of 10.
    expect(rows).toContainEqual(['', '年度资金总额', '20万元', '20万元', '17万元', '10', '85%', '8.5']);
    expect(texts(table).flat()).not.toContain('预算执行率');
  });

  it('counts the 预算执行 item in its 一级指标’s 分值 when it shares one with table items', async () => {
    // The 共性指标框架 puts 预算执行率 under 过程: 5 (in the 预算执行 block) + 3 + 2 = 10 分.
    const items: ItemSpec[] = [
      {
        id: 'budget_rate',
        level1: '过程',
        level2: '预算执行',
        name: '预算执行率',
        weight: 5,
        target: '100%',
        score: 5,
        display: '100%',
        derived: true,
      },
      {
        id: 'adjust',
        level1: '过程',
        level2: '预算执行',
        name: '预算调整率',
        weight: 3,
        target: '0%',
        score: 3,
        display: '0%',
      },
      {
        id: 'rules',
        level1: '过程',
        level2: '预算管理',
        name: '管理制度健全性',
        weight: 2,
        target: '健全',
        score: 2,
        display: '健全',
      },
    ];
    const { table } = await render(items);
    expect(texts(table)[1].slice(0, 3)).toEqual(['过程\n（10分）', '预算执行', '预算调整率']);
  });

  it('prints the expected goal the user restated, when the flow lets them (a field defaulting to it)', async () => {
    const flow = makeFlow(projectItems);
    flow.fields.push({
      id: 'goal_expected',
      label: '年度总体目标预期目标',
      type: 'text',
      required: true,
      default: flow.goals!.expected,
    });
    const report = makeReport(flow, projectItems, {
      ...projectFieldValues,
      goal_expected: '做好本年度进京上访人员劝返工作',
    });
    const [info] = (await readDocx(await renderReport({ flow, report, filledAt }))).tables;
    expect(texts(info)).toContainEqual(['', '做好本年度进京上访人员劝返工作', '信访渠道畅通，信访事项均按期办结']);
    expect(texts(info).flat()).not.toContain('年度总体目标预期目标');
  });

  it('shows 年度总体目标 with the expected goal and what the user said was achieved', async () => {
    const { info } = await render();
    const rows = texts(info);
    expect(rows).toContainEqual(['年度总体目标', '预期目标', '实际完成情况']);
    expect(rows).toContainEqual(['', '畅通信访渠道，维护社会和谐稳定', '信访渠道畅通，信访事项均按期办结']);
    // Fields with their own place are not listed again among the 单位信息.
    expect(rows.flat()).not.toContain('年度总体目标实际完成情况');
    expect(rows[0]).toEqual(['单位名称', '示例县信访局', '项目名称', '信访专项业务费']);
  });

  it('prints the indicator table with the eight columns, the header repeated on every page and no row split', async () => {
    const { table } = await render();
    expect(texts(table)[0]).toEqual([
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ]);
    expect(table.rows[0].tableHeader).toBe(true);
    expect(table.rows.slice(1).every((r) => !r.tableHeader && r.cantSplit)).toBe(true);
    expect(texts(table)[2]).toEqual([
      '',
      '',
      '登记办理网上信访事项数量',
      '≥200件',
      '187件',
      '10',
      '9.33',
      '网上信访总量下降',
    ]);
  });

  it('merges 一级 and 二级 cells down their groups', async () => {
    const { table } = await render();
    const l1 = table.rows.slice(1, 5).map((r) => [r.cells[0].vMerge, r.cells[0].text]);
    // 产出指标 holds 4 items: 10 + 10 + 10 + 20 = 50 分.
    expect(l1).toEqual([
      ['restart', '产出指标\n（50分）'],
      ['continue', ''],
      ['continue', ''],
      ['continue', ''],
    ]);
    // 数量指标 spans its two items; 质量指标 is a single row with nothing to merge.
    expect(table.rows[1].cells[1]).toMatchObject({ vMerge: 'restart', text: '数量指标' });
    expect(table.rows[2].cells[1]).toMatchObject({ vMerge: 'continue', text: '' });
    expect(table.rows[3].cells[1]).toMatchObject({ vMerge: undefined, text: '质量指标' });
  });

  it('cuts a long table into page runs, naming a 一级/二级 group again with （续） where a run continues it', async () => {
    const { table } = await render(manyItems(60), {}, { budget: false });
    const items = table.rows.slice(1, -1);
    // Where a run ends, the row lets the page break after it (no keep-with-next); inside a run every row keeps on.
    const runStarts = [0, ...items.flatMap((r, k) => (r.cells.every((c) => c.keepNext) ? [] : [k + 1]))].filter(
      (k) => k < items.length,
    );
    expect(runStarts.length).toBeGreaterThan(2);
    const level1 = items.flatMap((r, k) => (r.cells[0].vMerge === 'continue' ? [] : [[k, r.cells[0].text]]));
    // 产出指标, 效益指标 and 满意度指标 (40 分 each) open with their 分值; every later run repeats the name with （续）.
    expect(level1.filter(([, text]) => /分）$/.test(String(text))).map(([, text]) => text)).toEqual([
      '产出指标\n（40分）',
      '效益指标\n（40分）',
      '满意度指标\n（40分）',
    ]);
    const continued = level1.filter(([, text]) => String(text).endsWith('（续）')).map(([k]) => k);
    expect(continued.length).toBeGreaterThan(0);
    // A continued label opens exactly where a run starts, and every run opens with a label in both columns.
    expect(continued.every((k) => runStarts.includes(Number(k)))).toBe(true);
    for (const k of runStarts.slice(1)) {
      expect(items[k].cells[0].vMerge, `row ${k}`).not.toBe('continue');
      expect(items[k].cells[1].vMerge, `row ${k}`).not.toBe('continue');
      expect(items[k].cells[1].text).not.toBe('');
    }
  });

  it('keeps a group label with the row after it, and the last item with the 总分 row', async () => {
    const { table } = await render();
    expect(table.rows[1].cells.every((c) => c.keepNext)).toBe(true); // 产出指标 / 数量指标 open here
    const lastItem = table.rows[table.rows.length - 2];
    expect(lastItem.cells.every((c) => c.keepNext)).toBe(true);
  });

  it('marks items waiting for a person as 待人工评分 and says the total is provisional', async () => {
    const { table } = await render();
    const score = column(table, '得分');
    const social = table.rows.find((r) => r.cells.some((c) => c.text === '维护社会和谐稳定'))!;
    expect(social.cells[score].text).toBe('待人工评分');
    const total = texts(table).at(-1)!;
    // 8.5 (budget block) + 10 + 9.33 + 10 + 20 + 16.67 = 74.5; 维护社会和谐稳定 has no score yet.
    expect(total).toEqual(['总分', '100', '暂计 74.5（另有1项待人工评分）']);
    expect(table.rows.at(-1)!.cells.map((c) => c.gridSpan)).toEqual([5, 1, 2]);
  });

  it('prints the grade once every item has a score', async () => {
    const items = projectItems.map((i) => (i.id === 'social' ? { ...i, score: 18, status: 'scored' as const } : i));
    const { table } = await render(items);
    // 74.5 + 18 = 92.5 → 优 (≥ 90).
    expect(texts(table).at(-1)).toEqual(['总分', '100', '92.5　　等级：优']);
  });

  it('prints a total equal to the sum of the printed item scores', async () => {
    const { info, table } = await render();
    const score = column(table, '得分');
    const printed = table.rows
      .slice(1, -1)
      .map((r) => r.cells[score].text)
      .filter((t) => /^\d+(\.\d+)?$/.test(t));
    const budgetScore = texts(info).find((r) => r[1] === '年度资金总额')![7];
    const sum = [...printed, budgetScore].reduce((s, x) => s + Number(x), 0);
    const total = Number(/(\d+(?:\.\d+)?)/.exec(texts(table).at(-1)![2])![1]);
    expect(Math.abs(sum - total)).toBeLessThan(1e-9);
    expect(printed).toEqual(['10', '9.33', '10', '20', '16.67']);
  });

  it('prints scores with the flow’s decimals and no trailing zeros', async () => {
    // With one decimal: 3.3 + 2 + 4.5 = 9.8; the 2 is printed "2", not "2.0".
    const items: ItemSpec[] = [
      {
        id: 'a',
        level1: '产出指标',
        level2: '数量指标',
        name: '甲',
        weight: 5,
        target: '100%',
        score: 3.3,
        display: '66%',
      },
      {
        id: 'b',
        level1: '产出指标',
        level2: '数量指标',
        name: '乙',
        weight: 2,
        target: '100%',
        score: 2,
        display: '100%',
      },
      {
        id: 'c',
        level1: '效益指标',
        level2: '社会效益指标',
        name: '丙',
        weight: 5,
        target: '100%',
        score: 4.5,
        display: '90%',
      },
    ];
    const { table } = await render(items, {}, { decimals: 1, budget: false });
    const score = column(table, '得分');
    expect(table.rows.slice(1, -1).map((r) => r.cells[score].text)).toEqual(['3.3', '2', '4.5']);
    expect(texts(table).at(-1)).toEqual(['总分', '12', '9.8　　等级：差']);
  });

  it('refuses to print a form whose total does not add up', async () => {
    const flow = makeFlow(projectItems);
    const report = { ...makeReport(flow, projectItems, projectFieldValues), total: 80 };
    await expect(renderReport({ flow, report, filledAt })).rejects.toThrow(/总分 80 与各项得分之和 74.5 不符/);
  });

  it('groups a 一级指标 listed in two places into one merged block', async () => {
    const items: ItemSpec[] = [
      { id: 'a', level1: '产出指标', level2: '数量指标', name: '甲', weight: 5, target: '100%', score: 5 },
      { id: 'b', level1: '效益指标', level2: '社会效益指标', name: '乙', weight: 5, target: '100%', score: 5 },
      { id: 'c', level1: '产出指标', level2: '质量指标', name: '丙', weight: 5, target: '100%', score: 5 },
    ];
    const { table } = await render(items, {}, { budget: false });
    expect(
      texts(table)
        .slice(1, 4)
        .map((r) => r.slice(0, 3)),
    ).toEqual([
      ['产出指标\n（10分）', '数量指标', '甲'],
      ['', '质量指标', '丙'],
      ['效益指标\n（5分）', '社会效益指标', '乙'],
    ]);
  });

  it('leaves out the 预算执行 and 年度总体目标 blocks when the flow has none', async () => {
    const { info } = await render(projectItems.slice(1), {}, { budget: false, goals: false });
    expect(texts(info)).toEqual([['单位名称', '示例县信访局', '项目名称', '信访专项业务费']]);
  });

  it('ends with 填表人 / 联系电话 / 填报日期 / 单位负责人签字, blank lines where nothing was given', async () => {
    const { sign } = await render(projectItems, { filler: { name: '王小明', phone: '0000-1234567' } });
    expect(texts(sign)).toEqual([
      ['填表人：王小明', '填报日期：2025年3月1日'],
      ['联系电话：0000-1234567', '单位负责人签字：　　　　　　　　　　'],
    ]);
    expect(sign.rows[1].cells[1].xml).toContain('<w:u w:val="single"/>');
    const blank = await render(projectItems);
    expect(texts(blank.sign)[0][0]).toBe('填表人：　　　　　　　　　　');
  });

  it('explains every lost point in an appendix in plain Chinese, numbered 第N项 as in the chat', async () => {
    const { doc, appendix } = await render();
    expect(doc.paragraphs).toContain('附：扣分说明');
    expect(doc.xml).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>).)*附：扣分说明/);
    const byDefault = '原表无评分标准，按财政部绩效自评办法计分';
    expect(texts(appendix)).toEqual([
      ['序号', '指标', '分值', '得分', '扣分', '扣分说明', '偏差原因分析及改进措施'],
      // The chat's numbering: the form's 5 header fields come first, so the third indicator is 第8项.
      [
        '第8项',
        '登记办理网上信访事项数量',
        '10',
        '9.33',
        '0.67',
        `实际完成187件，未达到年度指标值≥200件；${byDefault}；得9.33分，扣0.67分。`,
        '网上信访总量下降',
      ],
      [
        '第12项',
        '信访群众满意率',
        '20',
        '16.67',
        '3.33',
        `实际完成75%，未达到年度指标值≥90%；${byDefault}；得16.67分，扣3.33分。`,
        '部分疑难案件群众诉求未能完全满足；下一步加强释法明理',
      ],
      // 预算执行率 is computed, never asked: numbered after every asked item, as in the chat. 10 − 8.5 = 1.5.
      [
        '第13项',
        '预算执行率',
        '10',
        '8.5',
        '1.5',
        `实际完成85%，未达到年度指标值100%；${byDefault}；得8.5分，扣1.5分。`,
        '未填写',
      ],
    ]);
    expect(doc.paragraphs).toContain('尚未计分的指标');
    expect(doc.paragraphs).toContain('第11项 维护社会和谐稳定（分值20分）：评分标准写“视情况酌情扣分”，无法自动计分');
  });

  it('quotes the form’s own rule, says when a person gave the score, and asks no reason where none was asked', async () => {
    const flow = makeFlow(projectItems);
    const report = makeReport(flow, projectItems, projectFieldValues);
    const online = report.items.find((i) => i.id === 'online')!;
    Object.assign(online, { rule: '每低于目标值10件扣0.5分，扣完为止', reason: undefined });
    const social = report.items.find((i) => i.id === 'social')!;
    // A person scored it 18 of 20; the answer met the target, so no 偏差原因 was asked.
    Object.assign(social, { status: 'scored', score: 18, scoredBy: 'person', short: false });
    report.total = 92.5;
    report.provisional = false;
    const [, , , appendix] = (await readDocx(await renderReport({ flow, report, filledAt }))).tables;
    const row = (no: string) => texts(appendix).find((r) => r[0] === no)!;
    expect(row('第8项').slice(5)).toEqual([
      '实际完成187件，未达到年度指标值≥200件；按评分标准“每低于目标值10件扣0.5分，扣完为止”计分；得9.33分，扣0.67分。',
      '未填写',
    ]);
    expect(row('第11项').slice(5)).toEqual(['实际完成基本稳定，年度指标值稳定；由人工评分；得18分，扣2分。', '']);
  });

  it('has no formula, no id and no ASCII comparison in the appendix', async () => {
    const flow = makeFlow(projectItems);
    const report = makeReport(flow, projectItems, projectFieldValues);
    // What the scorer's trace says for a derived item today: a formula over field ids.
    report.items[0].explanation = '按公式 budget_spent / budget_total * 100 算得85%；10×85÷100=8.5分；得分8.5/10';
    report.items.find((i) => i.id === 'online')!.rule = '>=200件得满分，每少10件扣0.5分';
    const [, , , appendix] = (await readDocx(await renderReport({ flow, report, filledAt }))).tables;
    const text = texts(appendix).flat().join('\n');
    expect(text).not.toMatch(/budget_|[=*/×÷]|>=|<=/);
    expect(text).toContain('按评分标准“≥200件得满分，每少10件扣0.5分”计分');
  });

  it('says so when nothing lost points', async () => {
    const full = projectItems.map((i) => ({ ...i, score: i.weight, status: 'scored' as const }));
    const { doc, appendix } = await render(full);
    expect(appendix).toBeUndefined();
    expect(doc.paragraphs).toContain('各项指标均得满分，无扣分。');
  });

  it('numbers the pages in the footer', async () => {
    const { doc } = await render();
    expect(doc.footer).toContain('PAGE');
    expect(doc.footer).toContain('NUMPAGES');
  });
});
