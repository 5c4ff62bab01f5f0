/** Removes binary noise (0.30000000000000004) without rounding a score for print. */
export function clean(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** A number as a person writes it: 2, 0.5, 1.25 — at most 4 decimals, no trailing zeros. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Math.round(n * 1e4) / 1e4);
}

/** A value with its unit: 98%, 3件, 120万元. */
export function withUnit(n: number, unit?: string): string {
  return `${fmt(n)}${unit ?? ''}`;
}

/** The unit a step or gap is counted in, as a person says it: 个百分点, 件. */
export function gapUnit(unit?: string): string {
  return !unit || unit === '%' ? '个百分点' : unit;
}

export function isPercentUnit(unit?: string): boolean {
  return unit === '%' || unit === '百分比' || unit === '个百分点' || unit === '百分点';
}

/**
 * A target as a person reads it. Seed tables keep value and unit in separate columns ("100" + "百分比"),
 * which flows keep as written ("100 百分比"); a person expects "100%".
 */
export function targetText(target: string): string {
  return target.replace(/(\d)\s*(?:百分比|％)/g, '$1%');
}
