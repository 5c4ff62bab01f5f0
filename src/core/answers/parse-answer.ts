import { matchOption } from '../rules/rule-answers.js';
import type { AnswerSpec, Result, Value } from '../types.js';
import { stripCommentary } from './commentary.js';
import { readDeadline } from './deadline.js';
import { exampleAnswer, formatNumber } from './format-value.js';
import { readAnswerText } from './grammar.js';
import { cleanText, compactAnswer, normalizeAnswer } from './normalize.js';
import { type Numeral, readNumeral, readYuan } from './numerals.js';
import { askFigure, changeOf, fractionOfPercent, readFigures, tooManyFigures } from './read-figures.js';
import { closedHelp, figureAgainstText } from './text-target.js';
import { NEGATIONS, NO_WORDS, NOT_APPLICABLE, PARTLY, YES_WORDS } from './vocabulary.js';

const TEXT_LIMIT = 2000;
/** Any non-text answer longer than this is not one value (a pasted paragraph, a flood). */
const SHORT_LIMIT = 100;

const PERCENT_UNITS = new Set(['%', '百分比', '百分点', '个百分点']);
/** Yuan per unit. A bare 万 is 万元 (1.2万). */
const MONEY_UNITS: Record<string, number> = {
  元: 1,
  块: 1,
  块钱: 1,
  圆: 1,
  千元: 1e3,
  万: 1e4,
  万元: 1e4,
  十万元: 1e5,
  百万: 1e6,
  百万元: 1e6,
  千万: 1e7,
  千万元: 1e7,
  亿: 1e8,
  亿元: 1e8,
};
const COUNT_UNITS = new Set([
  '件',
  '起',
  '人次',
  '个',
  '项',
  '人',
  '次',
  '家',
  '户',
  '天',
  '篇',
  '期',
  '场',
  '场次',
  '所',
  '台',
  '套',
  '辆',
  '条',
  '本',
  '份',
  '批',
  '批次',
  '座',
  '间',
  '名',
  '位',
  '张',
  '处',
  '部',
  '例',
  '宗',
  '支',
  '种',
  '门',
  '类',
  '个月',
  '月',
  '年',
  '小时',
  '学时',
  '课时',
]);
/**
 * Count units that name the same thing: 个 is Chinese's general classifier and 件/项 are used
 * for the same 文件/项目 counts, so "5个" answers "≥5件". Others (起, 人次, 人, 次) count
 * different things and must match.
 */
const SAME_THING = new Set(['个', '件', '项']);

/** More than `limit` characters (a character outside the BMP counts once); a short string is not spread. */
function tooLong(s: string, limit: number): boolean {
  return s.length > limit && [...s].length > limit;
}

/** The example an item's answers are refused with, worked out once per spec (every answer carries it). */
const examples = new WeakMap<AnswerSpec, string>();
function exampleOf(spec: AnswerSpec): string {
  let e = examples.get(spec);
  if (e === undefined) {
    e = exampleAnswer(spec);
    examples.set(spec, e);
  }
  return e;
}

function fail(reason: string, example: string): Result<Value> {
  return { ok: false, reason, example };
}

function ok(value: Value): Result<Value> {
  return { ok: true, value };
}

function quote(s: string): string {
  return `“${s.length > 12 ? `${s.slice(0, 12)}…` : s}”`;
}

/** Float noise away (0.01亿 → 100万元 exactly) while keeping six decimals. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0;
}

interface Quantity extends Numeral {
  unit: string;
}

/**
 * Splits "1.2万元" into a number and a unit: the item's own unit after a plain number first
 * ("12万元" of a 万元 field is 12, not 12万 + 元), then the longest readable number whose
 * remainder is a known unit, else the longest readable number (its remainder reported as wrong).
 */
function readQuantity(s: string, extraUnits: string[] = []): Quantity | null {
  for (const unit of extraUnits) {
    const head = unit && s.endsWith(unit) ? readNumeral(s.slice(0, -unit.length)) : null;
    if (head && !head.scaled) return { ...head, unit };
  }
  const known = (u: string) =>
    u === '' || PERCENT_UNITS.has(u) || u in MONEY_UNITS || COUNT_UNITS.has(u) || extraUnits.includes(u);
  let first: Quantity | null = null;
  for (let i = s.length; i > 0; i--) {
    const n = readNumeral(s.slice(0, i));
    if (!n) continue;
    const q = { ...n, unit: s.slice(i) };
    if (known(q.unit)) return q;
    first ??= q;
  }
  return first;
}

function unitKind(unit: string): 'none' | 'percent' | 'money' | 'count' | 'unknown' {
  if (unit === '') return 'none';
  if (PERCENT_UNITS.has(unit)) return 'percent';
  if (unit in MONEY_UNITS) return 'money';
  if (COUNT_UNITS.has(unit)) return 'count';
  return 'unknown';
}

function parsePercent(s: string, spec: AnswerSpec, example: string): Result<Value> {
  const q = readQuantity(s);
  if (!q) return fail(`没看懂${quote(s)}，${askFigure(spec)}`, example);
  const kind = unitKind(q.unit);
  if (q.percent && kind !== 'none') return fail(`没看懂${quote(s)}，百分比请只写一次`, example);
  if (kind === 'unknown') return fail(`没看懂${quote(s)}，本项填百分比（%）`, example);
  if (kind !== 'none' && kind !== 'percent')
    return fail(`本项填百分比（%），${quote(q.unit)}不是百分比的单位`, example);
  if (q.value > 1000) return fail('百分比不能超过1000%', example);
  // "0.95" for a rate is most likely 95% written as a fraction: ask, never guess.
  if (!q.percent && kind === 'none' && q.value > 0 && q.value < 1) return fractionOfPercent(q.value, s);
  if (q.value < -100) return fail('百分比不能低于-100%（下降最多是-100%）', example);
  return ok({ kind: 'number', value: round6(q.value), unit: '%' });
}

const NOTHING =
  /^(无|没有|没|零|暂无|均无|都没有|一个都没有|一件都没有|一件也没有|一个也没有|未发生|没有发生|没发生|均未发生|全年未发生|未出现|没有出现|零发生)$/;

function parseCount(s: string, spec: AnswerSpec, example: string): Result<Value> {
  const unitName = spec.unit ?? '';
  if (NOTHING.test(s)) return ok({ kind: 'number', value: 0, unit: spec.unit });
  // The rule counts what falls short of a rate ("未办结的件数" of "办结率达100%"): the rate reached, or
  // "全部办结", say none fell short.
  const verb = spec.counts ? /^未(.+?)的/.exec(spec.counts)?.[1] : undefined;
  if (verb) {
    const full = spec.target?.kind === 'number' && spec.target.value === 100 && /^100(?:\.0+)?%$/.test(s);
    if (full || new RegExp(`^(?:已经|已)?(?:全部|均|都|全都)(?:已经|已)?${verb}(?:了)?$`).test(s))
      return { ok: true, value: { kind: 'number', value: 0, unit: spec.unit }, note: s };
  }
  const q = readQuantity(s, spec.unit ? [spec.unit] : []);
  const what = `本项填数量${unitName ? `（${unitName}）` : ''}`;
  if (!q) return fail(`没看懂${quote(s)}，${askFigure(spec)}`, example);
  const kind = unitKind(q.unit);
  if ((q.percent || kind === 'percent') && spec.counts)
    return fail(`评分标准按${spec.counts}扣分，百分比算不出几${unitName || '个'}；${askFigure(spec)}`, example);
  if (q.percent || kind === 'percent') return fail(`${what}，不是百分比`, example);
  if (kind === 'money') return fail(`${what}，不是金额`, example);
  const sameUnit =
    q.unit === '' || q.unit === spec.unit || !spec.unit || (SAME_THING.has(q.unit) && SAME_THING.has(spec.unit));
  // The item's own unit is known whatever it is ("2点" for a rule counting 每一小点).
  if (kind === 'unknown' && q.unit !== spec.unit) return fail(`没看懂${quote(s)}，${what}`, example);
  if (!sameUnit) return fail(`${what}，单位${quote(q.unit)}不对`, example);
  if (q.value < 0) return fail('数量不能是负数', example);
  if (!Number.isInteger(q.value)) return fail(`数量应为整数，${formatNumber(q.value)}不是整数`, example);
  return ok({ kind: 'number', value: q.value, unit: spec.unit ?? (q.unit || undefined) });
}

function parseMoney(s: string, spec: AnswerSpec, example: string): Result<Value> {
  const unit = spec.unit ?? '万元';
  const perUnit = MONEY_UNITS[unit];
  // ¥1,234.5 is written in 元, like 1.2万: the amount is spelled out in full.
  const yuanSign = /^(¥|人民币|RMB)/i.test(s);
  // 大写 amounts ("玖仟陆佰陆拾伍圆壹角捌分", "壹拾壹元整") are in 元 whatever the field's unit.
  const cheque = /[角分整]$|[圆]/.test(s) && perUnit !== undefined ? readYuan(s.replace(/^(¥|人民币|RMB)/i, '')) : null;
  if (cheque !== null) return ok({ kind: 'number', value: round6(cheque / perUnit), unit });
  const q = readQuantity(s.replace(/^(¥|人民币|RMB)/i, ''), [unit]);
  const what = `本项填金额（${unit}）`;
  if (!q) return fail(`没看懂${quote(s)}，${askFigure(spec)}`, example);
  const kind = unitKind(q.unit);
  if (q.percent || kind === 'percent') return fail(`${what}，不是百分比`, example);
  if (q.value < 0) return fail('金额不能是负数', example);
  let value: number;
  const inYuan = (q.scaled || yuanSign) && perUnit !== undefined;
  if (q.unit === unit || (q.unit === '' && !inYuan)) value = q.value;
  else if (kind === 'money' && perUnit) value = (q.value * MONEY_UNITS[q.unit]) / perUnit;
  else if (q.unit === '' && inYuan) value = q.value / perUnit;
  else if (kind === 'unknown') return fail(`没看懂${quote(s)}，${what}`, example);
  else return fail(`${what}，单位${quote(q.unit)}不对`, example);
  return ok({ kind: 'number', value: round6(value), unit });
}

function parseNumber(s: string, spec: AnswerSpec, example: string): Result<Value> {
  const q = readQuantity(s, spec.unit ? [spec.unit] : []);
  if (!q) return fail(`没看懂${quote(s)}，${askFigure(spec)}`, example);
  const percentOk = spec.unit === '%';
  if (q.percent && !percentOk) return fail('本项填数字，不是百分比', example);
  if (q.unit !== '' && q.unit !== spec.unit && !(percentOk && PERCENT_UNITS.has(q.unit)))
    return fail(`本项填数字${spec.unit ? `（${spec.unit}）` : ''}，单位${quote(q.unit)}不对`, example);
  return ok({ kind: 'number', value: round6(q.value), unit: spec.unit });
}

const YES = new Set([...YES_WORDS, '1']);
const NO = new Set([...NO_WORDS, '0']);

function parseBool(s: string, example: string): Result<Value> {
  const w = s.toLowerCase();
  if (YES.has(w)) return ok({ kind: 'bool', value: true });
  if (NO.has(w)) return ok({ kind: 'bool', value: false });
  return fail(`没看懂${quote(s)}，请回答“是”或“否”`, example);
}

type Grade = 'achieved' | 'partial' | 'not_achieved';
/**
 * Closed answers, built from the vocabulary: an achievement word (完成, 达标, 符合 …), with 部分/基本
 * in front it is partly achieved, with a negation (未, 没有, 不 …) not achieved.
 */
const ACHIEVE = [
  '达成',
  '完成',
  '达到',
  '达标',
  '实现',
  '符合',
  '满足',
  '落实',
  '做到',
  '按时完成',
  '按期完成',
  '如期完成',
  '按时报送',
  '按时',
  '按期',
  '如期',
  '有效',
];
const GRADE_WORDS: [string, Grade][] = [
  ...YES_WORDS.filter((w) => /\p{Script=Han}/u.test(w) && w.length >= 2).map((w) => [w, 'achieved'] as [string, Grade]),
  ...['是', '√', '✓', '✔'].map((w) => [w, 'achieved'] as [string, Grade]),
  ...ACHIEVE.map((w) => [w, 'achieved'] as [string, Grade]),
  ...ACHIEVE.flatMap((w) => PARTLY.map((p) => [p + w, 'partial'] as [string, Grade])),
  ...ACHIEVE.flatMap((w) => NEGATIONS.map((n) => [n + w, 'not_achieved'] as [string, Grade])),
  ...NO_WORDS.filter((w) => /\p{Script=Han}/u.test(w) && w.length >= 2).map(
    (w) => [w, 'not_achieved'] as [string, Grade],
  ),
  ...['否', '×', '✗', '✘'].map((w) => [w, 'not_achieved'] as [string, Grade]),
];
/** What an achievement word may be said of ("达成预期指标", "完成年度目标", "符合要求"): changes nothing. */
const OBJECT =
  /^(?:了)?(?:预期|年度|全年|既定|规定|相关|设定)?(?:的)?(?:目标值|目标|指标值|指标|效果|要求|标准|计划|任务|规定|值)?(?:了)?/;
/** Adverbs a target's predicate may follow: a suffix after one of them is not the target's claim. */
const ADVERB_BEFORE =
  /(逐年|逐步|持续|不断|稳步|明显|显著|有效|进一步|全面|基本|大幅|较大|有所|得到|切实|大力|积极|及时)$/;
/** Words in front that change nothing: 已, 均, 全部 ("已全部完成", "均已达标"). */
const ADVERBS = /^(?:已经|已|均已|均|全部|全都|都已|都|全面|顺利|圆满|较好地?|很好地?)+/;

/** Score bands of the 评分标准 for qualitative items: 部分达成 [60%, 80%), 未达成 [0, 60%). */
function band(grade: 'partial' | 'not_achieved', weight: number): [number, number] {
  return grade === 'partial' ? [round6(weight * 0.6), round6(weight * 0.8)] : [0, round6(weight * 0.6)];
}

/** A round score inside [lo, hi) near `aim`, for examples. */
function niceScore(lo: number, hi: number, aim: number): number {
  for (const step of [1, 0.5, 0.1, 0.01]) {
    const v = round6(Math.round(aim / step) * step);
    if (v >= lo && v < hi) return v;
  }
  return lo;
}

function qualitativeWords(spec: AnswerSpec): [string, Grade][] {
  const words = [...GRADE_WORDS];
  const target = spec.target?.kind === 'text' ? compactAnswer(spec.target.text) : '';
  if (target) {
    words.push([target, 'achieved']);
    // "不定期（每年4次）": "不定期" alone also says the target was met.
    const lead = target.split(/[(（]/)[0];
    if (lead && lead !== target && lead.length >= 2) words.push([lead, 'achieved']);
    // "全天候可用" answered "全天候": the target without a short closing predicate (可用, 完成).
    const head = target.slice(0, -2);
    if (head.length >= 3 && /(可用|完成|实现|达标|到位|开展)$/.test(target)) words.push([head, 'achieved']);
    // "社会稳定水平逐年改善" answered "逐年改善": the end of the target (its predicate, 4 characters or more)
    // restates it, as people answer; with 不/没有/基本 in front it says the opposite or a part.
    const restated = [target];
    // "信访渠道畅通" answered "畅通": its predicate, 2 characters or more, when the target ends in one.
    for (let k = 2; k < target.length; k++) {
      // "逐年改善" is not "改善": a suffix after an adverb drops what the target claims.
      if (!ADVERB_BEFORE.test(target.slice(0, -k))) restated.push(target.slice(-k));
    }
    for (const r of restated) {
      if (r !== target) words.push([r, 'achieved']);
      // "不畅通" and "渠道不畅通", "效果不明显": the negation stands before the predicate, the subject may stay.
      const subject = target.slice(0, target.length - r.length);
      for (const head of subject ? ['', subject] : ['']) {
        for (const p of NEGATIONS) words.push([head + p + r, 'not_achieved']);
        for (const p of PARTLY) words.push([head + p + r, 'partial']);
      }
    }
  }
  // "是否建立台账" answered "已建立": the question's own verb says yes, with a negation no.
  const asked = /^是否(.{2,})$/.exec(compactAnswer(spec.name ?? ''));
  if (asked && /^(是|有)$/.test(target)) {
    for (let k = 2; k <= asked[1].length; k++) {
      const verb = asked[1].slice(0, k);
      words.push([verb, 'achieved']);
      for (const p of NEGATIONS) words.push([p + verb, 'not_achieved']);
    }
  }
  // The deeds a binary rule names, done or not ("已纳入", "有记录", "未参加").
  for (const [w, g] of spec.words ?? []) words.push([compactAnswer(w), g]);
  // Longest first, so 部分达成 wins over 达成 and 不及时 over 及时.
  return words.sort((a, b) => b[0].length - a[0].length);
}

function parseQualitative(s: string, spec: AnswerSpec, example: string): Result<Value> {
  // "100%" in a 实际完成值 column means fully achieved.
  if (/^100(?:\.0+)?%$|^百分之百$/.test(s))
    return { ok: true, value: { kind: 'qualitative', grade: 'achieved' }, note: s };
  // A 是/否 target answered 否 is simply not met: nothing to self-score.
  const targetWords = spec.target?.kind === 'text' ? compactAnswer(spec.target.text) : '';
  const yesNoTarget = /^(是|有|已完成|完成)$/.test(targetWords);
  if (yesNoTarget && /^(否|不是|没有|无|未完成|没完成)$/.test(s))
    return ok({ kind: 'qualitative', grade: 'not_achieved', score: 0 });
  // "是否发生重大安全事故｜否": 否, 没有, 未发生 meet it; 是, 有, 发生了 do not.
  // "无扣分情形", "无结余" answered "无": the target is the absence, and "无" says it.
  if (/^(?:无|没有)./.test(targetWords) && /^(无|没有|均无|都没有|0|零)$/.test(s))
    return ok({ kind: 'qualitative', grade: 'achieved' });
  if (/^(否|无|没有|未发生)$/.test(targetWords)) {
    if (/^(否|不是|没有|无|未发生|没发生|没有发生|均未发生|未出现|没有出现|0|零|0起|0次)$/.test(s))
      return ok({ kind: 'qualitative', grade: 'achieved' });
    if (/^(是|有|是的|发生|发生了|有发生)$/.test(s))
      return ok({ kind: 'qualitative', grade: 'not_achieved', score: 0 });
  }
  const figure = figureAgainstText(s, spec);
  if (figure) return figure;
  const bare = s.replace(ADVERBS, '');
  const hit = qualitativeWords(spec).find(([w]) => bare.startsWith(w));
  if (!hit) return fail(`没看懂${quote(s)}，${closedHelp(spec)}`, example);
  const [matched, grade] = hit;
  const word = s.slice(0, s.length - bare.length) + matched + (OBJECT.exec(bare.slice(matched.length))?.[0] ?? '');
  const rest = s
    .slice(word.length)
    .replace(/^[,:;()[\]【】]*(得分|得|给|打|评)?/, '')
    .replace(/分?[)\]】]?$/, '');
  let score: number | undefined;
  let note: string | undefined;
  if (rest !== '') {
    const n = readNumeral(rest);
    // "达成，共4次", "不定期，共3次": words after a comma are commentary, kept as a note.
    const commentary = /^[,;:(（]/.test(s.slice(word.length)) && !/^\d+(\.\d+)?$/.test(rest);
    if ((!n || n.percent) && commentary) note = s.slice(word.length).replace(/^[,;:(（]+|[)）]+$/g, '');
    else if (!n || n.percent) return fail(`没看懂分数${quote(rest)}`, `${word} ${exampleScore(grade, spec)}`);
    else score = n.value;
  }
  const withNote = (r: Result<Value>): Result<Value> => (r.ok && note ? { ...r, note } : r);
  const w = spec.weight;
  if (grade === 'achieved') {
    if (score === undefined || (w !== undefined && Math.abs(score - w) < 1e-9))
      return withNote(ok({ kind: 'qualitative', grade }));
    return fail(
      `达成即得满分${w !== undefined ? `（${formatNumber(w)}分）` : ''}，不用写分数；如只是部分达成，请写分数`,
      `部分达成 ${exampleScore('partial', spec)}`,
    );
  }
  const label = grade === 'partial' ? '部分达成' : '未达成';
  const ex = `${word} ${exampleScore(grade, spec)}`;
  const range = w === undefined ? '' : bandText(grade, w);
  // The item's own rule scores 部分达成/未达成: no self-score in the generic bands.
  if (score === undefined && spec.selfScore === false) return withNote(ok({ kind: 'qualitative', grade }));
  if (score === undefined) return fail(`${label}需要写上分数${range ? `，分数应在${range}` : ''}，例如：${ex}`, ex);
  if (score < 0) return fail('分数不能是负数', ex);
  if (w !== undefined) {
    const [lo, hi] = band(grade, w);
    if (score < lo - 1e-9 || score > hi - 1e-9) return fail(`${label}的分数应在${range}，例如：${ex}`, ex);
  }
  return withNote(ok({ kind: 'qualitative', grade, score: round6(score) }));
}

function bandText(grade: 'partial' | 'not_achieved', weight: number): string {
  const [lo, hi] = band(grade, weight);
  return `${formatNumber(lo)}~${formatNumber(hi)}分之间（不含${formatNumber(hi)}分）`;
}

function exampleScore(grade: Grade, spec: AnswerSpec): string {
  const w = spec.weight ?? 5;
  if (grade === 'achieved') return formatNumber(w);
  const [lo, hi] = band(grade, w);
  return formatNumber(niceScore(lo, hi, grade === 'partial' ? w * 0.7 : w * 0.2));
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const ALL = /^(全部|全|都|全都|均|所有)(的)?(都|均)?(要点)?(满足|符合|达到|达成|做到|完成|有|是)?(了)?$/;
const NONE =
  /^(无|没有|都没有|一项(也|都)没有|都不(满足|符合)|全(部|都)?不(满足|符合)|均不(满足|符合)|均未(满足|达到)|0|零)$/;
const EXCEPT_HEAD = /^(缺少?|除了?|少了?|不满足|未满足|没满足|没有满足|没有)/;
const EXCEPT_TAIL = /(不满足|未满足|没满足|没有满足|没有|没做到|未做到|缺)$/;
const FILLER =
  /缺少|缺|除了|除|少了|少|不满足|未满足|没满足|没有满足|没有|没做到|未做到|以外|之外|外|其余|其他|其它|都|均|全部|满足|符合|达到|做到|第|项|条|点|号|和|以及|及|与|了/g;

function readPointNumbers(list: string, n: number): number[] | string {
  const out: number[] = [];
  for (const token of list.split(/[、,;/ ]+/).filter(Boolean)) {
    const range = /^(.+?)(-|~|至|到)(.+)$/.exec(token);
    if (range) {
      const a = readNumeral(range[1]);
      const b = readNumeral(range[3]);
      if (
        !a ||
        !b ||
        !Number.isInteger(a.value) ||
        !Number.isInteger(b.value) ||
        a.value > b.value ||
        b.value - a.value > 100
      )
        return token;
      for (let i = a.value; i <= b.value; i++) out.push(i);
      continue;
    }
    const v = readNumeral(token);
    if (!v || v.percent || !Number.isInteger(v.value)) return token;
    // "124" for three of fewer than ten points: ①②④ read without separators.
    if (v.value > n && n <= 9 && /^[1-9]{2,}$/.test(token)) out.push(...[...token].map(Number));
    else out.push(v.value);
  }
  return out;
}

function parseChecklist(raw: string, spec: AnswerSpec, example: string): Result<Value> {
  const n = spec.points?.length ?? 0;
  if (n === 0) return fail('本项没有列出评价要点，无法按要点作答，请联系管理员', example);
  const valid = Array.from({ length: n }, (_, i) => i + 1).join('、');
  // ① becomes 1 under NFKC; give each circled number its own separator first.
  const spaced = raw.replace(/[①-⑳]/g, (c) => `、${CIRCLED.indexOf(c) + 1}、`);
  // The bot's own echo (满足3/5项（①②④）) read back.
  let s = normalizeAnswer(spaced)
    .replace(/^满足\d+\/\d+项\((.*)\)$/, '$1')
    .replace(/^满足0\/\d+项$/, '无');
  if (ALL.test(s.replace(/ /g, '')))
    return ok({ kind: 'checklist', met: Array.from({ length: n }, (_, i) => i + 1), total: n });
  if (NONE.test(s.replace(/ /g, ''))) return ok({ kind: 'checklist', met: [], total: n });
  const except = EXCEPT_HEAD.test(s) || EXCEPT_TAIL.test(s);
  s = s.replace(FILLER, '、');
  const nums = readPointNumbers(s, n);
  const help = `本项评价要点编号为${valid}`;
  if (typeof nums === 'string') return fail(`没看懂${quote(nums)}，${help}，请写满足的要点编号`, example);
  if (nums.length === 0) return fail(`没有读到要点编号，${help}`, example);
  const outside = nums.find((x) => x < 1 || x > n);
  if (outside !== undefined) return fail(`没有第${outside}项，${help}`, example);
  const dup = nums.find((x, i) => nums.indexOf(x) !== i);
  if (dup !== undefined) return fail(`第${dup}项写了两次，${help}，每项写一次`, example);
  const listed = new Set(nums);
  const met = Array.from({ length: n }, (_, i) => i + 1).filter((x) => listed.has(x) !== except);
  return ok({ kind: 'checklist', met, total: n });
}

function parseText(raw: string, example: string): Result<Value> {
  const s = cleanText(raw);
  const length = [...s].length;
  if (length > TEXT_LIMIT) return fail(`内容太长了（${length}字），请精简到${TEXT_LIMIT}字以内`, example);
  // An emoji or a row of dots is a reaction, not a name or a description: it would be printed in the 自评表.
  if (s && !/[\p{L}\p{N}]/u.test(s))
    return fail(`“${[...s].slice(0, 10).join('')}”不是文字，请用文字填写（没有可填「无」）`, example);
  return ok({ kind: 'text', value: s });
}

/** Reads what a person typed as the answer to one question. Never throws. */
export function parseAnswer(input: string, spec: AnswerSpec): Result<Value> {
  const example = exampleOf(spec);
  const raw = typeof input === 'string' ? input : '';
  const plain = normalizeAnswer(raw);
  if (plain === '' || cleanText(raw) === '') return fail('还没有填写内容', example);
  if (spec.measure === 'text') return parseText(raw, example);
  if (tooLong(raw, SHORT_LIMIT * 2) || tooLong(plain, SHORT_LIMIT))
    return fail(`回答太长了，本项只需填写一个答案`, example);
  const s = plain.replace(/ /g, '');
  if (NOT_APPLICABLE.test(s))
    return {
      ok: true,
      value: { kind: 'text', value: s, notApplicable: true },
      note: `${s}：本项不适用，需人工评分`,
    };
  if (spec.measure === 'checklist') return parseChecklist(raw, spec, example);
  if (spec.measure === 'qualitative' || spec.measure === 'bool') {
    const t = readAnswerText(raw);
    const deadline = readDeadline(t, spec);
    if (deadline) return deadline;
  }
  if (!NUMERIC.has(spec.measure)) {
    const closed = readMeasure(s, spec, example);
    // The rule's own options ("无结余／有结余，但不超过上年结转／结余超过上年结转"): an answer the closed
    // words do not read but that names one of them is that one.
    if (!closed.ok && spec.options?.length) {
      const i = matchOption(raw, spec.options);
      if (i !== undefined) return ok({ kind: 'text', value: cleanText(raw), option: i + 1 });
    }
    return closed;
  }
  // A change asked against a base reads its sign words first: "-3%" for a 下降率 is asked about.
  const grammarFirst = changeOf(spec) !== undefined;
  const direct = grammarFirst ? undefined : readMeasure(s, spec, example);
  if (direct?.ok) return withinLimits(direct, spec, example);
  const t = readAnswerText(raw);
  const read = readFigures(t, spec, example);
  // A plain figure the readers refused (3% for a count, -5万元): the plain reader's reason stands.
  const lone = t.figures.length === 1 ? t.figures[0] : undefined;
  const plainFigure =
    lone !== undefined &&
    !lone.label &&
    !lone.qualifier &&
    lone.sign === undefined &&
    t.commentary.length === 0 &&
    t.words.join('').trim() === '';
  if (read && !read.ok && direct && !direct.ok && plainFigure) return direct;
  if (read?.ok && !grammarFirst && read.value.kind === 'number' && !read.how && !read.value.parts) {
    // A figure read out of words is held to what a plain answer must be (a whole count, a percent in range).
    const unit = spec.measure === 'percent' ? '%' : (spec.unit ?? '');
    const plain = readMeasure(`${formatNumber(read.value.value)}${unit}`, spec, example);
    if (!plain.ok) return plain;
  }
  if (read) return withinLimits(read, spec, example);
  const fallback = numericFallback(raw, s, spec, example);
  if (fallback) return fallback;
  if (t.figures.length > 1) return tooManyFigures(t, spec, example);
  return direct ?? readMeasure(s, spec, example);
}

const NUMERIC = new Set(['percent', 'count', 'money', 'number']);

function readMeasure(s: string, spec: AnswerSpec, example: string): Result<Value> {
  switch (spec.measure) {
    case 'percent':
      return parsePercent(s, spec, example);
    case 'count':
      return parseCount(s, spec, example);
    case 'money':
      return parseMoney(s, spec, example);
    case 'number':
      return parseNumber(s, spec, example);
    case 'bool':
      return parseBool(s, example);
    case 'qualitative':
      return parseQualitative(s, spec, example);
    default:
      return fail('无法识别本项的填写方式', example);
  }
}

const RANGE = /^(.+?)[-~至到](.+)$/;
/** "全区信访总量1164批2923人次…": counts written out where a rate is asked; a person scores it. */
const COUNTS_IN_TEXT = /\d+(?:批|人次|件|次|起|个|人|户|封)/;

/** What a person writes around a number: commentary kept as a note, a range for a range target. */
function numericFallback(raw: string, s: string, spec: AnswerSpec, example: string): Result<Value> | undefined {
  const note = cleanText(raw);
  const range = spec.target?.kind === 'range' ? RANGE.exec(s) : null;
  if (range) {
    const lo = readMeasure(range[1], spec, example);
    const hi = readMeasure(range[2], spec, example);
    if (lo.ok && hi.ok && lo.value.kind === 'number' && hi.value.kind === 'number' && lo.value.value <= hi.value.value)
      return withinLimits({ ok: true, value: { ...lo.value, upTo: hi.value.value } }, spec, example);
  }
  // "办结率120%", "信访事项办结率为98%": people repeat the item's name before the figure.
  const named = withoutName(s, spec.name);
  if (named) {
    const r = readMeasure(named, spec, example);
    if (r.ok) return withinLimits(r, spec, example);
  }
  const stripped = stripCommentary(s);
  if (stripped) {
    const core = readMeasure(stripped.core, spec, example);
    if (core.ok) {
      const lower = spec.target?.kind === 'number' && (spec.target.op === '<=' || spec.target.op === '<');
      // "30%以上" for a ceiling could be anything above it: the number is not the value.
      if (stripped.atLeast && lower) return fail(`${quote(s)}不是一个确切的数，请写实际的数`, example);
      return withinLimits({ ...core, note }, spec, example);
    }
  }
  if (spec.measure === 'percent' && COUNTS_IN_TEXT.test(s) && [...s].length >= 8)
    return { ok: true, value: { kind: 'text', value: note }, note };
  return undefined;
}

/** The answer without a leading restatement of the item's name (its last 2 characters or more) and 是/为/：. */
function withoutName(s: string, name: string | undefined): string | undefined {
  const n = name ? compactAnswer(name) : '';
  for (let k = n.length; k >= 2; k--) {
    if (!s.startsWith(n.slice(-k))) continue;
    const rest = s.slice(k).replace(/^(?:是|为|达到|达|:|=)+/, '');
    return rest || undefined;
  }
  return undefined;
}

/** Values that cannot be, refused; values that are unusual, asked about once. */
function withinLimits(r: Result<Value>, spec: AnswerSpec, example: string): Result<Value> {
  if (!r.ok || r.value.kind !== 'number') return r;
  const v = r.value.upTo ?? r.value.value;
  const unit = spec.measure === 'percent' ? '%' : (spec.unit ?? '');
  const shown = `${formatNumber(v)}${unit}`;
  if (spec.max !== undefined && v > spec.max + 1e-9) {
    const limit = `${formatNumber(spec.max)}${unit}`;
    if (spec.maxHard) return fail(`${spec.name ?? '本项'}不会超过${limit}，填的是${shown}，请核对后再填`, example);
    const what = spec.maxLabel ? `${spec.maxLabel}${limit}` : limit;
    return r.confirm ? r : { ...r, confirm: `填的是${shown}，超过了${what}，确认没有填错吗？` };
  }
  return r;
}
