// Applying the rules that score what happened rather than a figure: a list of things that cost
// points (deductions), a choice among listed conditions, a straight line between two points.
import type { Rule, RuleOutcome, TraceStep } from '../types.js';
import { answerUnit, fullMismatch, manual, type RuleContext, scored, valueName } from './context.js';
import { clean, fmt, withUnit } from './format.js';
import { matchOption, readDeductions } from './rule-answers.js';

type Of<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

/** "未成立的扣2分；无总结的扣1分；每少1次扣0.5分": what happened, each at its own price. */
export function applyDeductions(rule: Of<'deductions'>, ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps: TraceStep[] = fullMismatch(rule.full, weight);
  let counts: number[];
  let excepted: (boolean | undefined)[] = [];
  if (value.kind === 'text') {
    const read = readDeductions(value.value, rule.items);
    if (!read.ok) return manual(`${read.reason}，需人工评分`, steps);
    counts = read.counts;
    excepted = read.excepted ?? [];
  } else if (value.kind === 'checklist') {
    // The points asked are the rule's 情形: the ones "met" are the ones that happened.
    if (value.total !== rule.items.length)
      return manual(
        `评分标准列了${rule.items.length}种扣分情形，本项列的有${value.total}条，两者对不上，需人工评分`,
        steps,
      );
    counts = rule.items.map((_, i) => (value.met.includes(i + 1) ? 1 : 0));
  } else if (value.kind === 'number' && answerUnit(ctx) !== '%') {
    // A bare number: only when every 情形 is counted at one price (每处扣1分；每人次扣1分).
    const counted = rule.items.filter((i) => i.per !== undefined && !i.zero);
    const same =
      counted.length === rule.items.length &&
      new Set(counted.map((i) => `${i.deduct}/${i.per}/${i.cap ?? ''}`)).size === 1;
    if (!same) return manual('评分标准列了几种扣分情形，要说明发生的是哪一种、各几次', steps);
    counts = rule.items.map((_, i) => (i === 0 ? value.value : 0));
  } else return manual(`评分标准按发生的扣分情形计分，但填报的是${valueName(value)}`, steps);

  // A 情形 with an exception ("能及时制止、查处的,可不扣分"): the answer must say whether it applies.
  for (const [i, item] of rule.items.entries()) {
    if (counts[i] === 0 || !item.except) continue;
    if (excepted[i] === undefined)
      return manual(
        `发生「${item.text}」，评分标准另有「${item.except}」可不扣分的规定，请说明是否适用，需人工评分`,
        steps,
      );
    if (excepted[i]) {
      steps.push({
        op: 'count',
        text: `发生「${item.text}」，但「${item.except}」，按评分标准不扣分`,
        values: { count: 0 },
      });
      counts[i] = 0;
    }
  }
  const happened = rule.items.map((item, i) => ({ item, n: counts[i] })).filter((x) => x.n > 0);
  if (happened.length === 0) {
    if (!steps.some((x) => x.op === 'count'))
      steps.push({ op: 'count', text: '没有发生评分标准所列的扣分情形，不扣分', values: { count: 0 } });
    steps.push({ op: 'score', text: `得满分${fmt(weight)}分`, values: { score: weight } });
    return scored(weight, steps, weight);
  }
  const zero = happened.find((x) => x.item.zero);
  if (zero) {
    steps.push({ op: 'floor', text: `发生「${zero.item.text}」，按评分标准不得分`, values: { score: 0 } });
    steps.push({ op: 'score', text: '得0分', values: { score: 0 } });
    return scored(0, steps, weight);
  }
  let total = 0;
  for (const { item, n } of happened) {
    if (item.per === undefined && n > 1)
      return manual(`「${item.text}」按一次扣${fmt(item.deduct)}分，填的是${fmt(n)}次，需人工评分`, steps);
    let d = item.per === undefined ? item.deduct : clean((n / item.per) * item.deduct);
    const capped = item.cap !== undefined && d > item.cap;
    if (capped) d = item.cap!;
    total = clean(total + d);
    const times = item.per === undefined ? '' : `${fmt(n)}${item.unit ?? '次'}，`;
    steps.push({
      op: 'count',
      text: `「${item.text}」${times}扣${fmt(d)}分${capped ? `（最多扣${fmt(item.cap!)}分）` : ''}`,
      values: { count: n, deduct: d },
    });
  }
  const cap = Math.min(rule.cap ?? weight, weight);
  if (total > cap) {
    steps.push({ op: 'cap', text: `扣分上限${fmt(cap)}分，按${fmt(cap)}分扣`, values: { cap, deduct: total } });
    total = cap;
  }
  const score = clean(weight - total);
  steps.push({
    op: 'score',
    text: `得分${fmt(weight)}−${fmt(total)}=${fmt(score)}分`,
    values: { weight, deduct: total, score },
  });
  return scored(score, steps, weight);
}

/** "健全的得10分，基本健全的得6分，不健全的不得分": the option the answer names. */
const CHOICE_PARTIAL = /^(?:基本|部分|较)/;
const CHOICE_NEGATED = /^(?:不|未|没有|没|无|非)/;

export function applyChoice(rule: Of<'choice'>, ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps: TraceStep[] = fullMismatch(rule.full, weight);
  const texts = rule.options.map((o) => o.text);
  let i: number | undefined;
  if (value.kind === 'text') i = value.option !== undefined ? value.option - 1 : matchOption(value.value, texts);
  else if (value.kind === 'qualitative') {
    // 达成/部分达成/未达成 name the full-marks option, the one "基本/部分" option and the one negated
    // option — only when the rule has exactly one of each kind, else a person decides.
    const only = (ok: (t: string, k: number) => boolean) => {
      const found = texts.flatMap((t, k) => (ok(t, k) ? [k] : []));
      return found.length === 1 ? found[0] : undefined;
    };
    if (value.grade === 'achieved')
      i =
        only((_t, k) => !!rule.options[k].fullMarks) ??
        // the one option worth the whole 分值 ("无结余,3分" of 3)
        only((_t, k) => rule.options[k].score >= weight) ??
        only((t) => !CHOICE_PARTIAL.test(t) && !CHOICE_NEGATED.test(t));
    else if (value.grade === 'partial') i = only((t) => CHOICE_PARTIAL.test(t));
    else i = only((t) => CHOICE_NEGATED.test(t));
  } else if (value.kind === 'bool') i = value.value ? 0 : rule.options.length - 1;
  if (i === undefined || i < 0 || i >= rule.options.length)
    return manual(`回答要说明是评分标准所列的哪一种情况（${texts.join('／')}），需人工评分`, steps);
  const o = rule.options[i];
  const raw = o.fullMarks ? weight : o.score;
  steps.push({
    op: 'tier',
    text: `「${o.text}」，${o.fullMarks ? '得满分' : raw === 0 ? '不得分' : `得${fmt(raw)}分`}`,
    values: { option: i + 1, tierScore: raw },
  });
  if (raw > weight)
    steps.push({
      op: 'cap',
      text: `该档分数${fmt(raw)}分超过分值${fmt(weight)}分，按${fmt(weight)}分计`,
      values: { cap: weight },
    });
  return scored(Math.min(raw, weight), steps, weight);
}

/** A straight line between full marks at one figure and nothing (or a share) at another. */
export function applyLinear(rule: Of<'linear'>, ctx: RuleContext): RuleOutcome {
  const { weight, value } = ctx;
  const steps: TraceStep[] = fullMismatch(rule.full, weight);
  if (value.kind !== 'number') return manual(`评分标准按数值比例计分，但填报的是${valueName(value)}`, steps);
  const v = value.value;
  const unit = answerUnit(ctx) ?? rule.unit ?? '';
  const shown = (x: number) => withUnit(x, unit);
  const share = rule.zeroShare ?? 0;
  const rising = rule.fullAt > rule.zeroAt; // higher is better
  const beyondFull = rising ? v >= rule.fullAt : v <= rule.fullAt;
  const cutoff = rule.cutoff !== undefined && (rising ? v < rule.cutoff : v > rule.cutoff);
  const beyondZero = rising ? v <= rule.zeroAt : v >= rule.zeroAt;
  if (beyondFull) {
    steps.push({
      op: 'score',
      text: `完成值${shown(v)}，${rising ? '达到' : '不超过'}${shown(rule.fullAt)}，得满分${fmt(weight)}分`,
      values: { score: weight },
    });
    return scored(weight, steps, weight);
  }
  if (cutoff || (beyondZero && share === 0)) {
    steps.push({
      op: 'floor',
      text: `完成值${shown(v)}，${cutoff ? (rising ? '低于' : '超过') : rising ? '不高于' : '不低于'}${shown(cutoff ? rule.cutoff! : rule.zeroAt)}，不得分`,
      values: { score: 0 },
    });
    return scored(0, steps, weight);
  }
  const t = beyondZero ? 0 : (v - rule.zeroAt) / (rule.fullAt - rule.zeroAt);
  const score = clean(weight * (share + (1 - share) * t));
  steps.push({
    op: 'ratio',
    text: `完成值${shown(v)}，在${shown(rule.zeroAt)}与${shown(rule.fullAt)}之间按比例计分：${fmt(weight)}×${fmt(clean(share + (1 - share) * t))}=${fmt(score)}分`,
    values: { value: v, score },
  });
  return scored(score, steps, weight);
}
