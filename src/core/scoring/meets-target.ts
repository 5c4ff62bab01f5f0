import type { Target, Value } from '../types.js';

/** Whether an answer reaches the 年度指标值; undefined when the two cannot be compared. */
export function meetsTarget(value: Value, target: Target, direction: 'higher' | 'lower'): boolean | undefined {
  switch (value.kind) {
    case 'bool':
      return value.value;
    case 'qualitative':
      return value.grade === 'achieved';
    case 'checklist':
      return value.met.length === value.total;
    case 'text':
      return undefined;
    case 'number': {
      const v = value.value;
      if (target.kind === 'range') return v >= target.min - 1e-9;
      if (target.kind !== 'number') return undefined;
      const t = target.value;
      // "120万元" with direction lower is a ceiling: the operator was only implied.
      const op = target.implicitOp && direction === 'lower' ? '<=' : target.op;
      switch (op) {
        case '<=':
          return v <= t + 1e-9;
        case '<':
          return v < t;
        case '>':
          return v > t;
        case '>=':
          return v >= t - 1e-9;
        case '=':
          return direction === 'lower' ? v <= t + 1e-9 : v >= t - 1e-9;
      }
    }
  }
}
