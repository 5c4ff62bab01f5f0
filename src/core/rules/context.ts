import type { RuleOutcome, StepRounding, Target, TraceStep, Value } from '../types.js';
import { clean, fmt, isPercentUnit, withUnit } from './format.js';

export interface RuleContext {
  weight: number;
  target: Target;
  direction: 'higher' | 'lower';
  value: Value;
  /** Unit of the answer: '%', '件', '万元'. */
  unit?: string;
  /** The flow's default when rule.rounding is absent. */
  stepRounding: StepRounding;
  points?: string[];
  /**
   * The answer counts the rule's own steps, not the target's figure ("办结率达100%得4分，每减少1件扣0.5分"
   * asked as "未办结的有几件？"): each one is a step short.
   */
  counted?: boolean;
}

export function scored(score: number, steps: TraceStep[], weight: number): RuleOutcome {
  const s = clean(Math.min(weight, Math.max(0, score)));
  return { status: 'scored', score: s, steps };
}

export function manual(reason: string, steps: TraceStep[] = []): RuleOutcome {
  return { status: 'manual', reason, steps: [...steps, { op: 'manual', text: reason }] };
}

export function normUnit(u: string | undefined): string | undefined {
  return isPercentUnit(u) ? '%' : u || undefined;
}

/** The answer's unit: the value's own, else the question's. */
export function answerUnit(ctx: RuleContext): string | undefined {
  return normUnit((ctx.value.kind === 'number' ? ctx.value.unit : undefined) ?? ctx.unit);
}

/** Lower is better when the target says ≤/< or the indicator is marked so. */
export function lowerIsBetter(ctx: RuleContext): boolean {
  if (ctx.direction === 'lower') return true;
  return ctx.target.kind === 'number' && (ctx.target.op === '<=' || ctx.target.op === '<');
}

export function valueName(v: Value): string {
  switch (v.kind) {
    case 'number':
      return '数值';
    case 'bool':
      return '是/否';
    case 'qualitative':
      return '定性评价（达成/部分达成/未达成）';
    case 'checklist':
      return '评价要点勾选';
    case 'text':
      return '文字';
  }
}

export function showValue(v: Value, unit?: string): string {
  switch (v.kind) {
    case 'number':
      return withUnit(v.value, v.unit ?? unit);
    case 'bool':
      return v.value ? '是' : '否';
    case 'qualitative':
      return v.grade === 'achieved' ? '达成' : v.grade === 'partial' ? '部分达成' : '未达成';
    case 'checklist':
      return `达到${v.met.length}/${v.total}项要点`;
    case 'text':
      return v.value;
  }
}

/** The text's own full marks differ from the item's 分值: the weight wins, and the trace says so. */
export function fullMismatch(full: number | undefined, weight: number): TraceStep[] {
  if (full === undefined || Math.abs(full - weight) < 1e-9) return [];
  return [
    {
      op: 'full',
      text: `评分标准写满分${fmt(full)}分，与本项分值${fmt(weight)}分不同，按分值${fmt(weight)}分计`,
      values: { full, weight },
    },
  ];
}

export function validWeight(weight: number): boolean {
  return typeof weight === 'number' && Number.isFinite(weight) && weight > 0;
}
