// The answer grammar. An answer is clauses (split at ，；。), each clause
//   [label] [sign] [qualifier] figure [unit] [qualifier] [particles]   — or a date, or words,
// where a figure is a numeral (Arabic, Chinese, 大写, mixed, 百分之…, …成…), the unit comes from the
// vocabulary and the label is whatever words stand before it ("一般事故", "办结", "共支出").
// Text inside brackets is commentary: read, but never the figure asked for.
//
//   readAnswerText("同比下降3.2%（全年32微克/立方米）")
//     → figures [{ value: 3.2, unit: %, sign: -1, label: '' }], commentary ["全年32微克/立方米"]

import { cleanText, normalizeAnswer } from './normalize.js';
import { readNumeral } from './numerals.js';
import {
  PARTICLES,
  QUALIFIER_AFTER,
  QUALIFIER_BEFORE,
  type Qualifier,
  SIGN_WORDS,
  type UnitInfo,
  unitAt,
  unitInfo,
} from './vocabulary.js';

export interface Figure {
  /** The number as written, in its own unit (下降3% → 3, sign −1). */
  value: number;
  unit?: UnitInfo;
  /** 百分之九十七 / 九成七: a percent without a % sign. */
  percentWord: boolean;
  /** 1.2万: the digits carry a magnitude. */
  scaled: boolean;
  /** 增长 / 下降 / 持平 in front of the figure. */
  sign?: 1 | -1 | 0;
  qualifier?: Qualifier;
  /** The words before the figure in its clause, without sign and qualifier words ("一般事故"). */
  label: string;
  /** "117/120": the figure is a fraction of two counts. */
  over?: Figure;
  /** The figure as typed. */
  raw: string;
  /** Which clause of the answer it stands in (an index into `words`). */
  clause: number;
  /** Words after the figure in its clause, before the next figure ("件左右吧" leaves ""; "5%%" leaves "%"). */
  trail: string;
}

export interface DateFigure {
  year?: number;
  month: number;
  day?: number;
  /** 月初 / 上旬 / 中旬 / 下旬 / 月底: a part of the month instead of a day. */
  part?: 'early' | 'first' | 'middle' | 'last' | 'end';
  /** "…前" */
  before: boolean;
  raw: string;
  label: string;
}

export interface AnswerText {
  figures: Figure[];
  dates: DateFigure[];
  /** A change word with no figure ("持平", "与上年持平"). */
  flat: boolean;
  /** The words of the answer outside figures and dates, clause by clause. */
  words: string[];
  /** Bracketed commentary. */
  commentary: string[];
  /** The whole answer, normalised and without spaces. */
  text: string;
  /** The answer as typed, without invisible characters or outer spaces (kept as a note). */
  original: string;
}

const CN_NUM = '零〇一二两兩俩三四五六七八九十百千万亿廿卅壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億幺';
const MAX_NUMERAL = 24;
const NUM_CHAR = new RegExp(`[0-9.,${CN_NUM}点]`);
const CN_ONLY = new RegExp(`^[${CN_NUM}点]+$`);
const SORTED_SIGNS = [...SIGN_WORDS].sort((a, b) => b[0].length - a[0].length);
const SORTED_BEFORE = [...QUALIFIER_BEFORE].sort((a, b) => b[0].length - a[0].length);
const SORTED_AFTER = [...QUALIFIER_AFTER].sort((a, b) => b[0].length - a[0].length);

/** Splits at clause marks, but not inside brackets and not a thousands comma (1,234). */
function clauses(s: string): { main: string[]; commentary: string[] } {
  const commentary: string[] = [];
  const main = s
    .replace(/\(([^()]*)\)|\[([^\]]*)\]|【([^】]*)】/g, (_m, a, b, c) => {
      commentary.push(a ?? b ?? c ?? '');
      return ' ';
    })
    .split(/(?<!\d),|,(?!\d{3}(?!\d))|[;；:：。!！?？\n]/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return { main, commentary };
}

const DATE_PART: Record<string, DateFigure['part']> = {
  初: 'early',
  上旬: 'first',
  中旬: 'middle',
  下旬: 'last',
  底: 'end',
  末: 'end',
};
const CN_SMALL = '[0-9一二三四五六七八九十两〇零]{1,3}';
const DATE = new RegExp(
  `^(?:([0-9]{4}|[〇零一二三四五六七八九]{4})年)?(${CN_SMALL})月(?:份)?(?:(${CN_SMALL})[日号]|(初|上旬|中旬|下旬|底|末))?(前|之前|以前)?`,
);
const ISO_DATE = /^([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})[日号]?(前|之前|以前)?/;

function small(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (/^[〇零一二三四五六七八九]{4}$/.test(s))
    return Number([...s].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''));
  const n = readNumeral(s);
  return n && Number.isInteger(n.value) ? n.value : undefined;
}

/** A date at the start of `s`: 2025年1月10日, 11月2日, 12月底, 12月下旬, 2024-12-31. */
function dateAt(s: string): { date: Omit<DateFigure, 'label'>; length: number } | undefined {
  const iso = ISO_DATE.exec(s);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
      return { date: { year, month, day, before: !!iso[4], raw: iso[0] }, length: iso[0].length };
  }
  const m = DATE.exec(s);
  if (!m) return undefined;
  const month = small(m[2]);
  const day = small(m[3]);
  const part = m[4] ? DATE_PART[m[4]] : undefined;
  // "6月" alone is a month date only with a year, a day or a part of the month ("6个月" is a duration).
  if (!m[1] && day === undefined && !part && !m[5] && !/^.{1,3}月份/.test(s)) return undefined;
  if (month === undefined || month < 1 || month > 12) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const date: Omit<DateFigure, 'label'> = { month, before: !!m[5], raw: m[0] };
  const year = small(m[1]);
  if (year !== undefined) date.year = year;
  if (day !== undefined) date.day = day;
  if (part) date.part = part;
  return { date, length: m[0].length };
}

/** The longest numeral at the start of `s` (with 百分之 and …成… forms); undefined when none. */
function numeralAt(s: string): { raw: string; value: number; percent: boolean; scaled: boolean } | undefined {
  let head = '';
  let i = 0;
  if (/^[-−+负正]/.test(s) && NUM_CHAR.test(s[1] ?? '')) {
    head = s[0];
    i = 1;
  } else if (s.startsWith('百分之')) {
    head = '百分之';
    i = 3;
  }
  let j = i;
  while (j < s.length && NUM_CHAR.test(s[j])) j++;
  // No figure a person means is spelled in more than 24 characters; a longer run is not read at all.
  if (j - i > MAX_NUMERAL) return undefined;
  for (let k = j; k > i; k--) {
    let body = s.slice(0, k);
    // 九成 / 九成七: the tenths form.
    if (s[k] === '成' && head === '') {
      const withTenth = s.slice(0, k + 2);
      for (const cand of [withTenth, s.slice(0, k + 1)]) {
        const t = readNumeral(cand);
        if (t?.percent) return { raw: cand, value: t.value, percent: true, scaled: false };
      }
    }
    if (body.endsWith(',') || body.endsWith('.')) continue;
    const n = readNumeral(body);
    if (n) {
      body = s.slice(0, k);
      return { raw: body, value: n.value, percent: n.percent || head === '百分之', scaled: n.scaled };
    }
  }
  return undefined;
}

/** The longest word of `words` that `s` ends with, and what is left before it. */
function stripEnd<T>(s: string, words: [string, T][]): [string, T] | undefined {
  for (const [w, v] of words) if (s.endsWith(w)) return [s.slice(0, -w.length), v];
  return undefined;
}

/** Sign and qualifier words at the end of the words before a figure: "同比下降约" → sign −1, about. */
function splitLabel(words: string): { label: string; sign?: 1 | -1 | 0; qualifier?: Qualifier } {
  let label = words.replace(/[=:：]+$/, '');
  let sign: 1 | -1 | 0 | undefined;
  let qualifier: Qualifier | undefined;
  for (let guard = 0; guard < 4; guard++) {
    const before = label;
    label = label.replace(/了$/, '');
    const q = stripEnd(label, SORTED_BEFORE);
    if (q && qualifier === undefined) {
      label = q[0];
      if (q[1]) qualifier = q[1];
    }
    const sg = stripEnd(label, SORTED_SIGNS);
    if (sg && sign === undefined) {
      label = sg[0];
      sign = sg[1];
    }
    label = label.replace(/(?:是|为|达|有|=)$/, '');
    if (label === before) break;
  }
  // "、较大事故", "和较大事故": a list mark or conjunction is not part of the label.
  label = label.replace(/^[、,/]+|^(?:以及|和|及|与|另有|还有)/, '');
  const out: { label: string; sign?: 1 | -1 | 0; qualifier?: Qualifier } = { label };
  if (sign !== undefined) out.sign = sign;
  if (qualifier !== undefined) out.qualifier = qualifier;
  return out;
}

/** A Chinese-only numeral counts as a figure only where a figure can stand: before a unit or at the clause's end. */
function figureFits(raw: string, rest: string, unit: UnitInfo | undefined, before: string): boolean {
  if (/第$/.test(before)) return false;
  if (!CN_ONLY.test(raw.replace(/^[-−+负正]/, ''))) return true;
  if (raw.startsWith('百分之')) return true;
  // 十分满意, 一分为二: 分 is a score only after a figure that ends the clause.
  if (unit && unit.dim !== 'score') return true;
  const tail = rest.slice(unit?.word.length ?? 0);
  return tail === '' || PARTICLES.test(tail) || SORTED_AFTER.some(([w]) => tail === w);
}

function readClause(clause: string, out: AnswerText): void {
  let words = '';
  let pending = '';
  let lastClause = -1;
  let i = 0;
  while (i < clause.length) {
    const rest = clause.slice(i);
    const d = dateAt(rest);
    if (d && (i === 0 || !/[0-9]/.test(clause[i - 1]))) {
      out.dates.push({ ...d.date, label: pending });
      words += ' ';
      pending = '';
      i += d.length;
      continue;
    }
    const prev = clause[i - 1] ?? '';
    // A run of numeral characters too long to be a figure is words, skipped whole (not re-read from each position).
    const run =
      /^[0-9.,零〇一二两兩俩三四五六七八九十百千万亿廿卅壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億幺点]+/.exec(rest)?.[0] ?? '';
    if (run.length > MAX_NUMERAL) {
      words += run;
      pending += run;
      i += run.length;
      continue;
    }
    let num = /[A-Za-z0-9.]/.test(prev) ? undefined : numeralAt(rest);
    // "98万元", "1.8万元/件", "3千米": the magnitude belongs to the unit as written.
    if (num && /[十百千万亿]$/.test(num.raw) && !num.percent) {
      const shorter = numeralAt(num.raw.slice(0, -1));
      const u = unitAt(rest.slice(num.raw.length - 1));
      if (shorter && shorter.raw === num.raw.slice(0, -1) && u && u.word.length > 1) num = shorter;
    }
    if (num) {
      let after = rest.slice(num.raw.length);
      const spaced = after.startsWith(' ');
      if (spaced) after = after.slice(1);
      const unit = num.percent ? undefined : unitAt(after);
      if (figureFits(num.raw, after, unit, pending)) {
        const fig: Figure = {
          value: num.value,
          percentWord: num.percent,
          scaled: num.scaled,
          label: '',
          raw: num.raw + (unit ? `${spaced ? ' ' : ''}${unit.word}` : ''),
          trail: '',
          clause: out.words.length,
        };
        if (unit) fig.unit = unit;
        const split = splitLabel(pending.trim());
        // "每人1850元": a money figure per the counted thing named before it.
        const per = /每(?:个|名|位)?(.{1,2})$/.exec(split.label);
        const perUnit = per && unit?.dim === 'money' ? unitInfo(`${unit.word}/${per[1]}`) : undefined;
        if (per && perUnit) {
          fig.unit = perUnit;
          fig.raw = `${per[0]}${fig.raw}`;
          split.label = split.label.slice(0, -per[0].length);
        }
        fig.label = split.label;
        if (split.sign !== undefined) fig.sign = split.sign;
        if (split.qualifier !== undefined) fig.qualifier = split.qualifier;
        let j = i + num.raw.length + (spaced ? 1 : 0) + (unit?.word.length ?? 0);
        // "117/120", "117件/120件": a fraction.
        const frac = /^\//.exec(clause.slice(j));
        if (frac) {
          const den = numeralAt(clause.slice(j + 1));
          if (den) {
            const denUnit = unitAt(clause.slice(j + 1 + den.raw.length));
            const over: Figure = {
              value: den.value,
              percentWord: false,
              scaled: den.scaled,
              label: '',
              raw: den.raw + (denUnit?.word ?? ''),
              trail: '',
              clause: out.words.length,
            };
            if (denUnit) over.unit = denUnit;
            fig.over = over;
            fig.raw += `/${over.raw}`;
            j += 1 + over.raw.length;
          }
        }
        const tail = clause.slice(j);
        const q = SORTED_AFTER.find(([w]) => tail.startsWith(w));
        if (q && (fig.qualifier === undefined || fig.qualifier === 'about')) {
          fig.qualifier = q[1];
          j += q[0].length;
        }
        const last = out.figures[out.figures.length - 1];
        if (last && lastClause === out.words.length && last.trail === '') last.trail = pending;
        out.figures.push(fig);
        lastClause = out.words.length;
        words += ' ';
        pending = '';
        i = j;
        continue;
      }
    }
    words += clause[i];
    pending += clause[i];
    i++;
  }
  const last = out.figures[out.figures.length - 1];
  if (last && lastClause === out.words.length) last.trail = pending.trim();
  const w = words.replace(/\s+/g, ' ').trim();
  if (SIGN_WORDS.some(([word, s]) => s === 0 && w.includes(word))) out.flat = true;
  out.words.push(w);
}

/** Reads an answer into figures, dates and words. Never throws. */
export function readAnswerText(input: string): AnswerText {
  const text = normalizeAnswer(input);
  const out: AnswerText = {
    figures: [],
    dates: [],
    flat: false,
    words: [],
    commentary: [],
    text: text.replace(/ /g, ''),
    original: cleanText(input),
  };
  const { main, commentary } = clauses(text);
  out.commentary = commentary.map((c) => c.trim()).filter(Boolean);
  for (const c of main) readClause(c.replace(/(?<=[0-9]) (?=[0-9])/g, ''), out);
  return out;
}

/** The words of an answer without spaces or closing particles: what a closed answer is matched on. */
export function plainWords(t: AnswerText): string {
  return t.words
    .join('')
    .replace(/\s+/g, '')
    .replace(/(?:吧|啦|了|呢|啊|哈|哦|嘛)+$/, '');
}
