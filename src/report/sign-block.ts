import { Paragraph, Table, TableBorders, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type { ReportTemplate } from './template.js';
import { runFont, runsOf } from './text.js';
import type { ReportView } from './view.js';

/**
 * 填表人 / 填报日期 / 联系电话 / 单位负责人签字 under the table, laid out like the printed forms.
 * A missing value leaves an underlined blank to write on by hand.
 */
export function buildSignBlock(view: ReportView, t: ReportTemplate, textWidth: number): Table {
  const s = t.text.sign;
  const font = t.fonts.body;
  const half = Math.floor(textWidth / 2);
  const blank = () => new TextRun({ ...runFont(font), text: '\u3000'.repeat(s.blank_width), underline: {} });
  const item = (label: string, value: string) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      borders: TableBorders.NONE,
      children: [
        new Paragraph({ children: [...runsOf(`${label}：`, font), ...(value ? runsOf(value, font) : [blank()])] }),
      ],
    });
  return new Table({
    borders: TableBorders.NONE,
    columnWidths: [half, textWidth - half],
    width: { size: textWidth, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        cantSplit: true,
        keepNext: true,
        children: [item(s.filler, view.sign.filler), item(s.date, view.sign.date)],
      }),
      new TableRow({ cantSplit: true, children: [item(s.phone, view.sign.phone), item(s.head, '')] }),
    ],
  });
}
