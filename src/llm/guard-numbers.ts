import { readNumeral } from '../core/answers/numerals.js';
import type { ItemScore } from '../core/types.js';

export interface GuardResult {
  /** The text with every sentence holding a number not in `allowed` taken out. */
  text: string;
  /** The numbers that were not allowed, as found (full-width digits shown as ASCII). */
  removed: string[];
  ok: boolean;
}

/** Arabic, possibly with Chinese magnitudes (1.2万, 1万2千) or as a percentage. */
const ARABIC = /\d[\d,]*(?:\.\d+)?(?:[十百千万亿]+\d*)*/g;
const CN = '零〇一二两俩三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟';
/** Chinese numerals: every 百分之… and …成…, the rest only when they measure something ("扣了十五分"). */
const CHINESE = new RegExp(`百分之[${CN}]+|[${CN}]+成[一二三四五六七八九]?|[${CN}]+`, 'g');
const HAS_DIGIT = /[零〇一二两俩三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/;
const UNIT_AFTER = /^(?:分|个百分点|%|件|起|次|人次|万元|元|项|个|人|天|户|篇|场|批|例|倍)/;
/** 十分重视, 十分必要: "very", not ten points (only before the words it qualifies, so 得十分。 still counts). */
const ADVERB_AFTER = /^分[重必明关注有突严困紧迫满感欣显复艰不及充认]/;
const LIST_MARKER = /(^|[\n；;。])\s*(?:\d+[.、)）]|[（(]\d+[)）])/g;

/**
 * Every figure a sentence states, read by the same numeral reader as the person's answers, so
 * 百分之三十七, ３７％ and 37% are all 37. "一是…二是…" and list markers are not figures.
 */
function numbersIn(sentence: string): { raw: string; value: number }[] {
  const s = sentence.normalize('NFKC').replace(LIST_MARKER, '$1');
  const out: { raw: string; value: number }[] = [];
  for (const m of s.matchAll(ARABIC)) {
    const raw = m[0].replace(/,$/, '');
    const n = readNumeral(raw);
    if (n) out.push({ raw, value: n.value });
    // Not one number (1.2.3): each run of digits counts, so nothing slips through unread.
    else for (const d of raw.matchAll(/\d+(?:\.\d+)?/g)) out.push({ raw: d[0], value: Number(d[0]) });
  }
  for (const m of s.matchAll(CHINESE)) {
    const raw = m[0];
    const after = s.slice((m.index ?? 0) + raw.length);
    const counted = raw.startsWith('百分之') || raw.includes('成') || UNIT_AFTER.test(after);
    // 百分点, 万元: a magnitude alone is a word, not a figure.
    if (!counted || !HAS_DIGIT.test(raw) || (raw === '十' && ADVERB_AFTER.test(after))) continue;
    // A figure the reader cannot read (千件) is never allowed: NaN equals nothing.
    out.push({ raw, value: readNumeral(raw)?.value ?? Number.NaN });
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/**
 * Keeps an LLM's wording only where its numbers are ones the scorer produced or the person typed:
 * a sentence with any other number is dropped, because a made-up figure in a 自评表 is worse than none.
 */
export function guardNumbers(text: string, allowed: number[]): GuardResult {
  const sentences = text.split(/(?<=[。；;！!？?\n])/);
  const removed: string[] = [];
  const kept = sentences.filter((s) => {
    const bad = numbersIn(s).filter((n) => !allowed.some((a) => same(a, n.value)));
    removed.push(...bad.map((n) => n.raw));
    return bad.length === 0;
  });
  return { text: kept.join('').trim(), removed, ok: removed.length === 0 };
}

/** Every number the scorer and the person put into an item: the only ones an LLM may repeat. */
export function allowedNumbers(item: ItemScore): number[] {
  const nums = new Set<number>([item.max]);
  if (item.score !== null) nums.add(item.score);
  if (item.score !== null) nums.add(Number((item.max - item.score).toFixed(6)));
  const texts = [item.target, item.display ?? '', item.rule ?? '', item.reason ?? '', ...item.trace.map((s) => s.text)];
  for (const t of texts) for (const n of numbersIn(t)) nums.add(n.value);
  for (const s of item.trace) for (const v of Object.values(s.values ?? {})) if (typeof v === 'number') nums.add(v);
  return [...nums];
}
