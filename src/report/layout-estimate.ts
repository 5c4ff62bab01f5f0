import { convertMillimetersToTwip } from 'docx';
import type { FontSpec, ReportTemplate } from './template.js';

/**
 * How tall things print, in twips, estimated from text length and column width. A .docx has no page breaks of its
 * own (the reader lays it out), so the renderer guesses where pages end to repeat a 一级指标's name there. The figures
 * are measured on LibreOffice with Noto CJK (a 10.5 pt line is 15.1 pt high, a one-line row 21.8 pt, each further
 * line adds 13–15 pt) and
 * rounded up, so a guess errs towards a page ending early, which the layout then keeps (see page-plan.ts).
 */

/** Line height over font size: 1.44 measured (CJK fonts carry tall ascenders); 1.45 to err high. */
const LINE_FACTOR = 1.45;
/** Cell margins (40 + 40 twips, cells.ts) plus borders: a cell of n lines is n lines + this, measured 94 twips. */
const CELL_EXTRA = 100;
/** A one-line row is taller than that (≥ and % come from a font with a taller line): 21.8 pt measured. */
const ONE_LINE_EXTRA = 140;
/** Left + right cell margins (cells.ts). */
const CELL_SIDES = 160;
/** Digits and Latin letters are about half as wide as a Chinese character; 0.55 errs wide. */
const NARROW_EM = 0.55;
/** Line breaking never puts ，。） at the start of a line, so lines come out a little fuller than the sum says. */
const WRAP_SLACK = 1.04;

export const lineTwips = (f: FontSpec) => f.size_pt * 20 * LINE_FACTOR;

/** Width of a line of text in ems of its font. */
export function textEms(line: string): number {
  let em = 0;
  for (const ch of line) em += (ch.codePointAt(0) ?? 0) < 0x0370 ? NARROW_EM : 1;
  return em;
}

/** Printed lines of `text` in a column `width` twips wide, `sides` (cell margins by default) taken off. */
export function linesIn(text: string, width: number, font: FontSpec, sides = CELL_SIDES): number {
  const usable = Math.max(1, width - sides);
  const em = font.size_pt * 20;
  return text
    .split(/\r\n|[\r\n\u2028\u2029\u0085]/)
    .reduce((n, line) => n + Math.max(1, Math.ceil((textEms(line) * em * WRAP_SLACK) / usable)), 0);
}

/** Height of a table cell holding `text`. */
export const cellTwips = (text: string, width: number, font: FontSpec) =>
  Math.max(lineTwips(font) + ONE_LINE_EXTRA, linesIn(text, width, font) * lineTwips(font) + CELL_EXTRA);

/** Height of a table row: its tallest cell. */
export const rowTwips = (cells: { text: string; width: number; font: FontSpec }[]) =>
  Math.max(0, ...cells.map((c) => cellTwips(c.text, c.width, c.font)));

/** Height of a paragraph of one font, `after` twips of spacing below it. */
export const paragraphTwips = (text: string, width: number, font: FontSpec, after = 0) =>
  linesIn(text, width, font, 0) * lineTwips(font) + after;

/** Portrait width × height in twips. */
export const PAPER = { A4: [11906, 16838], A3: [16838, 23811] } as const;

/** The printable area of a page, in twips. */
export function pageArea(t: ReportTemplate): { width: number; height: number; margin: Record<Side, number> } {
  const [pw, ph] = PAPER[t.page.size];
  const landscape = t.page.orientation === 'landscape';
  const m = t.page.margin_mm;
  const margin = { top: mm(m.top), right: mm(m.right), bottom: mm(m.bottom), left: mm(m.left) };
  return {
    width: (landscape ? ph : pw) - margin.left - margin.right,
    height: (landscape ? pw : ph) - margin.top - margin.bottom,
    margin,
  };
}

type Side = 'top' | 'right' | 'bottom' | 'left';
const mm = (x: number) => Math.round(convertMillimetersToTwip(x));
