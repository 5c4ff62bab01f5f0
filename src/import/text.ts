/** Text clean-up shared by the readers and the table interpreter (one place, so both agree). */

import { stripInvisible } from '../core/text/invisible.js';

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef“”‘’';

/**
 * A cell's text as a person reads it: line breaks and layout spaces between Chinese characters
 * vanish ("产出\n指标" → "产出指标"), other runs of white space become one space; invisible format
 * characters go.
 */
export function cleanText(s: string): string {
  // A form's own text may carry direction overrides: they would reach every chat and every .docx.
  return stripInvisible(s)
    .replace(/[\u00a0\u3000\t\r\n ]+/g, ' ')
    .replace(new RegExp(`([${CJK}]) (?=[${CJK}])`, 'g'), '$1')
    .trim();
}

/** Full-width digits, letters and signs (１００％) as ASCII; used on figures, never on names or rules. */
export function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A header or label reduced to its meaning: no spaces, no '*', ASCII brackets, no "(万元)" tails. */
export function labelKey(s: string): string {
  return halfWidth(s)
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .replace(/[【〔［]/g, '(')
    .replace(/[】〕］]/g, ')');
}

/** A number written in a cell ("10", "１０分", " 12.5 "), or undefined. */
export function numberIn(s: string): number | undefined {
  const m = /^-?\d+(?:\.\d+)?/.exec(halfWidth(s).replace(/\s+/g, ''));
  return m ? Number(m[0]) : undefined;
}

/** Only the figures of a target (１００％ → 100%), leaving its words and brackets as written. */
export function halfWidthFigures(s: string): string {
  return s
    .replace(/[\uff10-\uff19\uff05\uff0e\uff0b\uff0d\uff1c\uff1d\uff1e]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/\u3000/g, ' ')
    .trim();
}
