import type { RuleContext } from '../src/core/rules/apply-rule.js';
import { parseTarget } from '../src/core/rules/parse-target.js';
import type { RuleOutcome, StepRounding, Value } from '../src/core/types.js';

/** A context as the scorer builds it: a target text, a weight, an answer. */
export function ctx(o: {
  weight: number;
  target?: string;
  value: Value | number;
  unit?: string;
  direction?: 'higher' | 'lower';
  stepRounding?: StepRounding;
  points?: string[];
}): RuleContext {
  const value: Value = typeof o.value === 'number' ? { kind: 'number', value: o.value, unit: o.unit ?? '%' } : o.value;
  return {
    weight: o.weight,
    target: parseTarget(o.target ?? '100%'),
    direction: o.direction ?? 'higher',
    value,
    unit: o.unit ?? (typeof o.value === 'number' ? '%' : undefined),
    stepRounding: o.stepRounding ?? 'proportional',
    points: o.points,
  };
}

export function scoreOf(out: RuleOutcome): number | string {
  return out.status === 'scored' ? out.score : `manual: ${out.reason}`;
}

export function sentence(out: RuleOutcome): string {
  return out.steps.map((s) => s.text).join('；');
}
