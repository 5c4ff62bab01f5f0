// One worked example per rule for the import preview ("填 93% → 6.5 分；填 85% → 1.5 分"), so a
// coordinator sees at a glance whether a 评分标准 was read as meant. Every figure comes from the one
// scorer (scoreItem); nothing here scores by itself.
import { formatNumber } from '../core/answers/format-value.js';
import type { Flow, Indicator } from '../core/flow/model.js';
import { formatScore } from '../core/scoring/round.js';
import { answerSpec, scoreItem } from '../core/scoring/score-flow.js';

/**
 * Two answers a person might give and the score each gets, as the chat would give it: one a little
 * short of the target and one further off (for a count of events, one and three events). Undefined
 * for a computed item, an item a person scores, or when no answer it tries scores below full marks.
 *
 * @example
 * workedExample(flow, flow.indicators[2]) // → "填 93% → 6.5 分；填 85% → 1.5 分"
 */
export function workedExample(flow: Flow, ind: Indicator): string | undefined {
  if (ind.derived || ind.ruleParsed.kind === 'manual') return undefined;
  const shown: string[] = [];
  const seen: number[] = [];
  for (const answer of candidates(ind)) {
    const item = scoreItem(flow, ind.id, { [ind.id]: answer });
    const score = item?.status === 'scored' ? item.score : null;
    if (score === null) continue;
    // Full marks say nothing about how the rule deducts; two different short scores do.
    if (Math.abs(score - ind.weight) < 1e-9 || seen.some((s) => Math.abs(s - score) < 1e-9)) continue;
    seen.push(score);
    shown.push(`填 ${answer} → ${formatScore(score)} 分`);
    if (shown.length === 2) break;
  }
  return shown.length ? shown.join('；') : undefined;
}

/** Answers from the target outwards, in the unit the question asks for. */
function candidates(ind: Indicator): string[] {
  const spec = answerSpec(ind);
  const t = ind.targetParsed;
  const unit = spec.measure === 'percent' ? '%' : spec.measure === 'money' ? (spec.unit ?? '万元') : (spec.unit ?? '');
  const say = (n: number) => `${formatNumber(Math.round(n * 100) / 100)}${unit}`;
  switch (spec.measure) {
    case 'bool':
      return ['是', '否'];
    case 'qualitative':
      return ['达成', '未达成', '部分达成'];
    case 'checklist':
    case 'text':
      return [];
  }
  const target = t.kind === 'number' ? t.value : t.kind === 'range' ? t.min : undefined;
  const lower = ind.direction === 'lower';
  if (target === undefined) return [];
  if (lower) {
    // A ceiling: at it, then over it ("0起" → 1起, 3起).
    if (target === 0) return [say(1), say(3)];
    const step = spec.measure === 'percent' ? [2, 10] : [target * 0.1, target * 0.5];
    return [...step.map((d) => say(target + Math.max(d, spec.measure === 'count' ? 1 : 0.01)))];
  }
  if (spec.measure === 'percent') {
    const rule = ind.ruleParsed;
    const per = rule.kind === 'step' && (rule.perUnit ?? '%') === '%' ? rule.per : 1;
    const base = rule.kind === 'step' && rule.base !== undefined ? rule.base : target;
    return [say(Math.max(0, base - 2 * per)), say(Math.max(0, base - 10)), say(Math.max(0, base - 5 * per))];
  }
  const whole = spec.measure === 'count';
  const at = (f: number) => say(whole ? Math.max(0, Math.floor(target * f)) : target * f);
  return [at(0.9), at(0.5), at(0.8)];
}
