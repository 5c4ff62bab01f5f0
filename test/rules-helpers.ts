import YAML from 'yaml';
import { loadFlowText } from '../src/core/flow/load.js';
import type { RuleContext } from '../src/core/rules/apply-rule.js';
import { parseTarget } from '../src/core/rules/parse-target.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
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

/**
 * An answer typed for one item with this rule, read and scored as the chat does (answer reader, rule
 * reader, scorer): the score, or "manual: …" / "invalid: …" with the reason.
 */
export function flowScore(
  rule: string,
  target: string,
  weight: number,
  answer: string,
  unit?: string,
): number | string {
  const yaml = YAML.stringify({
    id: 'classes',
    title: '表',
    total: weight,
    indicators: [
      { id: 'item', level1: '产出', level2: '质量', name: '事项', weight, target, rule, ...(unit ? { unit } : {}) },
    ],
  });
  const l = loadFlowText(yaml);
  if (!l.ok) throw new Error(l.errors.join());
  const item = scoreFlow(l.flow, { item: answer }).items[0];
  return item.status === 'scored' ? (item.score ?? Number.NaN) : `${item.status}: ${item.explanation}`;
}
