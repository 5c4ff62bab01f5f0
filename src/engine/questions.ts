import type { FieldDef, Flow, Indicator } from '../core/flow/model.js';

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

/** Derived indicators whose formula uses the given id. */
export function derivedUsing(flow: Flow, id: string): Indicator[] {
  return flow.indicators.filter((i) => i.derived && new RegExp(`\\b${id}\\b`).test(i.formula ?? ''));
}
