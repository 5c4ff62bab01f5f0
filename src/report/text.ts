import { type IRunOptions, Tab, TextRun } from 'docx';
import { stripInvisible } from '../core/text/invisible.js';
import type { FontSpec } from './template.js';

/**
 * Characters XML 1.0 cannot hold at all: C0 controls other than tab/newline/CR, U+FFFE/U+FFFF, and halves of
 * surrogate pairs without their other half. Done here rather than left to the writer, which would print a lone
 * surrogate as U+FFFD. Invisible direction and format characters go too (stripInvisible): a text stored before
 * they were stripped on input, or a form's own wording, must not reverse a figure on paper. Everything else
 * (emoji, quotes, <, &) is text the user typed and is kept; the docx writer escapes it.
 */
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return stripInvisible(s).replace(INVALID_XML, '');
}

/** The text as printed lines: every kind of line break people paste (CRLF, CR, U+2028/2029) becomes one break. */
export function linesOf(s: string): string[] {
  return cleanText(s).split(/\r\n|[\r\n\u2028\u2029\u0085]/);
}

export type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break' | 'font' | 'size'>;

/** The run font of a template font: East-Asian face for Chinese, Latin face for digits and letters. */
export function runFont(f: FontSpec) {
  return {
    font: { eastAsia: f.east_asia, ascii: f.latin, hAnsi: f.latin, cs: f.latin },
    size: Math.round(f.size_pt * 2),
    bold: f.bold || undefined,
  };
}

/** Runs that print `text` as typed: newlines become line breaks, tabs become tabs. */
export function runsOf(text: string, font: FontSpec, style: RunStyle = {}): TextRun[] {
  const base = { ...runFont(font), ...style };
  return linesOf(text).map((line, i) => {
    const parts = line.split('\t');
    const children: (string | Tab)[] = [];
    parts.forEach((p, j) => {
      if (j > 0) children.push(new Tab());
      if (p) children.push(p);
    });
    return new TextRun({ ...base, children, break: i > 0 ? 1 : undefined });
  });
}
