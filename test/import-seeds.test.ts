import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importForm } from '../src/import/import-form.js';
import { essence, handWritten } from './fixtures/import/equivalent.js';
import { zhengding, zhengdingFlows } from './fixtures/import/seed-forms.js';
import { writeDocx, writeXlsx } from './fixtures/import/write-form.js';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-seeds-'));

describe('正定县 2022 绩效目标表 (five project tables in one document, no 分值)', () => {
  const docx = join(dir, 'zhengding.docx');
  const xlsx = join(dir, 'zhengding.xlsx');
  beforeAll(async () => {
    await writeDocx(zhengding, docx);
    await writeXlsx(zhengding, xlsx);
  });

  for (const [format, file] of [
    ['Word', () => docx],
    ['Excel (all tables on one sheet)', () => xlsx],
  ] as const) {
    it(`${format}: each table comes out as its hand-written flow`, async () => {
      const r = await importForm(file());
      if (!r.ok) throw new Error(r.reason);
      expect(r.flows.map((f) => f.flow.project)).toEqual(zhengdingFlows.map((id) => handWritten(id).project));
      r.flows.forEach((f, i) => {
        expect(essence(f.flow)).toEqual(essence(handWritten(zhengdingFlows[i] as string)));
      });
    });
  }

  it('says the weights are assumed, and that 预算执行率 in the table is computed and counted once', async () => {
    const r = await importForm(docx);
    if (!r.ok) throw new Error(r.reason);
    const yewu = r.flows[2];
    expect(yewu?.attention).toBe(true);
    expect(yewu?.assumptions).toEqual([
      '原表没有分值，按常用自评分配：预算执行率10、产出50、效益30、满意度10，一级指标内平均分配，请核对',
    ]);
    // All seven: the six rows and the added 预算执行率 (its 10 is the usual share, not the document's).
    expect(yewu?.rows.filter((x) => x.weightAssumed).length).toBe(7);
    const zhujing = r.flows[3];
    expect(zhujing?.rows[1]).toMatchObject({ name: '预算执行率', weight: 22.5, reading: '由预算数自动计算' });
    expect(zhujing?.flow.indicators.filter((x) => x.name === '预算执行率')).toHaveLength(1);
  });

  it('reads the header block: 单位, 项目, 预算数 as the default, 绩效目标', async () => {
    const r = await importForm(docx);
    if (!r.ok) throw new Error(r.reason);
    const f = r.flows[3]?.flow;
    expect(f?.fields.find((x) => x.id === 'budget_initial')?.default).toBe('40.00');
    expect(f?.fields.find((x) => x.id === 'org_name')?.default).toBe('正定县信访局');
    expect(f?.goals?.expected).toBe('1.妥善处置我县进京访 2.成功劝返我县进京上访人员');
  });
});
