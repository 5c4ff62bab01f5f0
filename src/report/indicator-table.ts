import { Table, type TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import { LONG_ROW_CHARS, scaleWidths, textCell, textLength } from './cells.js';
import type { ColumnKey, ReportTemplate } from './template.js';
import type { ReportView } from './view.js';

/** A 二级指标 group up to this many rows is kept on one page; a longer one only keeps its label with a second row. */
const KEEP_WHOLE_UP_TO = 6;

/**
 * 一级指标 | 二级指标 | 三级指标 | … | 得分 | 偏差原因: one row per item, 一级/二级 merged down their group,
 * the header repeated on each page, rows never split, then the 总分 row.
 */
export function buildIndicatorTable(view: ReportView, t: ReportTemplate, textWidth: number): Table {
  const cols = t.columns;
  const w = scaleWidths(
    cols.map((c) => c.width),
    textWidth,
  );
  const body = t.fonts.table;
  const head = t.fonts.table_head;
  const rows: TableRow[] = [];

  rows.push(
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: cols.map((c, i) => textCell(c.title, { font: head, width: w[i], align: 'center' })),
    }),
  );

  const all = view.table.flatMap((g1) => g1.groups.flatMap((g2) => g2.rows));
  let index = 0;
  for (const g1 of view.table) {
    const n1 = g1.groups.reduce((s, g) => s + g.rows.length, 0);
    g1.groups.forEach((g2, j2) => {
      const n2 = g2.rows.length;
      g2.rows.forEach((row, i2) => {
        const firstOfL1 = j2 === 0 && i2 === 0;
        const i1 = g1.groups.slice(0, j2).reduce((s, g) => s + g.rows.length, 0) + i2;
        const isLastRow = index === all.length - 1;
        // Labels are never left alone at the foot of a page; the last row stays with the 总分 row.
        const keepNext = isLastRow || (i2 < n2 - 1 && (n2 <= KEEP_WHOLE_UP_TO || i2 === 0)) || (i1 === 0 && n1 > 1);
        const cells: TableCell[] = [];
        cols.forEach((c, ci) => {
          const key: ColumnKey = c.key;
          if (key === 'level1') {
            if (firstOfL1) cells.push(textCell(g1.label, { font: body, width: w[ci], rowSpan: n1, align: 'center' }));
            return; // docx writes the vMerge continuation cells of the rows below
          }
          if (key === 'level2') {
            if (i2 === 0) cells.push(textCell(g2.label, { font: body, width: w[ci], rowSpan: n2, align: 'center' }));
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
            keepNext,
            children: cells,
          }),
        );
        index++;
      });
    });
  }

  rows.push(new TableRow({ cantSplit: true, keepNext: true, children: totalCells(view, t, w) }));

  return new Table({
    rows,
    columnWidths: w,
    width: { size: textWidth, type: WidthType.DXA },
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
