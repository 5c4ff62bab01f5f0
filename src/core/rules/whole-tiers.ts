// Tiers on whole numbers: a count of events ("出现1起扣2分，出现2起扣4分，3起以上本项不得分") or the month a
// thing was done ("6月底前完成得满分，7月完成得2分，8月及以后不得分"). Both count in whole steps, so
// "1起" and "2起" leave no gap between them, and a whole number no tier covers is a gap in the form —
// the item goes to a person with that reason rather than a guess.
import type { Tier } from '../types.js';
import { fmt } from './format.js';
import type { Clause, NumCond } from './read-clause.js';
import { tierContains } from './tier-text.js';
import { isMoney, isPercent, isTime } from './vocabulary.js';

/** Units counted in whole things (起, 次, 件 …): not a rate, money, time, area or length. */
export function isWholeCount(unit: string | undefined): boolean {
  return (
    !!unit &&
    !isPercent(unit) &&
    !isMoney(unit) &&
    !isTime(unit) &&
    !['‰', '万', '万人', '公顷', '亩', '公里', '月份'].includes(unit)
  );
}

/**
 * "出现1起扣2分" beside "出现2起扣4分": written like a deduction per event, it is the tier of exactly one
 * event when other clauses score counts of the same unit after an event verb; "未发生得满分" beside them is
 * the tier of none. Rewrites those clauses in place as tiers; the rest of the rule is read as before.
 *
 * @example "出现1起扣2分，出现2起扣4分" → the first clause becomes { cond: 1起–1起, effect: 扣2分 }
 */
export function onceStepsAsTiers(clauses: Clause[]): void {
  const counted = clauses.filter(
    (c) => c.cond?.events && isWholeCount(c.cond.unit) && c.effect && c.effect.kind !== 'step',
  );
  if (counted.length === 0) return;
  const unit = counted[0].cond!.unit;
  if (counted.some((c) => c.cond!.unit !== unit)) return;
  for (const c of clauses) {
    const e = c.effect;
    // "未发生得满分", "没有出现的得满分": the tier of none.
    if (
      !c.cond &&
      (e?.kind === 'full' || e?.kind === 'score') &&
      /^(?:未|没有|没|无)(?:发生|出现|发现|查实|查出)[^\d,;]{0,12}$/.test(c.words ?? '')
    ) {
      const none = { value: 0, incl: true };
      c.cond = { lo: none, hi: { ...none }, unit, events: true };
      continue;
    }
    if (
      e?.kind === 'step' &&
      e.once &&
      e.side === 'event' &&
      e.sign < 0 &&
      e.per === 1 &&
      e.base === undefined &&
      !e.both &&
      !c.cond &&
      e.unit === unit
    ) {
      const one = { value: 1, incl: true };
      c.cond = { lo: one, hi: { ...one }, unit, events: true };
      c.effect = { kind: 'deduct', amount: e.amount };
    }
  }
}

/** The unit all tier conditions share when it is a whole one (a count, or 月份), else undefined. */
export function wholeUnit(conds: NumCond[]): string | undefined {
  const units = new Set(conds.map((c) => c.unit));
  if (units.size !== 1) return undefined;
  const unit = conds[0].unit;
  return unit === '月份' || isWholeCount(unit) ? unit : undefined;
}

/**
 * Tiers counted in events lose nothing when there were none: a tier "0起 → 满分" is added when every tier
 * deducts (扣N分 / 不得分), starts at one or more, and one of them counts events after their verb.
 */
export function noneTier(conds: NumCond[], tiers: Tier[]): Tier | undefined {
  if (tiers.length < 2 || !conds.some((c) => c.events)) return undefined;
  if (!tiers.every((t) => (t.deduct !== undefined || (t.score === 0 && !t.fullMarks)) && (t.min ?? 0) >= 1))
    return undefined;
  return { min: 0, minInclusive: true, max: 0, maxInclusive: true, score: 0, fullMarks: true };
}

/**
 * The first whole number between the lowest and the highest bound that no tier covers, worded for the
 * clerk, or undefined when there is none ("出现1起扣2分，3起以上不得分": 2起 is not written).
 */
export function wholeGap(tiers: Tier[], unit: string): string | undefined {
  const bounds = tiers.flatMap((t) => [t.min, t.max]).filter((x): x is number => x !== undefined);
  if (bounds.length === 0) return undefined;
  if (tiers.some((t) => !Number.isInteger(t.min ?? 0) || !Number.isInteger(t.max ?? 0)))
    return '评分标准的分段不是整数，需人工评分';
  const lo = Math.min(...bounds);
  const hi = Math.max(...bounds);
  if (hi - lo > 400) return undefined; // a value in a gap is still refused when it is answered
  const name = (n: number) => (unit === '月份' ? `${fmt(n)}月` : `${fmt(n)}${unit}`);
  for (let n = lo; n <= hi; n++)
    if (!tiers.some((t) => tierContains(t, n)))
      // Two tiers both end at n, neither with it ("2起以上…，3起以上…" read loosely): which one is not said.
      return tiers.filter((t) => t.min === n || t.max === n).length >= 2
        ? `评分标准有两段都写到${name(n)}，没有说明${name(n)}算哪一段，需人工评分`
        : unit === '月份'
          ? `评分标准按完成月份分段，但没有写${fmt(n)}月完成怎么计分，需人工评分`
          : `评分标准按${unit}数分段，但没有写${fmt(n)}${unit}怎么计分，需人工评分`;
  return undefined;
}
