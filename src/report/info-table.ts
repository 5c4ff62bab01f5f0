import { type ITableRowOptions, Table, TableLayoutType, TableRow, WidthType } from 'docx';
import { LONG_ROW_CHARS, scaleWidths, spanWidth, textCell, textLength } from './cells.js';
import { rowTwips } from './layout-estimate.js';
import type { ReportTemplate } from './template.js';
import type { ReportView } from './view.js';

/** A field value longer than this gets a row of its own instead of sharing it with another field. */
const PAIR_UP_TO = 24;

interface CellSpec {
  text: string;
  from: number;
  span: number;
  head?: boolean;
  rowSpan?: number;
  align?: 'center' | 'left' | 'auto';
}

/**
 * The block above the indicator table: 单位信息, 预算执行 (年初预算数 … 得分) and 年度总体目标, on an
 * 8-column grid like the printed forms, with its estimated height (twips). Null when there is nothing to show.
 */
export function buildInfoTable(
  view: ReportView,
  t: ReportTemplate,
  textWidth: number,
): { table: Table; height: number } | null {
  const w = scaleWidths(t.info_widths, textWidth);
  const body = t.fonts.table;
  const head = t.fonts.table_head;
  const rows: TableRow[] = [];
  let height = 0;
  const cell = (text: string, from: number, span: number, o: Omit<CellSpec, 'text' | 'from' | 'span'> = {}) => ({
    text,
    from,
    span,
    ...o,
  });
  const push = (opts: Omit<ITableRowOptions, 'children'>, ...cells: CellSpec[]) => {
    rows.push(
      new TableRow({
        ...opts,
        children: cells.map((c) =>
          textCell(c.text, {
            font: c.head ? head : body,
            width: spanWidth(w, c.from, c.span),
            columnSpan: c.span,
            rowSpan: c.rowSpan,
            align: c.align,
          }),
        ),
      }),
    );
    // A label merged down two rows is shared by them; the rows' own cells decide their height.
    height += rowTwips(
      cells
        .filter((c) => !c.rowSpan)
        .map((c) => ({ text: c.text, width: spanWidth(w, c.from, c.span), font: c.head ? head : body })),
    );
  };

  // Fields, two to a row when both are short.
  const fields = [...view.fields];
  while (fields.length) {
    const a = fields.shift()!;
    const b = fields[0];
    if (b && a.value.length <= PAIR_UP_TO && b.value.length <= PAIR_UP_TO) {
      fields.shift();
      push(
        { cantSplit: true },
        cell(a.label, 0, 1, { head: true }),
        cell(a.value, 1, 3),
        cell(b.label, 4, 1, { head: true }),
        cell(b.value, 5, 3),
      );
    } else {
      push(
        { cantSplit: textLength(a.value) < LONG_ROW_CHARS },
        cell(a.label, 0, 1, { head: true }),
        cell(a.value, 1, 7),
      );
    }
  }

  if (view.budget) {
    const b = view.budget;
    push(
      { cantSplit: true, keepNext: true },
      cell(t.text.budget.label, 0, 1, { head: true, rowSpan: 2 }),
      cell('', 1, 1),
      ...t.text.budget.columns.map((c, i) => cell(c, 2 + i, 1, { head: true })),
    );
    push(
      { cantSplit: true },
      cell(t.text.budget.row, 1, 1),
      ...[b.initial, b.total, b.spent, b.max, b.rate, b.score].map((v, i) => cell(v, 2 + i, 1, { align: 'center' })),
    );
  }

  if (view.goals) {
    const g = view.goals;
    push(
      { cantSplit: true, keepNext: true },
      cell(t.text.goals.label, 0, 1, { head: true, rowSpan: 2 }),
      cell(t.text.goals.expected, 1, 3, { head: true }),
      cell(t.text.goals.actual, 4, 4, { head: true }),
    );
    push(
      { cantSplit: textLength(g.expected, g.actual) < LONG_ROW_CHARS },
      cell(g.expected, 1, 3, { align: 'left' }),
      cell(g.actual, 4, 4, { align: 'left' }),
    );
  }

  if (!rows.length) return null;
  return {
    table: new Table({
      rows,
      columnWidths: w,
      width: { size: textWidth, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
    }),
    height,
  };
}
