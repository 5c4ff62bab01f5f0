import type { Tier } from '../types.js';
import { unreadClauses, unreadReason } from './clauses.js';
import { fmt } from './format.js';
import { quote } from './normalize.js';

/**
 * A tier whose score is "满分": the item's weight, known only when the rule is applied.
 * `Tier` has no field for this, so the flag rides along (JSON-safe); `score` is then 0 and unused.
 */
export type ParsedTier = Tier & { fullMarks?: boolean };

export function isFullMarksTier(t: Tier): boolean {
  return (t as ParsedTier).fullMarks === true;
}

type TierParse = { ok: true; tiers: ParsedTier[]; notes: string[] } | { ok: false; reason?: string };

const SCORE_RE =
  /^(.*?)(?:的|时|者)?,?(得满分|计满分|满分|不得分|不计分|得0分|计0分|为0分|(?:得|计|给|为|加)?(\d+(?:\.\d+)?)分)$/;

const NUM = '(\\d+(?:\\.\\d+)?)%?';
type BoundKind = 'minIncl' | 'minExcl' | 'maxIncl' | 'maxExcl';
// Longest first: "不低于" must not be read as "低于", "未达到" not as "达到".
const COMPARATORS: [string, BoundKind][] = (
  [
    ['大于等于', 'minIncl'],
    ['小于等于', 'maxIncl'],
    ['不低于', 'minIncl'],
    ['不少于', 'minIncl'],
    ['不高于', 'maxIncl'],
    ['不超过', 'maxIncl'],
    ['不多于', 'maxIncl'],
    ['未达到', 'maxExcl'],
    ['达到', 'minIncl'],
    ['大于', 'minExcl'],
    ['高于', 'minExcl'],
    ['超过', 'minExcl'],
    ['多于', 'minExcl'],
    ['小于', 'maxExcl'],
    ['低于', 'maxExcl'],
    ['少于', 'maxExcl'],
    ['不足', 'maxExcl'],
    ['未达', 'maxExcl'],
    ['≥', 'minIncl'],
    ['≤', 'maxIncl'],
    ['>', 'minExcl'],
    ['<', 'maxExcl'],
    ['达', 'minIncl'],
  ] as [string, BoundKind][]
).sort((a, b) => b[0].length - a[0].length);

function comparatorBefore(s: string): BoundKind | undefined {
  return COMPARATORS.find(([w]) => s.endsWith(w))?.[1];
}

interface Bounds {
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
  /** A bound of a bare range "90-95": whether it includes its end is decided by the other tiers. */
  loose?: { min?: boolean; max?: boolean };
  bareWord?: boolean;
}

/** Reads the condition part of one tier clause into bounds; undefined when it has no number. */
function readCondition(cond: string): Bounds | undefined {
  const range = cond.match(new RegExp(`${NUM}(\\(含\\))?[-~至到]${NUM}(\\(含\\))?`));
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[3]);
    if (min > max) return undefined;
    const b: Bounds = { min, max, minInclusive: true, maxInclusive: false, loose: {} };
    const after = cond.slice((range.index ?? 0) + range[0].length);
    const tailIncl = /^(之间)?\(含\)|^\(含\d/.test(after);
    if (range[2]) b.minInclusive = true;
    else b.loose!.min = true;
    if (range[4] || tailIncl) b.maxInclusive = true;
    else b.loose!.max = true;
    return b;
  }
  const nums = [...cond.matchAll(new RegExp(NUM, 'g'))];
  if (nums.length === 0 || nums.length > 2) return undefined;
  const b: Bounds = {};
  for (const n of nums) {
    const value = Number(n[1]);
    const before = cond.slice(0, n.index);
    const after = cond.slice((n.index ?? 0) + n[0].length);
    const cmp = comparatorBefore(before);
    const sideWord = after.match(/^(?:\(含\))?(?:及)?(以上|以下|以内)/)?.[1];
    if (cmp && sideWord && (sideWord === '以上') !== cmp.startsWith('min')) return undefined; // "达到95%以下"
    if (cmp === 'maxIncl') Object.assign(b, { max: value, maxInclusive: true });
    else if (cmp === 'minIncl') Object.assign(b, { min: value, minInclusive: true });
    else if (cmp === 'maxExcl') Object.assign(b, { max: value, maxInclusive: false });
    else if (cmp === 'minExcl') Object.assign(b, { min: value, minInclusive: false });
    // "80%≤完成率<90%": the comparator follows the lower bound.
    else if (/^(≤|不大于)/.test(after) && b.min === undefined) Object.assign(b, { min: value, minInclusive: true });
    else if (/^(<|小于)/.test(after) && b.min === undefined) Object.assign(b, { min: value, minInclusive: false });
    else if (/^(\(含\)以上|及以上|以上\(含\))/.test(after)) Object.assign(b, { min: value, minInclusive: true });
    else if (/^(\(含\)以下|及以下|以下\(含\)|以内)/.test(after)) Object.assign(b, { max: value, maxInclusive: true });
    // A bare 以上/以下 includes its number unless another tier claims it explicitly (resolved later).
    else if (/^以上/.test(after))
      Object.assign(b, { min: value, minInclusive: true, bareWord: true, loose: { ...b.loose, min: true } });
    else if (/^以下/.test(after))
      Object.assign(b, { max: value, maxInclusive: true, bareWord: true, loose: { ...b.loose, max: true } });
    else if (nums.length === 1) Object.assign(b, { min: value, max: value, minInclusive: true, maxInclusive: true });
    else return undefined;
  }
  if (b.min !== undefined && b.max !== undefined && b.min > b.max) return undefined;
  return b;
}

function contains(t: ParsedTier, x: number): boolean {
  if (t.min !== undefined && (x < t.min || (x === t.min && !t.minInclusive))) return false;
  if (t.max !== undefined && (x > t.max || (x === t.max && !t.maxInclusive))) return false;
  return true;
}

/** Whether two tiers share a value. */
function overlap(a: ParsedTier, b: ParsedTier): boolean {
  const lo = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
  const hi = Math.min(a.max ?? Infinity, b.max ?? Infinity);
  if (lo < hi) return true;
  if (lo > hi) return false;
  return contains(a, lo) && contains(b, lo);
}

/**
 * Reads "达到95%及以上得满分，90%（含）-95%得3分，低于85%不得分" into tiers.
 * Returns ok:false with a reason when the text looks tiered but cannot be read safely,
 * and ok:false without reason when it does not look tiered at all.
 */
export function parseTiers(t: string): TierParse {
  const clauses = t.split(/[,;。]/).filter((c) => c.length > 0);
  const scored: { clause: string; cond: string; score: number; fullMarks: boolean }[] = [];
  const unread: string[] = [];
  for (const clause of clauses) {
    const m = clause.match(SCORE_RE);
    if (!m) {
      if (/\d/.test(clause)) return { ok: false };
      unread.push(...unreadClauses(clause, []));
      continue;
    }
    if (/[扣减]$/.test(m[1])) return { ok: false };
    const word = m[2];
    const fullMarks = word.includes('满分');
    const score = fullMarks ? 0 : m[3] !== undefined ? Number(m[3]) : 0;
    scored.push({ clause, cond: m[1], score, fullMarks });
  }
  if (scored.length < 2) return { ok: false };

  const notes: string[] = [];
  const tiers: (ParsedTier & { loose?: Bounds['loose'] })[] = [];
  const noNumber: string[] = [];
  for (const s of scored) {
    const b = readCondition(s.cond);
    if (!b) {
      noNumber.push(s.clause);
      continue;
    }
    if (b.bareWord) notes.push(`「${quote(s.clause)}」中的“以上/以下”按包含本数理解`);
    const tier: ParsedTier & { loose?: Bounds['loose'] } = { score: s.score };
    if (b.min !== undefined) Object.assign(tier, { min: b.min, minInclusive: b.minInclusive ?? true });
    if (b.max !== undefined) Object.assign(tier, { max: b.max, maxInclusive: b.maxInclusive ?? true });
    if (s.fullMarks) tier.fullMarks = true;
    if (b.loose) tier.loose = b.loose;
    tiers.push(tier);
  }
  // "达到100%得满分，否则不得分": one threshold and its complement.
  const negative = /^(?:否则|反之|未达到|未完成|达不到|没有达到|不达标|未达标)/;
  if (tiers.length === 1 && noNumber.length > 0 && noNumber.every((c) => negative.test(c))) {
    const only = tiers[0];
    const zeroScored = scored.filter((s) => noNumber.includes(s.clause)).every((s) => s.score === 0 && !s.fullMarks);
    if (zeroScored && (only.min === undefined) !== (only.max === undefined)) {
      tiers.push(
        only.min !== undefined
          ? { max: only.min, maxInclusive: !only.minInclusive, score: 0 }
          : { min: only.max, minInclusive: !only.maxInclusive, score: 0 },
      );
      noNumber.length = 0;
    }
  }
  if (noNumber.length > 0) {
    if (tiers.length === 0) return { ok: false };
    const numbered = scored.filter((s) => !noNumber.includes(s.clause)).map((s) => `「${quote(s.clause)}」`);
    return {
      ok: false,
      reason:
        `评分标准分段不完整：${noNumber.map((c) => `「${quote(c)}」`).join('、')}没有数值条件，` +
        `${numbered.join('、')}也没说明百分比是和什么比较，其余情况如何计分没有写，需人工评分`,
    };
  }

  if (unread.length > 0) return { ok: false, reason: unreadReason(unread) };
  cascade(tiers);
  // A loose end ("90-95", "95%以上") belongs to its tier unless another tier claims it firmly.
  const firm = tiers.map((t) => ({
    ...t,
    minInclusive: t.loose?.min ? false : t.minInclusive,
    maxInclusive: t.loose?.max ? false : t.maxInclusive,
  }));
  // Two loose ends on one number ("90-95得3分，95-100得5分") leave that number to a person.
  const looseAt = (x: number, skip: number) =>
    tiers.some((o, j) => j !== skip && ((o.loose?.min && o.min === x) || (o.loose?.max && o.max === x)));
  const claimed = (x: number, skip: number) => firm.some((o, j) => j !== skip && contains(o, x)) || looseAt(x, skip);
  const resolved = tiers.map((tier, i) => ({
    max: tier.loose?.max && tier.max !== undefined ? !claimed(tier.max, i) : tier.maxInclusive,
    min: tier.loose?.min && tier.min !== undefined ? !claimed(tier.min, i) : tier.minInclusive,
  }));
  tiers.forEach((tier, i) => {
    if (tier.loose?.max) tier.maxInclusive = resolved[i].max;
    if (tier.loose?.min) tier.minInclusive = resolved[i].min;
    delete tier.loose;
  });
  for (let i = 0; i < tiers.length; i++) {
    for (let j = i + 1; j < tiers.length; j++) {
      if (overlap(tiers[i], tiers[j])) {
        return {
          ok: false,
          reason: `评分标准的分段互相重叠（「${describeTier(tiers[i])}」与「${describeTier(tiers[j])}」），需人工评分`,
        };
      }
    }
  }
  return { ok: true, tiers, notes };
}

/**
 * "达到95%得满分，达到90%得3分，达到80%得1分": each lower bound holds until the next higher one,
 * the way people read such a list; likewise for upper bounds ("低于60%得1分，低于80%得3分").
 */
function cascade(tiers: ParsedTier[]): void {
  const minOnly = tiers.filter((t) => t.min !== undefined && t.max === undefined).sort((a, b) => b.min! - a.min!);
  for (let i = 1; i < minOnly.length; i++) {
    const above = minOnly[i - 1];
    if (above.min === minOnly[i].min) continue; // a true overlap: reported below
    minOnly[i].max = above.min;
    minOnly[i].maxInclusive = !above.minInclusive;
  }
  const maxOnly = tiers.filter((t) => t.max !== undefined && t.min === undefined).sort((a, b) => a.max! - b.max!);
  for (let i = 1; i < maxOnly.length; i++) {
    const below = maxOnly[i - 1];
    if (below.max === maxOnly[i].max) continue;
    maxOnly[i].min = below.max;
    maxOnly[i].minInclusive = !below.maxInclusive;
  }
}

export function tierContains(t: Tier, x: number): boolean {
  return contains(t, x);
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
  return t.score === 0 ? '不得分' : `得${fmt(t.score)}分`;
}
