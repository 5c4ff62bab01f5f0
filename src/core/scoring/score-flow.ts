import { formatValue } from '../answers/format-value.js';
import { parseAnswer } from '../answers/parse-answer.js';
import { evaluate, parseFormula } from '../flow/formula.js';
import type { FieldDef, Flow, Indicator, RawAnswers } from '../flow/model.js';
import { applyRule } from '../rules/apply-rule.js';
import type { AnswerSpec, FieldResult, ItemScore, ScoreReport, TraceStep, Value } from '../types.js';
import { meetsTarget } from './meets-target.js';
import { formatScore, roundTo } from './round.js';

export interface AnswerEntry {
  value: string;
  reason?: string;
  /** A person's score, for items the rule cannot score. */
  score?: number | string;
}

export function entryOf(raw: RawAnswers[string] | undefined): AnswerEntry | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { value: raw };
  if (typeof raw === 'number') return { value: String(raw) };
  return {
    value: raw.value === undefined || raw.value === null ? '' : String(raw.value),
    reason: raw.reason,
    score: raw.score,
  };
}

export function answerSpec(ind: Indicator): AnswerSpec {
  const t = ind.targetParsed;
  const targetUnit = t.kind === 'number' || t.kind === 'range' ? t.unit : undefined;
  let unit = ind.unit ?? targetUnit;
  if (ind.measure === 'percent') unit = '%';
  if (ind.measure === 'money') unit = unit && /元$/.test(unit) ? unit : '万元';
  const selfScore = ind.ruleParsed.kind === 'default';
  return { measure: ind.measure, unit, weight: ind.weight, points: ind.points, target: t, selfScore };
}

export function fieldSpec(f: FieldDef): AnswerSpec {
  switch (f.type) {
    case 'money':
      return { measure: 'money', unit: f.unit ?? '万元' };
    case 'percent':
      return { measure: 'percent', unit: '%' };
    case 'number':
      return { measure: 'number', unit: f.unit };
    default:
      return { measure: 'text' };
  }
}

/** Header fields as answered (a field's default stands in until someone answers). */
export function scoreFields(flow: Flow, answers: RawAnswers): FieldResult[] {
  return flow.fields.map((f) => {
    const entry = entryOf(answers[f.id]);
    const raw = entry?.value ?? f.default;
    const base = { id: f.id, label: f.label, unit: f.unit };
    if (raw === undefined || raw.trim() === '') return { ...base, display: '' };
    const spec = fieldSpec(f);
    const res = parseAnswer(raw, spec);
    if (!res.ok) return { ...base, raw, display: '', error: res.reason };
    return { ...base, raw, display: formatValue(res.value, spec), value: res.value };
  });
}

/** Numbers the formulas of derived indicators may use: numeric fields and numeric indicator answers. */
function numericVars(fields: FieldResult[], items: Map<string, ItemScore>): Record<string, number> {
  const vars: Record<string, number> = {};
  for (const f of fields) if (f.value?.kind === 'number') vars[f.id] = f.value.value;
  for (const [id, it] of items) if (it.value?.kind === 'number') vars[id] = it.value.value;
  return vars;
}

/** Scores one indicator from what was typed (or, for a derived one, from the other answers). */
export function scoreIndicator(
  flow: Flow,
  ind: Indicator,
  entry: AnswerEntry | undefined,
  vars: Record<string, number>,
  labels: Record<string, string> = {},
): ItemScore {
  const base = {
    id: ind.id,
    name: ind.name,
    level1: ind.level1,
    level2: ind.level2,
    max: ind.weight,
    target: ind.target,
    rule: ind.rule,
    ruleKind: ind.ruleParsed.kind,
    derived: ind.derived,
    reason: entry?.reason,
  };
  const spec = answerSpec(ind);
  let value: Value;
  const trace: TraceStep[] = [];
  if (ind.derived) {
    const p = parseFormula(ind.formula!);
    const ev = p.ok ? evaluate(p.expr, vars, labels) : { ok: false as const, reason: p.reason };
    if (!ev.ok) {
      return {
        ...base,
        score: null,
        status: 'unanswered',
        short: false,
        trace: [],
        explanation: `由公式计算，${ev.reason}`,
      };
    }
    const v = roundTo(ev.value, 2);
    value = { kind: 'number', value: v, unit: spec.unit };
    // A short help text is the formula as people write it (预算执行率=全年执行数/全年预算数×100%); a long one is an essay.
    const formula = ind.help && ind.help.length <= 40 ? ind.help : ind.formula;
    trace.push({ op: 'formula', text: `按公式 ${formula} 算得${formatValue(value, spec)}`, values: { value: v } });
  } else {
    if (!entry || entry.value.trim() === '') {
      if (entry?.score !== undefined && ind.ruleParsed.kind === 'manual') value = { kind: 'text', value: '' };
      else return { ...base, score: null, status: 'unanswered', short: false, trace: [], explanation: '尚未填写' };
    } else {
      const parsed = parseAnswer(entry.value, spec);
      if (!parsed.ok)
        return {
          ...base,
          score: null,
          status: 'invalid',
          short: false,
          trace: [],
          explanation: `答案无效：${parsed.reason}`,
          error: `${parsed.reason}（例如：${parsed.example}）`,
        };
      value = parsed.value;
    }
  }
  const display = value.kind === 'text' && value.value === '' ? '' : formatValue(value, spec);
  const meets = meetsTarget(value, ind.targetParsed, ind.direction);
  const outcome = applyRule(ind.ruleParsed, {
    weight: ind.weight,
    target: ind.targetParsed,
    direction: ind.direction,
    value,
    unit: spec.unit,
    stepRounding: flow.step_rounding,
    points: ind.points,
  });
  trace.push(...outcome.steps);
  const common = { ...base, value, display };

  if (outcome.status === 'manual') {
    const person = personScore(entry?.score, ind.weight);
    if (person === undefined)
      return {
        ...common,
        score: null,
        status: 'manual',
        short: meets === false,
        trace,
        explanation: `待人工评分：${outcome.reason}`,
      };
    if (!person.ok)
      return {
        ...common,
        score: null,
        status: 'invalid',
        short: meets === false,
        trace,
        explanation: `人工评分无效：${person.reason}`,
        error: person.reason,
      };
    trace.push({
      op: 'manual',
      text: `评分标准无法自动计分（${outcome.reason}），采用人工评分${formatScore(person.value)}分`,
      values: { score: person.value },
    });
    return finish(
      flow,
      { ...common, status: 'scored', scoredBy: 'person', short: fallsShort(meets, person.value, ind.weight), trace },
      person.value,
    );
  }
  return finish(
    flow,
    { ...common, status: 'scored', scoredBy: 'rule', short: fallsShort(meets, outcome.score, ind.weight), trace },
    outcome.score,
  );
}

/**
 * A 偏差原因 is owed when the answer misses the 年度指标值; where the two cannot be compared
 * (a qualitative or person-scored item), losing points counts as falling short.
 */
function fallsShort(meets: boolean | undefined, score: number, weight: number): boolean {
  return meets === false || (meets === undefined && score < weight - 1e-9);
}

function finish(flow: Flow, item: Omit<ItemScore, 'score' | 'explanation'>, raw: number): ItemScore {
  const bounded = Math.min(Math.max(raw, 0), item.max);
  const score = roundTo(bounded, flow.rounding.decimals, flow.rounding.mode);
  const trace = [...item.trace];
  if (Math.abs(score - bounded) > 1e-9) {
    const mode = { half_up: '四舍五入', floor: '向下取', ceil: '向上取' }[flow.rounding.mode];
    trace.push({
      op: 'round',
      text: `${formatScore(roundTo(bounded, 6))}分按${mode}保留${flow.rounding.decimals}位小数为${formatScore(score)}分`,
      values: { raw: roundTo(bounded, 6), score },
    });
  }
  // The rule's own closing "得分…" step would say the score twice next to "得分x/y": the trace keeps it.
  const last = trace[trace.length - 1];
  const shown = last?.op === 'score' && /^得分/.test(last.text) ? trace.slice(0, -1) : trace;
  const steps = shown.map((s) => s.text).filter(Boolean);
  const explanation = `${steps.join('；')}${steps.length ? '；' : ''}得分${formatScore(score)}/${formatScore(item.max)}`;
  return { ...item, trace, score, explanation };
}

function personScore(
  raw: number | string | undefined,
  max: number,
): { ok: true; value: number } | { ok: false; reason: string } | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/分$/, '').trim());
  if (!Number.isFinite(n)) return { ok: false, reason: `人工评分应为数字，实际为"${raw}"` };
  if (n < 0 || n > max + 1e-9)
    return { ok: false, reason: `人工评分应在0到${formatScore(max)}分之间，实际为${formatScore(n)}` };
  return { ok: true, value: n };
}

export function gradeOf(flow: Flow, total: number): string {
  const bands = [...flow.grades].sort((a, b) => b.min - a.min);
  return (bands.find((g) => total >= g.min - 1e-9) ?? bands[bands.length - 1]).label;
}

/** Scores a whole form. The total is the sum of the item scores as printed, so the table adds up. */
export function scoreFlow(flow: Flow, answers: RawAnswers): ScoreReport {
  const fields = scoreFields(flow, answers);
  const labels: Record<string, string> = {};
  for (const f of flow.fields) labels[f.id] = f.label;
  for (const i of flow.indicators) labels[i.id] = i.name;
  const done = new Map<string, ItemScore>();
  for (const ind of flow.indicators)
    if (!ind.derived) done.set(ind.id, scoreIndicator(flow, ind, entryOf(answers[ind.id]), {}, labels));
  // Derived indicators may depend on each other: compute until nothing changes.
  let pending = flow.indicators.filter((i) => i.derived);
  for (let round = 0; pending.length && round <= flow.indicators.length; round++) {
    const vars = numericVars(fields, done);
    const next: typeof pending = [];
    for (const ind of pending) {
      const item = scoreIndicator(flow, ind, entryOf(answers[ind.id]), vars, labels);
      done.set(ind.id, item);
      if (item.status === 'unanswered') next.push(ind);
    }
    if (next.length === pending.length) break;
    pending = next;
  }
  const items = flow.indicators.map((i) => done.get(i.id)!);
  const total = roundTo(
    items.reduce((s, i) => s + (i.score ?? 0), 0),
    flow.rounding.decimals,
  );
  const max = roundTo(
    items.reduce((s, i) => s + i.max, 0),
    6,
  );
  return {
    flowId: flow.id,
    title: flow.title,
    total,
    max,
    grade: gradeOf(flow, total),
    provisional: items.some((i) => i.status !== 'scored'),
    items,
    fields,
    warnings: flow.warnings,
  };
}
