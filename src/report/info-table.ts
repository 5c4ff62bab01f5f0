import { Table, TableLayoutType, TableRow, WidthType } from 'docx';
import { LONG_ROW_CHARS, scaleWidths, spanWidth, textCell, textLength } from './cells.js';
import type { ReportTemplate } from './template.js';
import type { ReportView } from './view.js';

/** A field value longer than this gets a row of its own instead of sharing it with another field. */
const PAIR_UP_TO = 24;

/**
 * The block above the indicator table: 单位信息, 预算执行 (年初预算数 … 得分) and 年度总体目标, on an
 * 8-column grid like the printed forms. Returns null when there is nothing to show.
 */
export function buildInfoTable(view: ReportView, t: ReportTemplate, textWidth: number): Table | null {
  const w = scaleWidths(t.info_widths, textWidth);
  const body = t.fonts.table;
  const head = t.fonts.table_head;
  const rows: TableRow[] = [];
  const cell = (
    text: string,
    from: number,
    span: number,
    o: { head?: boolean; rowSpan?: number; align?: 'center' | 'left' | 'auto' } = {},
  ) =>
    textCell(text, {
      font: o.head ? head : body,
      width: spanWidth(w, from, span),
      columnSpan: span,
      rowSpan: o.rowSpan,
      align: o.align,
    });

  // Fields, two to a row when both are short.
  const fields = [...view.fields];
  while (fields.length) {
    const a = fields.shift()!;
    const b = fields[0];
    if (b && a.value.length <= PAIR_UP_TO && b.value.length <= PAIR_UP_TO) {
      fields.shift();
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            cell(a.label, 0, 1, { head: true }),
            cell(a.value, 1, 3),
            cell(b.label, 4, 1, { head: true }),
            cell(b.value, 5, 3),
          ],
        }),
      );
    } else {
      rows.push(
        new TableRow({
          cantSplit: textLength(a.value) < LONG_ROW_CHARS,
          children: [cell(a.label, 0, 1, { head: true }), cell(a.value, 1, 7)],
        }),
      );
    }
  }

  if (view.budget) {
    const b = view.budget;
    rows.push(
      new TableRow({
        cantSplit: true,
        keepNext: true,
        children: [
          cell(t.text.budget.label, 0, 1, { head: true, rowSpan: 2 }),
          cell('', 1, 1),
          ...t.text.budget.columns.map((c, i) => cell(c, 2 + i, 1, { head: true })),
        ],
      }),
      new TableRow({
        cantSplit: true,
        children: [
          cell(t.text.budget.row, 1, 1),
          ...[b.initial, b.total, b.spent, b.max, b.rate, b.score].map((v, i) =>
            cell(v, 2 + i, 1, { align: 'center' }),
          ),
        ],
      }),
    );
  }

  if (view.goals) {
    const g = view.goals;
    rows.push(
      new TableRow({
        cantSplit: true,
        keepNext: true,
        children: [
          cell(t.text.goals.label, 0, 1, { head: true, rowSpan: 2 }),
          cell(t.text.goals.expected, 1, 3, { head: true }),
          cell(t.text.goals.actual, 4, 4, { head: true }),
        ],
      }),
      new TableRow({
        cantSplit: textLength(g.expected, g.actual) < LONG_ROW_CHARS,
        children: [cell(g.expected, 1, 3, { align: 'left' }), cell(g.actual, 4, 4, { align: 'left' })],
      }),
    );
  }

  if (!rows.length) return null;
  return new Table({
    rows,
    columnWidths: w,
    width: { size: textWidth, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}
