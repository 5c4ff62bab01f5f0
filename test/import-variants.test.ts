import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runImport } from '../src/cli/import-command.js';
import { parseRule } from '../src/core/rules/parse-rule.js';
import { importForm } from '../src/import/import-form.js';
import { essence } from './fixtures/import/equivalent.js';
import { type FormSpec, writeDocx, writeXlsx } from './fixtures/import/write-form.js';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-variants-'));
const header = ['权重', '三级指标', '一级 指标', '计分方法', '二级指标', '目标值'];

/**
 * A 部门整体 table as offices really send them: columns in another order and named otherwise
 * (权重, 计分方法, 目标值), 一级/二级 written once and left blank below, full-width figures, an empty
 * row, the header repeated after a page break, a notes row and a 合计 row; then a 项目 table.
 */
const awkward: FormSpec = {
  paragraphs: ['部门整体支出绩效自评表', '（２０２５年度）', '填报单位（盖章）：某县信访局'],
  tables: [
    {
      before: [],
      rows: [
        header,
        ['２０', '信访事项办结率', '产出指标', '100%计满分，每低于1%扣1分，扣完为止', '数量指标', '≥９５％'],
        ['20', '来信按期\n办理率', '', '每低于5%扣2分，扣完为止', '时效指标', '≥90%'],
        ['', '', '', '', '', ''],
        header,
        ['10', '重复信访\n发生数', '', '每发生1起扣2分，扣完为止', '', '≤5起'],
        ['30', '社会稳定', '效益指标', '', '社会效益指标', '稳定'],
        ['20', '信访群众满意度', '满意度指标', '按群众满意百分比计分', '服务对象满意度', '≥90%'],
        [{ text: '注：本表分值由县财政局核定。', colSpan: 6 }],
        ['100', '合计', '', '', '', ''],
      ],
    },
    {
      before: ['项目支出绩效目标表'],
      rows: [
        ['项目名称', { text: '信访专项业务费', colSpan: 3 }, '预算数', '5.00'],
        ['一级指标', '二级指标', '三级指标', '全年指标值', '半年指标值', '指标值说明'],
        [{ text: '产出指标', rowSpan: 2 }, '数量指标', '群众工作中心任务完成率', '100%', '50%', '按期完成'],
        ['质量指标', '信访事项受理及时率', '100%', '100%', '及时受理'],
        ['满意度指标', '服务对象满意度指标', '信访群众满意度', '≥70%', '≥70%', ''],
      ],
    },
  ],
};

const expectedDept = [
  ['产出指标', '数量指标', '信访事项办结率', 20, '≥95%', '100%计满分，每低于1%扣1分，扣完为止'],
  ['产出指标', '时效指标', '来信按期办理率', 20, '≥90%', '每低于5%扣2分，扣完为止'],
  ['产出指标', '时效指标', '重复信访发生数', 10, '≤5起', '每发生1起扣2分，扣完为止'],
  ['效益指标', '社会效益指标', '社会稳定', 30, '稳定', null],
  ['满意度指标', '服务对象满意度', '信访群众满意度', 20, '≥90%', '按群众满意百分比计分'],
];

describe('an awkward document: renamed and shuffled columns, blanks meaning "same as above", two tables', () => {
  for (const format of ['docx', 'xlsx'] as const) {
    it(`${format}: the 整体 table reads row by row as written, nothing assumed`, async () => {
      const file = join(dir, `awkward.${format}`);
      await (format === 'docx' ? writeDocx(awkward, file) : writeXlsx(awkward, file, true));
      const r = await importForm(file);
      if (!r.ok) throw new Error(r.reason);
      expect(r.flows).toHaveLength(2);
      const dept = r.flows[0];
      if (!dept) throw new Error('no flow');
      const e = essence(dept.flow);
      expect(e.indicators.map((i) => [i.level1, i.level2, i.name, i.weight, i.target, i.rule])).toEqual(expectedDept);
      expect({ title: e.title, year: e.year, org: e.org, kind: e.kind, total: e.total }).toEqual({
        title: '部门整体支出绩效自评表',
        year: 2025,
        org: '某县信访局',
        kind: 'dept',
        total: 100,
      });
      expect(dept.assumptions).toEqual([]);
      expect(dept.flow.notes).toEqual(['原表注：本表分值由县财政局核定。']);
      expect(dept.attention).toBe(false);
      expect(dept.rows.map((x) => x.reading)).toEqual([
        '按评分标准逐级扣分',
        '按评分标准逐级扣分',
        '按发生次数扣分',
        '无评分标准，按财政部默认办法计分',
        '按完成比例计分',
      ]);
      const why = r.skipped.filter((s) => s.table === dept.source).map((s) => s.why);
      expect(why).toEqual(['空行', '重复的表头行', '注释行', '合计行']);
    });

    it(`${format}: the 项目 table gets the usual weights, its 半年 targets kept as help`, async () => {
      const file = join(dir, `awkward.${format}`);
      const r = await importForm(file);
      if (!r.ok) throw new Error(r.reason);
      const p = r.flows[1];
      if (!p) throw new Error('no second flow');
      expect(p.flow.project).toBe('信访专项业务费');
      expect(p.flow.indicators.map((i) => [i.name, i.weight, i.target])).toEqual([
        ['预算执行率', 10, '100%'],
        // No 效益 row: its 30 goes to 产出 (50 + 30 = 80, two rows × 40).
        ['群众工作中心任务完成率', 40, '100%'],
        ['信访事项受理及时率', 40, '100%'],
        ['信访群众满意度', 10, '≥70%'],
      ]);
      expect(p.assumptions).toEqual([
        '原表没有分值，按常用自评分配：预算执行率10、产出50、效益30、满意度10，一级指标内平均分配（原表没有效益指标，其分值并入产出指标），请核对',
        '原表分半年和全年指标值，按全年指标值计分，半年值写在说明里',
      ]);
      expect(p.flow.indicators[1]?.help).toBe('指标值说明：按期完成；半年指标值：50%');
    });
  }
});

describe('the CLI on a table that needs nothing assumed', () => {
  it('exits 0 and says no row needs checking', async () => {
    const file = join(dir, 'dept-only.docx');
    await writeDocx({ ...awkward, tables: awkward.tables.slice(0, 1) }, file);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    expect(await runImport([file, '--out', join(dir, 'flows'), '--id', 'xinfang-dept-2025'])).toBe(0);
    vi.restoreAllMocks();
    const printed = lines.join('\n').split('\n');
    expect(printed[0]).toBe(`表1 → ${join(dir, 'flows', 'xinfang-dept-2025.yaml')}`);
    expect(printed).toContain('    3  产出指标／时效指标／重复信访发生数｜10｜≤5起｜数量｜按发生次数扣分');
    expect(printed).toContain('  每一行都按原表读出，无需核对');
    expect(printed.slice(-5)).toEqual([
      '跳过的行：',
      '  表1第4行 空行',
      '  表1第5行 重复的表头行：权重 | 三级指标 | 一级指标 | 计分方法 | 二级指标 | 目标值',
      '  表1第9行 注释行：注：本表分值由县财政局核定。',
      '  表1第10行 合计行：100 | 合计',
    ]);
  });
});

describe('a 湘西-style 整体绩效目标申报表: 指标性质 and 度量单位 in columns of their own, tasks as the goal', () => {
  const xiangxi: FormSpec = {
    paragraphs: ['省级部门(单位)整体绩效目标申报表', '(2022 年度)'],
    tables: [
      {
        before: [],
        rows: [
          ['部门(单位)名称', { text: '湘西州信访局', colSpan: 7 }],
          [
            { text: '年度主要任务', rowSpan: 3 },
            { text: '*任务名称', colSpan: 3 },
            { text: '*主要内容', colSpan: 4 },
          ],
          [
            { text: '进京访治理', colSpan: 3 },
            { text: '强化排查稳控', colSpan: 4 },
          ],
          [
            { text: '信访积案化解、重复信访案件治理', colSpan: 3 },
            { text: '强化高位推动', colSpan: 4 },
          ],
          ['预算情况', { text: '部门预算总额(万元)', colSpan: 3 }, { text: '407.14', colSpan: 4 }],
          ['一级指标', '二级指标', '*三级指标', '*指标性质', '*指标值', '*度量单位', '*评/扣分标准', '*指标值说明'],
          [
            { text: '产出指标', rowSpan: 3 },
            { text: '重点工作任务完成', rowSpan: 3 },
            '州交办信访案件办结率',
            '≥',
            '95',
            '%',
            '州交办件办结率达95%得3分，每减少5%扣0.5分，扣完为止',
            '该指标主要考察州交办信访案件是否办结',
          ],
          ['来信办结率', '≥', '95', '%', '来信办结率达95%得1分，每减少5%扣0.2分，扣完为止。', '-'],
          ['重点工作任务推进', '定性', '推进', '-', '-', '-'],
          ['效益指标', '满意度', '社会公众满意度', '≥', '95', '%', '-', ''],
        ],
      },
    ],
  };

  it('folds ≥ and % into the target, keeps the rules, and takes the listed tasks as the goal', async () => {
    const file = join(dir, 'xiangxi.docx');
    await writeDocx(xiangxi, file);
    const r = await importForm(file);
    if (!r.ok) throw new Error(r.reason);
    const f = r.flows[0]?.flow;
    expect(f?.indicators.map((i) => [i.name, i.target, i.rule ?? null, i.help ?? null])).toEqual([
      ['预算执行率', '100%', null, '预算执行率=全年执行数/全年预算数×100%，由预算数自动计算'],
      [
        '州交办信访案件办结率',
        '≥95%',
        '州交办件办结率达95%得3分，每减少5%扣0.5分，扣完为止',
        '指标值说明：该指标主要考察州交办信访案件是否办结',
      ],
      ['来信办结率', '≥95%', '来信办结率达95%得1分，每减少5%扣0.2分，扣完为止。', null],
      ['重点工作任务推进', '推进', null, null],
      ['社会公众满意度', '≥95%', null, null],
    ]);
    // 满意度 as a 二级 of 效益 keeps its usual 10; the rules' 得3分/得1分 are used as written and the
    // other 产出 row takes the rest of 产出 (50, plus 效益's 30 as the table has no other 效益 row) − 4 = 76.
    expect(f?.indicators.map((i) => i.weight)).toEqual([10, 3, 1, 76, 10]);
    expect(r.ok && r.flows[0]?.rows[1]?.notes).toEqual(['分值取自评分标准所写的满分']);
    expect(f?.goals?.expected).toBe('完成年度主要任务：进京访治理；信访积案化解、重复信访案件治理');
    expect(f?.org).toBe('湘西州信访局');
    expect(f?.year).toBe(2022);
    expect(f?.fields.find((x) => x.id === 'budget_initial')?.default).toBe('407.14');
  });
});

describe('a header written over two rows', () => {
  it('"指标值" over "全年 | 半年", "指标" over "一级 | 二级 | 三级": read by meaning, the 全年 value is the target', async () => {
    const file = join(dir, 'two-row-header.xlsx');
    await writeXlsx(
      {
        paragraphs: ['项目支出绩效目标表', '（2025年度）'],
        tables: [
          {
            before: [],
            rows: [
              ['项目名称', { text: '信访救助资金', colSpan: 5 }],
              [
                { text: '指标', colSpan: 3 },
                { text: '指标值', colSpan: 2 },
                { text: '分值', rowSpan: 2 },
              ],
              ['一级', '二级', '三级', '全年', '半年'],
              ['产出指标', '数量指标', '化解疑难信访事项', '≥50件', '≥25件', '60'],
              ['满意度指标', '服务对象满意度指标', '群众满意度', '≥90%', '≥90%', '40'],
            ],
          },
        ],
      },
      file,
    );
    const r = await importForm(file);
    if (!r.ok) throw new Error(r.reason);
    const f = r.flows[0];
    expect(f?.flow.indicators.map((i) => [i.level1, i.level2, i.name, i.weight, i.target, i.help ?? null])).toEqual([
      ['产出指标', '数量指标', '化解疑难信访事项', 60, '≥50件', '半年指标值：≥25件'],
      ['满意度指标', '服务对象满意度指标', '群众满意度', 40, '≥90%', null],
    ]);
    expect(f?.flow.project).toBe('信访救助资金');
  });
});

describe('a rule the reader cannot use', () => {
  it('sends the item to a person, says which clause, and the CLI exits 1', async () => {
    const file = join(dir, 'manual.xlsx');
    await writeXlsx(
      {
        paragraphs: ['部门整体支出绩效自评表', '2025年度'],
        tables: [
          {
            before: [],
            rows: [
              ['一级指标', '二级指标', '三级指标', '指标值', '分值', '评（扣）分标准'],
              ['产出指标', '数量指标', '信访办结率', '100%', '60', '未办结1件，扣相应分值'],
              ['满意度指标', '满意度指标', '群众满意度', '≥90%', '40', '每低于1%扣1分，扣完为止'],
            ],
          },
        ],
      },
      file,
    );
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    expect(await runImport([file, '--dry-run'])).toBe(1);
    vi.restoreAllMocks();
    const printed = lines.join('\n').split('\n');
    // The reason is the rule reader's own words, printed verbatim.
    const read = parseRule('未办结1件，扣相应分值').rule;
    expect(read.kind).toBe('manual');
    const reason = read.kind === 'manual' ? read.reason : '';
    expect(reason).toMatch(/未办结1件，扣相应分值.*没有给出扣分数/);
    expect(printed).toContain(`    1  产出指标／数量指标／信访办结率｜60｜100%｜百分比｜待人工评分：${reason}`);
    expect(printed).toContain('    2  满意度指标／满意度指标／群众满意度｜40｜≥90%｜百分比｜按评分标准逐级扣分');
    expect(printed.at(-1)).toBe('  需要核对：1 项待人工评分');
  });
});

describe('a 一级指标 written alone on its own row', () => {
  it('heads the rows below it and does not end the table', async () => {
    const file = join(dir, 'lone-level1.xlsx');
    await writeXlsx(
      {
        paragraphs: ['部门整体支出绩效自评表', '2025年度'],
        tables: [
          {
            before: [],
            rows: [
              ['一级指标', '二级指标', '三级指标', '指标值', '分值'],
              ['投入管理', '', '', '', ''],
              ['', '预算管理', '预算调整率', '≤30%', '40'],
              ['产出', '', '', '', ''],
              ['', '数量指标', '信访事项办结率', '≥95%', '60'],
            ],
          },
        ],
      },
      file,
    );
    const r = await importForm(file);
    if (!r.ok) throw new Error(r.reason);
    expect(r.flows[0]?.flow.indicators.map((i) => [i.level1, i.level2, i.name, i.weight])).toEqual([
      ['投入管理', '预算管理', '预算调整率', 40],
      ['产出', '数量指标', '信访事项办结率', 60],
    ]);
  });
});
