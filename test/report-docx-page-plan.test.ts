import { describe, expect, it } from 'vitest';
import { cellTwips, linesIn, textEms } from '../src/report/layout-estimate.js';
import { type PagePlanInput, type PlanRow, planPages } from '../src/report/page-plan.js';

/** Rows of height 100 in groups: sizes[g1][g2] rows each. */
function rows(sizes: number[][], height = 100): PlanRow[] {
  return sizes.flatMap((l2s, g1) => l2s.flatMap((n, g2) => Array.from({ length: n }, () => ({ g1, g2, height }))));
}

const plan = (r: PlanRow[], o: Partial<PagePlanInput> = {}) =>
  planPages({ rows: r, level1Height: () => 0, level2Height: () => 0, firstRoom: 1000, room: 1000, tail: 0, ...o });

describe('where the indicator table’s pages end', () => {
  it('fills each page with as many rows as it holds', () => {
    // One 二级 group of 25 rows of 100 on pages holding 1000: rows 0–9, 10–19, 20–24.
    expect(plan(rows([[25]]))).toEqual([10, 20]);
  });

  it('leaves less room on the first page, under the 单位信息 block', () => {
    // (Row 24 alone on a fourth page would be a widow: row 23 goes with it.)
    expect(plan(rows([[25]]), { firstRoom: 400 })).toEqual([4, 14, 23]);
  });

  it('keeps a 二级 group of up to six rows on one page', () => {
    // 8 rows fill page 1 to 800; the next group of 3 (300) does not fit, so it starts page 2.
    expect(plan(rows([[8, 3]]))).toEqual([8]);
    // A group of 7 only keeps its label with a second row: rows 8 and 9 still fit.
    expect(plan(rows([[8, 7]]))).toEqual([10]);
  });

  it('never opens a 一级 group on the last line of a page', () => {
    // 9 rows, then a 一级 group of 1 + 1 rows in two 二级 groups: its label goes with both rows to page 2.
    expect(plan(rows([[9], [1, 1]]))).toEqual([9]);
  });

  it('counts a label taller than its rows', () => {
    // A one-row group whose label is 300 tall takes 300, and the same label repeated atop a page does too.
    expect(plan(rows([[8], [1]]), { level1Height: (g1) => (g1 === 1 ? 300 : 0) })).toEqual([8]);
  });

  it('keeps the last row with the 总分 row and the notes', () => {
    expect(plan(rows([[10]]), { tail: 0 })).toEqual([]);
    // The last row and the 总分 do not fit; row 8 goes along so that row 9 does not open the page alone.
    expect(plan(rows([[10]]), { tail: 100 })).toEqual([8]);
  });

  it('breaks before a row that cannot fit, even when its group could never fit a page', () => {
    expect(plan(rows([[3]], 600))).toEqual([1, 2]);
  });
});

describe('a group continued on the next page', () => {
  it('takes at least two of its rows there, never its last row alone', () => {
    // 11 rows of one group on pages of 10: rows 0–8, then 9 and 10 together.
    expect(plan(rows([[11]]))).toEqual([9]);
    // The same for a 一级 group whose last 二级 group is a single row.
    expect(plan(rows([[10, 1]]))).toEqual([9]);
  });
});

describe('row heights as estimated, against what LibreOffice printed (10.5 pt 宋体 → Noto CJK, A4 landscape)', () => {
  const font = { east_asia: '宋体', latin: 'Times New Roman', size_pt: 10.5, bold: false };
  // Column widths of the shipped layout: 三级指标 2921 twips, 偏差原因 3813 twips.
  it('never estimates a row shorter than printed, and at most a few percent taller', () => {
    // Measured with pdftotext -bbox: a one-line row 21.8 pt (436 twips), a two-line row 34.8 pt (696 twips).
    const one = cellTwips('第18项工作任务完成率', 2921, font);
    const two = cellTwips('部分任务受客观因素影响延期完成，下一步加强调度', 3813, font);
    expect(linesIn('部分任务受客观因素影响延期完成，下一步加强调度', 3813, font)).toBe(2);
    expect(one).toBeGreaterThanOrEqual(436);
    expect(one / 436).toBeLessThan(1.03);
    expect(two).toBeGreaterThanOrEqual(696);
    expect(two / 696).toBeLessThan(1.03);
  });

  it('reads digits and Latin letters as half a character wide', () => {
    expect(textEms('第18项')).toBeCloseTo(3.1);
    expect(linesIn('a\nb', 5000, font)).toBe(2);
  });
});
