// A figure answer read against what the item asks: its unit (converted where compatible, kept as
// written in the note), a change against a base (下降3% for a 下降率), a figure from parts (a rate
// from two counts, a cost per unit from a total and a count), counts by kind. What cannot be one
// value is refused with the reason; what could be two values is asked back once with both.

import type { AnswerSpec, Result, Value } from '../types.js';
import { formatNumber } from './format-value.js';
import type { AnswerText, Figure } from './grammar.js';
import { PARTICLES, type UnitInfo, unitInfo } from './vocabulary.js';

type Read = Result<Value> | undefined;

function fail(reason: string, example: string): Result<Value> {
  return { ok: false, reason, example };
}

function round(x: number, d = 6): number {
  const f = 10 ** d;
  return Math.round(x * f) / f + 0;
}

/** Trailing words that change nothing: particles, or nothing at all. */
function clean(trail: string): boolean {
  return trail === '' || PARTICLES.test(trail);
}

/** What the item's figure is, said in a person's words: "PM2.5年均浓度（微克/立方米）". */
export function figureName(spec: AnswerSpec): string {
  const unit = spec.measure === 'percent' ? '%' : spec.unit;
  const name = spec.name ?? '本项';
  return unit ? `${name}（${unit}）` : name;
}

/** What a figure item asks for, in its own terms: "请填PM2.5年均浓度的实际数值（微克/立方米）". */
export function askFigure(spec: AnswerSpec): string {
  const name = spec.name ? `${spec.name}的` : '';
  const change = changeOf(spec);
  switch (spec.measure) {
    case 'percent':
      if (change) return `请填${name}变化${change.points ? '了多少个百分点' : '的百分比（%）'}`;
      return `请填${name}百分比（%）`;
    case 'count':
      // The rule counts something else than the item's name says ("未办结的件数" of an 办结率).
      if (spec.counts) return `请填${spec.counts}${spec.unit ? `（${spec.unit}），没有就填0` : ''}`;
      return `请填${name}数量${spec.unit ? `（${spec.unit}）` : ''}`;
    case 'money':
      return `请填${name}金额（${spec.unit ?? '万元'}）`;
    default:
      return `请填${name}实际数值${spec.unit ? `（${spec.unit}）` : ''}`;
  }
}

/** The item's unit as the vocabulary knows it; percent items are in %. */
function itemUnit(spec: AnswerSpec): UnitInfo | undefined {
  if (spec.measure === 'percent') return unitInfo('%');
  if (spec.measure === 'money') return unitInfo(spec.unit ?? '万元');
  return spec.unit ? unitInfo(spec.unit) : undefined;
}

const CHANGE_NAME =
  /(增长|增加|下降|降低|减少|提高|提升|上升|变化|变动|增幅|降幅|压减|压缩|节约|减排|削减)(率|幅度|比例|比率|百分比)?/;
const DECLINE = /下降|降低|减少|降幅|压减|压缩|节约|减排|削减/;
const AGAINST_BASE = /较上年|比上年|同比|较去年|比去年|较基期|较\d{4}年/;

/** Whether the item asks for a change against a base, and in which direction a positive figure goes. */
export function changeOf(spec: AnswerSpec): { decline: boolean; points: boolean } | undefined {
  const name = spec.name ?? '';
  const target = spec.targetText ?? '';
  const asked =
    CHANGE_NAME.test(name) || AGAINST_BASE.test(name) || (AGAINST_BASE.test(target) && CHANGE_NAME.test(target));
  if (!asked) return undefined;
  const decline = DECLINE.test(name) || (!CHANGE_NAME.test(name) && DECLINE.test(target));
  const points = /百分点/.test(target) || /百分点/.test(name) || spec.unit === '个百分点';
  return { decline, points };
}

/** Words of the answer that restate the item (its name's last 2+ characters). */
function relates(label: string, stem: string): boolean {
  const l = label
    .replace(/^(已|共|累计|全年|实际|共计|合计|其中|本年|年内)+/, '')
    .replace(/(的|数|数量|件数|人数)$/, '');
  if (l.length < 2) return false;
  if (stem.includes(l)) return true;
  for (let k = Math.min(stem.length, 6); k >= 2; k--) if (l.includes(stem.slice(-k))) return true;
  return false;
}

/** How many characters of the stem's end the label names ("合格" of 验收合格 → 2). */
function endMatch(label: string, stem: string): number {
  for (let k = Math.min(stem.length, 6); k >= 2; k--) if (label.includes(stem.slice(-k))) return k;
  return 0;
}

/** The label restates the item: its stem ("办结" of 办结率) or its name's end ("浓度" of PM2.5年均浓度). */
function restates(label: string, spec: AnswerSpec): boolean {
  return relates(label, nameStem(spec)) || relates(label, spec.name ?? '');
}

/** Words before a figure that only say it is the actual value ("全年实际完成", "截至年底"). */
const GENERIC_LABEL =
  /^(全年|年度|本年度?|当年|今年|截至|截止|年底|年末|目前|现|实际|完成|完成值|实际值|完成了|达到|共|合计|累计|总计|共计|总共|均值|平均|平均值|年均|年均值|用时|耗时|历时|平均用时|实际用时|约|数值|数据)+$/;
const NEGATED = /^(未|没有|没|不|尚未)/;
const WHOLE =
  /(共|总|受理|应|计划|全部|发放|调查|抽查|抽检|合计|收到|登记|参与|回收|服务|涉及|接收|在册|在校|覆盖|检测|监测)/;

function nameStem(spec: AnswerSpec): string {
  return (spec.name ?? '').replace(/(完成)?(率|比例|比率|占比|满意度|情况|数|数量|人数|件数|起数|次数)$/, (m) =>
    m === '满意度' ? '满意' : '',
  );
}

/** A figure in the item's unit, converted; an error text when its unit cannot be the item's. */
function inItemUnit(f: Figure, spec: AnswerSpec): { value: number; converted?: string } | { error: string } {
  const target = itemUnit(spec);
  const percentItem = spec.measure === 'percent';
  if (f.percentWord) return percentItem ? { value: f.value } : { error: '不是百分比' };
  if (!f.unit) return { value: f.value };
  if (percentItem && f.unit.dim === 'points') return { value: f.value };
  if (!target) return spec.unit ? { error: `单位“${f.unit.word}”不对` } : { value: f.value };
  if (f.unit.dim !== target.dim) {
    if (percentItem) return { error: '不是百分比' };
    return { error: `单位“${f.unit.word}”不对` };
  }
  const v = (f.value * f.unit.factor) / target.factor;
  return f.unit.word === target.word || f.unit.factor === target.factor
    ? { value: v }
    : { value: v, converted: `${f.raw}` };
}

function isCount(f: Figure): boolean {
  return !f.unit || f.unit.dim.startsWith('count:');
}

/** "受理120件，办结117件" for a 办结率: the numerator is the count the name speaks of. */
function rateFromParts(a: Figure, b: Figure, spec: AnswerSpec, example: string, ordered = false): Read {
  if (!isCount(a) || !isCount(b) || a.sign !== undefined || b.sign !== undefined) return undefined;
  if (a.unit && b.unit && a.unit.dim !== b.unit.dim) return undefined;
  if (a.value < 0 || b.value < 0 || !Number.isInteger(a.value) || !Number.isInteger(b.value)) return undefined;
  const stem = nameStem(spec);
  let num: Figure | undefined;
  let den: Figure | undefined;
  let negated = false;
  const ra = relates(a.label.replace(NEGATED, ''), stem);
  const rb = relates(b.label.replace(NEGATED, ''), stem);
  // Both restate the name ("验收12个，合格12个" for 验收合格率): the one its last word names is the part.
  const ea = endMatch(a.label, stem);
  const eb = endMatch(b.label, stem);
  if (ordered) [num, den] = [a, b];
  else if (ra !== rb) [num, den] = ra ? [a, b] : [b, a];
  else if (ra && ea !== eb) [num, den] = ea > eb ? [a, b] : [b, a];
  else {
    const wa = WHOLE.test(a.label);
    const wb = WHOLE.test(b.label);
    if (wa !== wb) [num, den] = wa ? [b, a] : [a, b];
  }
  let certain = num !== undefined;
  if (num && den && NEGATED.test(num.label)) negated = true;
  if (!num || !den) {
    // No word tells which is which: the smaller part of the larger, asked back once.
    [num, den] = a.value <= b.value ? [a, b] : [b, a];
    certain = false;
  }
  if (den.value === 0) return fail('总数是0，算不出比率，请直接填百分比', example);
  const part = negated ? den.value - num.value : num.value;
  if (part < 0) return undefined;
  const rate = round((part / den.value) * 100, 2);
  const exact = Math.abs(rate - (part / den.value) * 100) < 1e-9;
  const unitWord = num.unit?.word ?? den.unit?.word ?? '';
  const partText = negated
    ? `（${den.value}−${num.label}${num.value}）${unitWord}`
    : `${num.label}${num.value}${unitWord}`;
  const how = `${partText} ÷ ${den.label}${den.value}${den.unit?.word ?? unitWord} × 100% ${exact ? '=' : '≈'} ${formatNumber(rate)}%`;
  const value: Value = { kind: 'number', value: rate, unit: '%' };
  // Said back once before it is recorded: the person sees the figure the parts give.
  if (certain)
    return {
      ok: true,
      value,
      how,
      note: `按${how}计算`,
      confirm: `按${how}，${spec.name ?? '本项'}记为${formatNumber(rate)}%，对吗？`,
    };
  const inverse: Value = { kind: 'number', value: round((den.value / part) * 100, 2), unit: '%' };
  return {
    ok: true,
    value,
    how,
    ...(part > 0 ? { alternatives: [value, inverse] as [Value, Value] } : {}),
    confirm: `按${how}，${spec.name ?? '本项'}是${formatNumber(rate)}%，对吗？`,
  };
}

/** "共支出98万元，服务52人" for a 元/人 item: the total over the count, in the item's unit. */
function perUnitFromParts(figs: Figure[], spec: AnswerSpec, target: UnitInfo): Read {
  const [top, bottom] = target.dim.split('/');
  const money = figs.filter((f) => f.unit?.dim === top);
  const count = figs.filter((f) => f.unit?.dim === target.dim.slice(top.length + 1) || (!f.unit && bottom));
  if (money.length !== 1 || count.length !== 1 || money[0] === count[0]) return undefined;
  const m = money[0];
  const c = count[0];
  const denomUnit =
    unitInfo(target.word.slice(target.word.indexOf('/') + 1)) ?? unitInfo(spec.unit?.split('/')[1] ?? '');
  const cBase = c.unit ? c.value * c.unit.factor : c.value * (denomUnit?.factor ?? 1);
  if (cBase <= 0) return undefined;
  const exactValue = (m.value * (m.unit?.factor ?? 1)) / cBase / target.factor;
  const value = round(exactValue, 2);
  const exact = Math.abs(value - exactValue) < 1e-9;
  const how = `${m.label}${m.raw} ÷ ${c.label}${c.raw} ${exact ? '=' : '≈'} ${formatNumber(value)}${target.word}`;
  return {
    ok: true,
    value: { kind: 'number', value, unit: spec.unit },
    how,
    note: `按${how}计算`,
    confirm: `按${how}，${spec.name ?? '本项'}记为${formatNumber(value)}${target.word}，对吗？`,
  };
}

/** The words two labels of kinds share at their end ("一般事故", "较大事故" → "事故"). */
function commonSuffix(labels: string[]): string {
  let k = 0;
  const min = Math.min(...labels.map((l) => l.length));
  while (k < min && labels.every((l) => l[l.length - 1 - k] === labels[0][labels[0].length - 1 - k])) k++;
  return k === 0 ? '' : labels[0].slice(-k);
}

/** "一般事故1起，较大事故0起": counts of kinds of the one thing the item counts, summed, kept apart. */
function countsByKind(t: AnswerText, figs: Figure[], spec: AnswerSpec, example: string): Read {
  const target = itemUnit(spec);
  const labels = figs.map((f) => f.label);
  if (labels.some((l) => l === '' || WHOLE.test(l) || /其中/.test(l))) return undefined;
  if (new Set(labels).size !== labels.length) return undefined;
  if (figs.some((f) => f.sign !== undefined || f.qualifier === 'below' || f.qualifier === 'above')) return undefined;
  const values: number[] = [];
  for (const f of figs) {
    if (target && f.unit && f.unit.dim !== target.dim) return undefined;
    const v = f.unit && target ? (f.value * f.unit.factor) / target.factor : f.value;
    if (!Number.isInteger(v) || v < 0) return undefined;
    values.push(v);
  }
  const suffix = commonSuffix(labels);
  const kinds = labels.map((l) => l.slice(0, l.length - suffix.length));
  // "较大事故起数" answered by kind: the item counts one of the kinds, not their sum.
  const name = spec.name ?? '';
  if (kinds.some((k) => k !== '' && name.includes(k))) return fail(`本项只统计${name}，请只填这一类的数量`, example);
  const total = values.reduce((s, v) => s + v, 0);
  const value: Value = {
    kind: 'number',
    value: total,
    unit: spec.unit,
    parts: figs.map((f, i) => ({ label: f.label, value: values[i] })),
  };
  return { ok: true, value, note: t.original };
}

/** A change answered for a change item: 下降3% → 3 for a 下降率, −3 for a 增长率; 持平 → 0. */
function readChange(
  t: AnswerText,
  spec: AnswerSpec,
  change: { decline: boolean; points: boolean },
  example: string,
): Read {
  const figs = t.figures;
  if (figs.length === 0) return t.flat ? { ok: true, value: { kind: 'number', value: 0, unit: spec.unit } } : undefined;
  if (figs.length !== 1) return undefined;
  const f = figs[0];
  const unit = spec.measure === 'percent' ? '%' : (spec.unit ?? '');
  if (spec.measure === 'percent') {
    if (f.unit?.dim === 'points' && !change.points)
      return fail(`本项填变化的百分比（%），“${f.raw}”是两个百分比之差，不是变化的百分比；请填百分比`, example);
    if (f.unit?.dim === 'percent' && change.points && !f.percentWord) return fail(`本项填变化了多少个百分点`, example);
    if (f.unit && f.unit.dim !== 'percent' && f.unit.dim !== 'points')
      return fail(`本项填变化的百分比，“${f.raw}”不是百分比`, example);
  } else {
    const conv = inItemUnit(f, spec);
    if ('error' in conv) return fail(`${figureName(spec)}：${conv.error}`, example);
  }
  const magnitude = spec.measure === 'percent' ? f.value : (inItemUnit(f, spec) as { value: number }).value;
  const towards = change.decline ? -1 : 1;
  if (f.sign === 0) return { ok: true, value: { kind: 'number', value: 0, unit: spec.unit } };
  if (f.sign !== undefined) {
    const value = round(f.sign * towards * Math.abs(magnitude));
    return { ok: true, value: { kind: 'number', value, unit: spec.unit }, note: t.original };
  }
  // "-3%" for a 下降率: fell by 3 (3) or a decline of −3 (it rose)? Asked once.
  if (magnitude < 0 && change.decline) {
    const a: Value = { kind: 'number', value: -magnitude, unit: spec.unit };
    const b: Value = { kind: 'number', value: magnitude, unit: spec.unit };
    return {
      ok: true,
      value: a,
      alternatives: [a, b],
      confirm: `“${f.raw}”是下降了${formatNumber(-magnitude)}${unit}吗？是就回复「是」；如果其实是上升了${formatNumber(-magnitude)}${unit}，请回复：上升${formatNumber(-magnitude)}${unit}`,
    };
  }
  return { ok: true, value: { kind: 'number', value: round(magnitude), unit: spec.unit } };
}

/**
 * Reads the figures of an answer against the item; undefined when the grammar has nothing to add
 * to the plain readers (no figure, or a shape it does not know).
 */
export function readFigures(t: AnswerText, spec: AnswerSpec, example: string): Read {
  const change = changeOf(spec);
  if (change) return readChange(t, spec, change, example);
  const figs = t.figures;
  if (figs.length === 0) return undefined;
  const target = itemUnit(spec);
  // A change for a level ("下降3%" where the 办结率 itself is asked): not the value.
  if (figs.length === 1 && figs[0].sign !== undefined)
    return fail(`本项填${spec.name ?? '实际值'}本身，“${t.text}”说的是变化；请填实际值`, example);
  // Words the grammar cannot place around a lone figure ("12ab", "5%%", "--5"): not this reader's to guess.
  if (figs.length === 1 && (!clean(figs[0].trail) || !/^[\p{L}\p{N}.·]*$/u.test(figs[0].label))) return undefined;
  if (figs.length === 1 && figs[0].over) {
    const f = figs[0];
    const over = f.over!;
    if (spec.measure === 'percent')
      return rateFromParts({ ...f, over: undefined, label: '' }, over, spec, example, true);
    if (target?.dim.includes('/')) return perUnitFromParts([{ ...f, over: undefined }, over], spec, target);
    return undefined;
  }
  if (figs.length === 1) {
    const f = figs[0];
    // "受理率98%" for a 办结率: words that are not the item's name make it another figure.
    if (f.label && !GENERIC_LABEL.test(f.label) && !restates(f.label, spec)) return undefined;
    return one(f, t, spec, example);
  }
  // Several figures: parts of the figure asked, kinds of it, or one figure and commentary.
  if (spec.measure === 'percent' && figs.length === 2) {
    const r = rateFromParts(figs[0], figs[1], spec, example);
    if (r) return r;
  }
  if (target?.dim.includes('/')) {
    const r = perUnitFromParts(figs, spec, target);
    if (r) return r;
  }
  const stem = nameStem(spec);
  const named = figs.filter((f) => relates(f.label, stem) && !NEGATED.test(f.label));
  if (named.length === 1) return one(named[0], t, spec, example, true);
  const fitting = figs.filter((f) => !('error' in inItemUnit(f, spec)));
  if (spec.measure === 'count' || (target?.dim.startsWith('count:') ?? false)) {
    const r = countsByKind(t, figs, spec, example);
    if (r) return r;
  }
  if (fitting.length === 1 && spec.measure !== 'count') return one(fitting[0], t, spec, example, true);
  return undefined;
}

/** Several figures and no way to tell which one is asked: the person is told so. */
export function tooManyFigures(t: AnswerText, spec: AnswerSpec, example: string): Result<Value> {
  const shown = t.text.length > 16 ? `${t.text.slice(0, 16)}…` : t.text;
  return fail(`“${shown}”里有${t.figures.length}个数，本项只填一个：${figureName(spec)}`, example);
}

/** "0.95" for a rate is most likely 95% written as a fraction; 0.95% is possible too: asked once. */
export function fractionOfPercent(v: number, raw: string): Result<Value> {
  const big = round(v * 100);
  const a: Value = { kind: 'number', value: big, unit: '%' };
  const b: Value = { kind: 'number', value: round(v), unit: '%' };
  return {
    ok: true,
    value: a,
    alternatives: [a, b],
    confirm: `“${raw}”是${formatNumber(big)}%吗？是就回复「是」；如果是${formatNumber(v)}%，请直接回复：${formatNumber(v)}%`,
  };
}

/** One figure: its unit converted to the item's, its qualifier weighed against the target. */
function one(f: Figure, t: AnswerText, spec: AnswerSpec, example: string, picked = false): Read {
  const conv = inItemUnit(f, spec);
  if ('error' in conv) {
    if (spec.measure === 'percent') return undefined;
    const target = itemUnit(spec);
    if (target?.dim.includes('/') && f.unit?.dim === target.dim.split('/')[0])
      return fail(
        `本项填每${target.word.split('/')[1]}的金额（${target.word}），“${f.raw}”是总额；也可以写总额和数量，例如：共支出98万元，服务52${target.word.split('/')[1]}`,
        example,
      );
    return fail(`${figureName(spec)}：“${f.raw}”${conv.error}`, example);
  }
  const lower = spec.target?.kind === 'number' && (spec.target.op === '<=' || spec.target.op === '<');
  if (f.qualifier === 'below' || f.qualifier === 'above')
    return fail(`“${t.text}”不是一个确切的数，请写实际的数`, example);
  if (f.qualifier === 'atLeast' && lower) return fail(`“${t.text}”不是一个确切的数，请写实际的数`, example);
  if (f.qualifier === 'atMost' && !lower) return fail(`“${t.text}”不是一个确切的数，请写实际的数`, example);
  if (spec.measure === 'percent' && !f.unit && !f.percentWord && f.value > 0 && f.value < 1)
    return fractionOfPercent(f.value, f.raw);
  const value = round(conv.value);
  const v: Value = { kind: 'number', value, unit: spec.measure === 'percent' ? '%' : spec.unit };
  const otherWords =
    t.words.some((w, i) => i !== f.clause && w.trim() !== '') ||
    (f.label !== '' && !GENERIC_LABEL.test(f.label) && !restates(f.label, spec));
  const noted = conv.converted || picked || f.qualifier || t.commentary.length || otherWords ? t.original : undefined;
  // 32毫克/立方米 where 微克 is asked: a thousand times the target is a slip of the unit more likely than a value.
  const goal =
    spec.target?.kind === 'number' ? spec.target.value : spec.target?.kind === 'range' ? spec.target.max : undefined;
  if (conv.converted && goal !== undefined && goal > 0 && f.unit) {
    const asTyped = Math.abs(f.value);
    const ratio = Math.abs(value) / goal;
    if ((ratio > 100 || ratio < 0.01) && asTyped / goal <= 10 && asTyped / goal >= 0.1) {
      const other: Value = { kind: 'number', value: round(f.value), unit: v.unit };
      const unit = spec.unit ?? '';
      return {
        ok: true,
        value: v,
        alternatives: [v, other],
        confirm: `“${f.raw}”换算是${formatNumber(value)}${unit}，和指标值相差很大。确实是${formatNumber(value)}${unit}就回复「是」；如果是${formatNumber(f.value)}${unit}，请直接回复：${formatNumber(f.value)}${unit}`,
      };
    }
  }
  return noted ? { ok: true, value: v, note: noted } : { ok: true, value: v };
}
