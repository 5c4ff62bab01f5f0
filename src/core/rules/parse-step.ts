import type { Rule, StepRounding } from '../types.js';
import { unreadClauses, unreadReason } from './clauses.js';
import { quote } from './normalize.js';

type StepRule = Extract<Rule, { kind: 'step' }>;
type CountRule = Extract<Rule, { kind: 'count' }>;
export type StepParse =
  | { rule: StepRule | CountRule | { kind: 'manual'; reason: string }; notes: string[] }
  | undefined;

const BELOW_VERBS = ['低于', '减少', '下降', '降低', '少于', '不足', '差', '少', '低'];
const ABOVE_VERBS = ['超过', '超出', '超支', '增加', '增长', '上升', '提高', '高于', '多于', '多', '超', '高'];
const BOTH_VERBS = ['偏离', '偏差', '浮动', '变动', '增减'];
const VERB = [...BELOW_VERBS, ...ABOVE_VERBS, ...BOTH_VERBS].sort((a, b) => b.length - a.length).join('|');
const NUMBER = '\\d+(?:\\.\\d+)?';
const PERCENT_UNIT = '个百分点|百分点|%';
const MONEY_UNIT = '万元|元';
// 个 followed by 百分点 is a percentage point, never a count.
const COUNT_UNIT = '人次|件次|起|例|件|次|项|个(?!百分点)|处|条|宗|人|户|家';
const UNIT = `${PERCENT_UNIT}|${MONEY_UNIT}|${COUNT_UNIT}`;
const DEDUCT = '(?:扣除|扣减|扣|减)';

const STEP_RE = new RegExp(
  `每(${VERB})(?:\\((${VERB})\\)|[或/、](${VERB}))?([^\\d,;。]{0,8}?)(${NUMBER})?(${UNIT})?的?,?(?:则)?${DEDUCT}(${NUMBER})?(分)?`,
);
// "低于95%时每5个百分点扣0.5分", "超过10件的部分每件扣0.2分": the verb and base come before 每.
const LEAD_STEP_RE = new RegExp(
  `(${VERB})(${NUMBER})(${UNIT})?(?:时|的|部分)*,?每(${NUMBER})?(${UNIT})${DEDUCT}(${NUMBER})?(分)?`,
);
// Bad events counted from zero: "每发生1起扣1分", "发生1起扣2分", "每出现1例不符合要求的扣0.5分".
const COUNT_RE = new RegExp(
  `(?:每|缺|少|发生|出现)([^\\d,;。]{0,6}?)(${NUMBER})(${COUNT_UNIT})([^,;。\\d]{0,12}?),?${DEDUCT}(${NUMBER})?(分)?`,
);
// "迟报、漏报1次扣0.5分": one event named before its count.
const BARE_COUNT_RE = new RegExp(`([^\\d,;。]{1,12}?)(1)(次|起|例|件|人次|项)的?,?${DEDUCT}(${NUMBER})(分)`);

// "超出部分每10件扣1分": the base is stated elsewhere ("控制在100件以内").
const PART_STEP_RE = new RegExp(
  `(超出|超过|高出|多出|低于|少于|不足)的?部分,?每(${NUMBER})?(${UNIT})${DEDUCT}(${NUMBER})?(分)?`,
);

/** A PART_STEP_RE match laid out like a LEAD_STEP_RE one, with the base left to findBase. */
function partStep(t: string): RegExpMatchArray | null {
  const m = t.match(PART_STEP_RE);
  if (!m) return null;
  const out = [m[0], m[1], '', undefined, m[2], m[3], m[4], m[5]] as unknown as RegExpMatchArray;
  out.index = m.index;
  return out;
}

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
  /** The unit written with the threshold: '%', '件', '人次' … */
  unit?: string;
  /** Which side of base the stated score covers: '≤100%计2分' → 'le'. */
  covers?: 'le' | 'ge' | 'eq';
  full?: number;
  fullWord?: string;
  /** The phrases read, so the clause check knows them. */
  used: string[];
}

const LE_OPS = ['≤', '<', '不超过', '不高于', '不多于', '控制在', '少于'];
const GE_OPS = ['≥', '>', '达到', '达', '完成', '不低于', '不少于'];
const OP = '≥|≤|>|<|=|为|达到|达|完成|不低于|不少于|不超过|不高于|不多于|控制在';
const SIDE = '\\(含\\)以下|\\(含\\)以上|以下\\(含\\)|以上\\(含\\)|及以上|以上|及以下|以下|以内';
const BASE_STANDARD_RE = new RegExp(`以(${NUMBER})(%)?为(?:标准|基准|基数)`);
const BASE_SCORE_RE = new RegExp(
  `(${OP})?(${NUMBER})(${UNIT})?(${SIDE})?(?:的|时)?,?((?:计|得)(?:满分|(${NUMBER})分)|不扣分)`,
);
const BASE_BARE_RE = new RegExp(`(不超过|不少于|不低于|不高于|不多于|控制在)(${NUMBER})(${UNIT})(${SIDE})?`);
// "95%-100%之间每降低1个百分点": a band whose upper (or lower) end is the base.
const BAND_RE = new RegExp(
  `(${NUMBER})(%|个百分点)?(?:\\(含\\))?[-~至到](${NUMBER})(%|个百分点)?(?:\\(含\\))?(?:之间|区间)?的?,?(?=每)`,
);

const CONDITION_RE = new RegExp(`(>|超过|高于|大于|<|低于|小于|≥|≤)(${NUMBER})(%|个百分点)?(?:的|时|部分)?,?(?=每)`);

function coversOf(op: string | undefined, side: string | undefined): 'le' | 'ge' | 'eq' {
  if ((op && LE_OPS.includes(op)) || /以下|以内/.test(side ?? '')) return 'le';
  if ((op && GE_OPS.includes(op)) || /以上/.test(side ?? '')) return 'ge';
  return 'eq';
}

/** Finds the threshold and full marks the text gives: "达95%得3分", "以100%为标准", "3次以内不扣分". */
export function findBase(t: string): Base | undefined {
  const scored = t.match(BASE_SCORE_RE);
  const standard = t.match(BASE_STANDARD_RE);
  const bare = t.match(BASE_BARE_RE);
  if (!scored && !standard && !bare) return undefined;
  let base: Base;
  if (standard) base = { value: Number(standard[1]), percent: !!standard[2], used: [standard[0]] };
  else if (scored) {
    const unit = unitOf(scored[3]);
    base = { value: Number(scored[2]), percent: unit === '%', unit, used: [] };
  } else {
    const unit = unitOf(bare![3]);
    return {
      value: Number(bare![2]),
      percent: unit === '%',
      unit,
      covers: coversOf(bare![1], bare![4]),
      used: [bare![0]],
    };
  }
  if (standard?.[2]) base.unit = '%';
  if (scored && Number(scored[2]) === base.value) {
    const unit = unitOf(scored[3]);
    base.percent ||= unit === '%';
    base.unit ??= unit;
    base.covers = coversOf(scored[1], scored[4]);
    base.used.push(scored[0]);
    if (scored[6] !== undefined) {
      base.full = Number(scored[6]);
      base.fullWord = scored[5];
    }
  }
  if (bare && Number(bare[2]) === base.value) base.used.push(bare[0]);
  return base;
}

/** First "计N分"/"得N分" that is not "不得分" nor a floor "最低得0分": the full marks the text states. */
export function findFull(t: string): { full: number; word: string } | undefined {
  for (const m of t.matchAll(new RegExp(`(?<!不|最低|最少|最低为)((?:计|得)(${NUMBER})分)`, 'g'))) {
    if (Number(m[2]) > 0) return { full: Number(m[2]), word: m[1] };
  }
  return undefined;
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

// "低于85%的该项不得分": the item named before its zero.
const ZERO = '(?:该项|此项|本项|该指标|本指标)?(?:不得分|不计分|得0分|计0分|为0分|记0分)';
const FLOOR_RE = new RegExp(`(低于|不足|少于|小于|未达到|未达)(${NUMBER})(${UNIT})?(?:的|时)?(?:部分)?,?${ZERO}`);
// "85%以下不得分" (以下 includes its number, as in law), "30%以上的不计分".
const FLOOR_SIDE_RE = new RegExp(`(${NUMBER})(${UNIT})?(\\(含\\)以下|以下\\(含\\)|及以下|以下)(?:的|时)?,?${ZERO}`);
const CUTOFF_SIDE_RE = new RegExp(`(${NUMBER})(${UNIT})?(\\(含\\)以上|以上\\(含\\)|及以上|以上)(?:的|时)?,?${ZERO}`);
const CUTOFF_RE = new RegExp(`(超过|高于|大于|多于|超出)(${NUMBER})(${UNIT})?(?:的|时)?(?:部分)?,?${ZERO}`);
/** "零增长或下降的得满分": the side an above-deduction does not touch scores full. */
const NO_RISE_FULL_RE =
  /(?:零增长|持平|下降|减少|降低|未增长|未增加|没有增长|不增长)(?:或|和|、|及)?(?:零增长|持平|下降|减少|降低)?的?,?(?:得|计)满分/;

function truncated(segment: string): { kind: 'manual'; reason: string } {
  return { kind: 'manual', reason: `「${quote(segment)}」后缺少扣分数（原文可能被截断）` };
}

function fullNote(word: string | undefined): string[] {
  return word ? [`原文写'${word}'`] : [];
}

/** Step deductions ("每低于1%扣1分") and counted ones ("每发生1起扣1分"); undefined when neither is there. */
export function parseStepOrCount(t: string): StepParse {
  const step = t.match(STEP_RE);
  const lead = step ? null : (t.match(LEAD_STEP_RE) ?? partStep(t));
  if (step || lead) return stepRule(t, step, lead);

  const count = t.match(COUNT_RE);
  if (count) {
    if (count[5] === undefined || !count[6]) return { rule: truncated(count[0]), notes: [] };
    return countRule(Number(count[2]), Number(count[5]), count[3], t, [count[0]]);
  }
  const bare = t.match(BARE_COUNT_RE);
  if (bare) return countRule(1, Number(bare[4]), bare[3], t, [bare[0]]);
  return undefined;
}

function stepRule(t: string, step: RegExpMatchArray | null, lead: RegExpMatchArray | null): StepParse {
  let direction: 'below' | 'above' | 'both';
  let per: string | undefined;
  let unitText: string | undefined;
  let deduct: string | undefined;
  let leadBase: Base | undefined;
  const core = (step ?? lead)![0];
  if (step) {
    const sides = new Set([sideOf(step[1]), sideOf(step[2]), sideOf(step[3])].filter((s) => s !== undefined));
    direction = sides.has('both') || sides.size > 1 ? 'both' : (sides.values().next().value as 'below' | 'above');
    [per, unitText, deduct] = [step[5], step[6], step[7]];
    if (deduct === undefined || !step[8]) return { rule: truncated(step[0]), notes: [] };
    if (per === undefined) {
      // "每超支1万元" has its number; "每少一户" was normalised to 1户; "每件" alone means one.
      if (unitText && unitText !== '%') per = '1';
      else return { rule: { kind: 'manual', reason: `「${quote(step[0])}」没有写每多少扣分（缺少步长）` }, notes: [] };
    }
  } else {
    const m = lead!;
    direction = sideOf(m[1]) ?? 'both';
    [per, unitText, deduct] = [m[4] ?? '1', m[5], m[6]];
    if (deduct === undefined || !m[7]) return { rule: truncated(m[0]), notes: [] };
    const unit = unitOf(m[3]) ?? unitOf(unitText);
    // "超出部分每10件…" names no base: findBase reads it from elsewhere in the text.
    if (m[2] !== '')
      leadBase = {
        value: Number(m[2]),
        percent: unit === '%',
        unit,
        used: [],
        covers: direction === 'above' ? 'le' : 'ge',
      };
  }
  const perUnit = unitOf(unitText);
  const band = t.match(BAND_RE);
  // "三公经费>0，每超过…": the condition of the step restates its base.
  const condition = t.match(CONDITION_RE);
  let base = leadBase ?? findBase(t);
  const used: string[] = [core, ...(base?.used ?? [])];
  if (!leadBase && band) {
    const [lo, hi] = [Number(band[1]), Number(band[3])];
    if (lo < hi) {
      base = { value: direction === 'above' ? lo : hi, percent: !!(band[2] || band[4]), unit: '%', used: [] };
      if (!band[2] && !band[4]) base.unit = undefined;
      used.push(band[0]);
    }
  }
  if (condition && (base === undefined || Number(condition[2]) === base.value)) used.push(condition[0]);
  if (Number(per) <= 0 || Number(deduct) <= 0) {
    return { rule: { kind: 'manual', reason: `「${quote(core)}」的步长或扣分数为0，无法计分` }, notes: [] };
  }
  const isCountUnit = perUnit !== undefined && perUnit !== '%' && !/元$/.test(perUnit);
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
  if (!perUnit) notes.push(`「${quote(core)}」没有写单位，按百分点计`);
  const floor = t.match(FLOOR_RE);
  if (floor) {
    rule.zeroBelow = Number(floor[2]);
    used.push(floor[0]);
  }
  const cutoff = t.match(CUTOFF_RE);
  if (cutoff) {
    rule.zeroAbove = Number(cutoff[2]);
    used.push(cutoff[0]);
  }
  const floorSide = floor ? null : t.match(FLOOR_SIDE_RE);
  if (floorSide) {
    rule.zeroBelow = Number(floorSide[1]);
    rule.zeroInclusive = true;
    used.push(floorSide[0]);
  }
  const cutoffSide = cutoff ? null : t.match(CUTOFF_SIDE_RE);
  if (cutoffSide) {
    rule.zeroAbove = Number(cutoffSide[1]);
    rule.zeroInclusive = true;
    used.push(cutoffSide[0]);
  }
  if (direction === 'below') rule.otherSide = 'full';
  else if (direction === 'above') {
    const noRise = t.match(NO_RISE_FULL_RE);
    if (noRise) used.push(noRise[0]);
    // Counts and money: fewer bad events, or a spend under the ceiling, is never a deduction.
    rule.otherSide = noRise || isCountUnit || /元$/.test(perUnit ?? '') ? 'full' : aboveOtherSide(t, base);
  }
  if (direction === 'above' && rule.otherSide === 'uncovered' && rule.base !== undefined) {
    notes.push(`评分标准没有规定低于${rule.base}${base?.percent ? '%' : ''}时如何计分，这种情况需人工评分`);
  }
  const unread = unreadClauses(t, used);
  if (unread.length > 0) return { rule: { kind: 'manual', reason: unreadReason(unread) }, notes: [] };
  return { rule, notes };
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

function countRule(per: number, deduct: number, unit: string, t: string, used: string[]): StepParse {
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
  const unread = unreadClauses(t, used);
  if (unread.length > 0) return { rule: { kind: 'manual', reason: unreadReason(unread) }, notes: [] };
  return { rule, notes };
}
