// Reads a 评（扣）分标准 into clauses, and each clause into slots: a condition (a figure compared with a
// bound, a range, a fact in words, or "otherwise"), an effect (a score, full marks, nothing, a
// deduction, an addition, a step "每…扣N分", a formula) and modifiers (caps, floors, rounding).
// Words that change nothing (the subject, 的, evidence notes) are skipped; a clause whose effect or
// figures cannot be read is kept as `unread`, so the item goes to a person quoting it.
import { normaliseText } from './normalize.js';
import {
  ADD,
  AFTER,
  AWARD,
  BEFORE,
  BEYOND_ITEM,
  CHOOSE,
  DEDUCT,
  DISCRETION,
  EVENT_VERBS,
  EVIDENCE,
  EXTERNAL,
  FULL,
  ITEM_WORDS,
  LOOSE_AFTER,
  NUMBER,
  RANKING,
  STEP_VERB,
  stepSide,
  UNIT,
  unitOf,
  WEIGHT_WORDS,
  ZERO,
} from './vocabulary.js';

export interface Bound {
  value: number;
  incl: boolean;
  /** Bare 以上/以下 or an end of a bare range "90-95": decided against the other tiers. */
  loose?: boolean;
}

/** A condition on the item's figure. `gap`: the bounds are on the shortfall below the target. */
export interface NumCond {
  lo?: Bound;
  hi?: Bound;
  unit?: string;
  gap?: boolean;
  /** A count of events after its verb ("出现2起"): none at all is a tier of its own, losing nothing. */
  events?: boolean;
}

export type Effect =
  | { kind: 'score'; score: number }
  | { kind: 'full' }
  | { kind: 'zero' }
  | { kind: 'deduct'; amount: number }
  | { kind: 'add'; amount: number }
  | {
      kind: 'step';
      /** −1 deducts, +1 adds. */
      sign: -1 | 1;
      /** Which side of the base a step counts; 'event' counts from nothing (每发生1起). */
      side: 'below' | 'above' | 'both' | 'event';
      per: number;
      unit?: string;
      amount: number;
      /** "每低于98%一个百分点": the base written inside the step. */
      base?: number;
      /** What is counted, in words ("会议", "不符合要求的"). */
      what?: string;
      /** The verb the count follows ("缺一条", "发现一条"): how an answer names this count ("缺1条"). */
      verb?: string;
      /** "每增减1个百分点，增减0.3分": both signs. */
      both?: boolean;
      /** Written without 每 ("出现1起扣2分"): beside "出现2起扣4分" it is the tier of exactly one. */
      once?: boolean;
    }
  | { kind: 'each'; sign: -1 | 1; amount: number }
  | { kind: 'share'; share: number }
  | { kind: 'ratio'; of: 'target' | 'absolute'; base?: number }
  | { kind: 'linear'; zeroAt: number; fullAt?: number }
  | { kind: 'unread'; reason: string };

export type Modifier =
  | { kind: 'capAll' }
  | { kind: 'capDeduct'; amount: number }
  | { kind: 'capAward'; amount: number }
  | { kind: 'capAwardToWeight' }
  | { kind: 'rounding'; mode: 'floor' | 'ceil' | 'proportional' }
  /** "共2分", "满分5分": the item's points stated again — nothing to score by. */
  | { kind: 'total'; amount: number };

export interface Clause {
  /** The clause as written (normalised), for quoting. */
  text: string;
  /** 1-based list number (①, (1), 1、) when the text numbers its points. */
  index?: number;
  /** A condition on the figure. */
  cond?: NumCond;
  /** A condition in words, as written (without 的/时 and negation). */
  words?: string;
  /** The words say a thing did not happen (未/没有/无/不…). */
  negated?: boolean;
  /** 否则/反之: every case the other clauses do not cover. */
  otherwise?: boolean;
  effect?: Effect;
  modifiers: Modifier[];
  /** A statement of the standard ("以100%为标准", "全年不少于10次") with no score of its own. */
  standard?: NumCond;
}

const N = NUMBER;

/** Reads the text into clauses. Pure; never throws on any input (callers still guard). */
export function readClauses(text: string): Clause[] {
  const t = prepare(text);
  const out: Clause[] = [];
  for (const sentence of splitOutside(t, /[;。]/)) {
    const fragments = splitOutside(sentence, /,/);
    let pending: string | undefined;
    for (const raw of fragments) {
      if (pending && !joins(pending, raw)) {
        out.push(readFragment(pending));
        pending = undefined;
      }
      const frag = pending ? `${pending},${raw}` : raw;
      const c = readFragment(frag);
      // A condition with no effect waits for the effect that follows ("按时办结率100%的，得9分",
      // "只防疫，不填表的扣6分").
      // So does a counted event whose deduction comes after more words ("发生1起未及时上报…数据,或…的,扣0.5分").
      const counted = c.effect?.kind === 'unread' && c.effect.reason === 'noAmount' && !/扣|减/.test(frag);
      if ((!c.effect || counted) && c.modifiers.length === 0 && !isNote(frag) && !isDefinition(frag)) {
        pending = frag;
        continue;
      }
      pending = undefined;
      out.push(c);
    }
    if (pending) out.push(readFragment(pending));
  }
  return out.filter((c) => c.text.length > 0);
}

/** Whether a clause without an effect is the condition of the next fragment. */
function joins(pending: string, next: string): boolean {
  const n = next.replace(/^§\d+§/, '');
  if (/^§\d+§/.test(next)) return false;
  if (/(?:的|时|者|后)$/.test(pending)) return true;
  // The next fragment starts with its effect ("得9分", "扣0.2分", "每少一项…", "按比例…").
  if (new RegExp(`^(?:则|均|即|就|也)?(?:${AWARD}|${DEDUCT}|${ADD}|不得分|不计分|不记分|每|按|满分|计满分|为)`).test(n))
    return true;
  if (new RegExp(`^(?:${N})分$`).test(n)) return true;
  // A numbered point in two parts ("§3§…每季度至少督查1次安全生产工作,解决存在问题(4分)").
  if (
    /^§\d+§/.test(pending) &&
    !/分|扣/.test(pending) &&
    !/^每/.test(n) &&
    new RegExp(`${N}分$`).test(n.replace(/\)$/, '')) &&
    !/扣/.test(n)
  )
    return true;
  // An event counted, then what it was and its deduction: "出现1次因生活救助安排不到位,群众反映强烈的扣1分".
  if (
    new RegExp(`^(?:发生|出现|发现|查实|查出)(?:${N})(?:${UNIT})`).test(pending.replace(/§\d+§/g, '')) &&
    (new RegExp(`^[^,;]{0,24}?(?:的)?(?:${DEDUCT})(?:${N})分`).test(n) || /^(?:或|及|和)?[^\d,;]{2,30}的$/.test(n))
  )
    return true;
  // Words only, then the effect: "只防疫，不填表的扣6分".
  const words = pending.replace(/§\d+§/g, '');
  return !/\d/.test(words) && words.length <= 24;
}

/** "免疫密度为实免个体数/应免个体数×100%": how a figure is worked out, not how it scores. */
export function isDefinition(s: string): boolean {
  if (/(?<!百)分|扣|[<>≤≥]/.test(s)) return false;
  // "X=实际/预算×100%": a right side with words or operators; "预算调整率=0" is a condition.
  const eq = /=(.*)$/.exec(s);
  if (eq && !/^-?\d+(?:\.\d+)?%?$/.test(eq[1])) return true;
  return /[/÷]/.test(s) && /[×xX*]100%/.test(s);
}

export function isNote(s: string): boolean {
  return EVIDENCE.test(s.replace(/^[(（]|[)）]$/g, ''));
}

/** Normalised, with list markers made separators and brackets that only restate a range opened. */
function prepare(text: string): string {
  let t = normaliseText(text);
  // "①…；②…", "(1)…；(2)…", "1、…2、…": list markers start a clause.
  t = t.replace(/[①-⑳]/g, (c) => `;§${'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'.indexOf(c) + 1}§`);
  t = t.replace(/(^|[;。,])\((\d{1,2})\)/g, '$1;§$2§');
  t = t.replace(/(^|[;。,:])(\d{1,2})[、.](?!\d)/g, '$1;§$2§');
  t = t.replace(/(^|[;。])([一二三四五六七八九十]{1,2})、/g, '$1;');
  t = t.replace(
    /(^|[;。])([A-Ha-h])[、.](?![\d])/g,
    (_m, p: string, l: string) => `${p};§${l.toUpperCase().charCodeAt(0) - 64}§`,
  );
  // "第3次起每次扣1分": the ones before the third are free — "超过2次的部分每次扣1分".
  t = t.replace(/第(\d+)(次|起|件|例|人次)(?:起|开始)(?:,)?(?=每)/g, (m, n: string, u: string) =>
    Number(n) >= 1 ? `超过${Number(n) - 1}${u}的部分` : m,
  );
  // A note in brackets that says how to check ("(以党委会纪要为准)", "(查看账目)") changes nothing.
  t = t.replace(/\(([^()]{0,40})\)/g, (m, inner: string) => (isNote(inner) ? '' : m));
  // "(2分×4项，即…)": four things, two points each.
  t = t.replace(new RegExp(`\\((${N})分[×x*](${N})项[^()]*\\)`, 'g'), ',每项各$1分,');
  // Scores in brackets are clauses ("(每项各2.5分)", "(扣12分，其中每少报1个月报表扣1分)", "(缺1次扣2分，扣完为止)").
  t = t.replace(/\(([^()]*(?:扣|得|计|记|[^百]分)[^()]*)\)/g, (m, inner: string) =>
    /^含|^不含/.test(inner) ? m : `,${inner},`,
  );
  t = t.replace(/,{2,}/g, ',').replace(/,([;。])/g, '$1');
  return t.replace(/^;+/, '');
}

/** Splits at separators that are not inside brackets. */
function splitOutside(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && sep.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const MODIFIERS: [RegExp, (m: RegExpMatchArray) => Modifier][] = [
  [new RegExp(`^(?:共计?|合计|总分|满分|本项|该项)(?:为)?(${N})分$`), (m) => ({ kind: 'total', amount: Number(m[1]) })],
  [
    new RegExp(
      `(?:最多|最高)(?:扣|减)(${N})分|扣分(?:最多|最高)?不(?:超过|高于)(${N})分|(?:扣|减)(${N})分为限|扣满(${N})分为止`,
    ),
    (m) => ({ kind: 'capDeduct', amount: Number(m[1] ?? m[2] ?? m[3] ?? m[4]) }),
  ],
  [
    new RegExp(
      `(?:最多|最高)(?:得|计|记|加|可得|可加)(${N})分|累计(?:不得)?不?超过(${N})分|(?:最高|最多)不超过(${N})分|以(${N})分为限|(?:加分|加)(?:最多|最高|不超过)(${N})分`,
    ),
    (m) => ({ kind: 'capAward', amount: Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]) }),
  ],
  [
    /加分至(?:基本分值|基本分|标准分|基础分)(?:为止|封顶)|(?:满分|分值)为止|最高不得?超过(?:该项|本项|该指标)?(?:分值|满分)(?:上限)?|不超过(?:该项|本项)?(?:分值|满分)|以(?:该项|本项)?(?:分值|满分)为限|封顶/,
    () => ({ kind: 'capAwardToWeight' }),
  ],
  [
    /扣完(?:本项|该项|本项目)?(?:分数|分)?为止|扣满为止|扣至0分为止|扣到0分为止|扣至零分为止|减至0分为止|减完为止|扣完|扣分至(?:基本分值|基本分|分值)扣完为止|以(?:该项|本项)分数扣完为止|扣完本项|最低(?:得|为|计)?0分|最低为零|不倒扣分?|不得?(?:出现)?负分|不计负分|不扣成负分/,
    () => ({ kind: 'capAll' }),
  ],
  [
    new RegExp(
      `不足(?:${N}(?:%|个百分点|件|次|人次|起|天|个月)?|1档|一档)的?(?:部分)?(?:按|以)(?:${N}(?:%|个百分点|件|次|人次|起|天|个月)?|1档|一档)(?:计|算)(?:算)?`,
    ),
    () => ({ kind: 'rounding', mode: 'ceil' }),
  ],
  [
    new RegExp(`不足(?:${N}(?:%|个百分点|件|次|人次|起|天|个月)?|1档|一档)的?(?:部分)?(?:不扣分?|不计)`),
    () => ({ kind: 'rounding', mode: 'floor' }),
  ],
  [/按(?:其)?(?:未完成的?)?比例(?:扣分?|减分?|计算?|扣减)/, () => ({ kind: 'rounding', mode: 'proportional' })],
];

/** Reads one fragment ("每超过一个百分点扣0.5分", "80%(含)-90%,计4分"). */
export function readFragment(frag: string): Clause {
  let s = frag;
  const c: Clause = { text: frag.replace(/§\d+§/g, '').replace(/^[;,]+|[;,]+$/g, ''), modifiers: [] };
  const marker = /^§(\d+)§/.exec(s);
  if (marker) {
    c.index = Number(marker[1]);
    s = s.slice(marker[0].length);
  }
  s = s.replace(/§\d+§/g, '');
  for (const [re, make] of MODIFIERS) {
    const g = new RegExp(re.source, 'g');
    s = s.replace(g, (...m) => {
      c.modifiers.push(make(m as unknown as RegExpMatchArray));
      return ',';
    });
  }
  s = s.replace(/^[,:;]+|[,:;]+$/g, '').replace(/,+/g, ',');
  if (!s) return c;
  if (isNote(s)) return c;
  const effect = readEffect(s);
  if (effect) {
    c.effect = effect.effect;
    s = effect.rest;
  }
  readCondition(s, c);
  return c;
}

// ---------------------------------------------------------------- effects

interface Read {
  effect: Effect;
  rest: string;
}

const TAIL = '(?:的|时|者|(?<!否)则|后|,)*';
const ITEM = `(?:${ITEM_WORDS})?`;

function readEffect(s: string): Read | undefined {
  const unreadIf = unreadWords(s);
  if (unreadIf) return { effect: unreadIf, rest: s };

  // "扣15分/批次": per event, the amount first.
  const perBatch = new RegExp(`(?:${DEDUCT})(${N})分\\/(${UNIT})`).exec(s);
  if (perBatch)
    return {
      effect: { kind: 'step', sign: -1, side: 'event', per: 1, unit: unitOf(perBatch[2]), amount: Number(perBatch[1]) },
      rest: s.replace(perBatch[0], ''),
    };
  const step = readStep(s);
  if (step) return step;
  const formula = readFormula(s);
  if (formula) return formula;

  // "建立和开发的各得2分", "(每项各2.5分)", "无计划、无措施、无总结的分别扣1分": one score for each named thing.
  const each = new RegExp(`${TAIL}(?:每项|每个)?(?:各|分别)(${AWARD}|${DEDUCT}|${ADD})?(${N})分$`).exec(s);
  if (each) {
    const verb = each[1] ?? '得';
    const amount = Number(each[2]);
    const sign: -1 | 1 = new RegExp(`^(?:${DEDUCT})$`).test(verb) ? -1 : 1;
    return { effect: { kind: 'each', sign, amount }, rest: s.slice(0, each.index) };
  }
  // "分别扣5分、6分、7分、8分，以此类推": a series, one amount per occurrence.
  if (/分别(?:扣|得|计|加)?\d+(?:\.\d+)?分、/.test(s) || /以此类推/.test(s))
    return { effect: { kind: 'unread', reason: 'series' }, rest: s };
  // "得2分", "计5分", "1分" — at the end, or before a note in brackets.
  const zero =
    new RegExp(`${TAIL}${ITEM}(?:${ZERO})$`).exec(s) ??
    new RegExp(`${TAIL}${ITEM}(?:得|计|记|为)?(?<![\\d.])(?:0|零)分$`).exec(s);
  if (zero) return { effect: { kind: 'zero' }, rest: s.slice(0, zero.index) };
  const full = new RegExp(`${TAIL}${ITEM}(?:${FULL})$`).exec(s);
  if (full) return { effect: { kind: 'full' }, rest: s.slice(0, full.index) };
  const ded = new RegExp(`${TAIL}(?:${DEDUCT})(${N})分$`).exec(s);
  if (ded) return { effect: { kind: 'deduct', amount: Number(ded[1]) }, rest: s.slice(0, ded.index) };
  const add = new RegExp(`${TAIL}(?:${ADD})(${N})分$`).exec(s);
  if (add) return { effect: { kind: 'add', amount: Number(add[1]) }, rest: s.slice(0, add.index) };
  const score = new RegExp(`${TAIL}${ITEM}(?:${AWARD}|为|是)?(${N})分$`).exec(s);
  if (score) return { effect: { kind: 'score', score: Number(score[1]) }, rest: s.slice(0, score.index) };
  // "扣分" / "扣" with no figure: the deduction is missing (often a cut-off text).
  if (/不扣分?$/.test(s)) return { effect: { kind: 'deduct', amount: 0 }, rest: s.replace(/(?:的|时|,)*不扣分?$/, '') };
  const bare = new RegExp(`(?:${DEDUCT})(?:分)?$`).exec(s);
  if (bare) return { effect: { kind: 'unread', reason: 'noAmount' }, rest: s };
  // "部分完成得50%", "部分完成得分值的一半": a share of the weight.
  const share = new RegExp(`${TAIL}(?:得|计|记)(?:分值的|满分的|该项分值的)?(?:(${N})%|一半)$`).exec(s);
  if (share)
    return {
      effect: { kind: 'share', share: share[1] !== undefined ? Number(share[1]) / 100 : 0.5 },
      rest: s.slice(0, share.index),
    };
  return undefined;
}

/** Words that leave the score to someone: a person must score the item. */
function unreadWords(s: string): Effect | undefined {
  if (DISCRETION.test(s)) return { kind: 'unread', reason: 'discretion' };
  if (RANKING.test(s)) return { kind: 'unread', reason: 'ranking' };
  if (BEYOND_ITEM.test(s)) return { kind: 'unread', reason: 'beyond' };
  if (EXTERNAL.test(s)) return { kind: 'unread', reason: 'external' };
  if (CHOOSE.test(s)) return { kind: 'unread', reason: 'choose' };
  if (new RegExp(`(?:${AWARD}|${DEDUCT}|${ADD}|给)(${N})[-~至到](${N})分`).test(s))
    return { kind: 'unread', reason: 'range' };
  return undefined;
}

/**
 * Steps: "每低于1个百分点扣0.5分", "每少一项扣0.4分", "每发生一起扣2分", "每推迟1个月到位的扣10分",
 * "低于95%时每5个百分点扣0.5分", "超过10件的部分每件扣0.2分", "每低于98%一个百分点扣0.5分",
 * "发现一处扣2分", "少一次扣2.5分", "迟报一次扣2分", "每增减1个百分点,增减0.3分".
 */
function readStep(s: string): Read | undefined {
  // "每低于扣1分": a step without its size.
  if (new RegExp(`每(?:${STEP_VERB})(?:的)?(?:${DEDUCT})`).test(s))
    return { effect: { kind: 'unread', reason: 'noStep' }, rest: s };
  const amountRe = `(?:的|,)*(?:则)?(?<sign>${DEDUCT}|${ADD}|得|计|记|增减)(?<amt>${N})?(?<fen>分)?`;
  // Without 每, a scoring verb needs its figure, or a deduction ends the clause: the 计 of 设计 is no verb.
  const amountStrict = `(?:的|,)*(?:则)?(?<sign>${DEDUCT}|${ADD}|得|计|记|增减)(?:(?<amt>${N})(?<fen>分)?|(?=分?(?:$|,)))`;
  const every = new RegExp(
    `每(?<pre>[^\\d,;]{0,12}?)(?:(?<bnum>${N})(?<bunit>%|个百分点))?(?<per>${N})?(?<unit>${UNIT})(?<what>[^,;\\d]{0,24}?)${amountRe}`,
  ).exec(s);
  // "单起受害面积30亩以上的扣10分": each such event, the figure qualifies it.
  const one = /单(起|次|件|例|宗|人次|项)/.exec(s);
  if (!every && one) {
    const amt = new RegExp(`(?:的|,)*(?:${DEDUCT})(${N})分$`).exec(s);
    if (amt) {
      const what = s.slice(one.index + one[0].length, amt.index).replace(/的$/, '');
      return {
        effect: { kind: 'step', sign: -1, side: 'event', per: 1, unit: unitOf(one[1]), amount: Number(amt[1]), what },
        rest: s.slice(0, one.index),
      };
    }
  }
  const single = every
    ? null
    : new RegExp(`(?<pre>[^\\d;]{0,24}?)(?<per>1)(?<unit>${UNIT})(?<what>[^;\\d]{0,48}?)${amountStrict}`).exec(s);
  const m = every ?? single;
  if (!m?.groups) return undefined;
  const g = m.groups;
  const unit = unitOf(g.unit);
  // Without 每 the count must follow a verb of events or of a shortfall ("发现一处", "少一次", "下降1个百分点").
  if (!every) {
    const lead = (g.pre ?? '').split(',').pop() ?? '';
    const verbs = new RegExp(
      `(?:发生|出现|发现|查实|查出|迟报|漏报|错报|延误|延迟|推迟|少报|少|缺|有|被|错|差错|重复|${STEP_VERB})$`,
    );
    // "无监管牌的一户扣1分": each one the words describe.
    const described = /[\u4e00-\u9fa5]的$/.test(lead) && !/^(?:%|个百分点|百分点)$/.test(g.unit ?? '');
    // "一项未完成的,扣1分", "1人未参加扣0.5分": each one the negated words that follow describe.
    const eachNot =
      lead === '' && /^(?:未|没有|没|不)/.test(g.what ?? '') && !/^(?:%|个百分点|百分点)$/.test(g.unit ?? '');
    if (!verbs.test(lead.replace(/[的了]$/, '')) && !/^(?:发生|出现|发现|查实|有)/.test(lead) && !described && !eachNot)
      return undefined;
  }
  // "每年4次"、"每逢赶集日": a period, not a step.
  if (
    every &&
    /^(?:年|季度|半年|逢|月度)/.test(g.pre ?? '') &&
    !new RegExp(`${STEP_VERB}|少报|迟报|未`).test(g.pre ?? '')
  )
    return undefined;
  if (g.amt === undefined || !g.fen) return { effect: { kind: 'unread', reason: 'noAmount' }, rest: s };
  const pre = every ? (g.pre ?? '') : ((g.pre ?? '').split(',').pop() ?? '');
  const verbs = [...pre.matchAll(new RegExp(`(${STEP_VERB})`, 'g'))].map((v) => stepSide(v[1]));
  const sides = new Set(verbs.filter((v) => v !== undefined));
  let side: 'below' | 'above' | 'both' | 'event' =
    sides.has('both') || sides.size > 1
      ? 'both'
      : ((sides.values().next().value as 'below' | 'above' | undefined) ?? 'event');
  if (/推迟|延迟|延期|逾期|迟报|迟|晚/.test(pre)) side = 'above';
  if (EVENT_VERBS.some((v) => pre.includes(v)) && side !== 'below' && side !== 'both') side = 'event';
  // "超过10件的部分每件…", "超出部分每10件…": the part above a base; "不足部分": below it.
  const lead = s.slice(0, m.index);
  if (side === 'event' && /(?:超过|超出|多出|高出)[^,;]{0,12}?(?:的)?部分$/.test(lead)) side = 'above';
  if (side === 'event' && /(?:低于|不足|少于)[^,;]{0,12}?(?:的)?部分$/.test(lead)) side = 'below';
  const sign: -1 | 1 = new RegExp(`^(?:${DEDUCT})$`).test(g.sign) ? -1 : 1;
  const both = g.sign === '增减';
  const effect: Effect = {
    kind: 'step',
    sign: both ? -1 : sign,
    side: both ? 'both' : side,
    per: g.per !== undefined ? Number(g.per) : 1,
    unit: unit ?? undefined,
    amount: Number(g.amt),
  };
  if (both) effect.both = true;
  if (!every) effect.once = true;
  if (g.bnum !== undefined) effect.base = Number(g.bnum);
  const what =
    `${pre.replace(new RegExp(`^(?:${STEP_VERB}|发生|出现|发现|查实|查出|有|缺少|缺失|缺)`), '')}${g.what ?? ''}`
      .replace(/\([^)]*\)/g, '')
      .replace(/^的|的$|^,|,$/g, '');
  if (what) effect.what = what;
  const verb = new RegExp(`(?:${STEP_VERB}|发生|出现|发现|查实|查出|缺少|缺失|缺|少)$`).exec(
    pre.replace(/[的了]$/, ''),
  )?.[0];
  if (verb) effect.verb = verb;
  const before = every
    ? s.slice(0, m.index)
    : `${s.slice(0, m.index)}${(g.pre ?? '').split(',').slice(0, -1).join(',')}`;
  return { effect, rest: before + s.slice((m.index ?? 0) + m[0].length) };
}

/**
 * Formulas in words: "得分=及时受理率×5分", "按完成比例计算得分", "执行率*该指标分值",
 * "按B/A或A/B*该指标分值记分", "未完成的按实际完成率乘以标准分计分", "按群众满意百分比".
 */
function readFormula(s: string): Read | undefined {
  const rest = (m: RegExpExecArray) => s.slice(0, m.index) + s.slice(m.index + m[0].length);
  const absolute =
    /按(?:群众|服务对象|社会公众|公众|参评群众)?满意(?:度|率)?(?:的)?(?:百分比|百分率|比例)(?:计分|计算|得分|折算)?/.exec(
      s,
    ) ??
    new RegExp(
      `满意(?:度|率)\\s*[×*x]\\s*(?:${N}分|${WEIGHT_WORDS})|(?:${WEIGHT_WORDS})\\s*[×*x]\\s*满意(?:度|率)`,
    ).exec(s);
  if (absolute) return { effect: { kind: 'ratio', of: 'absolute' }, rest: rest(absolute) };
  // "得分=按期答复率×10分", "执行率*该指标分值", "得分=资金到位率×分值": a rate times the weight.
  const times = new RegExp(
    `(?:得分|该项(?:指标)?得分|指标得分)?=?(?:[^=×*,;]{1,16}?)(?:率|度)\\s*[×*x]\\s*(?:${N}分|${WEIGHT_WORDS})(?:记分|计分|得分)?`,
  ).exec(s);
  if (times && !/1-/.test(s)) return { effect: { kind: 'ratio', of: 'absolute' }, rest: rest(times) };
  const ofBase = new RegExp(`按(?:实际)?[^,;]{0,8}?占(${N})%?的比例(?:计分|计算|得分|折算)`).exec(s);
  if (ofBase) return { effect: { kind: 'ratio', of: 'target', base: Number(ofBase[1]) }, rest: rest(ofBase) };
  const ofTarget = new RegExp(
    `按(?:实际)?完成(?:比例|比率|率|程度|进度)(?:计分|计算|得分|折算|计算得分)|按比例(?:计分|得分|计算得分)|按B\\/A或A\\/B\\*?(?:${WEIGHT_WORDS})(?:记分|计分)?|按实际完成率乘以(?:${WEIGHT_WORDS})(?:计分)?|(?:得分=)?(?:实际)?完成(?:值|数)\\/(?:目标|计划|指标)(?:值|数)(?:[×*x](?:${WEIGHT_WORDS}))?`,
  ).exec(s);
  if (ofTarget) return { effect: { kind: 'ratio', of: 'target' }, rest: rest(ofTarget) };
  // "(1-10×调剂金额/年初预算数)×指标分值": full at 0, nothing at a tenth.
  const linear = new RegExp(`\\(1-(${N})[×*x][^)]*\\)\\)?[×*x](?:${WEIGHT_WORDS})`).exec(s);
  if (linear) return { effect: { kind: 'linear', fullAt: 0, zeroAt: 100 / Number(linear[1]) }, rest: rest(linear) };
  return undefined;
}

// ---------------------------------------------------------------- conditions

const NEGATION = /^(?:未能|未|没有|没|无|不|非|达不到|不能|否者|尚未)/;
const OTHERWISE = /^(?:否则|反之|否者|其余|其他情况|以外的)$/;
/** Who a condition is said of ("档案部门", "乡镇政府", "各单位"): changes nothing. */
const SUBJECT = /^[\u4e00-\u9fa5]{0,6}?(?:部门|单位|人员|政府|机构|乡镇|街道|社区|企业|各地|各级)/;

function readCondition(raw: string, c: Clause): void {
  const s = raw
    .replace(/^(?:其中|且|并且|并|凡|如|若|对|注:?|备注:?)+/, '')
    .replace(/(?:的|时|者|则|后|,)+$/, '')
    .replace(/^[,;:]+|[,;:]+$/g, '');
  if (!s) return;
  if (OTHERWISE.test(s) || /^(?:否则|反之)/.test(raw)) {
    c.otherwise = true;
    return;
  }
  const num = readNumCond(s);
  if (num) {
    if (c.effect) c.cond = num.cond;
    else c.standard = num.cond;
    const words = num.rest.replace(/^[,;:]+|[,;:]+$/g, '');
    if (words) c.words = words;
    return;
  }
  // "档案部门未参加相关活动": the subject is skipped, the negation is what follows it.
  if (NEGATION.test(s) || NEGATION.test(s.replace(SUBJECT, ''))) c.negated = true;
  c.words = s;
}

interface NumRead {
  cond: NumCond;
  rest: string;
}

const FIG = `(${N})(${UNIT}|万)?`;
/** Verbs a count of events follows ("出现2起", "发生3次"); the narrow part of EVENT_VERBS (not 缺/被). */
const EVENT_COUNT = /(?:发生|出现|发现|查实|查出|查处|累计发生|累计出现)$/;

/**
 * A month a thing was done in, as a condition on that month (1–12): "6月底前" (by the end of June: ≤ 6),
 * "6月前" (before June: ≤ 5), "7月" / "7月份" (in July: = 7), "8月及以后" (≥ 8), "8月以后" (after August,
 * loose like 以上: decided against the other tiers). Only the month and a verb of completion may stand
 * in the clause ("6月底前完成"), so "5月份群众工作网络建设到位" stays words. Unit '月份' (not 个月, a duration).
 */
function monthCond(s: string): NumRead | undefined {
  const m = new RegExp(
    `^(?:在)?(${N})月(?:份)?(?:(底|末)?(前|之前|以前|内|以内)|(及|或)?(以后|之后|后|以|之))?(?:${MONTH_VERBS})?(?:的)?$`,
  ).exec(s);
  if (!m) return undefined;
  // The effect's tail took the 后 of "8月及以后不得分" (as in "达标后"): "8月及以" is what is left.
  if ((m[5] === '以' || m[5] === '之') && !/(?:以|之)$/.test(s)) return undefined;
  const month = Number(m[1]);
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const unit = '月份';
  if (m[3]) return { cond: { hi: { value: m[2] || /内/.test(m[3]) ? month : month - 1, incl: true }, unit }, rest: '' };
  if (m[5]) return { cond: { lo: { value: month, incl: true, ...(m[4] ? {} : { loose: true }) }, unit }, rest: '' };
  return { cond: { lo: { value: month, incl: true }, hi: { value: month, incl: true }, unit }, rest: '' };
}
const MONTH_VERBS = '完成|办结|报送|上报|提交|建成|到位|实施|完工|验收|开工';

/** A figure compared with a bound: "≥90%", "80%(含)-90%", "大于30%", "100%以下(含)", "=0", "以100%为标准". */
export function readNumCond(s: string): NumRead | undefined {
  // "以100%为标准/基准": the standard the steps count from.
  const standard = new RegExp(`以(${N})(%|${UNIT})?为(?:标准|基准|基数|基础|考核基数)`).exec(s);
  if (standard)
    return {
      cond: {
        lo: { value: Number(standard[1]), incl: true },
        hi: { value: Number(standard[1]), incl: true },
        unit: unitOf(standard[2]),
      },
      rest: s.replace(standard[0], ''),
    };
  // "比下达任务低5%以内(含5%)", "低5%-10%", "低超过10%": bounds on the shortfall below the target.
  const gap = new RegExp(
    `^(?:比[^,;]{1,12}?)?(?:低|少|差)(?!于)(超过)?(${N})(%|个百分点)?(?:\\(含(?:${N}%?)?\\))?(?:[-~至到](${N})(%|个百分点)?)?(以内|以上)?(?:\\(含(?:${N}%?)?\\))?(?:之间)?(?:的|是)?$`,
  ).exec(s);
  if (gap && (/^比/.test(s) || gap[1] || gap[4] !== undefined || gap[6] === '以内')) {
    const a = Number(gap[2]);
    const cond: NumCond = { gap: true, unit: '%' };
    const incl = /\(含/.test(s);
    if (gap[4] !== undefined) {
      cond.lo = { value: a, incl: true, loose: true };
      cond.hi = { value: Number(gap[4]), incl: true, loose: true };
    } else if (gap[1] || gap[6] === '以上') cond.lo = { value: a, incl: !gap[1], loose: !gap[1] && !incl };
    else {
      cond.hi = { value: a, incl: true, loose: !incl };
      cond.lo = { value: 0, incl: false };
    }
    return { cond, rest: '' };
  }
  // "95%≤列养率<100%": a figure, a comparator, the subject, a comparator, a figure.
  const between = new RegExp(`${FIG}(≤|<)[^\\d,;]{0,20}?(≤|<)${FIG}`).exec(s);
  if (between) {
    const unit = unitOf(between[2] ?? between[6]);
    return {
      cond: {
        lo: { value: Number(between[1]), incl: between[3] === '≤' },
        hi: { value: Number(between[5]), incl: between[4] === '≤' },
        unit,
      },
      rest: s.replace(between[0], ''),
    };
  }
  // "0-10%(含)", "80%(含)-90%", "5-10万(含5万)", "95%-100%之间".
  const range = new RegExp(
    `${FIG}(\\(含\\))?[-~至到]${FIG}(\\(含\\))?(?:之间|区间)?(\\(含(?:${N})(?:${UNIT}|万)?\\)|\\(含\\))?`,
  ).exec(s);
  if (range && !/^\d+[-~]\d+$/.test(s.replace(/[^\d-~]/g, '')) === false) {
    /* fallthrough: handled below */
  }
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[4]);
    if (lo <= hi) {
      const unit = unitOf(range[5] ?? range[2]);
      const namesLo = range[7] !== undefined && new RegExp(`含${lo}(?!\\d)`).test(range[7]);
      const namesHi = range[7] !== undefined && (range[7] === '(含)' || new RegExp(`含${hi}(?!\\d)`).test(range[7]));
      const cond: NumCond = {
        lo: { value: lo, incl: true, loose: !(range[3] || namesLo) },
        hi: { value: hi, incl: true, loose: !(range[6] || namesHi) },
        unit: unitOf(unit),
      };
      return { cond, rest: s.replace(range[0], '') };
    }
  }
  const month = monthCond(s);
  if (month) return month;
  // A comparator before the figure, a side word after it, or the figure alone.
  const before = BEFORE.map(([w]) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .sort((a, b) => b.length - a.length)
    .join('|');
  const after = AFTER.map(([w]) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .sort((a, b) => b.length - a.length)
    .join('|');
  const one = new RegExp(
    `(?:(${before})\\s*)?(-?${N})(${UNIT}|万)?(?:\\(含(?:${N})?(?:${UNIT}|万)?\\))?(${after})?(\\(含(?:${N})?(?:${UNIT}|万)?\\)|\\(不含\\))?`,
  ).exec(s);
  if (!one) return undefined;
  const [whole, cmpWord, numText, unitWord, sideWord, tail] = one;
  // A figure inside words that are not a comparison ("2000元以上" is; "每年4次会议" is not).
  const value = Number(numText);
  const unit = unitOf(unitWord === '万' ? '万元' : unitWord);
  let op = BEFORE.find(([w]) => w === cmpWord)?.[1];
  const side = AFTER.find(([w]) => w === sideWord)?.[1];
  const hasIncl = /\(含/.test(whole) || tail === '(含)';
  const excl = tail === '(不含)';
  const loose = !!sideWord && LOOSE_AFTER.has(sideWord) && !hasIncl && !excl;
  if (op && side && (op === 'ge' || op === 'gt') !== (side === 'ge' || side === 'gt')) return undefined; // "达到95%以下"
  if (!op && !side) {
    // A bare figure: equal to it ("100%计满分", "预算调整率=0"), unless it is part of the words.
    const before = s.slice(0, one.index);
    const after = s.slice((one.index ?? 0) + whole.length);
    // A percentage closing the condition is its threshold ("及时办结90%得3分").
    const closes = unit === '%' && after === '';
    // "出现2起": a count of events after its verb.
    const counted = !!unit && EVENT_COUNT.test(before);
    if (
      /[\u4e00-\u9fa5]$/.test(before) &&
      !closes &&
      !counted &&
      !/(?:率|度|为|是|达|完成|的|在|有|数|额|量|比)$/.test(before)
    )
      return undefined;
    if (/^[\u4e00-\u9fa5]/.test(after) && !/^(?:的|时|者|及|则)/.test(after)) return undefined;
    op = 'eq';
  }
  const kind = side ?? op!;
  const b = (incl: boolean): Bound => ({ value, incl, ...(loose ? { loose: true } : {}) });
  let cond: NumCond;
  switch (kind) {
    case 'ge':
      cond = { lo: b(!excl) };
      break;
    case 'gt':
      cond = { lo: b(false) };
      break;
    case 'le':
      cond = { hi: b(!excl) };
      break;
    case 'lt':
      cond = { hi: b(false) };
      break;
    default:
      cond = { lo: b(true), hi: b(true) };
  }
  if (unit) cond.unit = unit;
  if (unit && EVENT_COUNT.test(s.slice(0, one.index))) cond.events = true;
  return { cond, rest: s.replace(whole, '') };
}
