import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { renderReport } from '../src/report/render-docx.js';
import { defaultTemplatePath, loadReportTemplate, parseReportTemplate } from '../src/report/template.js';
import { readDocx } from './fixtures/read-docx.js';
import { makeFlow, makeReport, projectFieldValues, projectItems } from './fixtures/report-fixtures.js';

const shipped = readFileSync(defaultTemplatePath, 'utf8');

/** The shipped layout with some keys changed, as a deployer would edit it. */
function variant(edit: (t: any) => void): string {
  const doc = YAML.parse(shipped);
  edit(doc);
  return YAML.stringify(doc);
}

describe('the layout a deployer adapts (templates/report.yaml)', () => {
  it('ships valid', () => {
    const res = loadReportTemplate();
    expect(res.ok ? [] : res.errors).toEqual([]);
  });

  it('changes column titles, columns, fonts and wording without code changes', async () => {
    const text = variant((t) => {
      t.columns = t.columns.filter((c: any) => c.key !== 'target');
      t.columns.find((c: any) => c.key === 'reason').title = '偏差原因及改进措施';
      t.fonts.table = { east_asia: '仿宋_GB2312', latin: 'Arial', size_pt: 12 };
      t.text.title = '{title}（{year}年度）';
      t.page.orientation = 'portrait';
    });
    const res = parseReportTemplate(text);
    if (!res.ok) throw new Error(res.errors.join('\n'));
    const flow = makeFlow(projectItems);
    const report = makeReport(flow, projectItems, projectFieldValues);
    const doc = await readDocx(
      await renderReport({ flow, report, filledAt: new Date('2025-03-01T02:00:00Z'), template: res.template }),
    );
    expect(doc.paragraphs[0]).toBe('预算支出绩效自评表（2024年度）');
    expect(doc.tables[1].rows[0].cells.map((c) => c.text)).toEqual([
      '一级指标',
      '二级指标',
      '三级指标',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因及改进措施',
    ]);
    // Without 年度指标值 the 总分 label spans the four columns before 分值.
    expect(doc.tables[1].rows.at(-1)!.cells.map((c) => c.gridSpan)).toEqual([4, 1, 2]);
    expect(doc.xml).toContain(
      '<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="仿宋_GB2312" w:hAnsi="Arial"/><w:sz w:val="24"/>',
    );
    expect(doc.xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
  });

  it('names an unknown placeholder and the ones allowed', () => {
    const res = parseReportTemplate(
      variant((t) => (t.text.title = '{yaer}年度{title}')),
      'report.yaml',
    );
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors).toEqual(['report.yaml: text.title: 占位符 {yaer} 不认识，这里只能用 {year} {title}']);
  });

  it('requires the 分值 and 得分 columns the 总分 row lines up with', () => {
    const res = parseReportTemplate(
      variant((t) => (t.columns = t.columns.filter((c: any) => c.key !== 'score'))),
      'report.yaml',
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.join('\n')).toContain('缺少 key 为 score 的列');
  });

  it('points at a misspelt key and a missing one', () => {
    const res = parseReportTemplate(
      variant((t) => {
        t.fonts.body.eastasia = t.fonts.body.east_asia;
        delete t.fonts.body.east_asia;
      }),
      'report.yaml',
    );
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.errors).toContain('report.yaml: fonts.body.east_asia: 缺少此项');
      expect(res.errors).toContain('report.yaml: fonts.body: 不认识的键：eastasia');
    }
  });

  it('reports a file that is not YAML with its line', () => {
    const res = parseReportTemplate('page: [unclosed\n', 'report.yaml');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors[0]).toMatch(/^report\.yaml: 第\d+行: YAML 格式错误/);
  });
});
