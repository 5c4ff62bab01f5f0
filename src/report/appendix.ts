import { Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx';
import { LONG_ROW_CHARS, paragraph, scaleWidths, textCell, textLength } from './cells.js';
import type { ReportTemplate } from './template.js';
import { runsOf } from './text.js';
import type { ReportView } from './view.js';

/** 附：扣分说明 on a new page: why each item lost points, and which items still wait for a person's score. */
export function buildAppendix(view: ReportView, t: ReportTemplate, textWidth: number): (Paragraph | Table)[] {
  const a = t.text.appendix;
  const heading = (text: string, pageBreakBefore = false) =>
    new Paragraph({
      pageBreakBefore,
      keepNext: true,
      spacing: { before: pageBreakBefore ? 0 : 240, after: 120 },
      children: runsOf(text, t.fonts.heading),
    });
  const out: (Paragraph | Table)[] = [heading(a.title, true)];

  if (!view.deductions.length) out.push(paragraph(a.none, t.fonts.body, 'left'));
  else {
    const w = scaleWidths(a.widths, textWidth);
    const head = t.fonts.table_head;
    const body = t.fonts.table;
    const rows = [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: a.columns.map((c, i) => textCell(c, { font: head, width: w[i], align: 'center' })),
      }),
      ...view.deductions.map((d) => {
        const texts = [d.no, d.name, d.max, d.score, d.lost, d.explanation, d.reason];
        return new TableRow({
          cantSplit: textLength(...texts) < LONG_ROW_CHARS,
          children: texts.map((x, i) => textCell(x, { font: body, width: w[i], align: i >= 5 ? 'left' : 'auto' })),
        });
      }),
    ];
    out.push(
      new Table({
        rows,
        columnWidths: w,
        width: { size: textWidth, type: WidthType.DXA },
        layout: TableLayoutType.FIXED,
      }),
    );
  }

  if (view.pending.length) {
    out.push(heading(a.pending_title));
    for (const p of view.pending) out.push(paragraph(p, t.fonts.body, 'left'));
  }
  return out;
}
