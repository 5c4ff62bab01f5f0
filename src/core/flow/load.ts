import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { parseRule } from '../rules/parse-rule.js';
import { parseTarget } from '../rules/parse-target.js';
import { ruleAsks } from '../rules/rule-answers.js';
import type { Measure, Rule, Target } from '../types.js';
import { checkFlow } from './check-flow.js';
import { parseFormula } from './formula.js';
import type { Flow, Indicator } from './model.js';
import { type FlowData, flowSchema, type IndicatorData, type StructuredRule } from './schema.js';
import { issueLines, zhErrors } from './zod-messages.js';

// Reading flow files and directories is src/flows/read-flows.ts: core gets the text, never a path.

export type LoadResult = { ok: true; flow: Flow } | { ok: false; errors: string[] };

/** The largest seed flow is 23 kB; a file 40 times that is a mistake or an attack, not a form. */
export const MAX_FLOW_BYTES = 1_000_000;
/** YAML anchors are rare in a form; past this many alias expansions it is an alias bomb. */
export const MAX_YAML_ALIASES = 100;

/**
 * Checks one flow's YAML text; every problem is reported as `file: path: reason`. Never throws: a
 * hostile or broken file (alias bomb, huge file, a formula that overflows the stack) is an error of
 * that file only, so the other forms stay available.
 */
export function loadFlowText(text: string, file = '<flow>'): LoadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FLOW_BYTES)
    return { ok: false, errors: [`${file}: 文件过大（${bytes} 字节，上限 ${MAX_FLOW_BYTES} 字节）`] };
  try {
    return loadChecked(text, file);
  } catch (e) {
    return { ok: false, errors: [`${file}: ${unreadableReason(e)}`] };
  }
}

/** Why YAML could not be turned into data: an alias bomb, a stack-deep structure, or else. */
export function unreadableReason(e: unknown): string {
  if (e instanceof ReferenceError && /alias/i.test(e.message))
    return `YAML 别名（*引用）展开过多，上限 ${MAX_YAML_ALIASES} 次`;
  if (e instanceof RangeError) return '嵌套过深，无法读取';
  return `无法读取（${(e as Error).message}）`;
}

function loadChecked(text: string, file: string): LoadResult {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => `${file}: 第${lineCounter.linePos(e.pos[0]).line}行: YAML 格式错误（${e.code}）`),
    };
  }
  const parsed = flowSchema.safeParse(doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), { error: zhErrors });
  if (!parsed.success) return { ok: false, errors: issueLines(file, parsed.error.issues) };
  const data = parsed.data;
  const errors = checkFlow(data).map((e) => `${file}: ${e}`);
  if (errors.length) return { ok: false, errors };

  const indicators = data.indicators.map(buildIndicator);
  const flow: Flow = {
    ...data,
    indicators,
    hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    file,
    text,
    warnings: [],
  };
  flow.warnings = collectWarnings(flow);
  return { ok: true, flow };
}

function buildIndicator(d: IndicatorData): Indicator {
  const targetParsed = parseTarget(d.target);
  let measure = d.measure ?? inferMeasure(d, targetParsed);
  let ruleParsed: Rule;
  let ruleNotes: string[] = [];
  if (d.scoring) ruleParsed = fromStructured(d.scoring);
  else if (d.rule?.trim()) {
    const r = parseRule(d.rule);
    ruleParsed = r.rule;
    ruleNotes = r.notes;
  } else ruleParsed = { kind: 'default' };
  const lowerTarget = targetParsed.kind === 'number' && (targetParsed.op === '<=' || targetParsed.op === '<');
  // The rule may call for another answer than the target's figure: a count, its listed points, an option.
  const asks = d.formula === undefined && !d.measure ? ruleAsks(ruleParsed, targetParsed, measure) : undefined;
  const extra: Partial<IndicatorData> = {};
  if (asks?.counts?.startsWith('未达到的')) {
    // "办结率达100%…每减少1件": what falls short of a rate is what its verb did not do ("未办结的件数").
    const verb = /([\u4e00-\u9fa5]{2})率/.exec(d.name)?.[1];
    if (verb && !/^[未不没]/.test(verb)) asks.counts = asks.counts.replace(/^未达到的/, `未${verb}的`);
  }
  if (asks) {
    measure = asks.measure;
    if (asks.unit && !d.unit) extra.unit = asks.unit;
    if (asks.points && !d.points?.length && asks.measure === 'checklist') extra.points = asks.points;
  }
  return {
    ...d,
    ...extra,
    ...(asks ? { asks } : {}),
    measure,
    targetParsed,
    ruleParsed,
    ruleNotes,
    direction: d.direction ?? (lowerTarget ? 'lower' : 'higher'),
    derived: d.formula !== undefined,
  };
}

const COUNT_UNITS = /^(件|起|个|人次|次|批|人|项|例|篇|封|场|天|户)$/;

function inferMeasure(d: IndicatorData, t: Target): Measure {
  if (d.points?.length) return 'checklist';
  if (t.kind === 'text') return 'qualitative';
  const unit = t.unit ?? d.unit;
  if (unit === '%') return 'percent';
  if (unit && /元$/.test(unit)) return 'money';
  if (unit && COUNT_UNITS.test(unit)) return 'count';
  return 'number';
}

function fromStructured(s: StructuredRule): Rule {
  switch (s.kind) {
    case 'step':
      return {
        kind: 'step',
        direction: s.direction,
        base: s.base,
        per: s.per,
        deduct: s.deduct,
        perUnit: s.per_unit,
        cap: s.cap,
        full: s.full,
        otherSide: s.other_side,
        rounding: s.rounding,
      };
    case 'count':
      return { kind: 'count', per: s.per, deduct: s.deduct, unit: s.unit, cap: s.cap, full: s.full };
    case 'tiers':
      return {
        kind: 'tiers',
        full: s.full,
        tiers: s.tiers.map((t) => ({
          min: t.min,
          minInclusive: t.min_inclusive,
          max: t.max,
          maxInclusive: t.max_inclusive,
          score: t.score,
          fullMarks: t.full_marks,
        })),
      };
    case 'proportional':
      return { kind: 'proportional', of: s.of, full: s.full };
    case 'all_or_nothing':
      return { kind: 'all_or_nothing', full: s.full };
    case 'checklist':
      return { kind: 'checklist', perPoint: s.per_point, mode: s.mode, full: s.full };
    case 'default':
      return { kind: 'default' };
    case 'manual':
      return { kind: 'manual', reason: s.reason };
  }
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** Inconsistencies of the source document: the flow follows it, and these say so. */
function collectWarnings(flow: Flow): string[] {
  const w: string[] = [];
  const sum = flow.indicators.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(sum - flow.total) > 1e-6) w.push(`各指标分值合计 ${fmt(sum)} 分，与表单总分 ${fmt(flow.total)} 分不符`);
  if (flow.level1_weights) {
    for (const [level1, stated] of Object.entries(flow.level1_weights)) {
      const got = flow.indicators.filter((i) => i.level1 === level1).reduce((s, i) => s + i.weight, 0);
      if (Math.abs(got - stated) > 1e-6)
        w.push(`一级指标"${level1}"标明 ${fmt(stated)} 分，但其下各项分值合计 ${fmt(got)} 分`);
    }
  }
  for (const ind of flow.indicators) {
    const r = ind.ruleParsed;
    const label = `指标"${ind.name}"（${ind.id}）`;
    if ('full' in r && r.full !== undefined && Math.abs(r.full - ind.weight) > 1e-6)
      w.push(
        `${label}：评分标准写满分 ${fmt(r.full)} 分，但分值为 ${fmt(ind.weight)} 分；按分值 ${fmt(ind.weight)} 分计`,
      );
    if (r.kind === 'manual') w.push(`${label}：评分标准无法自动计分，需人工评分——${r.reason}`);
    if (r.kind === 'step' && r.otherSide === 'uncovered')
      w.push(
        `${label}：评分标准只规定了${r.direction === 'above' ? '超过' : '低于'}基准时如何扣分，另一侧未规定，届时需人工评分`,
      );
    if (r.kind === 'step' && r.perUnit && r.perUnit !== '%' && ind.measure === 'percent')
      w.push(`${label}：评分标准按"${r.perUnit}"扣分，但指标值是百分比，需人工评分`);
    if (
      r.kind === 'step' &&
      ind.measure === 'percent' &&
      r.direction === 'above' &&
      ind.direction === 'higher' &&
      r.otherSide !== 'full'
    )
      w.push(`${label}：指标越高越好，评分标准却对超过部分扣分，可能是笔误`);
    if (
      (r.kind === 'checklist' || ind.measure === 'checklist') &&
      !ind.points?.length &&
      r.kind === 'checklist' &&
      r.mode === 'add'
    )
      w.push(`${label}：评分标准按评价要点计分，但未列出评价要点`);
    if (
      r.kind === 'checklist' &&
      r.mode === 'add' &&
      ind.points?.length &&
      Math.abs(r.perPoint * ind.points.length - ind.weight) > 1e-6
    )
      w.push(
        `${label}：${ind.points.length} 个评价要点 × ${fmt(r.perPoint)} 分 = ${fmt(r.perPoint * ind.points.length)} 分，与分值 ${fmt(ind.weight)} 分不符`,
      );
    // "原文写'得3分'" only matters when it disagrees with the weight, which is warned about above.
    for (const n of ind.ruleNotes) if (!/^原文写'/.test(n)) w.push(`${label}：${n}`);
  }
  return w;
}

/**
 * @deprecated Reading files moved to src/flows/read-flows.ts (core checks text, never a path). Re-exported
 * only so code written before the move still builds; import from src/flows and delete this line.
 */
export { loadFlowFile, loadFlowsDir } from '../../flows/read-flows.js';
export type { FlowData };
export { parseFormula };
