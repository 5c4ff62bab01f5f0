import { createRequire } from 'node:module';
import Nzh from 'nzh';

// pinyin-pro holds a ~15 MB dictionary: load it the first time a name is matched, not at start-up.
type Pinyin = typeof import('pinyin-pro').pinyin;
let pinyinFn: Pinyin | undefined;
const pinyin: Pinyin = ((...args: Parameters<Pinyin>) => {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyinFn(...args);
}) as Pinyin;

export interface ItemRef {
  id: string;
  name: string;
}

export type MatchResult = { kind: 'one'; id: string } | { kind: 'many'; ids: string[] } | { kind: 'none' };

/** Punctuation, quotes and spaces people wrap names in; they never tell items apart. */
const NOISE = /[\s"'“”‘’「」『』《》【】()（）[\]<>.,，。、:：;；!！?？~～·]/g;

export function normalizeName(s: string): string {
  return s.normalize('NFKC').replace(NOISE, '').toLowerCase();
}

/** "第5项", "5", "第五项", "序号5", "5号": the Nth indicator as the chat numbers them (1-based). */
export function parseOrdinal(query: string): number | undefined {
  const q = normalizeName(query);
  const num = '([0-9]+|[零一二两三四五六七八九十百]+)';
  const m =
    new RegExp(`^(?:第|序号|编号|no)${num}(?:项|个|条|号)?(?:指标)?$`).exec(q) ??
    new RegExp(`^${num}(?:项|号|条)(?:指标)?$`).exec(q) ??
    /^([0-9]+)$/.exec(q);
  if (!m) return undefined;
  const n = /^[0-9]+$/.test(m[1]) ? Number(m[1]) : Number(Nzh.cn.decodeS(m[1].replace(/两/g, '二')));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Levenshtein distance; names are short so the plain table is fine. */
export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[B.length];
}

/** Smallest edit distance between the query and any stretch of the name about as long as the query. */
function windowDistance(q: string, name: string): number {
  const Q = [...q];
  const N = [...name];
  let best = editDistance(q, name);
  for (let len = Math.max(1, Q.length - 1); len <= Q.length + 1; len++)
    for (let start = 0; start + len <= N.length; start++)
      best = Math.min(best, editDistance(q, N.slice(start, start + len).join('')));
  return best;
}

function isSubsequence(q: string, name: string): boolean {
  let i = 0;
  const Q = [...q];
  for (const ch of name) if (ch === Q[i]) i++;
  return i === Q.length;
}

interface Prepared extends ItemRef {
  norm: string;
  full: string; // toneless pinyin, ü as v
  initials: string;
}

function prepare(items: ItemRef[]): Prepared[] {
  return items.map((it) => {
    const norm = normalizeName(it.name);
    return {
      ...it,
      norm,
      full: pinyin(norm, { toneType: 'none', type: 'array', v: true }).join(''),
      initials: pinyin(norm, { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
    };
  });
}

function result(ids: string[]): MatchResult {
  const unique = [...new Set(ids)];
  return unique.length === 0
    ? { kind: 'none' }
    : unique.length === 1
      ? { kind: 'one', id: unique[0] }
      : { kind: 'many', ids: unique };
}

/** Keeps the items with the lowest key; ties stay, so the caller can ask which one. */
function best<T>(list: T[], key: (t: T) => number): T[] {
  if (!list.length) return [];
  const min = Math.min(...list.map(key));
  return list.filter((t) => key(t) === min);
}

/**
 * Finds the item a person means, trying the strictest reading first so a precise name never
 * turns into a list: 序号, id, exact name, containment, characters in order, same sound, typo, pinyin.
 */
export function matchItems(query: string, items: ItemRef[]): MatchResult {
  const q = normalizeName(query);
  if (!q) return { kind: 'none' };

  const nth = parseOrdinal(query);
  if (nth !== undefined) return nth <= items.length ? { kind: 'one', id: items[nth - 1].id } : { kind: 'none' };

  const list = prepare(items);
  const byId = list.filter((it) => it.id.toLowerCase() === q);
  if (byId.length) return result(byId.map((it) => it.id));

  const exact = list.filter((it) => it.norm === q);
  if (exact.length) return result(exact.map((it) => it.id));

  if (/^[a-z]+$/.test(q)) return matchPinyin(q, list);

  // The query holds a whole name ("预算执行率这项"): the longest name is the most specific.
  const inside = list.filter((it) => q.includes(it.norm));
  if (inside.length) return result(best(inside, (it) => -[...it.norm].length).map((it) => it.id));

  // One character (率, 度) is in half the names: too little to go on.
  const chars = [...q].length;
  if (chars < 2) return { kind: 'none' };
  const contains = list.filter((it) => it.norm.includes(q));
  if (contains.length) return result(contains.map((it) => it.id));

  // "及时率" for 信访事项及时受理率: a shortened name keeps its characters in order.
  const sub = list.filter((it) => isSubsequence(q, it.norm));
  if (sub.length) return result(sub.map((it) => it.id));

  // A wrong character that sounds the same (满意读 → 满意度) is the commonest typo with pinyin input.
  const qFull = pinyin(q, { toneType: 'none', type: 'array', v: true }).join('');
  const sound = list.filter((it) => it.full.includes(qFull));
  if (sound.length) return result(sound.map((it) => it.id));

  // Other typos: a third of the characters may be wrong, but never in a two-character query.
  const allowed = Math.floor(chars / 3);
  if (allowed > 0) {
    const close = list.map((it) => ({ it, d: windowDistance(q, it.norm) })).filter((x) => x.d <= allowed);
    if (close.length) return result(best(close, (x) => x.d).map((x) => x.it.id));
  }
  return { kind: 'none' };
}

/** yszxl → 预算执行率 (initials), manyidu → 满意度 (full pinyin), with one slip allowed in long initials. */
function matchPinyin(q: string, list: Prepared[]): MatchResult {
  const exact = list.filter((it) => it.initials === q || it.full === q);
  if (exact.length) return result(exact.map((it) => it.id));
  if (q.length >= 2) {
    const part = list.filter((it) => it.initials.includes(q) || (q.length >= 4 && it.full.includes(q)));
    if (part.length) return result(part.map((it) => it.id));
  }
  if (q.length >= 4) {
    const close = list.map((it) => ({ it, d: editDistance(q, it.initials) })).filter((x) => x.d <= 1);
    if (close.length) return result(best(close, (x) => x.d).map((x) => x.it.id));
  }
  return { kind: 'none' };
}
