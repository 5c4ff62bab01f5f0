// The 汇总 workbook as a coordinator opens and prints it: a 汇总 and a 明细 sheet per form version people filled,
// real date cells, frozen header, landscape A4 with the header repeated; the numbers are the scorer's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { consoleHarness, FULL_FORM } from './console-fixture.js';

const setup = consoleHarness();
const CREATE = { flow: 'demo', title: '2026年度绩效自评', deadline: '2026-12-04 17:00', assign: '张三,王五,李四' };

async function workbook(get: (p: string) => Promise<Response>): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await (await get('/campaigns/1/summary.xlsx')).arrayBuffer());
  return wb;
}

describe('the 汇总 workbook', () => {
  it('frozen header, landscape A4 with the header on every page, dates as dates, reasons in the 明细', async () => {
    const { signIn, person, clock } = setup();
    await (await signIn()).post('/campaigns', CREATE);
    clock.set('2026-12-01T07:42:00Z');
    // (A session lasts 12 hours.)
    const s = await signIn();
    await person('王五').sayAll([
      '开始',
      '好',
      '100',
      '96',
      '部分资金年底才下达，下年度提前申请拨付',
      '90%',
      '部分事项办理周期长，下年度加强督办',
      '0起',
      '稳定',
      '92%',
      '确认',
    ]);
    const wb = await workbook(s.get);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        printTitlesRow: '1:2',
      });
    }
    const sum = wb.getWorksheet('汇总')!;
    const wang = sum.getRow(4);
    expect(wang.getCell(1).value).toBe('王五');
    // 15:42 in Shanghai, as a date Excel sorts and filters, not text.
    expect(wang.getCell(3).value).toEqual(new Date('2026-12-01T15:42:00Z'));
    expect(wang.getCell(3).type).toBe(ExcelJS.ValueType.Date);
    // 预算数, 执行数 and the scorer's 执行率 (96%, the same as in the .docx).
    expect([wang.getCell(5).value, wang.getCell(6).value, wang.getCell(7).value]).toEqual([100, 96, 0.96]);
    const detail = wb.getWorksheet('明细')!;
    const rows = detail.getRows(3, detail.rowCount - 2)!.map((r) => (r.values as unknown[]).slice(1));
    expect(rows.find((r) => r[4] === '信访事项办结率')).toEqual([
      '王五',
      4,
      '产出指标',
      '数量指标',
      '信访事项办结率',
      40,
      '≥95%',
      '90%',
      30,
      '部分事项办理周期长，下年度加强督办',
    ]);
  });

  it('one pair of sheets per form version when people filled different versions of the form', async () => {
    const { signIn, person, flowsDir, app } = setup({ ownFlows: true });
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll(FULL_FORM);
    // The form changes (its satisfaction item now weighs 15, 办结率 35): 王五 fills the new version.
    const file = join(flowsDir!, 'demo.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('version: 1', 'version: 2')
        .replace('weight: 40', 'weight: 35')
        .replace(/(name: 信访群众满意度\n\s+weight: )10/, '$115'),
    );
    expect(app.catalog.reload().errors).toEqual([]);
    await person('王五').sayAll(FULL_FORM);
    const wb = await workbook(s.get);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总-现行第2版',
      '明细-现行第2版',
      '汇总-旧第1版',
      '明细-旧第1版',
    ]);
    const people = (name: string) =>
      wb
        .getWorksheet(name)!
        .getRows(3, 10)!
        .map((r) => r.getCell(1).value)
        .filter(Boolean);
    expect(people('汇总-现行第2版')).toEqual(['王五', '李四']);
    expect(people('汇总-旧第1版')).toEqual(['张三']);
    expect(wb.getWorksheet('汇总-现行第2版')!.getCell('H2').value).toBe('4. 信访事项办结率（35分）');
    expect(wb.getWorksheet('汇总-旧第1版')!.getCell('H2').value).toBe('4. 信访事项办结率（40分）');
    expect(String(wb.getWorksheet('汇总-现行第2版')!.getCell('A1').value)).toContain('第2版');
  });
});
