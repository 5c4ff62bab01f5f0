import type { FieldDef, Flow, Indicator } from '../core/flow/model.js';
import { itemIdOfNumber, itemNumbers } from '../core/flow/numbering.js';
import { dependenciesOf, dependentsOf } from '../core/scoring/score-flow.js';

/** One thing the bot asks: a header field or a non-derived indicator, in the order asked. */
export type Question =
  | { kind: 'field'; id: string; field: FieldDef }
  | { kind: 'indicator'; id: string; ind: Indicator };

const cache = new WeakMap<Flow, Question[]>();

export function questionsOf(flow: Flow): Question[] {
  let qs = cache.get(flow);
  if (!qs) {
    qs = [
      ...flow.fields.map((field): Question => ({ kind: 'field', id: field.id, field })),
      ...flow.indicators.filter((i) => !i.derived).map((ind): Question => ({ kind: 'indicator', id: ind.id, ind })),
    ];
    cache.set(flow, qs);
  }
  return qs;
}

export function labelOf(q: Question): string {
  return q.kind === 'field' ? q.field.label : q.ind.name;
}

export function canSkip(q: Question): boolean {
  return q.kind === 'indicator' || !q.field.required;
}

const usedBy = new WeakMap<Flow, Map<string, Indicator[]>>();
/**
 * Derived indicators that a given answer feeds, also through another derived one, in form order: the
 * scorer's own reading of the compiled formulas (dependentsOf), kept per flow so a turn stays O(1).
 */
export function derivedUsing(flow: Flow, id: string): Indicator[] {
  let m = usedBy.get(flow);
  if (!m) {
    m = new Map();
    usedBy.set(flow, m);
  }
  let list = m.get(id);
  if (!list) {
    const ids = new Set(dependentsOf(flow, id));
    list = flow.indicators.filter((i) => ids.has(i.id));
    m.set(id, list);
  }
  return list;
}

/** Whether a question counts as filled: a value, or a field with a default the person moved past. */
export function isDone(q: Question, row: { value: string; status: string } | undefined): boolean {
  if (row && row.value.trim() !== '') return true;
  return q.kind === 'field' && q.field.default !== undefined && row?.status === 'skipped';
}

/** The form's one numbering (see core/flow/numbering.ts): the chat, explanations and the .docx share it. */
export const numbersOf = itemNumbers;

export function numberOf(flow: Flow, id: string): number | undefined {
  return numbersOf(flow).get(id);
}

export const idOfNumber = itemIdOfNumber;

/** The questions a derived indicator is computed from (through other derived ones too), in the order asked. */
export function inputsOf(flow: Flow, ind: Indicator): string[] {
  const ids = new Set(dependenciesOf(flow, ind.id));
  return questionsOf(flow)
    .filter((q) => ids.has(q.id))
    .map((q) => q.id);
}
