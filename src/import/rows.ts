import { type ColumnMap, columnKind, headerColumns } from './columns.js';
import type { Cell, Grid } from './grid.js';
import { cleanText, halfWidth, halfWidthFigures, labelKey, numberIn } from './text.js';

/** One indicator row as the document states it; nothing assumed yet. */
export interface SourceRow {
  /** 1-based row number within its grid, for messages. */
  line: number;
  /** The grid it was read from ("表2" when a table was continued in a second one). */
  table: string;
  level1: string;
  level2: string;
  name: string;
  /** 分值 as written (its column, or "（10分）" in the 三级 cell), undefined when the form states none for this row. */
  weight?: number;
  /** Where `weight` was read: its column, or the 三级 cell's "（N分）". */
  weightFrom?: 'column' | 'name';
  target: string;
  half?: string;
  /** 中期/长期 指标值 beside the annual one. */
  mid?: string;
  rule?: string;
  help?: string;
}

export interface SkippedRow {
  line: number;
  /** The grid the row is in. */
  table: string;
  text: string;
  why: string;
}

export interface IndicatorTable {
  grid: Grid;
  /** Grids it was read from, in order: more than one when Word or WPS split the table at a page. */
  parts: string[];
  /** Index of the header row inside the grid; rows from blockStart up to it are the header block. */
  headerRow: number;
  blockStart: number;
  columns: ColumnMap;
  rows: SourceRow[];
  skipped: SkippedRow[];
  /** "产出指标(50分)" → {产出指标: 50}: totals the document states per 一级指标. */
  level1Weights: Record<string, number>;
  /** "数量指标（20分）" → {"产出指标／数量指标": 20}: totals stated per 二级指标. */
  level2Weights: Record<string, number>;
  /** 总分 row, when the table has one. */
  total?: number;
  /** "注：…" rows, kept to tell the coordinator. */
  notes: string[];
  /** Ended by a 合计/总分 row, a signature line or the next table's header block: nothing continues it. */
  closed: boolean;
  /** The 一级/二级 in force after the last row read: a continuation's blank cells inherit them. */
  last1: string;
  last2: string;
  /** The table's stated "绩效指标（90分）" label. */
  labels: Record<string, number>;
  /** "长期绩效指标" / "年度绩效指标" written beside the header: a 目标表 may hold both. */
  term?: 'long' | 'annual';
}

/** Most indicator rows we accept in one table; a real form has under 100. */
export const MAX_ROWS = 1000;

/** Cells that hold nothing but a placeholder: "/", "—", "无", "……", "指标1：". */
const PLACEHOLDER = /^[\s/／\\—–\-－_…·.。、*＊]*$|^(无|暂无|空|略|不适用|待定)$/;

export function isPlaceholder(s: string): boolean {
  return PLACEHOLDER.test(s.trim());
}

/**
 * Finds every indicator table in a grid (a sheet may hold 整体 and 项目 tables one under the other).
 * With `carry`, the grid's rows before a header of its own continue that table (Word or WPS split it
 * at a page); they are appended to it and it is not returned again.
 */
export function indicatorTables(grid: Grid, carry?: IndicatorTable): IndicatorTable[] {
  const out: IndicatorTable[] = [];
  let current: IndicatorTable | undefined = carry;
  if (carry) carry.parts.push(grid.name);
  let blockStart = 0;
  grid.rows.forEach((cells, r) => {
    const texts = cells.map((c) => c.text);
    const single = headerColumns(texts);
    const double = twoRowHeader(grid.rows[r - 1], cells);
    // "一级 | 二级 | 三级 | 全年 | 半年" under "指标 | 指标值": the two rows together place more columns.
    const header = double && (!single || placed(double) > placed(single)) ? double : single;
    if (header) {
      // The same header again (repeated on every page) continues the table; another shape starts a new one.
      const term = termOf(texts);
      if (current && !current.closed && sameColumns(current.columns, header) && current.term === term) {
        current.skipped.push({ line: r + 1, table: grid.name, text: joinRow(cells), why: '重复的表头行' });
        return;
      }
      current = {
        grid,
        parts: [grid.name],
        headerRow: r,
        blockStart,
        columns: header,
        rows: [],
        skipped: [],
        level1Weights: {},
        level2Weights: {},
        notes: [],
        closed: false,
        last1: '',
        last2: '',
        labels: {},
        ...(term ? { term } : {}),
      };
      // "绩效指标（90分）" above or beside the header is a stated total of the indicators.
      for (const t of new Set(texts)) {
        const p = splitPoints(t);
        if (p.points !== undefined && /^(绩效指标|年度绩效指标|指标)$/.test(labelKey(p.name)))
          current.labels.绩效指标 = p.points;
      }
      out.push(current);
      return;
    }
    if (!current || current.closed) return;
    const t = current;
    const c = t.columns;
    const line = r + 1;
    const skip = (why: string, text = joinRow(cells)) => t.skipped.push({ line, table: grid.name, text, why });
    const distinct = [...new Set(texts.filter(Boolean))];
    if (distinct.length === 0) {
      skip('空行', '');
      return;
    }
    const first = labelKey(distinct[0] ?? '');
    if (
      /^(注|备注|说明|填表说明)[0-9一二三]?[:：.、]?/.test(first) &&
      /^(注|备注|说明|填表说明)/.test(distinct[0] ?? '')
    ) {
      if (distinct.length <= 2) {
        t.notes.push(distinct.join(' '));
        skip('注释行');
        return;
      }
    }
    if (distinct.some((x) => /^(总分|合计|总计|分值合计|总得分|得分合计|合计得分)$/.test(labelKey(x)))) {
      const w = c.weight !== undefined ? numberIn(cells[c.weight]?.text ?? '') : undefined;
      if (w !== undefined) t.total = w;
      skip('合计行');
      t.closed = true;
      return;
    }
    // A title line or the header block of the next table (one sheet holding several tables) ends this one.
    if (
      /^(填表人|填报人|联系电话|单位负责人|审核人|项目负责人|财务负责人|评价结论|存在问题|改进措施)/.test(first) ||
      endsTable(cells, c)
    ) {
      t.closed = true;
      current = undefined;
      blockStart = r;
      return;
    }
    const l1raw = own(cells, c.level1);
    const l2raw = own(cells, c.level2);
    const l1 = splitPoints(l1raw);
    if (l1.name && !isPlaceholder(l1.name)) {
      t.last1 = l1.name;
      t.last2 = '';
      if (l1.points !== undefined) t.level1Weights[l1.name] = l1.points;
    } else if (c.level1 !== undefined && cells[c.level1]?.from === 'above')
      t.last1 = splitPoints(cells[c.level1]?.text ?? '').name || t.last1;
    const l2 = splitPoints(l2raw);
    if (l2.name && !isPlaceholder(l2.name)) {
      t.last2 = l2.name;
      if (l2.points !== undefined) t.level2Weights[`${t.last1 || l2.name}／${l2.name}`] = l2.points;
    } else if (c.level2 !== undefined && cells[c.level2]?.from === 'above' && cells[c.level2]?.text)
      t.last2 = splitPoints(cells[c.level2]?.text ?? '').name || t.last2;
    const rawName = stripNumbering(own(cells, c.name, [c.level2, c.level1]));
    const named = splitPoints(rawName);
    const name = named.name.replace(/^[★☆*＊]+\s*/, '');
    const target = targetOf(cells, c);
    if (!name) {
      skip('没有三级指标');
      return;
    }
    if (isPlaceholder(name)) {
      skip('占位行（三级指标为空或只写了“/”“无”）');
      return;
    }
    const last1 = t.last1;
    const last2 = t.last2;
    if (!last1 && !last2) {
      skip('不在任何一级指标之下');
      return;
    }
    if (t.rows.length >= MAX_ROWS) throw new TooManyRows(t.rows.length + 1);
    const weightText = c.weight !== undefined ? halfWidth(cells[c.weight]?.text ?? '') : '';
    const row: SourceRow = {
      line,
      table: grid.name,
      level1: last1 || last2,
      level2: last2 || last1,
      name,
      target,
    };
    const w = numberIn(weightText);
    if (w !== undefined && w > 0) {
      row.weight = w;
      row.weightFrom = 'column';
    } else if (named.points !== undefined && named.points > 0) {
      row.weight = named.points;
      row.weightFrom = 'name';
    }
    const half = c.half !== undefined ? halfWidthFigures(cells[c.half]?.text ?? '') : '';
    if (half && !isPlaceholder(half)) row.half = half;
    const mid = c.mid !== undefined ? halfWidthFigures(cells[c.mid]?.text ?? '') : '';
    if (mid && !isPlaceholder(mid)) row.mid = mid;
    const rule = c.rule !== undefined ? cells[c.rule]?.text : '';
    if (rule && !isPlaceholder(rule)) row.rule = rule;
    const help = (c.desc_all ?? [])
      .map((i) => {
        const v = cells[i]?.text ?? '';
        if (!v || isPlaceholder(v) || cells[i]?.from) return '';
        return `${cleanText(t.grid.rows[t.headerRow]?.[i]?.text ?? '').replace(/^\*/, '')}：${v}`;
      })
      .filter(Boolean);
    if (help.length) row.help = help.join('；');
    t.rows.push(row);
  });
  return out;
}

export class TooManyRows extends Error {
  constructor(readonly count: number) {
    super(`指标行超过 ${MAX_ROWS} 行`);
  }
}

/** The text a cell really holds: a cell merged in from the left (a 二级 title spanning into 三级) holds none. */
function own(cells: Cell[], col: number | undefined, leftCols: (number | undefined)[] = []): string {
  if (col === undefined) return '';
  const cell = cells[col];
  if (!cell) return '';
  if (cell.from === 'left') return '';
  if (cell.from === 'above') return '';
  // A name equal to its 二级/一级 neighbour is the same merged title repeated by a converter.
  for (const l of leftCols) if (l !== undefined && cells[l]?.text === cell.text && cells[l]?.text) return '';
  return cell.text;
}

/** "产出指标(50分)" / "产出指标（50分）" / "相关性 5分" → name, points; the points are the form's own 分值. */
export function splitPoints(s: string): { name: string; points?: number } {
  const t = halfWidth(s);
  const m = /^(.*?)\s*\(\s*(\d+(?:\.\d+)?)\s*分\s*\)\s*$/.exec(t) ?? /^(.*?\S)\s+(\d+(?:\.\d+)?)\s*分$/.exec(t);
  if (m?.[1]) return { name: cleanText(m[1]), points: Number(m[2]) };
  return { name: s };
}

/** "指标 1: 立项程序规范性" → "立项程序规范性" (numbering is layout, not a name). */
function stripNumbering(s: string): string {
  return s.replace(/^指标\s*\d+\s*[:：]\s*/, '').replace(/^\d+[.、．]\s*(?=\D)/, '');
}

/** The target as written; a separate 符号 (≥) and 单位 (%) column is folded in ("≥95%"). */
function targetOf(cells: Cell[], c: ColumnMap): string {
  let v = c.target !== undefined ? halfWidthFigures(cells[c.target]?.text ?? '') : '';
  if (/^[-—－/]+$/.test(v)) v = '';
  const op = c.op !== undefined ? halfWidth(cells[c.op]?.text ?? '').replace(/\s/g, '') : '';
  const unit = c.unit !== undefined ? halfWidth(cells[c.unit]?.text ?? '').replace(/\s/g, '') : '';
  if (v && /^[\d.]+$/.test(v)) {
    // "=" (湘西's 指标性质 for "100") means the figure is to be reached: written as the plain figure.
    if (/^(≥|≤|>|<|>=|<=)$/.test(op)) v = `${op.replace('>=', '≥').replace('<=', '≤')}${v}`;
    const rule = c.rule !== undefined ? halfWidth(cells[c.rule]?.text ?? '') : '';
    if (unit && !/^[-—－/]$/.test(unit)) v = `${v}${unit}`;
    // A blank 单位 where the rule states this figure as a percent ("办结率达95%得3分"): the unit is %.
    else if (!unit && new RegExp(`(^|[^\\d.])${v.replace(/^\D+/, '').replace('.', '\\.')}%`).test(rule)) v = `${v}%`;
  }
  return v;
}

/**
 * A header written over two rows ("指标值" spanning "全年 | 半年" below it, "评分" over "标准"):
 * each column's title is its lower text, or upper + lower, or lower + upper, whichever means something.
 */
function twoRowHeader(upper: Cell[] | undefined, lower: Cell[]): ColumnMap | undefined {
  // Only when the upper row is not a header by itself (else every data row would pair with it).
  if (!upper || headerColumns(upper.map((c) => c.text))) return undefined;
  let fromLower = 0;
  const titles = lower.map((c, i) => {
    const up = upper[i]?.text ?? '';
    const low = c.from === 'above' ? '' : c.text;
    if (!up || up === low) return c.text;
    for (const t of [low, `${up}${low}`, `${low}${up}`]) {
      if (t && columnKind(t)) {
        if (low) fromLower++;
        return t;
      }
    }
    return up;
  });
  return fromLower >= 2 ? headerColumns(titles) : undefined;
}

/** Labels of a header block: they never name an indicator, so a row holding one starts the next table's block. */
const BLOCK_LABELS =
  /^(项目编码|项目名称|项目支出名称|预算数|年初预算数|单位名称|部门\(单位\)名称|填报单位|主管部门|实施单位|预算规模及资金用途|资金支出计划|项目资金|金额单位)$/;
/** These are also 二级指标 names (如皋: 决策指标/绩效目标), so they end a table only on a row without a 三级指标. */
const WEAK_BLOCK_LABELS = /^(绩效目标|年度总体目标|年度目标)$/;

function endsTable(cells: Cell[], c: ColumnMap): boolean {
  const keys = cells.filter((x) => !x.from).map((x) => labelKey(x.text).replace(/\(.*?\)$/, ''));
  if (keys.some((k) => BLOCK_LABELS.test(k))) return true;
  const nameCell = c.name !== undefined ? cells[c.name] : undefined;
  if (keys.some((k) => WEAK_BLOCK_LABELS.test(k)) && (!nameCell?.text || nameCell.from)) return true;
  const own = cells.filter((x) => x.text && !x.from);
  // A lone text in the first column ends the table only when it reads like a title line
  // ("3.信访专项业务费绩效目标表", "542001 正定县信访局本级", "单位：万元"), never a lone 一级指标.
  const lone = own.length === 1 && cells[0] === own[0] ? (own[0]?.text ?? '') : '';
  return /表$|^\d+[.、．]\D|^\d{6,}\s|^(金额)?单位[:：]|年度[)）]?$/.test(lone);
}

function placed(m: ColumnMap): number {
  return Object.keys(m).filter((k) => k !== 'desc_all' && k !== 'unplaced').length;
}

export function sameColumns(a: ColumnMap, b: ColumnMap): boolean {
  return a.name === b.name && a.target === b.target && a.weight === b.weight && a.level1 === b.level1;
}

function joinRow(cells: Cell[]): string {
  return [...new Set(cells.map((c) => c.text).filter(Boolean))].join(' | ').slice(0, 80);
}

/** Whether a header row says its indicators are the long-term (中期/长期) or the annual ones. */
function termOf(texts: string[]): 'long' | 'annual' | undefined {
  const keys = texts.map((t) => labelKey(t));
  if (keys.some((k) => /^(长期|中期)绩效(指标|目标)/.test(k))) return 'long';
  if (keys.some((k) => /^(本?年度)绩效(指标|目标)/.test(k))) return 'annual';
  return undefined;
}
