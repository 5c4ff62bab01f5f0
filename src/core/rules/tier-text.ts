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

/** "90%（含）-95%", "95%及以上", "低于85%"; months: "6月及以前", "7月", "8月及以后". */
export function describeTier(t: Tier, unit = '%'): string {
  if (unit === '月份') return describeMonths(t);
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

/** Months are whole: "6月及以前" for ≤ 6, "7月", "7月至9月", "8月及以后"; 13 is January of the next year. */
function describeMonths(t: Tier): string {
  const lo = t.min === undefined ? undefined : t.minInclusive ? t.min : t.min + 1;
  const hi = t.max === undefined ? undefined : t.maxInclusive ? t.max : t.max - 1;
  const m = (n: number) => (n > 12 ? `次年${fmt(n - 12)}月` : `${fmt(n)}月`);
  if (lo !== undefined && hi !== undefined) return lo === hi ? m(lo) : `${m(lo)}至${m(hi)}`;
  if (lo !== undefined) return `${m(lo)}及以后`;
  if (hi !== undefined) return `${m(hi)}及以前`;
  return '任意月份';
}
