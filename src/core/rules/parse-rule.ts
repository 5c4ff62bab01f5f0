import type { Rule } from '../types.js';
import { assemble, manual, type Parsed, unreadReason } from './assemble.js';
import { normaliseText, quote } from './normalize.js';
import { readClauses } from './read-clause.js';
import { quoteVerbatim } from './verbatim.js';

/**
 * Reads a 评（扣）分标准 into a structured rule, as a grammar: the text is split into clauses, each
 * clause read into slots (condition, effect, caps), and the clauses put together (assemble.ts). Never
 * guesses a number: whatever cannot be read becomes { kind: 'manual', reason } quoting the clause, so
 * that a person scores it. `notes` are remarks worth showing (full marks the text states, assumptions).
 *
 * @example parseRule('100%计满分，每低于1%扣1分，扣完为止').rule
 *   // → { kind: 'step', direction: 'below', base: 100, per: 1, deduct: 1, perUnit: '%', otherSide: 'full' }
 */
export function parseRule(text: string): Parsed {
  const original = String(text ?? '');
  let parsed: Parsed;
  try {
    parsed = read(original);
  } catch {
    parsed = manual(`评分标准「${quote(original)}」无法读取，需人工评分`);
  }
  // Reasons and notes quote the rule in the form's own words, shortened without cutting a number.
  const { rule, notes } = parsed;
  const verbatim = (m: string) => (m.includes('「') ? quoteVerbatim(m, original) : m);
  return {
    rule: rule.kind === 'manual' ? { ...rule, reason: verbatim(rule.reason) } : rule,
    notes: notes.map(verbatim),
  };
}

function read(text: string): Parsed {
  const t = normaliseText(text).replace(/[。;,]+$/, '');
  if (t.length === 0)
    return {
      rule: { kind: 'default' },
      notes: ['评分标准为空，按财政部通用方法（达到指标值得满分，未达到按完成比例计分）'],
    };
  const q = quote(text);
  if (!/[\u4e00-\u9fa5]/.test(t)) return manual(`评分标准「${q}」无法识别，没有计分方法`);

  const points = pointRule(t);
  if (points) return points;
  return assemble(readClauses(text));
}

/**
 * The 评价要点 phrasings of the 共性指标 (“每项指标评价要点加2分”, “按指标说明评价要点，每缺一项扣1分”):
 * the item's own 评价要点 are the list, so the rule is a checklist over them.
 */
function pointRule(t: string): Parsed | undefined {
  const addPer = t.match(/每(?:项|个|条)?(?:指标)?(?:评价)?要点(?:加|得|计)(\d+(?:\.\d+)?)分/);
  if (addPer) {
    const rest = t.replace(addPer[0], '').replace(/^[,;。]+|[,;。]+$/g, '');
    if (rest && /(?<!百)分|扣|\d/.test(rest)) return manual(unreadReason(rest.split(/[,;。]/).filter(Boolean)));
    return { rule: { kind: 'checklist', mode: 'add', perPoint: Number(addPer[1]) }, notes: [] };
  }
  if (!/评价要点|要点/.test(t)) return undefined;
  const missing = t.match(/(?:每)?缺(?:少)?(\d+)(?:项|个|条)(?:要点)?,?(?:扣|减)(\d+(?:\.\d+)?)?(分)?/);
  if (!missing) return undefined;
  if (missing[2] === undefined || !missing[3]) return manual(`「${quote(missing[0])}」后缺少扣分数（原文可能被截断）`);
  if (Number(missing[1]) !== 1) return manual(`评分标准「${quote(t)}」按每缺${missing[1]}项扣分，需人工评分`);
  const rest = t
    .replace(missing[0], '')
    .replace(/按指标说明评价要点|扣完为止/g, '')
    .replace(/^[,;。]+|[,;。]+$/g, '');
  if (rest && /(?<!百)分|扣|\d/.test(rest)) return manual(unreadReason(rest.split(/[,;。]/).filter(Boolean)));
  const rule: Rule = { kind: 'checklist', mode: 'deduct', perPoint: Number(missing[2]) };
  return { rule, notes: [] };
}
