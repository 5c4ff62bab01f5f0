import { formatNumber, formatValue } from '../answers/format-value.js';
import { parseAnswer } from '../answers/parse-answer.js';
import { compiledFormula, evaluate, formulaText } from '../flow/formula.js';
import type { Flow, Indicator, RawAnswers } from '../flow/model.js';
import { applyRule } from '../rules/apply-rule.js';
import { targetText } from '../rules/format.js';
import type { FieldResult, ItemScore, ScoreReport, TraceStep, Value } from '../types.js';
import { type AnswerEntry, answerSpec, entryOf, indexOf, specFor } from './answer-spec.js';
import { meetsTarget } from './meets-target.js';
import { formatScore, roundTo } from './round.js';

export {
  type AnswerEntry,
  answerSpec,
  entryOf,
  fieldSpec,
  readAnswer,
  specFor,
} from './answer-spec.js';

/** One header field as answered (its default stands in until someone answers). */
function scoreField(flow: Flow, f: Flow['fields'][number], answers: RawAnswers): FieldResult {
  const entry = entryOf(answers[f.id]);
  const raw = entry?.value ?? f.default;
  const base = { id: f.id, label: f.label, unit: f.unit };
  if (raw === undefined || raw.trim() === '') return { ...base, display: '' };
  const spec = specFor(flow, f.id, answers)!;
  const res = parseAnswer(raw, spec);
  if (!res.ok) return { ...base, raw, display: '', error: res.reason };
  const out: FieldResult = { ...base, raw, display: formatValue(res.value, spec), value: res.value };
  // An unusual value (a spend above the budget) counts once the person confirmed it.
  if (res.confirm && !entry?.confirmed) out.error = res.confirm;
  return out;
}

/** Header fields as answered (a field's default stands in until someone answers). */
export function scoreFields(flow: Flow, answers: RawAnswers): FieldResult[] {
  return flow.fields.map((f) => scoreField(flow, f, answers));
}

const labelCache = new WeakMap<Flow, Record<string, string>>();
/** Each field's label and indicator's name by id (for formulas in words, and lists a person reads). */
export function labelsOf(flow: Flow): Record<string, string> {
  let labels = labelCache.get(flow);
  if (!labels) {
    labels = {};
    for (const f of flow.fields) labels[f.id] = f.label;
    for (const i of flow.indicators) labels[i.id] = i.name;
    labelCache.set(flow, labels);
  }
  return labels;
}

/** The ids (fields and indicators) a derived item's formula names, directly. */
function directInputs(ind: Indicator): string[] {
  const p = compiledFormula(ind);
  return p?.ok ? p.ids : [];
}

/**
 * Every field and indicator id the score of item `id` depends on, besides its own answer: the inputs
 * of its formula and, for a derived input, that one's inputs. Empty for an asked item.
 */
export function dependenciesOf(flow: Flow, id: string): string[] {
  const out = new Set<string>();
  const byId = indexOf(flow).indicators;
  const walk = (x: string) => {
    const ind = byId.get(x);
    if (!ind?.derived) return;
    for (const dep of directInputs(ind))
      if (!out.has(dep) && dep !== id) {
        out.add(dep);
        walk(dep);
      }
  };
  walk(id);
  return [...out];
}

const dependentsCache = new WeakMap<Flow, Map<string, string[]>>();

/** The derived items whose score changes when the answer to `id` changes (worked out once per flow). */
export function dependentsOf(flow: Flow, id: string): string[] {
  let all = dependentsCache.get(flow);
  if (!all) {
    all = new Map();
    for (const ind of flow.indicators)
      if (ind.derived) for (const dep of dependenciesOf(flow, ind.id)) all.set(dep, [...(all.get(dep) ?? []), ind.id]);
    dependentsCache.set(flow, all);
  }
  return [...(all.get(id) ?? [])];
}

/** Scores items on demand, each once, derived ones after their inputs (also a derived on a derived). */
function itemScorer(flow: Flow, answers: RawAnswers, fields?: Map<string, FieldResult>) {
  const labels = labelsOf(flow);
  const done = new Map<string, ItemScore>();
  const busy = new Set<string>();
  const byId = indexOf(flow).indicators;
  const fieldOf = (id: string): FieldResult | undefined => {
    const known = fields?.get(id);
    if (known) return known;
    const f = indexOf(flow).fields.get(id);
    return f ? scoreField(flow, f, answers) : undefined;
  };
  const numberOf = (id: string): number | undefined => {
    const ind = byId.get(id);
    if (ind) {
      if (busy.has(id)) return undefined; // a cycle: reported as a missing input
      const it = score(ind);
      return it.value?.kind === 'number' && it.status !== 'invalid' ? it.value.value : undefined;
    }
    const f = fieldOf(id);
    return f?.value?.kind === 'number' && !f.error ? f.value.value : undefined;
  };
  const score = (ind: Indicator): ItemScore => {
    const hit = done.get(ind.id);
    if (hit) return hit;
    busy.add(ind.id);
    const vars: Record<string, number> = {};
    if (ind.derived)
      for (const dep of directInputs(ind)) {
        const v = numberOf(dep);
        if (v !== undefined) vars[dep] = v;
      }
    const item = scoreIndicator(flow, ind, entryOf(answers[ind.id]), vars, labels);
    busy.delete(ind.id);
    done.set(ind.id, item);
    return item;
  };
  return score;
}

/**
 * Scores ONE item from the answers, exactly as scoreFlow would: an asked item from its own answer,
 * a derived one from the inputs its formula names (dependenciesOf). Cost does not grow with the form.
 */
export function scoreItem(flow: Flow, id: string, answers: RawAnswers): ItemScore | undefined {
  const ind = indexOf(flow).indicators.get(id);
  if (!ind) return undefined;
  // An asked item reads only its own answer: no scorer of the other items to build (a turn scores one).
  return ind.derived ? itemScorer(flow, answers)(ind) : scoreIndicator(flow, ind, entryOf(answers[ind.id]), {});
}

const statics = new WeakMap<Indicator, ReturnType<typeof staticOf>>();
/** What an item's score says of the indicator whatever the answer: worked out once per indicator. */
function staticPart(ind: Indicator) {
  let p = statics.get(ind);
  if (!p) {
    p = staticOf(ind);
    statics.set(ind, p);
  }
  return p;
}
function staticOf(ind: Indicator) {
  return {
    id: ind.id,
    name: ind.name,
    level1: ind.level1,
    level2: ind.level2,
    max: ind.weight,
    target: targetText(ind.target),
    rule: ind.rule,
    ruleKind: ind.ruleParsed.kind,
    derived: ind.derived,
  };
}

/** Scores one indicator from what was typed (or, for a derived one, from the other answers). */
export function scoreIndicator(
  flow: Flow,
  ind: Indicator,
  entry: AnswerEntry | undefined,
  vars: Record<string, number>,
  labels: Record<string, string> = {},
): ItemScore {
  const base = { ...staticPart(ind), reason: entry?.reason };
  const spec = answerSpec(ind);
  let value: Value;
  let note: string | undefined;
  const trace: TraceStep[] = [];
  if (ind.derived) {
    const p = compiledFormula(ind)!;
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
    // Said as people write it: "全年执行数 ÷ 全年预算数 × 100% = 450 ÷ 468.26 × 100% = 96.1%".
    const percent = spec.unit === '%';
    const words = p.ok ? formulaText(p.expr, (id) => labels[id] ?? id, percent) : '';
    const numbers = p.ok ? formulaText(p.expr, (id) => formatNumber(vars[id] ?? 0), percent) : '';
    trace.push({
      op: 'formula',
      text: `按公式 ${words} = ${numbers} = ${formatValue(value, spec)}`,
      values: { value: v },
    });
  } else {
    if (!entry || entry.value.trim() === '') {
      if (entry?.score !== undefined && ind.ruleParsed.kind === 'manual') value = { kind: 'text', value: '' };
      else return { ...base, score: null, status: 'unanswered', short: false, trace: [], explanation: '尚未填写' };
    } else {
      const parsed = parseAnswer(entry.value, spec);
      // An unusual value is scored once the person confirmed it; until then it is asked, not scored.
      if (parsed.ok && parsed.confirm && !entry.confirmed)
        return {
          ...base,
          score: null,
          status: 'invalid',
          short: false,
          trace: [],
          explanation: `待确认：${parsed.confirm}`,
          error: parsed.confirm,
        };
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
      note = entry.note ?? parsed.note;
    }
  }
  const display = value.kind === 'text' && value.value === '' ? '' : formatValue(value, spec);
  // A count the rule asks for instead of the target's figure ("未办结的件数" of a 100% 办结率): none meets it.
  const meets =
    ind.asks?.counts && value.kind === 'number'
      ? value.value === 0
      : meetsTarget(value, ind.targetParsed, ind.direction);
  const outcome = applyRule(ind.ruleParsed, {
    weight: ind.weight,
    target: ind.targetParsed,
    direction: ind.direction,
    value,
    unit: spec.unit,
    stepRounding: flow.step_rounding,
    points: ind.points,
    ...(ind.asks?.counts && ind.ruleParsed.kind === 'step' ? { counted: true } : {}),
  });
  trace.push(...outcome.steps);
  const common = { ...base, value, display, ...(note ? { note } : {}) };

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

/** Completes `item`, which its caller has just built for it (its trace included): it is filled in, not copied. */
function finish(flow: Flow, item: Omit<ItemScore, 'score' | 'explanation'>, raw: number): ItemScore {
  const bounded = Math.min(Math.max(raw, 0), item.max);
  const score = roundTo(bounded, flow.rounding.decimals, flow.rounding.mode);
  const trace = item.trace;
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
  const done = item as ItemScore;
  done.score = score;
  done.explanation = explanation;
  return done;
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
  const score = itemScorer(flow, answers, new Map(fields.map((f) => [f.id, f])));
  const items = flow.indicators.map((i) => score(i));
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
