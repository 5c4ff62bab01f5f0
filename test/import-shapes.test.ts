import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runImport } from '../src/cli/import-command.js';
import { importForm, LOOKED_FOR } from '../src/import/import-form.js';
import { haveSoffice, isLegacy, rowsOf, writeShape } from './fixtures/import/shape-files.js';
import { SHAPES, type Shape } from './fixtures/import/shapes.js';

// Twelve shapes of the forms 财政局s send (test/fixtures/import/shapes.ts), each as its own file format:
// every one must import as one form with exactly its rows, 分值, 指标值 and rule handling, or be refused.
const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-shapes-'));
const soffice = haveSoffice();
if (!soffice && process.env.CI) throw new Error('CI 环境缺少 soffice：.ci/run 应已安装 libreoffice-writer-nogui');

const done = new Map<string, Awaited<ReturnType<typeof importForm>>>();
/** Each shape is read once (a .doc/.xls/.wps costs a LibreOffice run). */
async function imported(shape: Shape) {
  let r = done.get(shape.id);
  if (!r) {
    r = await importForm(await writeShape(shape, dir));
    done.set(shape.id, r);
  }
  if (!r.ok) throw new Error(`${shape.id}: ${r.reason}`);
  expect(r.flows).toHaveLength(1);
  const f = r.flows[0];
  if (!f) throw new Error('no flow');
  return { r, f };
}

for (const shape of SHAPES.filter((s) => s.rows)) {
  describe.skipIf(isLegacy(shape) && !soffice)(shape.what, () => {
    it(`${shape.format}: one form with exactly the rows it must give`, async () => {
      const { r, f } = await imported(shape);
      expect(rowsOf(f.flow)).toEqual(shape.rows);
      const h = shape.head ?? {};
      if (h.org) expect(f.flow.org).toBe(h.org);
      if (h.project) {
        expect(f.flow.project).toBe(h.project);
        expect(f.flow.kind).toBe('project');
      }
      if (h.year) expect(f.flow.year).toBe(h.year);
      if (h.title) expect(f.flow.title).toBe(h.title);
      if (h.goal) expect(f.flow.goals?.expected).toBe(h.goal);
      for (const [id, v] of Object.entries(h.stated ?? {}))
        expect(f.flow.fields.find((x) => x.id === id)?.stated, id).toBe(v);
      for (const [id, unit] of Object.entries(h.unit ?? {})) {
        const ind = f.flow.indicators.find((x) => x.id === id);
        expect(ind?.unit, id).toBe(unit);
        expect(ind?.measure, id).toBe('number');
      }
      expect(f.unplaced).toEqual(shape.unplaced ?? []);
      if (shape.skipped) expect(r.skipped.map((s) => s.why)).toEqual(shape.skipped);
      // Never a year twice in a name, never a form that does not add up without saying so.
      expect(f.flow.title).not.toMatch(/20\d\d/);
      const sum = f.flow.indicators.reduce((s, i) => s + i.weight, 0);
      if (Math.abs(sum - f.flow.total) > 1e-6) expect(f.attention).toBe(true);
    });
  });
}

describe('a 通知 letter', () => {
  it('is refused with exit 2, saying what it looked for, and nothing is written', async () => {
    const notice = SHAPES.find((s) => s.id === 'notice-letter') as Shape;
    const file = await writeShape(notice, dir);
    expect(await importForm(file)).toEqual({ ok: false, reason: LOOKED_FOR });
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
    expect(await runImport([file, '--out', join(dir, 'none')])).toBe(2);
    vi.restoreAllMocks();
    expect(err.join('\n')).toContain('没有找到绩效指标表');
  });
});

describe('what the preview says about these shapes', () => {
  const shape = (id: string) => SHAPES.find((s) => s.id === id) as Shape;

  it('a table split in two is one form, and the preview says the two parts were joined', async () => {
    const { f } = await imported(shape('wps-split-no-header'));
    expect(f.parts).toEqual(['表1', '表2']);
    expect(f.flow.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    await runImport([await writeShape(shape('wps-split-no-header'), dir), '--dry-run']);
    vi.restoreAllMocks();
    expect(lines[0]?.split('\n')[0]).toBe('表1 （试运行，未写入）（表1、表2是同一张表，已连起来读）');
  });

  it('each rule with a worked example from the scorer; a judgement rule goes to a person, never the default', async () => {
    const { f } = await imported(shape('doc-points-in-names'));
    const byName = (n: string) => f.rows.find((x) => x.name === n);
    // 每少1件扣1分 from ≥20件: 18件 loses 2, 10件 loses 10.
    expect(byName('化解信访积案件数')?.example).toBe('填 18件 → 13 分；填 10件 → 5 分');
    // 达到100%得满分，每低于1%扣0.5分 over 20 分: 98% loses 1, 90% loses 5.
    expect(byName('信访事项按期办结率')?.example).toBe('填 98% → 19 分；填 90% → 15 分');
    expect(byName('重复信访化解率')?.manual).toBe(true);
    expect(byName('重复信访化解率')).not.toHaveProperty('example');
    expect(byName('重复信访化解率')?.reading).toMatch(/^待人工评分：.*酌情/);
    // The 二级 total "质量指标（20分）" is the 分值 of its one row, and the preview says it was spread.
    expect(byName('信访事项按期办结率')).toMatchObject({ weight: 20, weightAssumed: true });
    expect(f.assumptions).toEqual(['原表只写了质量指标（20分）的总分值，其下各项没有分值的按所写总分平均分配，请核对']);
    // "（15分）" is taken out of the name.
    expect(byName('化解信访积案件数')?.notes).toContain('分值取自三级指标名称中的“（N分）”');
  });

  it('a per-unit cost is asked as a figure with its unit, and the chat accepts what its example shows', async () => {
    const { f } = await imported(shape('cz10-project-selfeval'));
    const cost = f.flow.indicators.find((i) => i.name === '单件积案化解成本');
    expect(cost).toMatchObject({ measure: 'number', unit: '万元/件', direction: 'lower' });
    const { readAnswer, scoreItem } = await import('../src/core/scoring/score-flow.js');
    expect(readAnswer(f.flow, cost?.id as string, '1.8万元/件')).toMatchObject({
      ok: true,
      value: { kind: 'number', value: 1.8 },
    });
    expect(scoreItem(f.flow, cost?.id as string, { [cost?.id as string]: '1.8万元/件' })?.score).toBe(10);
    expect(scoreItem(f.flow, cost?.id as string, { [cost?.id as string]: '2.5' })?.score).toBe(8);
  });

  it('names a column it could not place, and the CLI exits 1 for it', async () => {
    const file = await writeShape(shape('xlsx-mid-annual-columns'), dir);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    expect(await runImport([file, '--dry-run'])).toBe(1);
    vi.restoreAllMocks();
    const printed = lines.join('\n');
    expect(printed).toContain('  没有读入的列：数据来源（不认识这些列的含义，请核对）');
    expect(printed).toContain('某州信访局 · 信访信息化建设 · 2025年度（项目支出绩效自评表）');
    const { f } = await imported(shape('xlsx-mid-annual-columns'));
    expect(f.flow.indicators.find((i) => i.name === '视频接访点建成数')?.help).toBe(
      '指标说明：乡镇视频接访点；中期指标值：≥30个',
    );
  });
});
