import type { Grid, SourceDoc } from './grid.js';
import { cleanText, halfWidth, labelKey } from './text.js';

/** What the document says about itself, above the indicator table. Every field optional. */
export interface HeaderBlock {
  title?: string;
  year?: number;
  org?: string;
  project?: string;
  supervisor?: string;
  /** 年初预算数 / 预算数 / 资金总额 (万元) as written. */
  budgetInitial?: string;
  budgetTotal?: string;
  /** 半年计划执行数 where the table has one (如皋-style). */
  budgetHalf?: string;
  goal?: string;
  /** 年度主要任务 names, when listed. */
  tasks: string[];
  /** 分值 of the 年度资金总额 row in a 自评表 (the 预算执行率 item). */
  budgetWeight?: number;
}

const LABELS: [keyof HeaderBlock, RegExp][] = [
  ['org', /^(单位名称|部门\(单位\)名称|部门名称|预算部门名称|预算单位名称|填报单位|预算单位|实施单位)(\(盖章\))?$/],
  ['project', /^(项目名称|项目支出名称|项目支名称)$/],
  ['supervisor', /^主管部门$/],
  ['goal', /^(年度总体目标|年度目标|年度绩效目标|本年度绩效目标|绩效目标|年度履职目标|总体目标)$/],
];

/**
 * Reads the label/value pairs of the rows above `headerRow` in `grid` (the part of the table before
 * the indicators) and the loose paragraphs before the table.
 */
export function readHeaderBlock(
  doc: SourceDoc,
  grid: Grid,
  range: { blockStart: number; headerRow: number },
  paragraphs: string[],
): HeaderBlock {
  const h: HeaderBlock = { tasks: [] };
  const { blockStart, headerRow } = range;
  // In a sheet, titles are rows with a single text; they count as the nearest paragraphs.
  const lone = grid.rows
    .slice(blockStart, headerRow)
    .map((r) => [...new Set(r.map((c) => c.text).filter(Boolean))])
    .filter((t) => t.length === 1)
    .map((t) => t[0] as string)
    .reverse();
  const sheetLines = grid.rows
    .slice(0, headerRow)
    .map((r) => [...new Set(r.map((c) => c.text).filter(Boolean))])
    .filter((t) => t.length === 1)
    .map((t) => t[0] as string);
  const docYear = documentYear([...doc.paragraphs, ...sheetLines]);
  if (docYear) h.year = docYear;
  for (const p of [...lone, ...paragraphs]) {
    const t = halfWidth(p);
    if (!h.title && /绩效.*表/.test(t) && t.length < 60) h.title = p.replace(/^\d+[.、]\s*/, '');
    const y = /(20\d\d)\s*年/.exec(t);
    if (y && !h.year && (/年度|绩效|表/.test(t) || t.length < 20)) h.year = Number(y[1]);
    const org = /^(?:填报单位|单位名称|预算单位)(?:\(盖章\))?\s*[:：]\s*(.+)$/.exec(t);
    if (org?.[1]) h.org = cleanText(org[1]);
    // "542001 正定县信访局本级": a budget unit code followed by its name.
    const coded = /^\d{6,}\s+(\S+?)(?:本级)?$/.exec(t);
    if (coded?.[1] && !h.org) h.org = coded[1];
  }
  const rows = grid.rows.slice(blockStart, headerRow).map((r) => r.map((c) => (c.from === 'left' ? '' : c.text)));
  rows.forEach((cells, r) => {
    cells.forEach((text, i) => {
      if (!text) return;
      const key = labelKey(text);
      for (const [field, re] of LABELS) {
        if (!re.test(key) || h[field]) continue;
        let v = valueRight(cells, i);
        // "年度总体目标 | 预期目标 | 实际完成情况" with the values one row down.
        if (v && /^预期目标$/.test(labelKey(v))) {
          const col = cells.indexOf(v, i + 1);
          v = rows[r + 1]?.[col] ?? '';
        }
        if (v) (h as unknown as Record<string, string>)[field] = v;
      }
      if (/^(年初预算数|全年预算数|预算数|资金总额|年度资金总额|部门预算总额|部门预算|预算总额)/.test(key))
        readBudget(h, rows, r, i);
      // "年度主要任务" merged down a column, one task per row: 任务名称 is the first cell to its right.
      if (key === '年度主要任务' && (r === 0 || rows[r - 1]?.[i] !== text)) {
        for (let k = r; k < rows.length && rows[k]?.[i] === text; k++) {
          const name = valueRight(rows[k] ?? [], i);
          if (name && !/^任务名称$/.test(labelKey(name))) h.tasks.push(name);
        }
      }
    });
  });
  if (!h.year) {
    for (const p of doc.paragraphs) {
      const y = /(20\d\d)\s*年/.exec(halfWidth(p));
      if (y) {
        h.year = Number(y[1]);
        break;
      }
    }
  }
  if (!h.goal && h.tasks.length) h.goal = `完成年度主要任务：${h.tasks.join('；')}`;
  if (h.org) h.org = h.org.replace(/\(盖章\)|（盖章）/g, '').trim();
  return h;
}

/**
 * The year of the document as a whole ("（2022 年度）", "2022 年部门预算绩效文本"), which wins over a
 * year inside a project's name ("2021年第二批…专项补助资金").
 */
function documentYear(paragraphs: string[]): number | undefined {
  for (const p of paragraphs) {
    const t = halfWidth(p).trim();
    const m = /^\(?\s*(20\d\d)\s*年度?\s*\)?$/.exec(t) ?? /^(20\d\d)\s*年度?\s*(部门|单位)?(预算|决算)?绩效/.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * First non-empty cell to the right. A label there means this label's value was left blank
 * (鹤城: "主管部门 | (blank) | 实施单位 | 信访局"): the answer is empty, not the next label.
 */
function valueRight(cells: string[], i: number): string {
  for (let k = i + 1; k < cells.length; k++) {
    const v = cells[k] ?? '';
    if (!v || v === cells[i]) continue;
    return LABELS.some(([, re]) => re.test(labelKey(v))) ? '' : v;
  }
  return '';
}

/**
 * Budget figures come in two shapes: "预算数 | 5.00" (value to the right), or a column title
 * "年初预算数 | 全年预算数 | 全年执行数 | 分值" with the 资金总额 row below it.
 */
function readBudget(h: HeaderBlock, rows: string[][], r: number, i: number): void {
  const key = labelKey(rows[r]?.[i] ?? '').replace(/\((万元|元|%)\)$/, '');
  const right = halfWidth(valueRight(rows[r] ?? [], i));
  const money = /^(\d+(?:\.\d+)?)\s*(万元)?$/.exec(right);
  if (/^(资金总额|年度资金总额|部门预算总额|部门预算|预算总额|预算数)$/.test(key) && money) {
    h.budgetInitial ??= money[1];
    return;
  }
  if (/^(年初预算数|全年预算数)$/.test(key)) {
    // Column title: the figure is in the first row below whose label is 资金总额/年度资金总额.
    for (let k = r + 1; k < rows.length; k++) {
      const row = rows[k] ?? [];
      if (!row.some((c) => /^(年度)?资金总额/.test(labelKey(c)))) continue;
      const v = halfWidth(row[i] ?? '');
      const m = /^(\d+(?:\.\d+)?)\s*(万元)?$/.exec(v);
      if (m && key === '年初预算数') h.budgetInitial ??= m[1];
      if (m && key === '全年预算数') h.budgetTotal ??= m[1];
      const header = rows[r] ?? [];
      const wCol = header.findIndex((c) => labelKey(c) === '分值');
      if (wCol >= 0) {
        const w = Number(halfWidth(row[wCol] ?? '').trim());
        if (w > 0) h.budgetWeight = w;
      }
      const hCol = header.findIndex((c) => /^半年.*执行数$/.test(labelKey(c)));
      if (hCol >= 0) {
        const hm = /^(\d+(?:\.\d+)?)/.exec(halfWidth(row[hCol] ?? '').trim());
        if (hm) h.budgetHalf ??= hm[1];
      }
      break;
    }
  }
}
