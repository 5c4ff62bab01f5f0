// What each question expects and how one typed answer is read: the one place the chat, the scorer and
// the CLI read answers, so a value the chat accepted is the value the document prints.
import { parseAnswer } from '../answers/parse-answer.js';
import type { FieldDef, Flow, Indicator, RawAnswers } from '../flow/model.js';
import { ruleWords } from '../rules/rule-words.js';
import type { AnswerSpec, Result, Value } from '../types.js';

export interface AnswerEntry {
  value: string;
  reason?: string;
  /** A person's score, for items the rule cannot score. */
  score?: number | string;
  /** Commentary typed around the value ("全部办结", "约"). */
  note?: string;
  /** The person confirmed an unusual value once; it is not asked about again. */
  confirmed?: boolean;
}

export function entryOf(raw: RawAnswers[string] | undefined): AnswerEntry | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { value: raw };
  if (typeof raw === 'number') return { value: String(raw) };
  const entry: AnswerEntry = { value: raw.value === undefined || raw.value === null ? '' : String(raw.value) };
  if (raw.reason !== undefined) entry.reason = raw.reason;
  if (raw.score !== undefined) entry.score = raw.score;
  if (raw.note !== undefined) entry.note = raw.note;
  if (raw.confirmed !== undefined) entry.confirmed = raw.confirmed;
  return entry;
}

/** Rates that count a part of a whole: they cannot pass 100%. */
const SHARE_OF_WHOLE =
  /(受理|办结|满意|回访|到位|覆盖|化解|交办|知晓|参与|合格|达标|签收|核对|接谈|公开|劝返|息诉|罢访|及时|履行|履约|按期|准确|规范|整改|落实|参保|巩固|接种|治愈|处置|查处|结案|审结|执结|调解成功|监控完成|评价完成|自评完成|整改完成|报送完成|验收合格)(率|度)/;

export function answerSpec(ind: Indicator): AnswerSpec {
  // Asked for on every answer (the scorer, the turn's checks, the prompts): worked out once per indicator.
  let spec = specs.get(ind);
  if (!spec) {
    spec = Object.freeze(specOf(ind)) as AnswerSpec;
    specs.set(ind, spec);
  }
  return spec;
}

const specs = new WeakMap<Indicator, AnswerSpec>();

function specOf(ind: Indicator): AnswerSpec {
  const t = ind.targetParsed;
  const targetUnit = t.kind === 'number' || t.kind === 'range' ? t.unit : undefined;
  let unit = ind.unit ?? targetUnit;
  if (ind.measure === 'percent') unit = '%';
  if (ind.measure === 'money') unit = unit && /元$/.test(unit) ? unit : '万元';
  const selfScore = ind.ruleParsed.kind === 'default';
  const spec: AnswerSpec = {
    measure: ind.measure,
    unit,
    weight: ind.weight,
    points: ind.points,
    target: t,
    selfScore,
    name: ind.name,
    targetText: ind.target,
  };
  if (ind.asks?.counts) spec.counts = ind.asks.counts;
  // A binary rule's own deeds are answers: "已纳入", "有记录", "未参加".
  if (
    ind.ruleParsed.kind === 'all_or_nothing' &&
    ind.rule &&
    (ind.measure === 'qualitative' || ind.measure === 'text')
  ) {
    const words = ruleWords(ind.rule);
    if (words.length) spec.words = words;
  }
  if (ind.asks?.options) spec.options = ind.asks.options;
  if (ind.asks?.points && ind.measure === 'text') spec.points = ind.asks.points;
  if (ind.measure === 'percent' && SHARE_OF_WHOLE.test(ind.name) && !/增长|变动|下降|提高/.test(ind.name)) {
    spec.max = 100;
    spec.maxHard = true;
  }
  return spec;
}

export function fieldSpec(f: FieldDef): AnswerSpec {
  switch (f.type) {
    case 'money':
      return { measure: 'money', unit: f.unit ?? '万元', name: f.label };
    case 'percent':
      return { measure: 'percent', unit: '%', name: f.label };
    case 'number':
      return { measure: 'number', unit: f.unit, name: f.label };
    default:
      return { measure: 'text' };
  }
}

/**
 * The spec of any question of the flow, with what other answers tell about it: a spend is asked about
 * once when it is above the budget answered. Undefined for an unknown id.
 */
export function specFor(flow: Flow, id: string, answers: RawAnswers = {}): AnswerSpec | undefined {
  const field = indexOf(flow).fields.get(id);
  if (field) {
    const spec = fieldSpec(field);
    if (flow.budget && id === flow.budget.spent) {
      const totalField = flow.budget.total ? indexOf(flow).fields.get(flow.budget.total) : undefined;
      const total = totalField
        ? numberOf(fieldSpec(totalField), answers[totalField.id] ?? totalField.default)
        : undefined;
      if (total !== undefined && totalField) Object.assign(spec, { max: total, maxLabel: totalField.label });
    }
    return spec;
  }
  const ind = indexOf(flow).indicators.get(id);
  return ind ? answerSpec(ind) : undefined;
}

export interface FlowIndex {
  fields: Map<string, FieldDef>;
  indicators: Map<string, Indicator>;
}
const indexes = new WeakMap<Flow, FlowIndex>();

/** Fields and indicators by id, built once per loaded flow: one item's work does not grow with the form. */
export function indexOf(flow: Flow): FlowIndex {
  let index = indexes.get(flow);
  if (!index) {
    index = {
      fields: new Map(flow.fields.map((f) => [f.id, f])),
      indicators: new Map(flow.indicators.map((i) => [i.id, i])),
    };
    indexes.set(flow, index);
  }
  return index;
}

function numberOf(spec: AnswerSpec, raw: RawAnswers[string] | undefined): number | undefined {
  const entry = entryOf(raw);
  if (!entry || entry.value.trim() === '') return undefined;
  const r = parseAnswer(entry.value, spec);
  return r.ok && r.value.kind === 'number' ? r.value.value : undefined;
}

/**
 * Reads one typed answer to question `id` of `flow`, knowing the other answers. The chat calls this
 * before it records a value: `ok` with `confirm` means ask that question once (then record the value
 * with `confirmed: true`); `note` is commentary to keep with the value.
 */
export function readAnswer(flow: Flow, id: string, text: string, answers: RawAnswers = {}): Result<Value> {
  const spec = specFor(flow, id, answers);
  if (!spec) return { ok: false, reason: '没有这一项', example: '' };
  return parseAnswer(text, spec);
}
