import type { Rule, StepRounding } from '../types.js';
import { quote } from './normalize.js';

type StepRule = Extract<Rule, { kind: 'step' }>;
type CountRule = Extract<Rule, { kind: 'count' }>;
export type StepParse =
  | { rule: StepRule | CountRule | { kind: 'manual'; reason: string }; notes: string[] }
  | undefined;

const BELOW_VERBS = ['低于', '减少', '下降', '降低', '少于', '不足', '差', '少'];
const ABOVE_VERBS = ['超过', '超出', '超支', '增加', '增长', '上升', '提高', '高于', '多于', '多', '超'];
const BOTH_VERBS = ['偏离', '偏差', '浮动', '变动', '增减'];
const VERB = [...BELOW_VERBS, ...ABOVE_VERBS, ...BOTH_VERBS].sort((a, b) => b.length - a.length).join('|');
const NUMBER = '\\d+(?:\\.\\d+)?';
const PERCENT_UNIT = '个百分点|百分点|%';
const COUNT_UNIT = '人次|件次|起|例|件|次|项|个|处|条|宗|人|户|家';
const UNIT = `${PERCENT_UNIT}|${COUNT_UNIT}`;
const DEDUCT = '(?:扣除|扣减|扣|减)';

const STEP_RE = new RegExp(
  `每(${VERB})(?:\\((${VERB})\\)|[或/、](${VERB}))?([^\\d,;。]{0,8}?)(${NUMBER})?(${UNIT})?的?,?(?:则)?${DEDUCT}(${NUMBER})?(分)?`,
);
// "低于95%时每5个百分点扣0.5分": the verb and base come before 每.
const LEAD_STEP_RE = new RegExp(
  `(${VERB})(${NUMBER})(%|个百分点)?(?:时|的|部分)?,?每(${NUMBER})(${UNIT})${DEDUCT}(${NUMBER})?(分)?`,
);
const COUNT_RE = new RegExp(
  `(?:每|缺|少)([^\\d,;。]{0,6}?)(${NUMBER})(${COUNT_UNIT})([^,;。\\d]{0,12}?),?${DEDUCT}(${NUMBER})?(分)?`,
);

function sideOf(verb: string | undefined): 'below' | 'above' | 'both' | undefined {
  if (!verb) return undefined;
  if (BELOW_VERBS.includes(verb)) return 'below';
  if (ABOVE_VERBS.includes(verb)) return 'above';
  return 'both';
}

function unitOf(u: string | undefined): string | undefined {
  if (!u) return undefined;
  return u === '个百分点' || u === '百分点' ? '%' : u;
}

interface Base {
  value: number;
  percent: boolean;
  /** Which side of base the stated score covers: '≤100%计2分' → 'le'. */
  covers?: 'le' | 'ge' | 'eq';
  full?: number;
  fullWord?: string;
}

const BASE_STANDARD_RE = new RegExp(`以(${NUMBER})(%)?为(?:标准|基准|基数)`);
const BASE_SCORE_RE = new RegExp(
  `(≥|≤|>|<|=|为|达到|达|不低于|不超过|不高于)?(${NUMBER})(%|个百分点)?(\\(含\\)以下|\\(含\\)以上|以下\\(含\\)|以上\\(含\\)|及以上|以上|及以下|以下|以内)?(?:的|时)?,?((?:计|得)(?:满分|(${NUMBER})分))`,
);

/** Finds the threshold and full marks the text gives: "达95%得3分", "以100%为标准", "100%以下（含）计满分". */
export function findBase(t: string): Base | undefined {
  const scored = t.match(BASE_SCORE_RE);
  const standard = t.match(BASE_STANDARD_RE);
  if (!scored && !standard) return undefined;
  const base: Base = standard
    ? { value: Number(standard[1]), percent: !!standard[2] }
    : { value: Number(scored![2]), percent: !!scored![3] };
  if (scored && Number(scored[2]) === base.value) {
    base.percent ||= !!scored[3];
    const op = scored[1];
    const side = scored[4] ?? '';
    if (op === '≤' || op === '<' || op === '不超过' || op === '不高于' || /以下|以内/.test(side)) base.covers = 'le';
    else if (op === '≥' || op === '>' || op === '达到' || op === '达' || op === '不低于' || /以上/.test(side))
      base.covers = 'ge';
    else base.covers = 'eq';
    if (scored[6] !== undefined) {
      base.full = Number(scored[6]);
      base.fullWord = scored[5];
    }
  }
  return base;
}

/** First "计N分"/"得N分" that is not "不得分": the full marks the text states. */
export function findFull(t: string): { full: number; word: string } | undefined {
  const m = t.match(new RegExp(`(?<!不)((?:计|得)(${NUMBER})分)`));
  return m ? { full: Number(m[2]), word: m[1] } : undefined;
}

export function findCap(t: string): number | undefined {
  const m = t.match(
    new RegExp(
      `(?:最多|最高)(?:扣|减)(${NUMBER})分|扣分(?:最多|最高)?不(?:超过|高于)(${NUMBER})分|(?:扣|减)(${NUMBER})分为限`,
    ),
  );
  if (!m) return undefined;
  return Number(m[1] ?? m[2] ?? m[3]);
}

function findRounding(t: string): StepRounding | undefined {
  if (
    /不足(?:\d+(?:\.\d+)?(?:%|个百分点)?|1档|一档)的?(?:部分)?(?:按|以)(?:\d+(?:\.\d+)?(?:%|个百分点)?|1档|一档)(?:计|算)/.test(
      t,
    )
  )
    return 'ceil';
  if (/不足(?:\d+(?:\.\d+)?(?:%|个百分点)?|1档|一档)的?(?:部分)?(?:不扣|不计)/.test(t)) return 'floor';
  if (/按比例(?:扣|计)/.test(t)) return 'proportional';
  return undefined;
}

function truncated(segment: string): { kind: 'manual'; reason: string } {
  return { kind: 'manual', reason: `'${quote(segment)}'后缺少扣分数（原文可能被截断）` };
}

function fullNote(word: string | undefined): string[] {
  return word ? [`原文写'${word}'`] : [];
}

/** Step deductions ("每低于1%扣1分") and counted ones ("每发生1起扣1分"); undefined when neither is there. */
export function parseStepOrCount(t: string): StepParse {
  const step = t.match(STEP_RE);
  const lead = step ? null : t.match(LEAD_STEP_RE);
  if (step || lead) {
    let direction: 'below' | 'above' | 'both';
    let per: string | undefined;
    let unitText: string | undefined;
    let deduct: string | undefined;
    let leadBase: Base | undefined;
    if (step) {
      const sides = new Set([sideOf(step[1]), sideOf(step[2]), sideOf(step[3])].filter((s) => s !== undefined));
      direction = sides.has('both') || sides.size > 1 ? 'both' : (sides.values().next().value as 'below' | 'above');
      [per, unitText, deduct] = [step[5], step[6], step[7]];
      if (deduct === undefined || !step[8]) return { rule: truncated(step[0]), notes: [] };
      if (per === undefined) {
        return { rule: { kind: 'manual', reason: `'${quote(step[0])}'没有写每多少扣分（缺少步长）` }, notes: [] };
      }
    } else {
      const m = lead!;
      const side = sideOf(m[1]);
      direction = side ?? 'both';
      [per, unitText, deduct] = [m[4], m[5], m[6]];
      if (deduct === undefined || !m[7]) return { rule: truncated(m[0]), notes: [] };
      leadBase = { value: Number(m[2]), percent: !!m[3] };
    }
    const perUnit = unitOf(unitText);
    const base = leadBase ?? findBase(t);
    const isCountUnit = perUnit !== undefined && perUnit !== '%';
    if (isCountUnit && !base?.percent) {
      // "每增加1件减0.1分" with no percent threshold: the answer is simply how many there were.
      return countRule(Number(per), Number(deduct), perUnit, t);
    }
    if (Number(per) <= 0 || Number(deduct) <= 0) {
      return {
        rule: { kind: 'manual', reason: `'${quote((step ?? lead)![0])}'的步长或扣分数为0，无法计分` },
        notes: [],
      };
    }
    const rule: StepRule = {
      kind: 'step',
      direction,
      per: Number(per),
      deduct: Number(deduct),
      perUnit: perUnit ?? '%',
    };
    const notes: string[] = [];
    if (base) rule.base = base.value;
    const stated = base?.full !== undefined ? { full: base.full, word: base.fullWord } : findFull(t);
    if (stated) {
      rule.full = stated.full;
      notes.push(...fullNote(stated.word));
    }
    const cap = findCap(t);
    if (cap !== undefined) rule.cap = cap;
    const rounding = findRounding(t);
    if (rounding) rule.rounding = rounding;
    if (!perUnit) notes.push(`'${quote((step ?? lead)![0])}'没有写单位，按百分点计`);
    if (direction === 'below') rule.otherSide = 'full';
    else if (direction === 'above') rule.otherSide = aboveOtherSide(t, base);
    if (direction === 'above' && rule.otherSide === 'uncovered' && rule.base !== undefined) {
      notes.push(`评分标准没有规定低于${rule.base}${base?.percent ? '%' : ''}时如何计分，这种情况需人工评分`);
    }
    return { rule, notes };
  }

  const count = t.match(COUNT_RE);
  if (count) {
    if (count[5] === undefined || !count[6]) return { rule: truncated(count[0]), notes: [] };
    return countRule(Number(count[2]), Number(count[5]), count[3], t);
  }
  return undefined;
}

/**
 * For above-deductions, values under the base are full marks only when the text says so:
 * "100%以下（含）计满分", "≤100%，计2分", or the deduction is conditioned "＞0，每超过…".
 */
function aboveOtherSide(t: string, base: Base | undefined): 'full' | 'uncovered' {
  if (base?.covers === 'le') return 'full';
  if (new RegExp(`(?:>|超过|高于|大于)${NUMBER}%?(?:的|时|部分)?,?每`).test(t)) return 'full';
  if (/(?:以下|以内|不超过)(?:\(含\))?(?:的|时)?,?(?:计|得)/.test(t)) return 'full';
  return 'uncovered';
}

function countRule(per: number, deduct: number, unit: string, t: string): StepParse {
  if (per <= 0 || deduct <= 0) return { rule: { kind: 'manual', reason: `评分标准的扣分数为0，无法计分` }, notes: [] };
  const rule: CountRule = { kind: 'count', per, deduct, unit };
  const notes: string[] = [];
  const stated = findFull(t);
  if (stated) {
    rule.full = stated.full;
    notes.push(...fullNote(stated.word));
  }
  const cap = findCap(t);
  if (cap !== undefined) rule.cap = cap;
  return { rule, notes };
}
