import type { AnswerSpec, Value } from '../types.js';
import { readAnswerText } from './grammar.js';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const MONEY_UNITS = /^(元|千元|万元|百万元|千万元|亿元)$/;

/** A number as people write it: no float noise, no trailing zeros, no exponent. */
export function formatNumber(x: number): string {
  // Whole numbers (most figures and scores) print as they are: toFixed is the slow part.
  if (Number.isSafeInteger(x)) return String(x);
  const r = Number(x.toFixed(6)) + 0;
  return Number.isInteger(r) || Math.abs(r) >= 1e-6 ? String(r) : '0';
}

/** Point numbers as the report shows them: ①②④ up to 20, 21、22 beyond. */
export function formatPoints(met: number[]): string {
  return met.every((n) => n >= 1 && n <= CIRCLED.length) ? met.map((n) => CIRCLED[n - 1]).join('') : met.join('、');
}

/** How the bot echoes a value: 98%, 150件, 1.2万元, 是, 达成, 部分达成（3.5分）, 满足3/5项（①②④）. */
export function formatValue(value: Value, spec: AnswerSpec): string {
  switch (value.kind) {
    case 'number': {
      const unit = spec.measure === 'percent' ? '%' : (value.unit ?? spec.unit ?? '');
      if (value.upTo !== undefined) return `${formatNumber(value.value)}${unit}-${formatNumber(value.upTo)}${unit}`;
      return `${formatNumber(value.value)}${unit}`;
    }
    case 'bool':
      return value.value ? '是' : '否';
    case 'qualitative': {
      if (value.grade === 'achieved') return '达成';
      const word = value.grade === 'partial' ? '部分达成' : '未达成';
      return value.score === undefined ? word : `${word}（${formatNumber(value.score)}分）`;
    }
    case 'checklist': {
      const head = `满足${value.met.length}/${value.total}项`;
      return value.met.length === 0 ? head : `${head}（${formatPoints(value.met)}）`;
    }
    case 'text':
      return value.value;
  }
}

function targetNumber(spec: AnswerSpec): number | undefined {
  const t = spec.target;
  if (t?.kind === 'number') return t.value;
  if (t?.kind === 'range') return t.max;
  return undefined;
}

/** A good answer for this question, shown in questions and after a refused answer. */
export function exampleAnswer(spec: AnswerSpec): string {
  const t = targetNumber(spec);
  switch (spec.measure) {
    case 'percent': {
      // The target shows the scale the item is measured on (≤0% 下降率 vs ≥95% 满意度).
      const v = t !== undefined && t >= -100 && t <= 1000 ? t : 98;
      // "较上年提高1个百分点": the example is in points, as the target is.
      if (/百分点/.test(spec.targetText ?? '')) return `${formatNumber(v)}个百分点`;
      return `${formatNumber(v)}%`;
    }
    case 'count': {
      // What the rule counts ("未办结的件数"): a few, not the target's figure (100% is no count of these).
      const v = spec.counts ? 1 : t !== undefined && Number.isInteger(t) && t >= 0 ? t : 3;
      const unit = spec.unit && spec.unit !== '%' && !MONEY_UNITS.test(spec.unit) ? spec.unit : '';
      return `${v}${unit}`;
    }
    case 'money': {
      const v = t !== undefined && t >= 0 ? t : 12.5;
      const unit = spec.unit ?? '万元';
      return `${formatNumber(v)}${MONEY_UNITS.test(unit) ? unit : ''}`;
    }
    case 'number':
      return formatNumber(t ?? 12) + (spec.unit && spec.unit !== '%' ? spec.unit : '');
    case 'bool':
      return '是';
    case 'qualitative': {
      if (spec.target?.kind !== 'text' || spec.target.text.trim() === '') return '达成';
      // "达到85%以上": the figure is the answer shown; "10月31日前报送": 按时完成.
      const named = readAnswerText(spec.target.text);
      if (
        named.figures.length === 1 &&
        named.dates.length === 0 &&
        (named.figures[0].unit || named.figures[0].percentWord)
      )
        return named.figures[0].raw;
      if (named.dates.length === 1) return '按时完成';
      return spec.target.text.trim();
    }
    case 'checklist': {
      const n = spec.points?.length ?? 0;
      if (n >= 4) return '1、2、4';
      if (n === 3) return '1、3';
      if (n === 2) return '1';
      return '全部';
    }
    case 'text':
      return '已按计划完成全年任务';
  }
}
