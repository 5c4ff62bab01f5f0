import { AlignmentType, type ITableCellOptions, Paragraph, TableCell, VerticalAlign, WidthType } from 'docx';
import type { FontSpec } from './template.js';
import { type RunStyle, runsOf } from './text.js';

/** Short texts (numbers, 无, 达成) sit centred like the printed forms; longer ones read better left-aligned. */
const CENTRE_UP_TO = 16;

/** Rows holding more text than this may still split across pages: a row taller than a page cannot be kept whole. */
export const LONG_ROW_CHARS = 600;

export interface CellOptions {
  font: FontSpec;
  /** Width in twips of the grid columns the cell covers. */
  width: number;
  columnSpan?: number;
  rowSpan?: number;
  align?: 'center' | 'left' | 'auto';
  run?: RunStyle;
  keepNext?: boolean;
  borders?: ITableCellOptions['borders'];
}

export function paragraph(
  text: string,
  font: FontSpec,
  align: 'center' | 'left' | 'auto' = 'auto',
  run: RunStyle = {},
  keepNext?: boolean,
): Paragraph {
  const centred = align === 'center' || (align === 'auto' && !text.includes('\n') && [...text].length <= CENTRE_UP_TO);
  return new Paragraph({
    alignment: centred ? AlignmentType.CENTER : AlignmentType.LEFT,
    keepNext,
    children: runsOf(text, font, run),
  });
}

export function textCell(text: string, o: CellOptions): TableCell {
  return new TableCell({
    children: [paragraph(text, o.font, o.align, o.run, o.keepNext)],
    width: { size: o.width, type: WidthType.DXA },
    columnSpan: o.columnSpan && o.columnSpan > 1 ? o.columnSpan : undefined,
    rowSpan: o.rowSpan && o.rowSpan > 1 ? o.rowSpan : undefined,
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    borders: o.borders,
  });
}

/** Grid widths in twips: relative widths scaled to the text width, the rounding put in the last column. */
export function scaleWidths(relative: number[], total: number): number[] {
  const sum = relative.reduce((s, w) => s + w, 0);
  const out = relative.map((w) => Math.floor((w / sum) * total));
  out[out.length - 1] += total - out.reduce((s, w) => s + w, 0);
  return out;
}

export const spanWidth = (widths: number[], from: number, span: number) =>
  widths.slice(from, from + span).reduce((s, w) => s + w, 0);

export const textLength = (...texts: string[]) => texts.reduce((s, t) => s + t.length, 0);
