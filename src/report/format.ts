import { roundTo } from '../core/scoring/round.js';
import type { FieldResult } from '../core/types.js';

/**
 * A score as printed: rounded to the flow's decimals, trailing zeros dropped (10, 8.5, 0.33).
 * Item scores and the total go through this one function so that the column adds up on paper.
 */
export function printScore(x: number, decimals: number): string {
  const r = roundTo(x, decimals);
  return String(Number(r.toFixed(decimals)));
}

/** 2025年3月1日 in the template's time zone, so a server in UTC still prints the local day. */
export function dateParts(d: Date, timeZone: string): { y: string; m: string; d: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** The number a numeric field holds, if it was answered with one. */
export function fieldNumber(f: FieldResult | undefined): number | undefined {
  return f?.value?.kind === 'number' ? f.value.value : undefined;
}
