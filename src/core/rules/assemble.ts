// Puts the clauses of a rule together into one structured Rule: a step from a base, tiers, a
// formula, a list of things that cost points, a checklist, a choice, or "all or nothing". Every
// clause that changes the score must find its place, or the item goes to a person quoting it.
import type { DeductionItem, Rule, Tier } from '../types.js';
import { fmt } from './format.js';
import { quote } from './normalize.js';
import { type Bound, type Clause, type Effect, isNote, type Modifier, type NumCond } from './read-clause.js';
import { isMoney, isPercent, scoresPoints } from './vocabulary.js';
import { noneTier, onceStepsAsTiers, wholeGap, wholeUnit } from './whole-tiers.js';

export type Parsed = { rule: Rule; notes: string[] };
type StepEffect = Extract<Effect, { kind: 'step' }>;
type StepRule = Extract<Rule, { kind: 'step' }>;

export const manual = (reason: string, notes: string[] = []): Parsed => ({ rule: { kind: 'manual', reason }, notes });

/** The reason an item is manual because of clauses nobody read, quoting them. */
export function unreadReason(clauses: string[]): string {
  const q = clauses.map((c) => `「${quote(c)}」`).join('、');
  return `评分标准中${q}没有读懂，不能自动计分，需人工评分`;
}

/** Words that say a figure went down or stayed ("零增长或下降的得满分", "下降得3分"). */
const NO_RISE =
  /^(?:零增长|持平|下降|减少|降低|未增长|未增加|没有增长|不增长|不变)(?:或|和|、|及)?(?:零增长|持平|下降|减少|降低)?$/;
/** Words that restate "the target is met" before full marks ("完成计划任务计满分", "达到指标值记满分"). */
const MET =
  /^(?:[^,;]{0,16}?)(?:完成|达到|达成|实现|按时|按期|如期|符合|满足)(?:计划任务|目标任务|年度目标任务|年度目标|目标值|指标值|目标|任务|计划)?(?:的)?$/;

interface Ctx {
  clauses: Clause[];
  mods: Modifier[];
  notes: string[];
}

/** Assembles read clauses into a rule. */
export function assemble(read: Clause[]): Parsed {
  const clauses = withParts(read);
  // "未足额缴纳的，按比例扣分" with no step anywhere, or a 情形 of its own beside a step ("未完成…任务的，
  // 按其未完成比例扣分"): the proportion is a formula, not the rounding of a step.
  const hasStep = clauses.some((c) => c.effect?.kind === 'step');
  for (const c of clauses)
    if (
      !c.effect &&
      !/不足/.test(c.text) &&
      (!hasStep || !!c.words) &&
      c.modifiers.some((m) => m.kind === 'rounding' && m.mode === 'proportional')
    ) {
      c.effect = { kind: 'ratio', of: 'target' };
      c.modifiers = c.modifiers.filter((m) => m.kind !== 'rounding');
    }
  onceStepsAsTiers(clauses);
  const mods = clauses.flatMap((c) => c.modifiers);
  const ctx: Ctx = { clauses, mods, notes: [] };
  const unread = clauses.find((c) => c.effect?.kind === 'unread');
  if (unread) return unreadRule(unread);
  const scoring = clauses.filter((c) => c.effect);
  // Clauses with figures or scoring words but no effect and no standard: nobody read them.
  const stray = clauses.filter(
    (c) =>
      !c.effect &&
      !c.standard &&
      c.modifiers.length === 0 &&
      scoresPoints(c.text) &&
      !isDefinition(c.text) &&
      !isNote(c.text) &&
      !isListing(c.text),
  );
  if (scoring.length === 0) return noScore(clauses, stray);
  const numeric = scoring.some(
    (c) =>
      c.cond ||
      (c.effect?.kind === 'step' && c.effect.side !== 'event') ||
      c.effect?.kind === 'ratio' ||
      c.effect?.kind === 'linear',
  );
  const standards = clauses.filter((c) => c.standard);
  // "未建立二级平台,扣1分;…少一处扣1分": a list of 情形, one of them counted in 处 — not a figure.
  const countedStep = (c: Clause) =>
    c.effect?.kind === 'step' && !c.cond && !!c.effect.unit && !isPercent(c.effect.unit) && !isMoney(c.effect.unit);
  const listOfCases =
    standards.length === 0 &&
    !scoring.some((c) => c.cond || c.effect?.kind === 'ratio' || c.effect?.kind === 'linear') &&
    scoring.filter((c) => c.effect?.kind === 'step').every(countedStep) &&
    scoring.some(
      (c) => ((c.effect?.kind === 'deduct' && c.effect.amount > 0) || c.effect?.kind === 'zero') && !!c.words,
    );
  // "入户率100%计0.5分,按规定时间申报计0.5分,…": points of a checklist, one of them a figure reached.
  const pointList =
    scoring.length >= 3 &&
    scoring.every((c) => c.effect?.kind === 'score' && c.effect.score > 0 && !c.negated) &&
    scoring.filter((c) => c.cond).length === 1 &&
    standards.length === 0;
  const r =
    !listOfCases && !pointList && (numeric || (standards.length > 0 && scoring.some((c) => c.effect?.kind === 'step')))
      ? valueRule(ctx)
      : factRule(ctx);
  if (r.rule.kind === 'manual') return r;
  if (stray.length > 0 && !strayAllowed(stray, r.rule)) return manual(unreadReason(stray.map((c) => c.text)));
  return r;
}

/**
 * "村(社区)建立群众工作组记2分,其中,明确有信访专(兼)干的记1分,报酬落实的记1分": the points after 其中 are
 * the parts of the point before, when they add up to it; the parts are scored, not the whole again.
 */
function withParts(clauses: Clause[]): Clause[] {
  const points = (c: Clause | undefined) => (c?.effect?.kind === 'score' && !c.cond ? c.effect.score : undefined);
  const k = clauses.findIndex((c) => /^其中/.test(c.text) && points(c) !== undefined);
  const whole = points(clauses[k - 1]);
  if (k < 1 || whole === undefined) return clauses;
  let sum = 0;
  let end = k;
  while (end < clauses.length && points(clauses[end]) !== undefined && sum < whole - 1e-9)
    sum += points(clauses[end++])!;
  if (Math.abs(sum - whole) > 1e-9) return clauses;
  const parts = clauses.slice(k, end).map((c) => ({
    ...c,
    text: c.text.replace(/^其中,?/, ''),
    ...(c.words ? { words: c.words.replace(/^其中,?/, '') } : {}),
  }));
  return [...clauses.slice(0, k - 1), ...parts, ...clauses.slice(end)];
}

/** "牛检测2个指标:口蹄疫O型、A型免疫抗体": what the item covers, listed after a colon; no points. */
function isListing(s: string): boolean {
  const m = /^([^:]{2,24}):([^:]+)$/.exec(s);
  return !!m && !scoresPoints(s, false) && !/[<>≤≥%]/.test(s);
}

/** "预算执行率=实际支出/预算×100%": a definition, not a way of scoring. */
function isDefinition(s: string): boolean {
  return /=/.test(s) && !/(?<!百)分|扣/.test(s);
}

/** Description clauses may carry figures ("全年不少于10次", "春节前下达全部专项资金的50%"). */
function strayAllowed(stray: Clause[], rule: Rule): boolean {
  return stray.every(
    (c) =>
      !scoresPoints(c.text, false) &&
      (rule.kind === 'count' ||
        rule.kind === 'deductions' ||
        rule.kind === 'checklist' ||
        rule.kind === 'all_or_nothing'),
  );
}

function unreadRule(c: Clause): Parsed {
  const e = c.effect as Extract<Effect, { kind: 'unread' }>;
  const q = quote(c.text);
  switch (e.reason) {
    case 'noAmount':
      return manual(`「${q}」后缺少扣分数（原文可能被截断）`);
    case 'discretion':
      return /相应/.test(c.text)
        ? manual(`评分标准「${q}」没有给出扣分数`)
        : manual(`评分标准「${q}」要求酌情评分，没有给出计分方法`);
    case 'ranking':
      return manual(`评分标准「${q}」按各单位排名计分，取决于其他单位，需人工评分`);
    case 'beyond':
      return manual(`评分标准「${q}」要在本项以外扣分或定等次，需人工评分`);
    case 'external': {
      const who = /(绩效办|考核办|目标办|督查办|考评办)/.exec(c.text)?.[1];
      return manual(`评分标准引用外部考核得分${who ? `（${who}考核）` : ''}，需人工填写`);
    }
    case 'noStep':
      return manual(`「${q}」没有写每多少扣分（缺少步长）`);
    case 'series':
      return manual(`评分标准「${q}」逐次扣分各不相同（分别扣…、以此类推），需人工评分`);
    case 'choose':
      return manual(`评分标准「${q}」要在几个指标中择一考核，选哪个由人定，需人工评分`);
    case 'range':
      return manual(`评分标准「${q}」给的是分数幅度，得几分由人定，需人工评分`);
    default:
      return manual(`没有读懂评分标准「${q}」的计分方法，需人工评分`);
  }
}

function noScore(clauses: Clause[], stray: Clause[]): Parsed {
  const all = clauses.map((c) => c.text).join('，');
  if (stray.length > 0 && stray.some((c) => scoresPoints(c.text, false)))
    return manual(`没有读懂评分标准「${quote(all)}」的计分方法，需人工评分`);
  return manual(`评分标准「${quote(all)}」写的是指标说明，没有计分方法`);
}

// ------------------------------------------------------------------ value rules (a figure)

/** A clause's numeric condition as a tier's bounds. */
function toTier(cond: NumCond, e: Effect): Tier & { loose?: { min?: boolean; max?: boolean } } {
  const t: Tier & { loose?: { min?: boolean; max?: boolean } } = { score: 0 };
  if (cond.lo) Object.assign(t, { min: cond.lo.value, minInclusive: cond.lo.incl });
  if (cond.hi) Object.assign(t, { max: cond.hi.value, maxInclusive: cond.hi.incl });
  const loose: { min?: boolean; max?: boolean } = {};
  if (cond.lo?.loose) loose.min = true;
  if (cond.hi?.loose) loose.max = true;
  if (loose.min || loose.max) t.loose = loose;
  if (e.kind === 'score') t.score = e.score;
  if (e.kind === 'full') t.fullMarks = true;
  if (e.kind === 'deduct') t.deduct = e.amount;
  return t;
}

/** A condition on the shortfall below the task (100%) as a condition on the figure itself. */
function gapToValue(c: NumCond): NumCond {
  if (!c.gap) return c;
  const out: NumCond = { unit: '%' };
  if (c.hi) out.lo = { value: 100 - c.hi.value, incl: c.hi.incl, ...(c.hi.loose ? { loose: true } : {}) };
  if (c.lo) out.hi = { value: 100 - c.lo.value, incl: c.lo.incl, ...(c.lo.loose ? { loose: true } : {}) };
  return out;
}

function valueRule(ctx: Ctx): Parsed {
  const { clauses } = ctx;
  const used = new Set<Clause>();
  const steps = clauses.filter((c) => c.effect?.kind === 'step') as (Clause & { effect: StepEffect })[];
  const formulas = clauses.filter((c) => c.effect?.kind === 'ratio' || c.effect?.kind === 'linear');
  if (formulas.length > 0) return formulaRule(ctx, formulas);
  if (steps.length > 0) return stepRule(ctx, steps, used);
  return tierRule(ctx);
}

// ---- steps

function stepRule(ctx: Ctx, steps: (Clause & { effect: StepEffect })[], used: Set<Clause>): Parsed {
  const { clauses, mods, notes } = ctx;
  const deductSteps = steps.filter((s) => s.effect.sign < 0 || s.effect.both);
  const addSteps = steps.filter((s) => s.effect.sign > 0 && !s.effect.both);
  if (deductSteps.length === 0 && addSteps.length === 1 && addSteps[0].effect.side === 'event')
    return countRule(ctx, addSteps[0], true);
  if (deductSteps.length !== 1) {
    if (deductSteps.length === 0) return manual(unreadReason(steps.map((s) => s.text)));
    // Several event steps: a list of things that cost points. So are several shortfalls counted in things
    // from no stated figure, each under its own 情形 ("未制定一河一策的,少1条扣1分;未制定年度计划的,每少1条扣1分").
    const countedShort = (s: Clause & { effect: StepEffect }) =>
      s.effect.side === 'below' &&
      s.effect.base === undefined &&
      !s.cond &&
      !!s.effect.unit &&
      !isPercent(s.effect.unit) &&
      !isMoney(s.effect.unit) &&
      !!s.words;
    if (deductSteps.every((s) => s.effect.side === 'event' || countedShort(s))) {
      for (const s of deductSteps) if (countedShort(s)) s.effect = { ...s.effect, side: 'event' };
      return factRule(ctx);
    }
    return manual(unreadReason(deductSteps.slice(1).map((s) => s.text)));
  }
  const main = deductSteps[0];
  const e = main.effect;
  used.add(main);
  if (e.per <= 0 || e.amount <= 0) return manual(`「${quote(main.text)}」的步长或扣分数为0，无法计分`);
  // An event counted from nothing ("每发生1起扣1分") with no base in the text.
  const stepUnit = e.unit ?? (e.base !== undefined ? '%' : undefined);
  const baseClauses = clauses.filter(
    (c) =>
      c !== main &&
      ((c.cond && compatible(c.cond.unit, stepUnit)) || (c.standard && compatible(c.standard.unit, stepUnit))) &&
      !c.effect?.kind?.startsWith('step'),
  );
  if (e.side === 'event' && !main.cond && baseClauses.length === 0 && addSteps.length === 0)
    return countRule(ctx, main, false);

  // "超过10件的部分每件扣0.2分": the step's own condition says which side it counts.
  const side = e.side === 'event' ? (main.cond?.lo && !main.cond.hi ? 'above' : 'below') : e.side;
  // The base: inside the step, on the step's own condition, a full-marks tier, a standard, a band.
  let base: number | undefined = e.base;
  let baseHigh: number | undefined;
  let baseUnit: string | undefined = e.base !== undefined ? '%' : undefined;
  let covers: 'le' | 'ge' | 'eq' | undefined;
  let full: number | undefined;
  let fullWord: string | undefined;
  const zero: { below?: Bound; above?: Bound } = {};

  if (main.cond) {
    const c = main.cond;
    if (c.lo && c.hi && c.lo.value < c.hi.value) {
      // "95%-100%之间每降低1个百分点": the band's upper end for a fall, lower for a rise.
      base = side === 'above' ? c.lo.value : c.hi.value;
    } else if (c.hi && (!c.lo || c.lo.value === c.hi.value)) {
      base ??= c.hi.value;
      covers = c.lo ? 'eq' : 'ge';
    } else if (c.lo) {
      base ??= c.lo.value;
      covers = 'le';
    }
    baseUnit ??= c.unit;
  }
  for (const c of clauses) {
    if (c === main || used.has(c)) continue;
    // A tier that states full marks or a score: the base and the full marks.
    if (
      c.cond &&
      (c.effect?.kind === 'full' ||
        c.effect?.kind === 'score' ||
        (c.effect?.kind === 'deduct' && c.effect.amount === 0))
    ) {
      const b = boundFor(c.cond, side);
      if (b === undefined) return manual(unreadReason([c.text]));
      if (base === undefined || Math.abs(base - b) < 1e-9) {
        base = b;
        baseHigh = bandOf(c.cond, side)?.[1];
        baseUnit ??= c.cond.unit;
        covers ??= coverOf(c.cond);
        if (c.effect.kind === 'score') {
          full = c.effect.score;
          fullWord = c.text.match(/(?:得|计|记|给)?\d+(?:\.\d+)?分/)?.[0];
        }
        used.add(c);
        continue;
      }
      // "≤100%计2分" after "以100%为标准" is the same base; another figure is another tier: not a step rule.
      return manual(unreadReason([c.text]));
    }
    // "低于90%不得分", "85%以下不得分", "超过10%的不计分": the floor and the cut-off.
    if (c.cond && c.effect?.kind === 'zero') {
      if (c.cond.hi && !c.cond.lo) zero.below = c.cond.hi;
      else if (c.cond.lo && !c.cond.hi) zero.above = c.cond.lo;
      else return manual(unreadReason([c.text]));
      used.add(c);
      continue;
    }
    if (c.standard && !compatible(c.standard.unit, stepUnit)) {
      used.add(c); // "应不低于70%" before "查实一例扣1分": a description of the item, not the step's base
      continue;
    }
    if (c.standard) {
      const b = boundFor(c.standard, side);
      if (b !== undefined && (base === undefined || Math.abs(base - b) < 1e-9)) {
        base = b;
        baseUnit ??= c.standard.unit; // a standard is the base only: a tier says which side scores full
        used.add(c);
        continue;
      }
      if (b !== undefined && main.cond) {
        used.add(c); // "三公经费>0，每超过…" restates the base
        continue;
      }
    }
    // "零增长或下降的得满分", "下降得3分": the side an above-step does not touch scores full.
    if (
      !c.cond &&
      c.words &&
      NO_RISE.test(c.words) &&
      (c.effect?.kind === 'full' || c.effect?.kind === 'score') &&
      side === 'above'
    ) {
      covers = 'le';
      if (c.effect.kind === 'score') {
        full = c.effect.score;
        fullWord = c.text.match(/(?:得|计|记)?\d+(?:\.\d+)?分/)?.[0];
      }
      used.add(c);
      continue;
    }
    // "(2分×4项)…每少一项扣2分": each thing's points restate the step.
    if (
      c.effect?.kind === 'each' &&
      c.effect.sign > 0 &&
      c.effect.amount === e.amount &&
      e.per === 1 &&
      side === 'below' &&
      (e.unit === '项' || e.unit === '个')
    ) {
      used.add(c);
      continue;
    }
    // "完成计划任务计满分", "收入及时足额上缴计满分": full marks restated in words.
    if (!c.cond && (c.effect?.kind === 'full' || c.effect?.kind === 'score') && !c.negated) {
      if (c.effect.kind === 'score') {
        full ??= c.effect.score;
        fullWord ??= c.text.match(/(?:得|计|记)?\d+(?:\.\d+)?分/)?.[0];
      }
      used.add(c);
    }
  }
  // A second step on the other side that adds points ("每增加1%加1分，最高加2分").
  let award: StepRule['award'];
  for (const a of addSteps) {
    if (a.effect.side === 'event') return manual(unreadReason([a.text]));
    award = { per: a.effect.per, add: a.effect.amount };
    used.add(a);
  }
  if (e.both) award = { per: e.per, add: e.amount };
  const capAward = mods.find((m) => m.kind === 'capAward');
  if (award && capAward?.kind === 'capAward') award.cap = capAward.amount;
  if (award && mods.some((m) => m.kind === 'capAwardToWeight')) award.cap = -1; // up to the weight again

  const rest = clauses.filter((c) => c.effect && !used.has(c) && c !== main);
  if (rest.length > 0) return manual(unreadReason(rest.map((c) => c.text)));

  const perUnit = e.unit ?? (e.base !== undefined ? '%' : undefined);
  const rule: StepRule = {
    kind: 'step',
    direction: e.both ? 'below' : side === 'both' ? 'both' : (side as 'below' | 'above'),
    per: e.per,
    deduct: e.amount,
    perUnit: perUnit ?? '%',
  };
  if (e.both) {
    // "每增减1个百分点，增减0.3分": below loses, above earns.
    rule.direction = 'below';
  }
  if (base !== undefined) rule.base = base;
  if (base !== undefined && baseHigh !== undefined && baseHigh > base) rule.baseHigh = baseHigh;
  if (full !== undefined) {
    rule.full = full;
    if (fullWord) notes.push(`原文写'${fullWord}'`);
  }
  const capDeduct = mods.find((m) => m.kind === 'capDeduct');
  if (capDeduct?.kind === 'capDeduct') rule.cap = capDeduct.amount;
  const rounding = mods.find((m) => m.kind === 'rounding');
  if (rounding?.kind === 'rounding') rule.rounding = rounding.mode;
  if (!perUnit) notes.push(`「${quote(main.text)}」没有写单位，按百分点计`);
  if (zero.below) {
    rule.zeroBelow = zero.below.value;
    if (zero.below.incl) rule.zeroInclusive = true;
  }
  if (zero.above) {
    rule.zeroAbove = zero.above.value;
    if (zero.above.incl) rule.zeroInclusive = true;
  }
  if (e.what && !/^(?:的|时)?$/.test(e.what)) rule.what = e.what;
  if (award) rule.award = award;
  const isCount = perUnit !== undefined && !isPercent(perUnit) && !isMoney(perUnit);
  if (rule.direction === 'below') rule.otherSide = 'full';
  else if (rule.direction === 'above') {
    rule.otherSide =
      covers === 'le' || isCount || isMoney(perUnit) || (main.cond?.lo && !main.cond.hi) ? 'full' : 'uncovered';
    if (rule.otherSide === 'uncovered' && rule.base !== undefined)
      notes.push(
        `评分标准没有规定低于${fmt(rule.base)}${isPercent(baseUnit ?? perUnit) ? '%' : ''}时如何计分，这种情况需人工评分`,
      );
  }
  if (award && rule.direction === 'both') return manual(unreadReason(addSteps.map((a) => a.text)));
  return { rule, notes };
}

/** Units a base and a step can share: the same, or one unwritten, or both percents. */
function compatible(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  if (isPercent(a) && isPercent(b)) return true;
  return a === b;
}

/**
 * Where the points start to go, for a band that scores full ("在5%—10%之间得满分"): its upper end for a
 * step above it, its lower end for a step below (a step on both sides keeps both ends, see `bandOf`).
 */
function boundFor(c: NumCond, side: string): number | undefined {
  if (c.lo && c.hi)
    return Math.abs(c.lo.value - c.hi.value) < 1e-9 ? c.lo.value : side === 'above' ? c.hi.value : c.lo.value;
  return (c.lo ?? c.hi)?.value;
}

/** "在95%—105%之间得满分，每偏离1个百分点扣1分": both ends of the band, for a step on both sides. */
function bandOf(c: NumCond, side: string): [number, number] | undefined {
  return side === 'both' && c.lo && c.hi && c.lo.value < c.hi.value ? [c.lo.value, c.hi.value] : undefined;
}

function coverOf(c: NumCond): 'le' | 'ge' | 'eq' {
  if (c.lo && c.hi) return Math.abs(c.lo.value - c.hi.value) < 1e-9 ? 'eq' : 'ge';
  return c.hi ? 'le' : 'ge';
}

function countRule(ctx: Ctx, c: Clause & { effect: StepEffect }, award: boolean): Parsed {
  const { clauses, mods, notes } = ctx;
  const e = c.effect;
  if (e.per <= 0 || e.amount <= 0) return manual('评分标准的扣分数为0，无法计分');
  const rule: Extract<Rule, { kind: 'count' }> = { kind: 'count', per: e.per, deduct: e.amount, unit: e.unit };
  if (award) rule.award = true;
  let what = e.what && !/^(?:的|时)?$/.test(e.what) ? e.what : undefined;
  for (const other of clauses) {
    if (other === c || !other.effect) continue;
    // "……计满分", "无人员上访得3分": full marks stated in words.
    if ((other.effect.kind === 'full' || other.effect.kind === 'score') && !other.cond) {
      if (other.effect.kind === 'score') {
        rule.full = other.effect.score;
        notes.push(`原文写'${other.text.match(/(?:得|计|记)?\d+(?:\.\d+)?分/)?.[0] ?? ''}'`);
      }
      continue;
    }
    return manual(unreadReason([other.text]));
  }
  // "部门预算…信息未公开，每一项扣0.5分": the counted thing named in the clause before.
  if (!what) {
    const i = clauses.indexOf(c);
    const prev = clauses[i - 1];
    if (prev && !prev.effect && prev.words && prev.words.length <= 30) what = prev.words;
  }
  if (what) rule.what = what;
  const cap = mods.find((m) => m.kind === 'capDeduct');
  if (cap?.kind === 'capDeduct') rule.cap = cap.amount;
  const capA = mods.find((m) => m.kind === 'capAward');
  if (award && capA?.kind === 'capAward') rule.cap = capA.amount;
  return { rule, notes };
}

// ---- tiers

function tierRule(ctx: Ctx): Parsed {
  const { clauses, notes } = ctx;
  const scored = clauses.filter((c) => c.effect);
  const numbered = scored.filter((c) => c.cond);
  const wordy = scored.filter((c) => !c.cond);
  const tiers = numbered.map((c) => ({ clause: c, tier: toTier(gapToValue(c.cond!), c.effect!) }));
  // "比下达任务低5%以内扣2分…": bounds on the shortfall; the task met (100%) loses nothing.
  if (numbered.some((c) => c.cond!.gap) && !tiers.some((t) => contains(t.tier, 100)))
    tiers.push({ clause: numbered[0], tier: { min: 100, minInclusive: true, score: 0, fullMarks: true } });
  // "达到100%得满分，否则不得分": one threshold and its complement.
  if (tiers.length === 1 && wordy.length > 0) {
    const only = tiers[0].tier;
    const complement = wordy.every(
      (c) =>
        (c.otherwise || c.negated || /^(?:未完成|未达标|不达标|达不到|没有达到|未达到)/.test(c.words ?? '')) &&
        c.effect?.kind === 'zero',
    );
    if (complement && (only.min === undefined) !== (only.max === undefined)) {
      tiers.push({
        clause: wordy[0],
        tier:
          only.min !== undefined
            ? { max: only.min, maxInclusive: !only.minInclusive, score: 0 }
            : { min: only.max, minInclusive: !only.maxInclusive, score: 0 },
      });
      wordy.length = 0;
    }
  }
  if (wordy.length > 0) {
    const restated = wordy.filter(
      (c) => (c.effect?.kind === 'full' || c.effect?.kind === 'score') && MET.test(c.words ?? ''),
    );
    if (restated.length !== wordy.length) {
      const noNumber = wordy.filter((c) => !restated.includes(c));
      return manual(
        `评分标准分段不完整：${noNumber.map((c) => `「${quote(c.text)}」`).join('、')}没有数值条件，` +
          `${numbered.map((c) => `「${quote(c.text)}」`).join('、')}也没说明百分比是和什么比较，其余情况如何计分没有写，需人工评分`,
      );
    }
  }
  // A single threshold that scores ("4次以上的记10分"): below it, nothing.
  if (tiers.length === 1) {
    const only = tiers[0].tier;
    if ((only.min === undefined) !== (only.max === undefined) && !only.deduct) {
      tiers.push({
        clause: tiers[0].clause,
        tier:
          only.min !== undefined
            ? { max: only.min, maxInclusive: !only.minInclusive, score: 0 }
            : { min: only.max, minInclusive: !only.maxInclusive, score: 0 },
      });
      notes.push(`评分标准只写了「${quote(tiers[0].clause.text)}」，达不到的按不得分计`);
    } else if (only.min !== undefined && only.min === only.max && !only.deduct) {
      notes.push(`评分标准只写了「${quote(tiers[0].clause.text)}」，其余情况需人工评分`);
    }
  }
  const list = tiers.map((t) => t.tier);
  for (const t of tiers)
    if (
      t.tier.loose &&
      (t.tier.loose.min ? !t.tier.loose.max || t.tier.max === undefined : true) &&
      /以上|以下/.test(t.clause.text)
    )
      notes.push(`「${quote(t.clause.text)}」中的“以上/以下”按包含本数理解`);
  // Counts of events and months are whole: no gap between "1起" and "2起"; none at all loses nothing.
  const conds = numbered.map((c) => c.cond!);
  const unit = wholeUnit(conds);
  const whole = unit === '月份' || conds.some((c) => c.events) ? unit : undefined;
  const none = whole ? noneTier(conds, list) : undefined;
  if (none) list.push(none);
  const resolved = resolveTiers(list);
  if (!resolved.ok) return manual(resolved.reason);
  const gap = whole ? wholeGap(resolved.tiers, whole) : undefined;
  if (gap) return manual(gap);
  const full = [...new Set(resolved.tiers.filter((t) => !t.fullMarks && !t.deduct).map((t) => t.score))];
  const rule: Extract<Rule, { kind: 'tiers' }> = { kind: 'tiers', tiers: resolved.tiers };
  if (whole) rule.unit = whole;
  void full;
  return { rule, notes };
}

function contains(t: Tier, x: number): boolean {
  if (t.min !== undefined && (x < t.min || (x === t.min && !t.minInclusive))) return false;
  if (t.max !== undefined && (x > t.max || (x === t.max && !t.maxInclusive))) return false;
  return true;
}

function overlap(a: Tier, b: Tier): boolean {
  const lo = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
  const hi = Math.min(a.max ?? Infinity, b.max ?? Infinity);
  if (lo < hi) return true;
  if (lo > hi) return false;
  return contains(a, lo) && contains(b, lo);
}

type LooseTier = Tier & { loose?: { min?: boolean; max?: boolean } };

/** Cascades one-sided tiers, settles loose ends, refuses overlaps. */
export function resolveTiers(tiers: LooseTier[]): { ok: true; tiers: Tier[] } | { ok: false; reason: string } {
  // "达到95%得满分，达到90%得3分": each lower bound holds until the next higher one.
  const minOnly = tiers.filter((t) => t.min !== undefined && t.max === undefined).sort((a, b) => b.min! - a.min!);
  for (let i = 1; i < minOnly.length; i++) {
    const above = minOnly[i - 1];
    if (above.min === minOnly[i].min) continue;
    minOnly[i].max = above.min;
    minOnly[i].maxInclusive = !above.minInclusive || !!above.loose?.min;
    if (above.loose?.min) minOnly[i].loose = { ...minOnly[i].loose, max: true };
  }
  const maxOnly = tiers.filter((t) => t.max !== undefined && t.min === undefined).sort((a, b) => a.max! - b.max!);
  for (let i = 1; i < maxOnly.length; i++) {
    const below = maxOnly[i - 1];
    if (below.max === maxOnly[i].max) continue;
    maxOnly[i].min = below.max;
    maxOnly[i].minInclusive = !below.maxInclusive || !!below.loose?.max;
    if (below.loose?.max) maxOnly[i].loose = { ...maxOnly[i].loose, min: true };
  }
  const firm = tiers.map((t) => ({
    ...t,
    minInclusive: t.loose?.min ? false : t.minInclusive,
    maxInclusive: t.loose?.max ? false : t.maxInclusive,
  }));
  const looseAt = (x: number, skip: number) =>
    tiers.some((o, j) => j !== skip && ((o.loose?.min && o.min === x) || (o.loose?.max && o.max === x)));
  const claimed = (x: number, skip: number) => firm.some((o, j) => j !== skip && contains(o, x)) || looseAt(x, skip);
  const resolved = tiers.map((tier, i) => ({
    max: tier.loose?.max && tier.max !== undefined ? !claimed(tier.max, i) : tier.maxInclusive,
    min: tier.loose?.min && tier.min !== undefined ? !claimed(tier.min, i) : tier.minInclusive,
  }));
  const out: Tier[] = tiers.map((tier, i) => {
    const t: Tier = { ...tier };
    delete (t as LooseTier).loose;
    if (tier.loose?.max) t.maxInclusive = resolved[i].max;
    if (tier.loose?.min) t.minInclusive = resolved[i].min;
    return t;
  });
  for (let i = 0; i < out.length; i++)
    for (let j = i + 1; j < out.length; j++)
      if (overlap(out[i], out[j]))
        return {
          ok: false,
          reason: `评分标准的分段互相重叠（「${describeBounds(out[i])}」与「${describeBounds(out[j])}」），需人工评分`,
        };
  return { ok: true, tiers: out };
}

function describeBounds(t: Tier): string {
  const lo = t.min !== undefined ? `${fmt(t.min)}%` : undefined;
  const hi = t.max !== undefined ? `${fmt(t.max)}%` : undefined;
  if (lo && hi)
    return t.min === t.max ? lo : `${lo}${t.minInclusive ? '（含）' : ''}-${hi}${t.maxInclusive ? '（含）' : ''}`;
  if (lo) return t.minInclusive ? `${lo}及以上` : `高于${lo}`;
  if (hi) return t.maxInclusive ? `${hi}及以下` : `低于${hi}`;
  return '任意值';
}

// ---- formulas

function formulaRule(ctx: Ctx, formulas: Clause[]): Parsed {
  const { clauses } = ctx;
  if (formulas.length > 1) return manual(unreadReason(formulas.slice(1).map((c) => c.text)));
  const f = formulas[0];
  const line = lineBetween(f, clauses);
  if (line) return line;
  const e = f.effect!;
  const rule: Rule =
    e.kind === 'ratio'
      ? { kind: 'proportional', of: e.of, ...(e.base !== undefined ? { base: e.base } : {}) }
      : {
          kind: 'linear',
          fullAt: (e as Extract<Effect, { kind: 'linear' }>).fullAt ?? 0,
          zeroAt: (e as Extract<Effect, { kind: 'linear' }>).zeroAt,
        };
  for (const c of clauses) {
    if (c === f || !c.effect) continue;
    // "完成年度目标任务的，满分", "达到指标值记满分": the full marks of the formula restated.
    if (
      (c.effect.kind === 'full' || (c.effect.kind === 'score' && rule.kind === 'proportional')) &&
      (!c.cond || rule.kind !== 'linear')
    ) {
      if (c.cond && rule.kind === 'proportional' && rule.of === 'target') {
        // "执行率达到90%得满分，未达到90%的，按实际执行率占90%的比例计分" is read by the formula itself.
        const b = c.cond.lo?.value;
        if (b !== undefined && rule.base === undefined && b !== 100) rule.base = b;
      }
      continue;
    }
    // "低于60%不得分", ">0.1，此项得0分": nothing below (or beyond) a limit.
    if (c.cond && c.effect.kind === 'zero') {
      if (rule.kind === 'proportional' && c.cond.hi && !c.cond.lo) {
        rule.zeroBelow = c.cond.hi.value;
        if (c.cond.hi.incl) rule.zeroInclusive = true;
        continue;
      }
      if (rule.kind === 'linear') continue; // beyond zeroAt the line gives 0 already
    }
    return manual(unreadReason([c.text]));
  }
  return { rule, notes: [] };
}

/**
 * "≤15日得满分，>30日为0分，15-30日按比例减分": full marks at one end of the range the proportion is
 * stated on, nothing at the other, a straight line between.
 */
function lineBetween(f: Clause, clauses: Clause[]): Parsed | undefined {
  const range = f.standard ?? f.cond;
  if (f.effect?.kind !== 'ratio' || range?.lo === undefined || range.hi === undefined) return undefined;
  const [a, b] = [range.lo.value, range.hi.value];
  const edge = (c: Clause) => c.cond?.hi?.value ?? c.cond?.lo?.value;
  const others = clauses.filter((c) => c !== f && c.effect);
  const full = others.filter((c) => c.cond && (c.effect?.kind === 'full' || c.effect?.kind === 'score'));
  const zero = others.filter((c) => c.cond && c.effect?.kind === 'zero');
  if (full.length !== 1 || zero.length !== 1 || others.length !== 2) return undefined;
  const [fullAt, zeroAt] = [edge(full[0]), edge(zero[0])];
  if (fullAt === undefined || zeroAt === undefined || fullAt === zeroAt) return undefined;
  if (!((fullAt === a && zeroAt === b) || (fullAt === b && zeroAt === a))) return undefined;
  const unit = range.unit ?? f.cond?.unit;
  return { rule: { kind: 'linear', fullAt, zeroAt, ...(unit ? { unit } : {}) }, notes: [] };
}

// ------------------------------------------------------------------ fact rules (words)

const PARTIAL_VERB =
  /^(?:部分|基本)(?:完成|达到|达成|达标|实现|到位|落实|建立|健全|符合|合格|满足|规范|做到|完善|畅通|开展|执行|按时|及时)/;

function factRule(ctx: Ctx): Parsed {
  const { clauses, mods, notes } = ctx;
  const scored = clauses.filter((c) => c.effect);
  const isNeg = (c: Clause) => !!(c.negated || c.otherwise);
  const kind = (c: Clause) => c.effect!.kind;
  const stepOf = (c: Clause) => c.effect as StepEffect;

  // "(1)…；(2)…；(3)…；(4)…（每项各2.5分）", "建立和开发的各得2分": one score for each listed thing.
  const eachAward = scored.find((c) => kind(c) === 'each' && (c.effect as { sign: number }).sign > 0);
  if (eachAward) {
    const listed = clauses.filter((c) => (!c.effect || c === eachAward) && c.index !== undefined && c.words);
    const named = splitNames(eachAward.words ?? '');
    const texts = listed.length >= 2 ? listed.map((c) => c.words!) : named.length >= 2 ? named : [];
    const others = scored.filter((c) => c !== eachAward && !(isNeg(c) && kind(c) === 'zero'));
    if (texts.length < 2 || others.length > 0)
      return manual(unreadReason([eachAward.text, ...others.map((c) => c.text)]));
    const per = (eachAward.effect as { amount: number }).amount;
    return {
      rule: { kind: 'checklist', mode: 'add', perPoint: per, items: texts.length, texts },
      notes: [`共${texts.length}个要点，每个${fmt(per)}分`],
    };
  }

  const positives = scored.filter((c) => !isNeg(c) && (kind(c) === 'score' || kind(c) === 'full' || kind(c) === 'add'));
  const awardSteps = scored.filter((c) => kind(c) === 'step' && stepOf(c).sign > 0);
  const negativeSets = scored.filter(
    (c) => kind(c) === 'zero' || (isNeg(c) && kind(c) === 'score' && (c.effect as { score: number }).score === 0),
  );
  const deductions = scored.filter(
    (c) =>
      kind(c) === 'deduct' ||
      (kind(c) === 'step' && stepOf(c).sign < 0) ||
      (kind(c) === 'each' && (c.effect as { sign: number }).sign < 0),
  );
  // "部分完成得1分", "基本健全": a partial degree ("基本农田…" is a noun, not a degree).
  const partial = scored.find(
    (c) =>
      /^(?:部分|基本)/.test(c.words ?? '') &&
      ((c.words ?? '').length <= 6 || PARTIAL_VERB.test(c.words ?? '')) &&
      (kind(c) === 'score' || kind(c) === 'share' || kind(c) === 'full'),
  );
  const negativeScores = scored.filter(
    (c) => isNeg(c) && kind(c) === 'score' && (c.effect as { score: number }).score > 0,
  );

  if (awardSteps.length > 0) {
    // "每次得1分，最多得6分": points per count, from nothing.
    if (awardSteps.length === 1 && scored.length === 1)
      return countRule(ctx, awardSteps[0] as Clause & { effect: StepEffect }, true);
    return manual(unreadReason(awardSteps.map((c) => c.text)));
  }

  // Options, each with its own score ("无结余,3分；有结余,但不超过上年结转,2分；…不得分", "健全10/基本健全6/不健全").
  const setClauses = scored.filter(
    (c) => kind(c) === 'score' || kind(c) === 'full' || kind(c) === 'zero' || kind(c) === 'deduct',
  );
  const isChoice =
    setClauses.length === scored.length &&
    setClauses.length >= 3 &&
    (negativeScores.length > 0 || (partial !== undefined && positives.length >= 2)) &&
    !scored.some((c) => c.index !== undefined);
  if (isChoice) {
    const top = Math.max(...positives.map((c) => (kind(c) === 'score' ? (c.effect as { score: number }).score : 0)), 0);
    const options = setClauses.map((c) => {
      const e = c.effect!;
      const score = e.kind === 'score' ? e.score : e.kind === 'deduct' ? Math.max(0, top - e.amount) : 0;
      return { text: condText(c), score, ...(e.kind === 'full' ? { fullMarks: true } : {}) };
    });
    if (options.some((o) => !o.text)) return manual(unreadReason(setClauses.map((c) => c.text)));
    return { rule: { kind: 'choice', options }, notes };
  }

  // Full marks for doing it, nothing (or a stated part) otherwise.
  if (
    (positives.length === 1 && (!partial || !positives.includes(partial))) ||
    (positives.length === 2 && partial && positives.includes(partial))
  ) {
    const p = positives.find((c) => c !== partial)!;
    const full = kind(p) === 'score' ? (p.effect as { score: number }).score : undefined;
    const rest = scored.filter((c) => c !== p && c !== partial);
    // "不齐全的扣2分" after "齐全的得2分": the deduction takes it all.
    const allZero = rest.every(
      (c) =>
        kind(c) === 'zero' ||
        (kind(c) === 'score' && (c.effect as { score: number }).score === 0) ||
        (kind(c) === 'deduct' &&
          isNegative(c) &&
          full !== undefined &&
          (c.effect as { amount: number }).amount >= full),
    );
    if (allZero && kind(p) !== 'add' && !p.cond) {
      const rule: Extract<Rule, { kind: 'all_or_nothing' }> = { kind: 'all_or_nothing' };
      if (full !== undefined) {
        rule.full = full;
        notes.push(`原文写'${p.text.match(/(?:得|计|记|给)?\d+(?:\.\d+)?分/)?.[0] ?? ''}'`);
      }
      if (partial) {
        const e = partial.effect!;
        if (e.kind === 'score') rule.partial = e.score;
        if (e.kind === 'share') rule.partialShare = e.share;
      }
      return { rule, notes };
    }
  }

  // Points for each thing done: a checklist ("①…1分；②…1分", "有组织领导计0.5分，有宣传窗计0.5分").
  // "…摆上日常议事日程的,得2分;没有制定相关工作机制…的,扣2分": the loss of one point said again.
  const pointScore = (c: Clause) =>
    kind(c) === 'score'
      ? (c.effect as { score: number }).score
      : kind(c) === 'add'
        ? (c.effect as { amount: number }).amount
        : Number.NaN;
  const restating = deductions.filter(
    (d) =>
      kind(d) === 'deduct' &&
      isNegative(d) &&
      positives.filter((p) => pointScore(p) === (d.effect as { amount: number }).amount).length === 1,
  );
  if (positives.length >= 2 && deductions.length === restating.length && !partial) {
    const catchAll = negativeSets.every(
      (c) => c.otherwise || (/^(?:没有|没|无|否则|反之|未)/.test(c.words ?? c.text) && !c.words?.includes('、')),
    );
    const extra = scored.filter((c) => !positives.includes(c) && !negativeSets.includes(c) && !restating.includes(c));
    // "…部门未按照《办法》调整领导分工(4分)": points for a failure, or a failure listed as a point — a person reads it.
    const contrary = positives.filter((c) => /未|没有|没/.test(c.words ?? ''));
    if (contrary.length > 0)
      return manual(`评分标准「${quote(contrary[0].text)}」写的是没有做到的情形却给分，需人工评分`);
    if (catchAll && extra.length === 0 && negativeSets.every((c) => c.otherwise || (c.words ?? '').length <= 4)) {
      const scores = positives.map((c) =>
        kind(c) === 'score'
          ? (c.effect as { score: number }).score
          : kind(c) === 'add'
            ? (c.effect as { amount: number }).amount
            : Number.NaN,
      );
      if (scores.some((x) => Number.isNaN(x)))
        return manual(unreadReason(positives.filter((c) => kind(c) === 'full').map((c) => c.text)));
      const texts = positives.map((c) => (c.cond ? pointText(c) : condText(c)));
      const distinct = [...new Set(scores)];
      const rule: Extract<Rule, { kind: 'checklist' }> = {
        kind: 'checklist',
        mode: 'add',
        perPoint: distinct.length === 1 ? distinct[0] : 0,
        items: positives.length,
      };
      if (distinct.length > 1) rule.scores = scores;
      if (texts.every((t) => t)) rule.texts = texts;
      return {
        rule,
        notes: [
          `共${positives.length}个要点，${distinct.length === 1 ? `每个${fmt(distinct[0])}分` : `分值分别为${scores.map(fmt).join('、')}分`}`,
        ],
      };
    }
  }

  // Things that cost points when they happen: deductions, with "不得分" ones as "this happened → nothing".
  if (deductions.length > 0) {
    // "…扣0.5分,扣满4分为止。…扣0.5分,扣满4分为止。": a cap after each 情形 is that 情形's own cap.
    const capsAlone = clauses.filter(
      (c) => !c.effect && c.modifiers.length === 1 && c.modifiers[0].kind === 'capDeduct',
    );
    if (capsAlone.length >= 2) {
      const owners = capsAlone.map((cap) =>
        clauses
          .slice(0, clauses.indexOf(cap))
          .reverse()
          .find((c) => deductions.includes(c)),
      );
      if (owners.every((o) => o !== undefined) && new Set(owners).size === owners.length)
        capsAlone.forEach((cap, k) => {
          owners[k]!.modifiers.push(cap.modifiers[0]);
        });
    }
    // A single counted event and nothing else that scores: a count rule ("每发生1起扣1分").
    const steps = deductions.filter((c) => kind(c) === 'step');
    if (
      steps.length === 1 &&
      deductions.length === 1 &&
      negativeSets.length === 0 &&
      positives.every((a) => !a.cond && !isNeg(a)) &&
      positives.length <= 1
    )
      return countRule(ctx, steps[0] as Clause & { effect: StepEffect }, false);
    const items: DeductionItem[] = [];
    const byClause = new Map<Clause, DeductionItem>();
    for (const c of [...deductions, ...negativeSets]) {
      const e = c.effect!;
      const text = condText(c);
      if (e.kind === 'deduct' && e.amount === 0) continue; // an exception, below
      const at = items.length;
      if (e.kind === 'deduct') items.push({ text, deduct: e.amount });
      else if (e.kind === 'zero' || e.kind === 'score') items.push({ text, deduct: 0, zero: true });
      else if (e.kind === 'each') for (const name of splitNames(text)) items.push({ text: name, deduct: e.amount });
      else if (e.kind === 'step') {
        const item: DeductionItem = { text: text || e.what || c.text, deduct: e.amount, per: e.per };
        if (e.unit) item.unit = e.unit;
        if (e.verb && text && !text.includes(e.verb)) item.verb = e.verb;
        const cap = c.modifiers.find((m) => m.kind === 'capDeduct');
        if (cap?.kind === 'capDeduct') item.cap = cap.amount;
        items.push(item);
      }
      if (items.length === at + 1) byClause.set(c, items[at]);
    }
    // "能及时制止、查处的,可不扣分" after a 情形: its exception, not a 情形 of its own.
    for (const c of deductions) {
      if (c.effect?.kind !== 'deduct' || c.effect.amount !== 0) continue;
      const before = scored
        .slice(0, scored.indexOf(c))
        .reverse()
        .find((x) => byClause.has(x));
      const words = condText(c)
        .replace(/[,，]?(?:可|可以|则|亦)$/, '')
        .replace(/的$/, '');
      if (!before || !words || byClause.get(before)!.except) return manual(unreadReason([c.text]));
      byClause.get(before)!.except = words;
    }
    if (items.some((i) => !i.text))
      return manual(
        unreadReason(deductions.filter((c) => !condText(c) && !(c.effect as StepEffect).what).map((c) => c.text)),
      );
    const others = positives.filter((a) => isNeg(a) || a.cond);
    if (others.length > 0) return manual(unreadReason(others.map((c) => c.text)));
    if (positives.length > 1) return manual(unreadReason(positives.slice(1).map((c) => c.text)));
    const rule: Extract<Rule, { kind: 'deductions' }> = { kind: 'deductions', items };
    const stated = positives[0];
    if (stated && kind(stated) === 'score') {
      rule.full = (stated.effect as { score: number }).score;
      notes.push(`原文写'${stated.text.match(/(?:得|计|记)?\d+(?:\.\d+)?分/)?.[0] ?? ''}'`);
    }
    const perItemCaps = deductions.some((c) => c.modifiers.some((m) => m.kind === 'capDeduct'));
    const cap = mods.find((m) => m.kind === 'capDeduct');
    if (cap?.kind === 'capDeduct' && !perItemCaps) rule.cap = cap.amount;
    return { rule, notes };
  }

  // "未落实的不计分", "没有记录不计分": the thing done scores full, not done nothing.
  if (positives.length === 0 && negativeSets.length > 0 && negativeSets.every((c) => isNegative(c)))
    return { rule: { kind: 'all_or_nothing' }, notes };
  // "获“浙江省规范教育收费示范县(区)”得10分": one thing, one score.
  if (positives.length === 1 && scored.length === 1 && !positives[0].cond) {
    const p = positives[0];
    const rule: Extract<Rule, { kind: 'all_or_nothing' }> = { kind: 'all_or_nothing' };
    if (kind(p) === 'score') {
      rule.full = (p.effect as { score: number }).score;
      notes.push(`原文写'${p.text.match(/(?:得|计|记|给)?\d+(?:\.\d+)?分/)?.[0] ?? ''}'`);
    }
    return { rule, notes };
  }
  return manual(unreadReason(scored.map((c) => c.text)));
}

/** The words say the thing did not happen: 未/没有/无/不/否则. */
function isNegative(c: Clause): boolean {
  return !!(c.negated || c.otherwise || /^(?:未|没有|没|无|不|非|达不到|否则|反之)/.test(c.words ?? ''));
}

/** "工作无计划、无措施、无总结" → three things; "建立和开发" → two. */
function splitNames(words: string): string[] {
  const w = words.replace(/[的,]+$/, '');
  const parts = w.split(/、|和|及|与|或|以及/).filter((x) => x.length > 0);
  return parts.length >= 2 ? parts : [];
}

/** The condition of a clause in words, as the person reads it in a list ("未成立", "无会议记录"). */
/** A point stated with its figure ("入户率100%计0.5分" → "入户率100%"). */
function pointText(c: Clause): string {
  return c.text.replace(/[,的]*(?:得|计|记|给)?\d+(?:\.\d+)?分$/, '');
}

function condText(c: Clause, keepNegation = true): string {
  const words = (c.words ?? '').replace(/^每/, '').replace(/[的,]+$/, '');
  if (!words) return '';
  if (!keepNegation) return words;
  return words;
}
