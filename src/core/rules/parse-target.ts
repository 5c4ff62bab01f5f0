import { UNIT_PATTERN } from '../answers/vocabulary.js';
import type { Target } from '../types.js';
import { normaliseText } from './normalize.js';

// Every unit the answer reader knows (微克/立方米, 万元/公里, 个工作日 …), so a target in any of them is a figure.
const UNIT = UNIT_PATTERN;

/** Units of discrete events: a bare "0起" target means none may happen. */
const COUNT_UNITS = new Set([
  '起',
  '件',
  '次',
  '人次',
  '个',
  '例',
  '项',
  '宗',
  '人',
  '户',
  '家',
  '处',
  '条',
  '件次',
  '户次',
  '场',
]);

const PREFIX_OPS: [string, '>=' | '<=' | '>' | '<' | '='][] = [
  ['大于等于', '>='],
  ['小于等于', '<='],
  ['不低于', '>='],
  ['不少于', '>='],
  ['不高于', '<='],
  ['不超过', '<='],
  ['不多于', '<='],
  ['达到', '>='],
  ['大于', '>'],
  ['高于', '>'],
  ['超过', '>'],
  ['多于', '>'],
  ['小于', '<'],
  ['低于', '<'],
  ['少于', '<'],
  ['等于', '='],
  ['≥', '>='],
  ['≤', '<='],
  ['>', '>'],
  ['<', '<'],
  ['=', '='],
  ['达', '>='],
];

const SUFFIX_OPS: [string, '>=' | '<='][] = [
  ['(含)以上', '>='],
  ['及以上', '>='],
  ['以上', '>='],
  ['(含)以下', '<='],
  ['及以下', '<='],
  ['以下', '<='],
  ['以内', '<='],
];

function unitOf(u: string | undefined): string | undefined {
  if (!u) return undefined;
  if (u === '百分比' || u === '个百分点' || u === '百分点') return '%';
  return u;
}

/** Reads a 年度指标值 ("≥95%", "0起", "50%-60%"); anything not a plain number is kept as text. */
export function parseTarget(text: string): Target {
  const original = String(text ?? '').trim();
  const t = normaliseText(original);

  const range = t.match(new RegExp(`^(\\d+(?:\\.\\d+)?)(${UNIT})?[-~至到](\\d+(?:\\.\\d+)?)(${UNIT})?$`));
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[3]);
    const unit = unitOf(range[4] ?? range[2]);
    if (min <= max && (!range[2] || !range[4] || unitOf(range[2]) === unitOf(range[4]))) {
      return unit ? { kind: 'range', min, max, unit } : { kind: 'range', min, max };
    }
    return { kind: 'text', text: original };
  }

  let rest = t;
  let op: '>=' | '<=' | '>' | '<' | '=' | undefined;
  for (const [word, o] of PREFIX_OPS) {
    if (rest.startsWith(word)) {
      op = o;
      rest = rest.slice(word.length);
      break;
    }
  }
  const m = rest.match(new RegExp(`^(-?\\d+(?:\\.\\d+)?)(${UNIT})?(.*)$`));
  if (!m) return { kind: 'text', text: original };
  const value = Number(m[1]);
  const unit = unitOf(m[2]);
  const tail = m[3];
  if (tail) {
    const suffix = SUFFIX_OPS.find(([w]) => w === tail);
    if (!suffix) return { kind: 'text', text: original };
    op ??= suffix[1];
  }
  const target: Target = { kind: 'number', op: op ?? '>=', value };
  if (unit) target.unit = unit;
  if (!op) {
    target.implicitOp = true;
    // "0起", "0件": the target is that nothing happens, so fewer is better.
    if (value === 0 && unit && COUNT_UNITS.has(unit)) target.op = '<=';
  }
  return target;
}
