import { parseFormula } from './formula.js';
import type { FlowData } from './schema.js';

/** Errors zod cannot see: references between parts of the flow. Each is `path: reason`. */
export function checkFlow(data: FlowData): string[] {
  const errors: string[] = [];
  const where = new Map<string, string>();
  data.fields.forEach((f, i) => {
    const prev = where.get(f.id);
    if (prev) errors.push(`fields[${i}].id: id "${f.id}" 与 ${prev} 重复`);
    else where.set(f.id, `fields[${i}]`);
  });
  data.indicators.forEach((ind, i) => {
    const prev = where.get(ind.id);
    if (prev) errors.push(`indicators[${i}].id: id "${ind.id}" 与 ${prev} 重复`);
    else where.set(ind.id, `indicators[${i}]`);
  });

  const numericFields = new Set(data.fields.filter((f) => f.type !== 'text' && f.type !== 'date').map((f) => f.id));
  const indicatorIds = new Set(data.indicators.map((i) => i.id));
  data.indicators.forEach((ind, i) => {
    if (ind.formula !== undefined) {
      const p = parseFormula(ind.formula);
      if (!p.ok) errors.push(`indicators[${i}].formula: 公式无法解析：${p.reason}`);
      else
        for (const id of p.ids) {
          if (id === ind.id) errors.push(`indicators[${i}].formula: 公式引用了自身 "${id}"`);
          else if (!numericFields.has(id) && !indicatorIds.has(id))
            errors.push(`indicators[${i}].formula: 公式引用了不存在的数值字段或指标 "${id}"`);
        }
    }
    if (ind.measure === 'checklist' && !ind.points?.length)
      errors.push(`indicators[${i}].points: 评价要点清单（checklist）需要列出 points`);
  });

  errors.push(...formulaCycles(data));

  const fieldIds = new Set(data.fields.map((f) => f.id));
  if (data.budget) {
    for (const key of ['initial', 'total', 'spent'] as const) {
      const ref = data.budget[key];
      if (ref !== undefined && !numericFields.has(ref)) errors.push(`budget.${key}: 引用了不存在的数值字段 "${ref}"`);
    }
    if (data.budget.indicator !== undefined && !indicatorIds.has(data.budget.indicator))
      errors.push(`budget.indicator: 引用了不存在的指标 "${data.budget.indicator}"`);
  }
  if (data.goals?.actual_field !== undefined && !fieldIds.has(data.goals.actual_field))
    errors.push(`goals.actual_field: 引用了不存在的字段 "${data.goals.actual_field}"`);
  return errors;
}

/** Derived indicators that need each other ("a = b + 1", "b = a * 2") can never be computed: say which. */
function formulaCycles(data: FlowData): string[] {
  const inputs = new Map<string, string[]>();
  for (const ind of data.indicators)
    if (ind.formula !== undefined) {
      const p = parseFormula(ind.formula);
      if (p.ok) inputs.set(ind.id, p.ids);
    }
  const errors: string[] = [];
  const state = new Map<string, 'busy' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'busy') {
      const loop = [...path.slice(path.indexOf(id)), id];
      const at = data.indicators.findIndex((i) => i.id === id);
      errors.push(`indicators[${at}].formula: 公式互相引用，无法计算：${loop.join(' → ')}`);
      return;
    }
    state.set(id, 'busy');
    for (const dep of inputs.get(id) ?? []) if (inputs.has(dep) && dep !== id) visit(dep, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of inputs.keys()) visit(id, []);
  return errors;
}
