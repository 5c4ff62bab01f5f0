// Quotations of a rule as the form wrote it. The grammar reads a normalised spelling (half-width,
// Arabic numerals, 个百分点 kept but 百分之五 made 5%); a person checking a reason must find the quoted
// words in their own form, so every 「…」 a reason or note shows is mapped back to the original span,
// with the rule's own final 。 and never cut inside a number.
import { normaliseText } from './normalize.js';

/** Longest quotation shown before it is shortened with "…". */
const MAX = 30;

/** Characters of a number as written: digits, a decimal point, Chinese numerals, 百分之, %. */
const NUMERIC = /[0-9０-９.．%％零〇一二两三四五六七八九十百千万点]/;

const norm = (s: string) => normaliseText(s).replace(/，/g, ',').replace(/；/g, ';').replace(/：/g, ':');

/**
 * The span of `original` whose normalised spelling holds `fragment` (a clause as the grammar read it),
 * or undefined when the grammar rewrote it beyond recognition (a bracket turned into a clause).
 *
 * @example verbatimSpan('每低于一个百分点扣０.５分。', '每低于1个百分点扣0.5分') // → '每低于一个百分点扣０.５分。'
 */
export function verbatimSpan(original: string, fragment: string): string | undefined {
  const f = norm(fragment).replace(/^[,;。]+|[,;。]+$/g, '');
  if (!f) return undefined;
  const holds = (i: number, j: number) => norm(original.slice(i, j)).includes(f);
  const n = original.length;
  if (!holds(0, n)) return undefined;
  // The shortest prefix holding the fragment, then the shortest suffix of it (both monotonic: search).
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(0, mid)) hi = mid;
    else lo = mid + 1;
  }
  let end = lo;
  let a = 0;
  let b = end - 1;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (holds(mid, end)) a = mid;
    else b = mid - 1;
  }
  // A Chinese numeral cut short still normalises to a number ("十" of "十五"): keep the whole numeral.
  while (end < n && NUMERIC.test(original[end] ?? '') && NUMERIC.test(original[end - 1] ?? '')) end++;
  let span = original.slice(a, end).trim();
  // The sentence's own full stop belongs to the quotation.
  const next = original.slice(end).trimStart()[0];
  if (next === '。' || next === '.') span += '。';
  return span;
}

/**
 * A quotation shortened for a message: cut at a clause boundary where one is near, never inside a
 * number ("扣0.…" would read as another figure).
 *
 * @example clip('每低于98%一个百分点扣0.5分，扣完为止，最低得0分，低于90%不得分', 20) // → '每低于98%一个百分点扣0.5分，…'
 */
export function clip(text: string, max = MAX): string {
  const t = text.replace(/\s+/g, '');
  if (t.length <= max) return t;
  let cut = max;
  const boundary = Math.max(...['，', '；', '。', ',', ';'].map((p) => t.lastIndexOf(p, max - 1)));
  if (boundary >= max / 2) cut = boundary + 1;
  else while (cut > 0 && NUMERIC.test(t[cut] ?? '') && NUMERIC.test(t[cut - 1] ?? '')) cut--;
  if (cut === 0) cut = max;
  return `${t.slice(0, cut)}…`;
}

/** Replaces every 「…」 of a reason or note with the original words of the rule, shortened safely. */
export function quoteVerbatim(message: string, original: string): string {
  return message.replace(/「([^「」]*)」/g, (_m, q: string) => {
    const span = verbatimSpan(original, q);
    return `「${clip(span ?? q)}」`;
  });
}

/** The figures of a text in order, as the grammar reads them ("每低于一个百分点扣0.5分" → [1, 0.5]). */
function figures(s: string): string[] {
  return normaliseText(s).match(/\d+(?:\.\d+)?/g) ?? [];
}

/**
 * A calculation step that quotes the rule ("按「每低于1%扣0.1分」…") with the rule's own words: the
 * clause of the rule with the same figures in the same order ("每减少1个百分点扣0.1分"). A paraphrase
 * no clause matches loses its 「」: it is the scorer's wording, not a quotation.
 *
 * @example quoteSteps('按「每低于5%扣0.2分」，2个百分点折合0.4档', '按时办结率达90%得1分，每减少5%扣0.2分')
 *   // → '按「每减少5%扣0.2分」，2个百分点折合0.4档'
 */
export function quoteSteps(step: string, rule: string): string {
  const clauses = rule
    .split(/[，,；;。\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
  return step.replace(/「([^「」]*)」/g, (_m, q: string) => {
    if (rule.replace(/\s+/g, '').includes(q)) return `「${q}」`;
    const want = figures(q).join('|');
    const same = clauses.filter((c) => want !== '' && figures(c).join('|') === want && /扣|得|计|记|加|减/.test(c));
    return same.length === 1 ? `「${clip(same[0])}」` : q;
  });
}
