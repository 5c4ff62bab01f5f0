// What a read rule asks the person for, and how an answer that names the rule's own conditions is
// matched to them ("无结余", "未建立二级平台、少设立城管机构3处"). The general answer reader
// (core/answers) reads figures, dates, 是/否 and checklists; this file only knows the rule's words.
import type { DeductionItem, Measure, Rule, Target } from '../types.js';
import { normaliseText } from './normalize.js';
import { isMoney, isPercent, NUMBER, UNIT } from './vocabulary.js';

export interface RuleAsks {
  measure: Measure;
  unit?: string;
  /** The conditions the answer picks from (checklist points, 扣分情形, options). */
  points?: string[];
  options?: string[];
  /** What is counted, for the question: "未办结的件数". */
  counts?: string;
}

/**
 * What the rule itself calls for, when it is not what the target measures: a count for a rule that
 * deducts per 件 under a text target, the listed points of a checklist, the options of a choice.
 * Undefined: the target decides, as before.
 *
 * @example ruleAsks({ kind: 'count', per: 1, deduct: 0.5, unit: '项', what: '不达标' }, { kind: 'text', text: '规范' })
 *   // → { measure: 'count', unit: '项', counts: '不达标的项数' }
 */
export function ruleAsks(rule: Rule, target: Target, measure: Measure): RuleAsks | undefined {
  switch (rule.kind) {
    case 'count': {
      if (measure === 'checklist') return undefined; // missing points of the item's own list
      const unit = rule.unit ?? '次';
      if (target.kind === 'number' && target.unit && !isPercent(target.unit) && target.unit === unit) return undefined;
      return { measure: 'count', unit, counts: `${rule.what ? `${rule.what.replace(/的$/, '')}的` : ''}${unit}数` };
    }
    case 'step': {
      const u = rule.perUnit;
      if (!u || isPercent(u) || isMoney(u) || measure === 'checklist' || rule.direction !== 'below') return undefined;
      const targetCount =
        target.kind === 'number' && target.unit === u && (target.op === '>=' || target.op === '>') && target.value > 0;
      // "办结率达100%得4分，每减少1件扣0.5分": every case short of 100% is one 件 not settled; "每少一项扣0.4分"
      // with no number to reach: the answer is how many are missing.
      const ofRate = rule.base === 100 && (target.kind !== 'number' || !target.unit || isPercent(target.unit));
      if (ofRate || (rule.base === undefined && !targetCount))
        return {
          measure: 'count',
          unit: u,
          counts: `${rule.what ? `${rule.what.replace(/的$/, '')}的` : ofRate ? '未达到的' : '缺少的'}${u}数`,
        };
      return undefined;
    }
    case 'deductions':
      return { measure: 'text', points: rule.items.map((i) => i.text) };
    case 'choice':
      // 畅通/基本畅通/不畅通 under a text target: 达成/部分达成/未达成 still name them; other answers are texts.
      return { measure: measure === 'qualitative' ? 'qualitative' : 'text', options: rule.options.map((o) => o.text) };
    case 'checklist':
      if (rule.texts && measure !== 'checklist') return { measure: 'checklist', points: rule.texts };
      return undefined;
    case 'all_or_nothing':
      if (measure === 'percent' || measure === 'count' || measure === 'money' || measure === 'number') return undefined;
      return undefined;
    default:
      return undefined;
  }
}

const compact = (s: string) =>
  normaliseText(s)
    .replace(/[,;。、:()"“”]/g, '')
    .replace(/的/g, '');

/**
 * The option a text answer names: the longest option found in the answer (or containing it), so
 * "不健全" is not taken for "健全". Undefined when none, or two equally good.
 */
export function matchOption(answer: string, options: string[]): number | undefined {
  const a = compact(answer);
  if (!a) return undefined;
  let best: { i: number; len: number } | undefined;
  let tie = false;
  options.forEach((o, i) => {
    const t = compact(o);
    if (!t) return;
    let len = a === t ? 1000 : a.includes(t) ? t.length : t.includes(a) && a.length >= 2 ? a.length : 0;
    // "齐全" is not "不齐全", nor is "不健全" "健全": a negation the other lacks makes them opposites.
    if (len > 0 && len < 1000) {
      const extra = a.includes(t) ? a.replace(t, '|') : t.replace(a, '|');
      if (/[不未没无非]\|/.test(extra)) len = 0;
    }
    if (len === 0) return;
    if (!best || len > best.len) {
      best = { i, len };
      tie = false;
    } else if (len === best.len) tie = true;
  });
  return best && !tie ? (best as { i: number }).i : undefined;
}

const NONE =
  /^(?:无|没有|都没有|均无|没|(?:0|零)[^\d]{0,3}|无扣分情形|没有扣分情形|都没发生|未发生|没有发生|都做到了|全部做到|无上述情形|无此情形|达成|达标|全部达标|均达标|都达标|都已做到|均已做到)$/;

/**
 * Which of a deductions rule's conditions an answer says happened, and how often:
 * "无" → none; "第2项" / "第1、3项" → those, once; "未建立二级平台、少设立城管机构3处" → by their words.
 * Returns a reason when a part of the answer names none of them.
 */
export function readDeductions(
  answer: string,
  items: DeductionItem[],
): { ok: true; counts: number[]; excepted?: (boolean | undefined)[] } | { ok: false; reason: string } {
  const counts = items.map(() => 0);
  const excepted: (boolean | undefined)[] = items.map(() => undefined);
  const s = normaliseText(answer).replace(/[。.]$/, '');
  if (NONE.test(s)) return { ok: true, counts };
  // The answer is one of the listed 情形 as written ("既不防疫，也不填表").
  const whole = matchOption(
    s,
    items.map((x) => x.text),
  );
  if (whole !== undefined && compact(s) === compact(items[whole].text)) {
    counts[whole] = 1;
    return { ok: true, counts };
  }
  // "达标", "齐全", "按时下达": the positive of a listed 情形 — it did not happen (the only one listed, or
  // word for word).
  const positive = (x: DeductionItem) => compact(x.text).replace(/^(?:未能|不能|没有|不|未|没|无|非)/, '');
  if (items.some((x) => positive(x) === compact(s))) return { ok: true, counts };
  if (
    items.length === 1 &&
    !NEGATED.test(compact(s)) &&
    compact(s).length >= 2 &&
    positive(items[0]).includes(compact(s)) &&
    positive(items[0]) !== compact(items[0].text)
  )
    return { ok: true, counts };
  // "第2项", "第1、3项", "1、3": by their numbers (a lone "2项" is a count, not a number).
  const byNumber = /^第?((?:\d+[、,和及]?)+)项?$/.exec(s.replace(/第/g, ''));
  if (byNumber && (s.includes('第') || /\d[、,和及]\d/.test(s))) {
    for (const n of byNumber[1]
      .split(/[、,和及]/)
      .filter(Boolean)
      .map(Number)) {
      if (n < 1 || n > items.length) return { ok: false, reason: `没有第${n}项` };
      counts[n - 1] += 1;
    }
    return { ok: true, counts };
  }
  for (const part of s.split(/[,;，；]/).filter(Boolean)) {
    // "已及时制止查处" / "未能及时制止": whether the exception a 情形 has applies.
    const ex = exceptionOf(part, items);
    if (ex) {
      excepted[ex.i] = ex.applies;
      continue;
    }
    const neg = NEGATED.exec(compact(part));
    if (neg && !part.includes('、') && matchItem(compact(part), items) === undefined) {
      // "没有出现违法用地": a listed 情形 (worded without a negation), said not to have happened.
      const k = matchItem(compact(part).slice(neg[0].length), items);
      if (k !== undefined && !HAS_NEGATION.test(compact(items[k].text))) continue;
    }
    // "已全部认领" for "…未认领…扣3分": the deed the 情形 negates was done, so the 情形 did not happen.
    if (doneDeed(part, items)) continue;
    for (const piece of part.split('、').filter(Boolean)) {
      // words, a count with its unit, and words again: "违法违规2起", "缺少1类变更申请", "一河一策少1条".
      const m = PIECE.exec(piece);
      const before = m ? m[1] : piece;
      const after = m ? m[4] : '';
      const words = compact(before + after) || compact(piece);
      const n = m ? Number(m[2]) : 1;
      // By the unit alone only when the words name nothing of their own ("缺2个方面", "2人次").
      const i =
        matchItem(words, items) ?? byVerb(words, items) ?? byUnit(m ? m[3] || undefined : undefined, items, words);
      if (i === undefined) return { ok: false, reason: `「${piece}」对不上评分标准列的扣分情形` };
      counts[i] += n;
    }
  }
  return excepted.some((x) => x !== undefined) ? { ok: true, counts, excepted } : { ok: true, counts };
}

/** An answer part that says a deed was done which a listed 情形 names as not done ("已全部认领" / "未认领"). */
function doneDeed(part: string, items: DeductionItem[]): boolean {
  const w = compact(part)
    .replace(/^(?:已经|已|均已|都已|全部|均|都)+/, '')
    .replace(/了$/, '');
  if (w.length < 2 || /\d/.test(w) || NEGATED.test(w) || w === compact(part)) return false;
  return items.some((x) => new RegExp(`(?:未|没有|没|不)${w}`).test(compact(x.text)));
}

/** "缺1条" for "未实现河长全覆盖,缺一条扣0.5分": the one 情形 counted with that verb. */
function byVerb(words: string, items: DeductionItem[]): number | undefined {
  if (!words) return undefined;
  const found = items.flatMap((it, k) => (it.verb && words === compact(it.verb) ? [k] : []));
  return found.length === 1 ? found[0] : undefined;
}

/** A piece of an answer: words, a count with its unit (件, 起, 个方面 …), words. */
const PIECE = new RegExp(`^(.*?)(${NUMBER})((?:${UNIT})?)(.*)$`);

/**
 * "缺2个方面", "会议少1次", "2人次": the one counted 情形 whose unit the answer names (the words named
 * no 情形).
 */
function byUnit(unit: string | undefined, items: DeductionItem[], words = ''): number | undefined {
  if (!unit) return undefined;
  const bare = (u: string) => u.replace(/^个(?=.)/, '');
  const found = items.flatMap((it, k) =>
    it.per !== undefined && it.unit && (bare(it.unit) === bare(unit) || (it.unit === '个' && unit.startsWith('个')))
      ? [k]
      : [],
  );
  if (found.length !== 1) return undefined;
  // Words that name another 情形 ("重大事故1起") are not this one's count.
  const pairs = [...words].slice(0, -1).map((_, a) => words.slice(a, a + 2));
  if (items.some((it, k) => k !== found[0] && pairs.some((p) => compact(it.text).includes(p)))) return undefined;
  // "1起" for "一般安全事故每起扣2分，重大安全事故不得分": which kind of 事故 it was is not said.
  const own = compact(items[found[0]].text).replace(/^(?:发生|出现|发现)/, '');
  const kin = items.some(
    (it, k) => k !== found[0] && common(own, compact(it.text).replace(/^(?:发生|出现|发现)/, '')) >= 3,
  );
  return kin ? undefined : found[0];
}

const HAS_NEGATION = /[未不没无非缺少]/;
const NEGATED = /^(?:未能|不能|没能|没有|未|没|无|不|非)/;

/** The exception of a 情形 an answer part speaks of, and whether it says it applies. */
function exceptionOf(part: string, items: DeductionItem[]): { i: number; applies: boolean } | undefined {
  const bare = (x: string) => compact(x).replace(/^(?:如能|若能|能够|能|可以|可|已经|已|均|都)+/, '');
  let w = compact(part);
  const neg = NEGATED.exec(w);
  if (neg) w = w.slice(neg[0].length);
  w = bare(w);
  if (w.length < 2) return undefined;
  const found = items.flatMap((it, i) => {
    if (!it.except) return [];
    const e = bare(it.except);
    return e.includes(w) || w.includes(e) || common(e, w) >= Math.ceil(e.length * 0.6) ? [i] : [];
  });
  return found.length === 1 ? { i: found[0], applies: !neg } : undefined;
}

function common(a: string, b: string): number {
  let best = 0;
  for (let x = 0; x < b.length; x++)
    for (let y = x + 1; y <= b.length; y++) if (a.includes(b.slice(x, y))) best = Math.max(best, y - x);
  return best;
}

function matchItem(words: string, items: DeductionItem[]): number | undefined {
  if (!words) return undefined;
  const i = matchOption(
    words,
    items.map((x) => x.text),
  );
  if (i !== undefined) return i;
  // "缺2个方面" for "计划内容缺失的，每缺1个方面": the counted thing.
  let best: number | undefined;
  let bestLen = 0;
  const negated = NEGATED.test(words);
  items.forEach((it, k) => {
    const t = compact(it.text);
    if (negated && !HAS_NEGATION.test(t)) return; // "没有出现违法用地" is not "出现违法用地情况"
    let len = 0;
    for (let a = 0; a < words.length; a++)
      for (let b = a + 2; b <= words.length; b++) if (t.includes(words.slice(a, b))) len = Math.max(len, b - a);
    // "重大事故" for "发生一般安全事故"/"发生重大安全事故": every pair of characters found counts, so the
    // words that tell the 情形 apart (重大) decide, not only the longest shared run (事故).
    for (let a = 0; a + 2 <= words.length; a++) if (t.includes(words.slice(a, a + 2))) len += 0.01;
    if (len > bestLen) {
      bestLen = len;
      best = k;
    } else if (len === bestLen) best = undefined;
  });
  return bestLen >= 2 ? best : undefined;
}
