import { describe, expect, it } from 'vitest';
import { parseTarget } from '../src/core/rules/parse-target.js';

describe('parseTarget reads the 年度指标值 column', () => {
  const cases: [string, unknown][] = [
    ['100%', { kind: 'number', op: '>=', value: 100, unit: '%', implicitOp: true }],
    ['=100%', { kind: 'number', op: '=', value: 100, unit: '%' }],
    ['≥95%', { kind: 'number', op: '>=', value: 95, unit: '%' }],
    ['>=90%', { kind: 'number', op: '>=', value: 90, unit: '%' }],
    ['≤30%', { kind: 'number', op: '<=', value: 30, unit: '%' }],
    ['≤ 100%', { kind: 'number', op: '<=', value: 100, unit: '%' }],
    ['≤0%', { kind: 'number', op: '<=', value: 0, unit: '%' }],
    // zero incidents: no operator, but fewer is better
    ['0起', { kind: 'number', op: '<=', value: 0, unit: '起', implicitOp: true }],
    ['0件', { kind: 'number', op: '<=', value: 0, unit: '件', implicitOp: true }],
    ['≥200件', { kind: 'number', op: '>=', value: 200, unit: '件' }],
    ['≥1个', { kind: 'number', op: '>=', value: 1, unit: '个' }],
    ['≥3 个', { kind: 'number', op: '>=', value: 3, unit: '个' }],
    ['100百分比', { kind: 'number', op: '>=', value: 100, unit: '%', implicitOp: true }],
    ['≥100百分比', { kind: 'number', op: '>=', value: 100, unit: '%' }],
    ['≥70 百分比', { kind: 'number', op: '>=', value: 70, unit: '%' }],
    ['120万元', { kind: 'number', op: '>=', value: 120, unit: '万元', implicitOp: true }],
    ['50%-60%', { kind: 'range', min: 50, max: 60, unit: '%' }],
    // full-width digits, operator and percent sign
    ['≥９５％', { kind: 'number', op: '>=', value: 95, unit: '%' }],
    ['＞５０％', { kind: 'number', op: '>', value: 50, unit: '%' }],
    ['95%以上', { kind: 'number', op: '>=', value: 95, unit: '%' }],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  const texts = ['及时', '稳定', '每天', '不定期（每年4次）', '前三年平均值', '控制在预算内', '', '60%-50%'];
  it.each(texts)('keeps "%s" as text', (text) => {
    expect(parseTarget(text)).toEqual({ kind: 'text', text });
  });
});
