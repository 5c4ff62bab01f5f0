import Nzh from 'nzh';
import type { ItemScore } from '../core/types.js';

export interface GuardResult {
  /** The text with every sentence holding a number not in `allowed` taken out. */
  text: string;
  /** The numbers that were not allowed, as written. */
  removed: string[];
  ok: boolean;
}

const ARABIC = /\d+(?:\.\d+)?/g;
/** Chinese numerals only count when they measure something ("扣了十五分"); "一是…二是…" is just a list. */
const CHINESE = /[零一二两三四五六七八九十百千]+(?=分|个百分点|%|件|次|人次|万元|元|项)/g;
const LIST_MARKER = /(^|[\n；;。])\s*(?:\d+[.、)）]|[（(]\d+[)）])/g;

function numbersIn(sentence: string): { raw: string; value: number }[] {
  const s = sentence.replace(LIST_MARKER, '$1');
  const out = [...s.matchAll(ARABIC)].map((m) => ({ raw: m[0], value: Number(m[0]) }));
  for (const m of s.matchAll(CHINESE))
    out.push({ raw: m[0], value: Number(Nzh.cn.decodeS(m[0].replace(/两/g, '二'))) });
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
