import type { Rule, RuleOutcome } from '../types.js';
import { applyChoice, applyDeductions, applyLinear } from './apply-lists.js';
import { applyAllOrNothing, applyChecklist, applyDefault, applyProportional, applyTiers } from './apply-other.js';
import { applyCount, applyStep } from './apply-step.js';
import { manual, type RuleContext, validWeight } from './context.js';

export type { RuleContext } from './context.js';

/** Scores one answer by one rule, unrounded, with a trace that reads as one sentence. Never throws. */
export function applyRule(rule: Rule, ctx: RuleContext): RuleOutcome {
  try {
    if (!validWeight(ctx.weight)) return manual(`分值${String(ctx.weight)}不是正数，无法计分`);
    if (ctx.value.kind === 'number' && !Number.isFinite(ctx.value.value)) return manual('填报的数值无效');
    // "不适用" / "本单位不涉及": no rule can score what does not apply; a person decides, told why.
    if (ctx.value.kind === 'text' && ctx.value.notApplicable)
      return manual(`填报为“${ctx.value.value}”，本项不适用于本单位，请人工评分`);
    switch (rule.kind) {
      case 'step':
        return applyStep(rule, ctx);
      case 'count':
        return applyCount(rule, ctx);
      case 'tiers':
        return applyTiers(rule, ctx);
      case 'proportional':
        return applyProportional(rule, ctx);
      case 'all_or_nothing':
        return applyAllOrNothing(rule, ctx);
      case 'checklist':
        return applyChecklist(rule, ctx);
      case 'deductions':
        return applyDeductions(rule, ctx);
      case 'choice':
        return applyChoice(rule, ctx);
      case 'linear':
        return applyLinear(rule, ctx);
      case 'default':
        return applyDefault(ctx);
      case 'manual':
        return manual(rule.reason);
      default:
        return manual('未知的评分规则，需人工评分');
    }
  } catch (e) {
    return manual(`计分时出错（${e instanceof Error ? e.message : String(e)}），需人工评分`);
  }
}
