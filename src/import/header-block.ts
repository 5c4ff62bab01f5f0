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
  /** 全年执行数 when the form states it (a 自评表 sent back filled in). */
  budgetSpent?: string;
  /** 半年计划执行数 where the table has one (如皋-style). */
  budgetHalf?: string;
  goal?: string;
  /** 年度主要任务 names, when listed. */
  tasks: string[];
  /** 分值 of the 年度资金总额 row in a 自评表 (the 预算执行率 item). */
  budgetWeight?: number;
}

/**
 * "…单位…" labels name the unit ("单位名称（盖章）", "实施单位", "填报单位", "项目单位"); never a unit of
 * measure ("金额单位", "计量单位") and never the supervising body (主管部门/主管单位).
 */
const ORG_LABEL =
  /^(?!金额|计量|度量|指标|主管)[^:：]{0,8}?单位(名称|全称)?(\(盖章\)|\(公章\)|\(签章\))?$|^(部门\(单位\)名称|部门名称|预算部门名称|预算部门|部门\(单位\))(\(盖章\))?$/;
const LABELS: [keyof HeaderBlock, RegExp][] = [
  ['org', ORG_LABEL],
  ['project', /^(项目名称|项目支出名称|项目支名称|项目全称)$/],
  ['supervisor', /^(主管部门|主管单位|主管部门及代码)(\(盖章\))?$/],
  [
    'goal',
    /^(年度总体目标|年度目标|年度绩效目标|本年度绩效目标|本年度目标|绩效目标|年度履职目标|总体目标|项目绩效目标|绩效目标描述)$/,
  ],
];

/** Titles of goal columns: the annual one is the form's goal, a 中期/长期 one is not. */
const GOAL_COLUMN = /^(年度目标|本年度目标|年度绩效目标|预期目标)$/;
const OTHER_GOAL_COLUMN = /^(中期目标|长期目标|总目标|实际完成情况|中期目标.*|长期目标.*)$/;

/** A value that is a unit of measure, not a unit's name ("单位：万元"). */
const MEASURE_UNIT = /^(万元|元|千元|亿元|%|人|个|件)$/;

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
    for (const [label, value] of labelValues(t)) {
      const key = labelKey(label);
      if (ORG_LABEL.test(key) && !MEASURE_UNIT.test(value)) h.org ??= value;
      else if (/^(项目名称|项目支出名称|项目全称)$/.test(key)) h.project ??= value;
      else if (/^(主管部门|主管单位)(\(盖章\))?$/.test(key)) h.supervisor ??= value;
    }
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
        // "年度总体目标 | 预期目标 | 实际完成情况", "总体目标 | 中期目标 | 年度目标": column titles, the values
        // one row down; the annual column is the goal, never the 中期/长期 one.
        if (field === 'goal' && v && (GOAL_COLUMN.test(labelKey(v)) || OTHER_GOAL_COLUMN.test(labelKey(v)))) {
          const col = cells.findIndex((c, k) => k > i && GOAL_COLUMN.test(labelKey(c)));
          v = col >= 0 ? (rows[r + 1]?.[col] ?? '') : '';
          if (GOAL_COLUMN.test(labelKey(v))) v = '';
        }
        if (v) (h as unknown as Record<string, string>)[field] = v;
      }
      if (
        /^(年初预算|全年预算数|预算数|资金总额|年度资金总额|部门预算总额|部门预算|预算总额|全年执行数|调整后预算|预算执行数)/.test(
          key,
        )
      )
        readBudget(h, rows, r, i);
      // "预算执行情况（10分）", "预算执行率（10分）": the share the form gives the budget item.
      const points = /^预算执行(情况|率)?\((\d+(?:\.\d+)?)分\)$/.exec(key);
      if (points) h.budgetWeight ??= Number(points[2]);
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
  if (/^(年初预算数?|全年预算数|全年执行数|调整后预算数?|预算执行数)$/.test(key)) {
    // Column title: the figure is in the first row below whose label is 资金总额/年度资金总额.
    for (let k = r + 1; k < rows.length; k++) {
      const row = rows[k] ?? [];
      if (!row.some((c) => /^((年度)?资金总额|总额|合计)/.test(labelKey(c)))) continue;
      const v = halfWidth(row[i] ?? '');
      const m = /^(\d+(?:\.\d+)?)\s*(万元)?$/.exec(v);
      if (m && /^年初预算数?$/.test(key)) h.budgetInitial ??= m[1];
      if (m && /^(全年预算数|调整后预算数?)$/.test(key)) h.budgetTotal ??= m[1];
      if (m && /^(全年执行数|预算执行数)$/.test(key)) h.budgetSpent ??= m[1];
      const header = rows[r] ?? [];
      const wCol = header.findIndex((c) => /^(分值|权重)$/.test(labelKey(c)));
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

/** Labels a header line puts side by side ("单位名称（盖章）：…  填报日期：…"); a value ends where the next begins. */
const LINE_LABEL =
  /(?:[^\s:：]{0,6}?单位(?:名称|全称)?|部门\(单位\)名称|部门名称|项目名称|项目支出名称|项目全称|主管部门|主管单位|填报日期|填表日期|报送日期|日期|填表人|填报人|联系人|联系电话|电话|单位负责人|项目负责人|财务负责人|负责人|年度)(?:\((?:盖章|公章|签章)\))?\s*[:：]\s*/g;

/**
 * "单位名称（盖章）：某县信访局 填报日期：2024年1月5日" → [["单位名称(盖章)", "某县信访局"], ["填报日期", …]]:
 * the label/value pairs of a line, each value running to the next label.
 */
function labelValues(line: string): [string, string][] {
  const marks = [...line.matchAll(LINE_LABEL)].map((m) => ({
    label: m[0].replace(/\s*[:：]\s*$/, ''),
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  const out: [string, string][] = [];
  marks.forEach((mk, k) => {
    const value = cleanText(line.slice(mk.end, marks[k + 1]?.start ?? line.length));
    if (value) out.push([mk.label, value]);
  });
  return out;
}
