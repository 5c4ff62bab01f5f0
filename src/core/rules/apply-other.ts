import type { Rule, RuleOutcome, Target, Tier, TraceStep } from '../types.js';
import {
  answerUnit,
  fullMismatch,
  lowerIsBetter,
  manual,
  normUnit,
  type RuleContext,
  scored,
  showValue,
  valueName,
} from './context.js';
import { clean, fmt, withUnit } from './format.js';
import { normaliseText } from './normalize.js';
import { readNumCond } from './read-clause.js';
import { describeTier, describeTierScore, isFullMarksTier, tierContains } from './tier-text.js';

type Of<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

const full = (weight: number, why: string, steps: TraceStep[]): RuleOutcome => {
  steps.push({ op: 'score', text: `${why}，得满分${fmt(weight)}分`, values: { score: weight } });
  return scored(weight, steps, weight);
};
const zero = (why: string, steps: TraceStep[], weight: number): RuleOutcome => {
  steps.push({ op: 'score', text: `${why}，得0分`, values: { score: 0 } });
  return scored(0, steps, weight);
};

/** The answer's unit must agree with the target's before they are compared. */
function unitClash(ctx: RuleContext): string | undefined {
  if (ctx.target.kind === 'text' || ctx.value.kind !== 'number') return undefined;
  const tu = normUnit(ctx.target.unit);
  const au = answerUnit(ctx);
  if (tu && au && tu !== au) return `指标值的单位是${tu}，填报的单位是${au}，无法比较`;
  return undefined;
}

function showTarget(t: Target): string {
  if (t.kind === 'text') return t.text;
  if (t.kind === 'range') return `${fmt(t.min)}-${withUnit(t.max, t.unit)}`;
  const op = t.implicitOp ? '' : { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '' }[t.op];
  return `${op}${withUnit(t.value, t.unit)}`;
}

/** Whether a number meets a target; undefined when the target is text. */
export function meets(v: number, ctx: RuleContext): boolean | undefined {
  const t = ctx.target;
  if (t.kind === 'text') return undefined;
  if (t.kind === 'range') return lowerIsBetter(ctx) ? v <= t.max : v >= t.min;
  switch (t.op) {
    case '>':
      return v > t.value;
    case '<':
      return v < t.value;
    case '<=':
      return v <= t.value;
    case '>=':
      return ctx.direction === 'lower' ? v <= t.value : v >= t.value;
    case '=':
      return ctx.direction === 'lower' ? v <= t.value : v >= t.value;
  }
}

export function applyTiers(rule: Of<'tiers'>, ctx: RuleContext): RuleOutcome {
  const { weight } = ctx;
  const steps = fullMismatch(rule.full, weight);
  const months = rule.unit === '月份';
  if (months && (ctx.value.kind !== 'qualitative' || ctx.value.month === undefined)) {
    const onTime = onTimeTier(rule, ctx);
    if (onTime) {
      steps.push({
        op: 'tier',
        text: `按时完成（${onTime.by}），在「${describeTier(onTime.tier, '月份')}」段，${describeTierScore(onTime.tier)}`,
        values: { tier: describeTier(onTime.tier, '月份'), tierScore: onTime.score },
      });
      return scored(Math.min(onTime.score, weight), steps, weight);
    }
    return manual('评分标准按完成的月份分段计分，但填报的没有写哪个月完成，需人工评分', steps);
  }
  if (!months && ctx.value.kind !== 'number')
    return manual(`评分标准按完成值分段计分，但填报的是${valueName(ctx.value)}`, steps);
  const v = ctx.value.kind === 'number' ? ctx.value.value : (ctx.value as { month: number }).month;
  const unit = months ? '月份' : (answerUnit(ctx) ?? rule.unit ?? '%');
  const hits = rule.tiers.filter((t) => tierContains(t, v));
  if (months && hits.length !== 1)
    return manual(
      `完成月份${describeTier({ min: v, minInclusive: true, max: v, maxInclusive: true, score: 0 }, unit)}不在评分标准的任何分段内，需人工评分`,
      steps,
    );
  if (hits.length === 0) {
    // "95%以上…，95%以下…": both ends loose on one number — the text does not say which tier it is in.
    const onEdge = rule.tiers.filter((t) => t.min === v || t.max === v).length >= 2;
    if (onEdge)
      return manual(`完成值${withUnit(v, unit)}正好在两段的分界上，评分标准没有说明算哪一段，需人工评分`, steps);
    return manual(`完成值${withUnit(v, unit)}不在评分标准的任何分段内（分段之间有空档），需人工评分`, steps);
  }
  if (hits.length > 1) return manual(`完成值${withUnit(v, unit)}同时落在多个分段内，需人工评分`, steps);
  const tier = hits[0];
  // "5%以内扣1分": whether nothing at all (0) also loses the point is not written.
  if (v === 0 && tier.deduct !== undefined && tier.deduct > 0 && tier.min === undefined)
    return manual(
      `完成值为0，评分标准「${describeTier(tier, unit)}${describeTierScore(tier)}」没有说明为0时是否也扣分，需人工评分`,
      steps,
    );
  const raw = isFullMarksTier(tier)
    ? weight
    : tier.deduct !== undefined
      ? Math.max(0, weight - tier.deduct)
      : tier.score;
  const said = isFullMarksTier(tier)
    ? '得满分'
    : tier.deduct !== undefined
      ? `扣${fmt(tier.deduct)}分，得${fmt(raw)}分`
      : `得${fmt(tier.score)}分`;
  const valueText = months
    ? `${describeTier({ min: v, minInclusive: true, max: v, maxInclusive: true, score: 0 }, unit)}完成`
    : rule.unit
      ? `实际${withUnit(v, unit)}` // a count of events is no 完成值
      : `完成值${withUnit(v, unit)}`;
  steps.push({
    op: 'tier',
    text: `${valueText}，在「${describeTier(tier, unit)}」段，${said}`,
    values: { value: v, tier: describeTier(tier, unit), tierScore: raw },
  });
  if (raw > weight) {
    steps.push({
      op: 'cap',
      text: `该段分数${fmt(raw)}分超过分值${fmt(weight)}分，按${fmt(weight)}分计`,
      values: { cap: weight },
    });
  }
  return scored(Math.min(raw, weight), steps, weight);
}

/**
 * "按时完成" against "6月底前完成", with tiers by month: done in June or before, whichever month, when one
 * tier holds every month up to the deadline's ("6月及以前"). Undefined when the month would matter.
 */
function onTimeTier(rule: Of<'tiers'>, ctx: RuleContext): { tier: Tier; score: number; by: string } | undefined {
  const v = ctx.value;
  if (v.kind !== 'qualitative' || v.grade !== 'achieved' || (v.daysLate ?? 0) > 0) return undefined;
  if (ctx.target.kind !== 'text') return undefined;
  const by = readNumCond(normaliseText(ctx.target.text))?.cond;
  if (by?.unit !== '月份' || by.lo || !by.hi) return undefined;
  const last = by.hi.incl ? by.hi.value : by.hi.value - 1;
  const hits = rule.tiers.filter((t) => tierContains(t, last));
  if (hits.length !== 1 || hits[0].min !== undefined) return undefined;
  const tier = hits[0];
  const score = isFullMarksTier(tier)
    ? ctx.weight
    : tier.deduct !== undefined
      ? Math.max(0, ctx.weight - tier.deduct)
      : tier.score;
  return { tier, score, by: ctx.target.text };
}

export function applyProportional(rule: Of<'proportional'>, ctx: RuleContext): RuleOutcome {
  const { weight } = ctx;
  const steps = fullMismatch(rule.full, weight);
  if (ctx.value.kind !== 'number') return manual(`评分标准按比例计分，但填报的是${valueName(ctx.value)}`, steps);
  const v = ctx.value.value;
  if (rule.zeroBelow !== undefined && (v < rule.zeroBelow || (rule.zeroInclusive && v === rule.zeroBelow))) {
    const unit = answerUnit(ctx) ?? '%';
    steps.push({
      op: 'floor',
      text: `完成值${withUnit(v, unit)}，${rule.zeroInclusive ? '在' : '低于'}${withUnit(rule.zeroBelow, unit)}${rule.zeroInclusive ? '及以下' : ''}，按评分标准不得分`,
      values: { value: v, limit: rule.zeroBelow },
    });
    steps.push({ op: 'score', text: '得0分', values: { score: 0 } });
    return scored(0, steps, weight);
  }
  if (rule.of === 'absolute') {
    const unit = answerUnit(ctx);
    if (unit !== undefined && unit !== '%') return manual(`评分标准按百分比计分，但填报的单位是${unit}`, steps);
    const ratio = clean(Math.min(100, Math.max(0, v)) / 100);
    const score = clean(weight * ratio);
    steps.push({
      op: 'ratio',
      text: `按百分比计分：分值${fmt(weight)}分×${fmt(v)}%=${fmt(score)}分`,
      values: { value: v, ratio, score },
    });
    return scored(score, steps, weight);
  }
  if (rule.base !== undefined) {
    // "按实际执行率占90%的比例计分": compared with the rule's own base, in percent.
    const target: Target = { kind: 'number', op: '>=', value: rule.base, unit: '%' };
    return ratioScore({ ...ctx, target }, steps, `按占${fmt(rule.base)}%的比例计分`);
  }
  return ratioScore(ctx, steps, '按实际完成比例计分');
}

/** weight × actual/target (or target/actual when lower is better); shared by proportional and default. */
export function ratioScore(ctx: RuleContext, steps: TraceStep[], how: string): RuleOutcome {
  const { weight } = ctx;
  if (ctx.value.kind !== 'number') return manual(`指标需要数值，但填报的是${valueName(ctx.value)}`, steps);
  const v = ctx.value.value;
  const t = ctx.target;
  if (t.kind === 'text') return manual('指标值为文字，无法按数值计分', steps);
  const clash = unitClash(ctx);
  if (clash) return manual(clash, steps);
  const unit = answerUnit(ctx) ?? (t.kind === 'number' ? t.unit : t.unit);
  const shownV = withUnit(v, unit);
  const lower = lowerIsBetter(ctx);
  if (meets(v, ctx)) return full(weight, `完成值${shownV}，${lower ? '未超出' : '达到'}指标值${showTarget(t)}`, steps);

  const goal = t.kind === 'range' ? (lower ? t.max : t.min) : t.value;
  if (lower) {
    if (goal === 0) return zero(`指标值为0（不应发生），实际为${shownV}，无法按比例计分`, steps, weight);
    if (goal < 0 || v <= 0) return manual(`指标值${showTarget(t)}、完成值${shownV}无法按比例计分`, steps);
    const ratio = clean(goal / v);
    const score = clean(weight * ratio);
    steps.push({
      op: 'ratio',
      text: `完成值${shownV}，超出指标值${showTarget(t)}；${how}：${fmt(weight)}×${fmt(goal)}÷${fmt(v)}=${fmt(score)}分`,
      values: { value: v, target: goal, ratio, score },
    });
    return scored(score, steps, weight);
  }
  if (goal <= 0) return manual(`指标值${showTarget(t)}不是正数，无法按比例计分`, steps);
  const ratio = clean(Math.max(0, v) / goal);
  const score = clean(weight * ratio);
  steps.push({
    op: 'ratio',
    text: `完成值${shownV}，未达到指标值${showTarget(t)}；${how}：${fmt(weight)}×${fmt(Math.max(0, v))}÷${fmt(goal)}=${fmt(score)}分`,
    values: { value: v, target: goal, ratio, score },
  });
  return scored(score, steps, weight);
}

export function applyAllOrNothing(rule: Of<'all_or_nothing'>, ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps = fullMismatch(rule.full, weight);
  switch (value.kind) {
    case 'bool':
      return value.value ? full(weight, '已完成', steps) : zero('未完成', steps, weight);
    case 'qualitative': {
      if (value.grade === 'achieved') return full(weight, '达成', steps);
      if (value.grade === 'partial' && (rule.partial !== undefined || rule.partialShare !== undefined)) {
        const pts = rule.partial ?? clean(weight * (rule.partialShare ?? 0));
        const said =
          rule.partial !== undefined ? `${fmt(rule.partial)}分` : `分值的${fmt((rule.partialShare ?? 0) * 100)}%`;
        steps.push({ op: 'score', text: `部分完成，按评分标准得${said}，即${fmt(pts)}分`, values: { score: pts } });
        return scored(pts, steps, weight);
      }
      return zero(value.grade === 'partial' ? '部分达成，评分标准为完成得满分、未完成不得分' : '未达成', steps, weight);
    }
    case 'checklist': {
      const all = new Set(value.met).size >= value.total && value.total > 0;
      return all ? full(weight, '全部要点均已达到', steps) : zero(`${showValue(value)}，未全部完成`, steps, weight);
    }
    case 'number': {
      const clash = unitClash(ctx);
      if (clash) return manual(clash, steps);
      const ok = meets(value.value, ctx);
      if (ok === undefined) return manual('指标值为文字，无法判断数值是否完成', steps);
      const shown = withUnit(value.value, answerUnit(ctx));
      const lower = lowerIsBetter(ctx);
      return ok
        ? full(weight, `完成值${shown}，${lower ? '未超出' : '达到'}指标值${showTarget(ctx.target)}`, steps)
        : zero(`完成值${shown}，${lower ? '超出' : '未达到'}指标值${showTarget(ctx.target)}`, steps, weight);
    }
    case 'text':
      return manual('填报的是文字，无法判断是否完成，需人工评分', steps);
  }
}

function checkMet(met: number[], total: number): string | undefined {
  if (!Number.isInteger(total) || total <= 0) return '评价要点数量不明，无法计分';
  const bad = met.filter((i) => !Number.isInteger(i) || i < 1 || i > total);
  if (bad.length > 0) return `要点编号${bad.join('、')}不在1-${total}之间`;
  return undefined;
}

function missingList(met: number[], total: number, points?: string[]): string {
  const missing: number[] = [];
  for (let i = 1; i <= total; i++) if (!met.includes(i)) missing.push(i);
  if (missing.length === 0) return '';
  const named = missing.map((i) => (points?.[i - 1] ? `第${i}项（${points[i - 1]}）` : `第${i}项`));
  return `，缺${named.join('、')}`;
}

export function applyChecklist(rule: Of<'checklist'>, ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps = fullMismatch(rule.full, weight);
  const p = rule.perPoint;
  if (rule.mode === 'add') {
    if (value.kind !== 'checklist') return manual(`评分标准按达到的评价要点加分，但填报的是${valueName(value)}`, steps);
    const bad = checkMet(value.met, value.total);
    if (bad) return manual(bad, steps);
    if (rule.items !== undefined && rule.items !== value.total)
      return manual(
        `评分标准列了${rule.items}条计分条件，本项列的评价要点有${value.total}条，两者对不上，需人工评分`,
        steps,
      );
    const met = new Set(value.met).size;
    const raw = rule.scores
      ? clean([...new Set(value.met)].reduce((s, i) => s + (rule.scores![i - 1] ?? 0), 0))
      : clean(met * p);
    const how = rule.scores
      ? `各项分值${rule.scores.map(fmt).join('、')}分，得${
          [...new Set(value.met)]
            .sort((a, b) => a - b)
            .map((i) => fmt(rule.scores![i - 1] ?? 0))
            .join('+') || '0'
        }=${fmt(raw)}分`
      : `每项${fmt(p)}分，得${fmt(met)}×${fmt(p)}=${fmt(raw)}分`;
    steps.push({
      op: 'checklist',
      text: `达到${met}/${value.total}项要点${missingList(value.met, value.total, ctx.points)}；${how}`,
      values: { met, total: value.total, perPoint: p, score: raw },
    });
    if (raw > weight)
      steps.push({ op: 'cap', text: `超过分值${fmt(weight)}分，按${fmt(weight)}分计`, values: { cap: weight } });
    return scored(Math.min(raw, weight), steps, weight);
  }
  let missing: number;
  let what: string;
  if (value.kind === 'checklist') {
    const bad = checkMet(value.met, value.total);
    if (bad) return manual(bad, steps);
    missing = value.total - new Set(value.met).size;
    what = `达到${value.total - missing}/${value.total}项要点${missingList(value.met, value.total, ctx.points)}`;
  } else if (value.kind === 'number') {
    if (!Number.isInteger(value.value) || value.value < 0)
      return manual(`缺少的要点数应为0或正整数（填报${fmt(value.value)}）`, steps);
    missing = value.value;
    what = `缺${missing}项要点`;
  } else {
    return manual(`评分标准按缺少的评价要点扣分，但填报的是${valueName(value)}`, steps);
  }
  const deduct = clean(missing * p);
  steps.push({
    op: 'checklist',
    text: `${what}；每缺一项扣${fmt(p)}分，扣${fmt(deduct)}分`,
    values: { missing, perPoint: p, deduct },
  });
  const d = Math.min(deduct, weight);
  if (deduct > weight)
    steps.push({
      op: 'cap',
      text: `扣分上限${fmt(weight)}分（扣完为止），按${fmt(weight)}分扣`,
      values: { cap: weight },
    });
  const score = clean(weight - d);
  steps.push({ op: 'score', text: `得分${fmt(weight)}−${fmt(d)}=${fmt(score)}分`, values: { score } });
  return scored(score, steps, weight);
}

/** 财预〔2020〕10号: full when the target is reached, else in proportion; qualitative by band. */
export function applyDefault(ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps: TraceStep[] = [];
  switch (value.kind) {
    case 'number':
      return ratioScore(ctx, steps, '按完成比例计分');
    case 'bool':
      return value.value ? full(weight, '是', steps) : zero('否', steps, weight);
    case 'qualitative': {
      if (value.grade === 'achieved') return full(weight, '达成', steps);
      const [lo, hi, name] = value.grade === 'partial' ? [0.6, 0.8, '部分达成'] : [0, 0.6, '未达成'];
      if (value.score === undefined || !Number.isFinite(value.score)) {
        return manual(
          `${name}需要自评分（分值的${lo * 100}%-${hi * 100}%，即${fmt(weight * lo)}-${fmt(weight * hi)}分之间）`,
          steps,
        );
      }
      if (value.score < 0 || value.score > weight)
        return manual(`自评分${fmt(value.score)}分不在0-${fmt(weight)}分之间`, steps);
      steps.push({
        op: 'band',
        text: `${name}，按规定在分值的${lo * 100}%-${hi * 100}%（${fmt(weight * lo)}-${fmt(weight * hi)}分）之间自评，自评${fmt(value.score)}分`,
        values: { grade: value.grade, low: clean(weight * lo), high: clean(weight * hi), score: value.score },
      });
      return scored(value.score, steps, weight);
    }
    case 'checklist': {
      const bad = checkMet(value.met, value.total);
      if (bad) return manual(bad, steps);
      const met = new Set(value.met).size;
      const score = clean((weight * met) / value.total);
      steps.push({
        op: 'ratio',
        text: `达到${met}/${value.total}项要点${missingList(value.met, value.total, ctx.points)}；${fmt(weight)}×${met}÷${value.total}=${fmt(score)}分`,
        values: { met, total: value.total, score },
      });
      return scored(score, steps, weight);
    }
    case 'text':
      return manual('填报的是文字，需人工评分', steps);
  }
}
