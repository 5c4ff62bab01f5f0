// A 年度指标值 in words that still names a figure ("完成率达到95%以上", "控制在35微克/立方米以内"): a figure
// answered is compared with it, and the re-ask asks for a figure, never for "达成". A deadline asks for
// a date or the days late.

import type { AnswerSpec, Result, Value } from '../types.js';
import { deadlineOf } from './deadline.js';
import { exampleAnswer } from './format-value.js';
import { type Figure, readAnswerText } from './grammar.js';

const AT_MOST = /以内|以下|不超过|不高于|不多于|控制在|低于|少于|≤|<|之内/;

/** The one figure a text target names, and which side of it meets the target. */
export function targetFigure(spec: AnswerSpec): { fig: Figure; atMost: boolean } | undefined {
  const text = spec.target?.kind === 'text' ? spec.target.text : undefined;
  if (!text) return undefined;
  const t = readAnswerText(text);
  if (t.figures.length !== 1 || t.dates.length > 0) return undefined;
  const fig = t.figures[0];
  if (!fig.unit && !fig.percentWord) return undefined;
  return { fig, atMost: AT_MOST.test(text) || fig.qualifier === 'atMost' };
}

function inBase(f: Figure): { dim: string; value: number } {
  if (f.percentWord) return { dim: 'percent', value: f.value };
  return { dim: f.unit?.dim ?? '', value: f.value * (f.unit?.factor ?? 1) };
}

/**
 * A figure answered where the target is words around a figure: 达成 when it reaches it, else 未达成
 * (scored by the rule, or self-scored in the bands). Undefined when either side is not one figure.
 */
export function figureAgainstText(s: string, spec: AnswerSpec): Result<Value> | undefined {
  const target = targetFigure(spec);
  if (!target) return undefined;
  const t = readAnswerText(s);
  if (t.figures.length !== 1 || t.dates.length > 0) return undefined;
  const f = t.figures[0];
  const a = inBase(f.unit || f.percentWord ? f : { ...f, unit: target.fig.unit, percentWord: target.fig.percentWord });
  const b = inBase(target.fig);
  if (a.dim !== b.dim)
    return {
      ok: false,
      reason: `本项的指标值是${target.fig.raw}，“${f.raw}”单位不对，请填实际完成的数值`,
      example: target.fig.raw,
    };
  if (f.qualifier === 'below' || f.qualifier === 'above' || f.sign !== undefined) return undefined;
  const meets = target.atMost ? a.value <= b.value + 1e-9 : a.value >= b.value - 1e-9;
  if (meets) return { ok: true, value: { kind: 'qualitative', grade: 'achieved' }, note: t.original };
  if (spec.selfScore === false)
    return { ok: true, value: { kind: 'qualitative', grade: 'not_achieved' }, note: t.original };
  return {
    ok: false,
    reason: `${f.raw}${target.atMost ? '超出' : '未达到'}指标值${target.fig.raw}，本项没有评分标准，请写“未达成 自评分”`,
    example: `未达成 ${exampleScoreFor(spec)}`,
  };
}

function exampleScoreFor(spec: AnswerSpec): string {
  const w = spec.weight ?? 5;
  return String(Math.round(w * 0.3 * 10) / 10);
}

/** The re-ask for a closed item, in the target's terms: a figure, a date, or its own words. */
export function closedHelp(spec: AnswerSpec): string {
  const figure = targetFigure(spec);
  if (figure) return `本项请填实际完成的数值（指标值${figure.fig.raw}）`;
  if (deadlineOf(spec)) return '请写完成的日期（如11月2日）或逾期天数（如逾期3天），按时完成就回复“按时完成”';
  const own = exampleAnswer(spec);
  return own !== '达成' && own.length <= 12
    ? `请回答“${own}”或“达成”，或“部分达成 分数”“未达成 分数”`
    : '请回答“达成”，或“部分达成 分数”“未达成 分数”';
}
