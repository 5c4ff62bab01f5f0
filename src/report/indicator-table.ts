import { Table, type TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import { LONG_ROW_CHARS, scaleWidths, textCell, textLength } from './cells.js';
import { cellTwips, rowTwips } from './layout-estimate.js';
import { planPages } from './page-plan.js';
import { type ColumnKey, fill, type ReportTemplate } from './template.js';
import type { ReportView } from './view.js';

/** Where the table sits: the text width, and the room pages leave for it (all in twips). */
export interface TableSpace {
  width: number;
  /** Height of the printable area of a page. */
  pageHeight: number;
  /** Taken on the first page by what precedes the table (title, 单位信息, 预算执行, 年度总体目标). */
  firstPageUsed: number;
  /** What follows the 总分 row and stays with it: notes, the signature lines. */
  after: number;
}

/** Of a page's estimated room, the share planned for: what the estimate misses goes to white space, not overflow. */
const PAGE_FILL = 0.96;

/**
 * 一级指标 | 二级指标 | 三级指标 | … | 得分 | 偏差原因: one row per item, 一级/二级 merged down their group within a
 * page and named again with （续） on the next, the header repeated on each page, rows never split, then 总分.
 */
export function buildIndicatorTable(view: ReportView, t: ReportTemplate, space: TableSpace): Table {
  const cols = t.columns;
  const w = scaleWidths(
    cols.map((c) => c.width),
    space.width,
  );
  const body = t.fonts.table;
  const head = t.fonts.table_head;
  const tt = t.text.table;
  const widthOf = (key: ColumnKey) => w[cols.findIndex((c) => c.key === key)] ?? 0;
  const hasCol = (key: ColumnKey) => cols.some((c) => c.key === key);
  // A label cell must hold its first-page text and its （续） text, whichever is taller.
  const labelTwips = (key: ColumnKey, texts: string[]) =>
    hasCol(key) ? Math.max(...texts.map((x) => cellTwips(x, widthOf(key), body))) : 0;

  const flat = view.table.flatMap((g1, i1) =>
    g1.groups.flatMap((g2, i2) => g2.rows.map((row) => ({ row, g1: i1, g2: i2 }))),
  );
  const headerHeight = rowTwips(cols.map((c, i) => ({ text: c.title, width: w[i], font: head })));
  const totalHeight = rowTwips([{ text: view.total.text, width: widthOf('score'), font: body }]);
  const room = space.pageHeight * PAGE_FILL - headerHeight;
  const breaks = new Set(
    planPages({
      rows: flat.map((f) => ({
        g1: f.g1,
        g2: f.g2,
        height: rowTwips(
          cols
            .map((c, i) => ({ text: f.row.cells[c.key], width: w[i], font: body, key: c.key }))
            .filter((c) => c.key !== 'level1' && c.key !== 'level2'),
        ),
      })),
      level1Height: (g1) => {
        const g = view.table[g1];
        return labelTwips('level1', [g.label, fill(tt.level1_continued, { name: g.name })]);
      },
      level2Height: (g1, g2) => {
        const label = view.table[g1].groups[g2].label;
        return labelTwips('level2', [label, fill(tt.level2_continued, { name: label })]);
      },
      firstRoom: room - space.firstPageUsed,
      room,
      tail: totalHeight + space.after,
    }),
  );

  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: cols.map((c, i) => textCell(c.title, { font: head, width: w[i], align: 'center' })),
    }),
  ];
  /** Rows from k on that stay in the same group and on the same page. */
  const runLength = (k: number, same: (a: (typeof flat)[0], b: (typeof flat)[0]) => boolean) => {
    let n = 1;
    while (k + n < flat.length && !breaks.has(k + n) && same(flat[k + n], flat[k])) n++;
    return n;
  };
  flat.forEach(({ row, g1, g2 }, k) => {
    const prev = flat[k - 1];
    const opensPage = breaks.has(k);
    const startsL1 = !prev || prev.g1 !== g1;
    const startsL2 = startsL1 || prev.g2 !== g2;
    const g = view.table[g1];
    const cells: TableCell[] = [];
    cols.forEach((c, ci) => {
      const key: ColumnKey = c.key;
      if (key === 'level1') {
        if (startsL1 || opensPage)
          cells.push(
            textCell(startsL1 ? g.label : fill(tt.level1_continued, { name: g.name }), {
              font: body,
              width: w[ci],
              rowSpan: runLength(k, (a, b) => a.g1 === b.g1),
              align: 'center',
            }),
          );
        return; // docx writes the vMerge continuation cells of the rows below
      }
      if (key === 'level2') {
        const label = g.groups[g2].label;
        if (startsL2 || opensPage)
          cells.push(
            textCell(startsL2 ? label : fill(tt.level2_continued, { name: label }), {
              font: body,
              width: w[ci],
              rowSpan: runLength(k, (a, b) => a.g1 === b.g1 && a.g2 === b.g2),
              align: 'center',
            }),
          );
        return;
      }
      cells.push(
        textCell(row.cells[key], {
          font: body,
          width: w[ci],
          align: key === 'max' || key === 'score' ? 'center' : 'auto',
        }),
      );
    });
    rows.push(
      new TableRow({
        cantSplit: textLength(...Object.values(row.cells)) < LONG_ROW_CHARS,
        // Each page's run of rows is kept together, so the reader breaks the page where the labels were
        // repeated; the last row stays with the 总分 row.
        keepNext: k === flat.length - 1 || !breaks.has(k + 1),
        children: cells,
      }),
    );
  });

  rows.push(new TableRow({ cantSplit: true, keepNext: true, children: totalCells(view, t, w) }));

  return new Table({
    rows,
    columnWidths: w,
    width: { size: space.width, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}

/**
 * 总分 | 分值 total | 得分 total and grade: the label spans the columns before 分值, the total text spans 得分 and
 * the columns after it, whatever order the template gives the columns.
 */
function totalCells(view: ReportView, t: ReportTemplate, w: number[]): TableCell[] {
  const cols = t.columns;
  const cells: TableCell[] = [];
  const head = t.fonts.table_head;
  const body = t.fonts.table;
  let labelDone = false;
  let i = 0;
  while (i < cols.length) {
    const key = cols[i].key;
    if (key === 'max') {
      cells.push(textCell(view.total.max, { font: body, width: w[i], align: 'center' }));
      i++;
      continue;
    }
    let j = i + 1;
    if (key === 'score') {
      while (j < cols.length && cols[j].key !== 'max') j++;
      cells.push(
        textCell(view.total.text, {
          font: body,
          width: sum(w, i, j),
          columnSpan: j - i,
          align: 'center',
          run: { bold: true },
        }),
      );
    } else {
      while (j < cols.length && cols[j].key !== 'max' && cols[j].key !== 'score') j++;
      cells.push(
        textCell(labelDone ? '' : t.text.table.total_label, {
          font: head,
          width: sum(w, i, j),
          columnSpan: j - i,
          align: 'center',
        }),
      );
      labelDone = true;
    }
    i = j;
  }
  return cells;
}

const sum = (w: number[], from: number, to: number) => w.slice(from, to).reduce((s, x) => s + x, 0);
