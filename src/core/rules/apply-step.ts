import { meetsTarget } from '../scoring/meets-target.js';
import type { Rule, RuleOutcome, TraceStep } from '../types.js';
import {
  answerUnit,
  fullMismatch,
  manual,
  normUnit,
  type RuleContext,
  scored,
  showValue,
  valueName,
} from './context.js';
import { clean, fmt, gapUnit, withUnit } from './format.js';
import { isMoney } from './vocabulary.js';

function targetMet(v: number, ctx: RuleContext): boolean {
  return meetsTarget({ kind: 'number', value: v }, ctx.target, ctx.direction) === true;
}

type StepRule = Extract<Rule, { kind: 'step' }>;
type CountRule = Extract<Rule, { kind: 'count' }>;

const VERB = { below: '低于', above: '超过', both: '偏离' } as const;

/** Points lost for `gap`, with the rounding the rule or flow asks for, as a trace step. */
function deductFor(
  gap: number,
  per: number,
  deductPerStep: number,
  rounding: 'proportional' | 'floor' | 'ceil',
  phrase: string,
  gapText: string,
): { deduct: number; step: TraceStep } {
  const raw = clean(gap / per);
  const whole = Number.isInteger(raw);
  const steps = rounding === 'floor' ? Math.floor(raw) : rounding === 'ceil' ? Math.ceil(raw) : raw;
  const deduct = clean(steps * deductPerStep);
  let how = '';
  if (!whole && rounding === 'proportional') how = '（不足一档按比例折算）';
  if (!whole && rounding === 'floor') how = `（不足一档的部分不扣，按${fmt(steps)}档）`;
  if (!whole && rounding === 'ceil') how = `（不足一档按一档计，按${fmt(steps)}档）`;
  return {
    deduct,
    step: {
      op: 'steps',
      text: `按「${phrase}」，${gapText}折合${fmt(raw)}档${how}，扣${fmt(deduct)}分`,
      values: { gap, per, steps, rawSteps: raw, deduct, rounding },
    },
  };
}

function capped(deduct: number, ruleCap: number | undefined, weight: number): { deduct: number; steps: TraceStep[] } {
  const cap = Math.min(ruleCap ?? weight, weight);
  if (deduct <= cap) return { deduct, steps: [] };
  const why = ruleCap !== undefined && ruleCap < weight ? `最多扣${fmt(ruleCap)}分` : '扣完为止';
  return {
    deduct: cap,
    steps: [{ op: 'cap', text: `扣分上限${fmt(cap)}分（${why}），按${fmt(cap)}分扣`, values: { cap, deduct } }],
  };
}

function finalStep(weight: number, deduct: number): TraceStep {
  const score = clean(Math.max(0, weight - deduct));
  return { op: 'score', text: `得分${fmt(weight)}−${fmt(deduct)}=${fmt(score)}分`, values: { weight, deduct, score } };
}

/** A month of the year (7月) measured in months (个月): the difference of two is months late. */
function monthOfYear(unit: string | undefined, perUnit: string): boolean {
  return unit === '月' && perUnit === '个月';
}

export function applyStep(rule: StepRule, ctx: RuleContext): RuleOutcome {
  const { weight } = ctx;
  const steps: TraceStep[] = fullMismatch(rule.full, weight);
  // "每缺一项扣1分" against the item's own 评价要点: the points missing are the steps.
  if (ctx.value.kind === 'checklist' && rule.perUnit && rule.perUnit !== '%' && rule.direction === 'below')
    return countedSteps(rule, ctx, ctx.value.total - new Set(ctx.value.met).size, steps);
  // "每逾期1天扣1分" against "10月31日前报送": the answer's days late are the steps ("11月2日", "逾期3天", "按时报送").
  if (
    ctx.value.kind === 'qualitative' &&
    rule.perUnit === '天' &&
    rule.direction === 'above' &&
    rule.base === undefined
  ) {
    const late = ctx.value.daysLate ?? (ctx.value.grade === 'achieved' ? 0 : undefined);
    if (late === undefined) return manual('评分标准按逾期天数扣分，回答没有说逾期几天，需人工评分', steps);
    return daysLate(rule, ctx, Math.max(0, late), steps);
  }
  if (ctx.value.kind !== 'number') {
    return manual(`评分标准按完成值扣分，但填报的是${valueName(ctx.value)}`, steps);
  }
  const v = ctx.value.value;
  const perUnit = normUnit(rule.perUnit) ?? '%';
  // "5月份到位…每推迟1个月扣10分" answered "7月": months of the year, two months apart.
  const months = monthOfYear(answerUnit(ctx), perUnit);
  const unit = months ? perUnit : answerUnit(ctx);
  if (ctx.counted && perUnit !== '%' && (unit === undefined || unit === perUnit))
    return countedSteps(rule, ctx, v, steps);
  const targetUnit = ctx.target.kind === 'text' ? undefined : normUnit(ctx.target.unit);
  // "每超支1%扣1分" on a budget of 100万元 answered 103万元: the overrun is 3% of the budget.
  if (
    perUnit === '%' &&
    unit !== undefined &&
    isMoney(unit) &&
    rule.base === undefined &&
    ctx.target.kind === 'number' &&
    ctx.target.unit === unit &&
    ctx.target.value > 0 &&
    rule.direction === 'above'
  )
    return overrun(rule, ctx, v, ctx.target.value, unit, steps);
  if (perUnit === '%') {
    if (unit !== undefined && unit !== '%') return manual(`评分标准按百分点扣分，但填报的单位是${unit}`, steps);
    if (rule.base === undefined && targetUnit !== undefined && targetUnit !== '%') {
      return manual(`评分标准按百分点扣分，但指标值的单位是${targetUnit}`, steps);
    }
  } else {
    if (unit === '%') return manual(`评分标准按${perUnit}扣分，但填报的是百分比`, steps);
    if (unit !== undefined && unit !== perUnit) return manual(`评分标准按${perUnit}扣分，但填报的单位是${unit}`, steps);
    if (targetUnit === '%') {
      return manual(`指标值是百分比，评分标准却按${perUnit}扣分，两者无法换算`, steps);
    }
  }
  const shown = (x: number) => withUnit(x, perUnit);
  const incl = rule.zeroInclusive === true;
  const below = rule.zeroBelow !== undefined && (v < rule.zeroBelow || (incl && v === rule.zeroBelow));
  const above = rule.zeroAbove !== undefined && (v > rule.zeroAbove || (incl && v === rule.zeroAbove));
  const floorHit = below
    ? `${incl ? '在' : '低于'}${shown(rule.zeroBelow!)}${incl ? '及以下' : ''}`
    : above
      ? `${incl ? '在' : '超过'}${shown(rule.zeroAbove!)}${incl ? '及以上' : ''}`
      : undefined;
  if (floorHit) {
    steps.push({
      op: 'floor',
      text: `完成值${shown(v)}，${floorHit}，按评分标准不得分`,
      values: { value: v, limit: (below ? rule.zeroBelow : rule.zeroAbove) ?? 0 },
    });
    steps.push({ op: 'score', text: '得0分', values: { score: 0 } });
    return scored(0, steps, weight);
  }

  let low: number;
  let high: number;
  if (rule.base !== undefined) [low, high] = [rule.base, rule.baseHigh ?? rule.base];
  else if (ctx.target.kind === 'number') low = high = ctx.target.value;
  else if (ctx.target.kind === 'range') [low, high] = [ctx.target.min, ctx.target.max];
  else return manual('评分标准没有写从多少开始扣分，指标值又是文字，无法计算差距', steps);
  // Months of the year read as months: "7月", not "7个月".
  const at = (x: number) => (months ? `${fmt(x)}月` : shown(x));
  const baseText = low === high ? at(low) : `${at(low)}-${at(high)}`;

  let gap = 0;
  let side: 'below' | 'above' | undefined;
  if (v < low) [gap, side] = [clean(low - v), 'below'];
  else if (v > high) [gap, side] = [clean(v - high), 'above'];

  const gu = gapUnit(perUnit);
  if (side === undefined || (rule.direction !== 'both' && side !== rule.direction)) {
    // The rule is silent on this side, but the answer meets the target: full marks, never a guess below it.
    const meetsGoal = side !== undefined && targetMet(v, ctx);
    if (side !== undefined && rule.otherSide === 'uncovered' && !meetsGoal) {
      const covered = rule.direction === 'above' ? '高于' : '低于';
      const other = side === 'below' ? '低于' : '高于';
      return manual(
        `评分标准只规定了${covered}${baseText}时如何扣分，完成值${shown(v)}${other}${baseText}的情况没有规定，需人工评分`,
        steps,
      );
    }
    // "每增加1%加1分": the other side earns points; above the 分值 a person confirms the score.
    if (rule.award && side !== undefined && side !== rule.direction) {
      const raw = clean((side === 'below' ? low - v : v - high) / rule.award.per);
      const stepsWhole = (rule.rounding ?? ctx.stepRounding) === 'proportional' ? raw : Math.floor(raw + 1e-9);
      let add = clean(stepsWhole * rule.award.add);
      if (rule.award.cap !== undefined && rule.award.cap >= 0) add = Math.min(add, rule.award.cap);
      if (rule.award.cap === -1) add = Math.min(add, weight);
      if (add > 0)
        return manual(
          `评分标准对超出基准的部分另加分：完成值${shown(v)}，按评分标准应加${fmt(add)}分，得${fmt(weight + add)}分，超过分值${fmt(weight)}分，需人工确认`,
          steps,
        );
    }
    const relation =
      side === undefined ? `达到基准${baseText}` : `${side === 'below' ? '低于' : '高于'}基准${baseText}`;
    steps.push({ op: 'gap', text: `完成值${at(v)}，${relation}，不扣分`, values: { value: v, base: low, gap: 0 } });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }

  steps.push({
    op: 'gap',
    text: months
      ? `${at(v)}完成，比期限${baseText}${side === 'below' ? '早' : '晚'}${fmt(gap)}${gu}`
      : `完成值${shown(v)}，比基准${baseText}${side === 'below' ? '低' : perUnit === '%' ? '高' : '多'}${fmt(gap)}${gu}`,
    values: { value: v, base: side === 'below' ? low : high, gap, side },
  });
  const phrase = `每${VERB[rule.direction]}${shown(rule.per)}扣${fmt(rule.deduct)}分`;
  const d = deductFor(gap, rule.per, rule.deduct, rule.rounding ?? ctx.stepRounding, phrase, `${fmt(gap)}${gu}`);
  steps.push(d.step);
  const c = capped(d.deduct, rule.cap, weight);
  steps.push(...c.steps, finalStep(weight, c.deduct));
  return scored(weight - c.deduct, steps, weight);
}

/** A spend over its budget, as a share of the budget: each step of the share costs the step's points. */
function overrun(rule: StepRule, ctx: RuleContext, v: number, budget: number, unit: string, steps: TraceStep[]) {
  const { weight } = ctx;
  const share = clean(((v - budget) / budget) * 100);
  if (share <= 0) {
    steps.push({
      op: 'gap',
      text: `完成值${fmt(v)}${unit}，未超出${fmt(budget)}${unit}，不扣分`,
      values: { value: v, base: budget, gap: 0 },
    });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }
  steps.push({
    op: 'gap',
    text: `完成值${fmt(v)}${unit}，超出${fmt(budget)}${unit}的${fmt(share)}%（${fmt(clean(v - budget))}${unit}÷${fmt(budget)}${unit}）`,
    values: { value: v, base: budget, gap: share, side: 'above' },
  });
  const d = deductFor(
    share,
    rule.per,
    rule.deduct,
    rule.rounding ?? ctx.stepRounding,
    `每超过${fmt(rule.per)}%扣${fmt(rule.deduct)}分`,
    `${fmt(share)}%`,
  );
  steps.push(d.step);
  const c = capped(d.deduct, rule.cap, weight);
  steps.push(...c.steps, finalStep(weight, c.deduct));
  return scored(weight - c.deduct, steps, weight);
}

/** Days after the deadline, each step of them costing the step's points. */
function daysLate(rule: StepRule, ctx: RuleContext, late: number, steps: TraceStep[]): RuleOutcome {
  const { weight } = ctx;
  if (late === 0) {
    steps.push({ op: 'gap', text: '按期完成，没有逾期，不扣分', values: { gap: 0 } });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }
  steps.push({ op: 'gap', text: `逾期${fmt(late)}天`, values: { gap: late, side: 'above' } });
  const d = deductFor(
    late,
    rule.per,
    rule.deduct,
    rule.rounding ?? ctx.stepRounding,
    `每逾期${fmt(rule.per)}天扣${fmt(rule.deduct)}分`,
    `${fmt(late)}天`,
  );
  steps.push(d.step);
  const c = capped(d.deduct, rule.cap, weight);
  steps.push(...c.steps, finalStep(weight, c.deduct));
  return scored(weight - c.deduct, steps, weight);
}

/** The answer is how many steps short ("未办结2件"): each costs the step's points. */
function countedSteps(rule: StepRule, ctx: RuleContext, n: number, steps: TraceStep[]): RuleOutcome {
  const { weight } = ctx;
  const unit = rule.perUnit ?? '件';
  if (!Number.isFinite(n) || n < 0) return manual(`${unit}数不能是负数`, steps);
  // The same words the question used (rule-answers.ts): 缺少的 with no figure to reach, else 未达到的.
  const what = rule.what ? `${rule.what.replace(/的$/, '')}的` : rule.base === undefined ? '缺少的' : '未达到的';
  if (n === 0) {
    steps.push({ op: 'count', text: `${what}0${unit}，不扣分`, values: { count: 0 } });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }
  const deduct = clean((n / rule.per) * rule.deduct);
  steps.push({
    op: 'count',
    text: `${what}${fmt(n)}${unit}，每${rule.direction === 'below' ? '少' : '多'}${fmt(rule.per)}${unit}扣${fmt(rule.deduct)}分，扣${fmt(deduct)}分`,
    values: { count: n, per: rule.per, deduct },
  });
  const c = capped(deduct, rule.cap, weight);
  steps.push(...c.steps, finalStep(weight, c.deduct));
  return scored(weight - c.deduct, steps, weight);
}

export function applyCount(rule: CountRule, ctx: RuleContext): RuleOutcome {
  const { weight } = ctx;
  const steps: TraceStep[] = fullMismatch(rule.full, weight);
  const unit = rule.unit ?? '次';
  let n: number;
  let what: string;
  if (ctx.value.kind === 'number') {
    const u = answerUnit(ctx);
    if (u === '%') return manual(`评分标准按${unit}数扣分，但填报的是百分比`, steps);
    n = ctx.value.value;
    what = `共${fmt(n)}${unit}`;
  } else if (ctx.value.kind === 'checklist') {
    n = ctx.value.total - new Set(ctx.value.met).size;
    what = `${ctx.value.total}项中缺${fmt(n)}项`;
  } else {
    return manual(`评分标准按${unit}数扣分，需要填写发生的${unit}数，但填报的是${valueName(ctx.value)}`, steps);
  }
  if (!Number.isFinite(n) || n < 0)
    return manual(`${unit}数不能是负数（填报${showValue(ctx.value, ctx.unit)}）`, steps);
  if (rule.award) {
    // "每次得1分，最多得6分": points for each, from nothing.
    const raw = clean(Math.floor(n / rule.per + 1e-9) * rule.deduct);
    const cap = Math.min(rule.cap ?? weight, weight);
    const score = Math.min(raw, cap);
    steps.push({
      op: 'count',
      text: `${what}，按「每${fmt(rule.per)}${unit}得${fmt(rule.deduct)}分」，得${fmt(raw)}分${raw > cap ? `，最多${fmt(cap)}分` : ''}`,
      values: { count: n, per: rule.per, score },
    });
    return scored(score, steps, weight);
  }
  if (n === 0) {
    steps.push({ op: 'count', text: `没有发生需扣分的情况（0${unit}），不扣分`, values: { count: 0 } });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }
  const deduct = clean((n / rule.per) * rule.deduct);
  steps.push({
    op: 'count',
    text: `${what}，按「每${fmt(rule.per)}${unit}扣${fmt(rule.deduct)}分」，扣${fmt(deduct)}分`,
    values: { count: n, per: rule.per, deduct },
  });
  const c = capped(deduct, rule.cap, weight);
  steps.push(...c.steps, finalStep(weight, c.deduct));
  return scored(weight - c.deduct, steps, weight);
}
