import type { Tier } from '../types.js';
import { fmt } from './format.js';

/** A tier whose score is "满分": the item's weight, known only when the rule is applied. */
export function isFullMarksTier(t: Tier): boolean {
  return t.fullMarks === true;
}

export function tierContains(t: Tier, x: number): boolean {
  if (t.min !== undefined && (x < t.min || (x === t.min && !t.minInclusive))) return false;
  if (t.max !== undefined && (x > t.max || (x === t.max && !t.maxInclusive))) return false;
  return true;
}

/** "90%（含）-95%", "95%及以上", "低于85%". */
export function describeTier(t: Tier, unit = '%'): string {
  const lo = t.min !== undefined ? `${fmt(t.min)}${unit}` : undefined;
  const hi = t.max !== undefined ? `${fmt(t.max)}${unit}` : undefined;
  if (lo && hi) {
    if (t.min === t.max) return lo;
    return `${lo}${t.minInclusive ? '（含）' : ''}-${hi}${t.maxInclusive ? '（含）' : ''}`;
  }
  if (lo) return t.minInclusive ? `${lo}及以上` : `高于${lo}`;
  if (hi) return t.maxInclusive ? `${hi}及以下` : `低于${hi}`;
  return '任意值';
}

export function describeTierScore(t: Tier): string {
  if (isFullMarksTier(t)) return '得满分';
  if (t.deduct !== undefined) return `扣${fmt(t.deduct)}分`;
  return t.score === 0 ? '不得分' : `得${fmt(t.score)}分`;
}
