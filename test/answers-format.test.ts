import { describe, expect, it } from 'vitest';
import { exampleAnswer, formatValue } from '../src/core/answers/format-value.js';
import { parseAnswer } from '../src/core/answers/parse-answer.js';
import type { AnswerSpec, Measure, Target, Value } from '../src/core/types.js';

describe('formatValue: how the bot echoes an answer', () => {
  it.each([
    [{ kind: 'number', value: 98, unit: '%' }, { measure: 'percent', unit: '%' }, '98%'],
    [{ kind: 'number', value: 97.5, unit: '%' }, { measure: 'percent', unit: '%' }, '97.5%'],
    [{ kind: 'number', value: 150, unit: '件' }, { measure: 'count', unit: '件' }, '150件'],
    [{ kind: 'number', value: 1.2, unit: '万元' }, { measure: 'money', unit: '万元' }, '1.2万元'],
    // 0.1 + 0.2 = 0.30000000000000004 is shown as people write it
    [{ kind: 'number', value: 0.1 + 0.2, unit: '万元' }, { measure: 'money', unit: '万元' }, '0.3万元'],
    [{ kind: 'number', value: 12 }, { measure: 'number' }, '12'],
    [{ kind: 'bool', value: true }, { measure: 'bool' }, '是'],
    [{ kind: 'bool', value: false }, { measure: 'bool' }, '否'],
    [{ kind: 'qualitative', grade: 'achieved' }, { measure: 'qualitative', weight: 5 }, '达成'],
    [{ kind: 'qualitative', grade: 'partial', score: 3.5 }, { measure: 'qualitative', weight: 5 }, '部分达成（3.5分）'],
    [{ kind: 'qualitative', grade: 'not_achieved', score: 1 }, { measure: 'qualitative', weight: 5 }, '未达成（1分）'],
    [{ kind: 'checklist', met: [1, 2, 4], total: 5 }, { measure: 'checklist' }, '满足3/5项（①②④）'],
    [{ kind: 'checklist', met: [], total: 5 }, { measure: 'checklist' }, '满足0/5项'],
    [{ kind: 'text', value: '按计划完成' }, { measure: 'text' }, '按计划完成'],
  ] as [Value, AnswerSpec, string][])('%j → %s', (value, spec, shown) => {
    expect(formatValue(value, spec)).toBe(shown);
  });
});

describe('exampleAnswer', () => {
  it('shows the scale of the target', () => {
    expect(
      exampleAnswer({ measure: 'percent', unit: '%', target: { kind: 'number', op: '>=', value: 95, unit: '%' } }),
    ).toBe('95%');
    expect(
      exampleAnswer({ measure: 'count', unit: '件', target: { kind: 'number', op: '>=', value: 1000, unit: '件' } }),
    ).toBe('1000件');
    expect(
      exampleAnswer({
        measure: 'money',
        unit: '万元',
        target: { kind: 'number', op: '<=', value: 468.26, unit: '万元' },
      }),
    ).toBe('468.26万元');
    expect(exampleAnswer({ measure: 'qualitative', weight: 5, target: { kind: 'text', text: '及时' } })).toBe('及时');
  });

  const targets: (Target | undefined)[] = [
    undefined,
    { kind: 'number', op: '>=', value: 95, unit: '%' },
    { kind: 'number', op: '<=', value: 0, unit: '%' },
    { kind: 'number', op: '>=', value: 5, unit: '个' },
    { kind: 'number', op: '<=', value: 468.26, unit: '万元' },
    { kind: 'number', op: '=', value: 2.5 },
    { kind: 'range', min: 80, max: 90, unit: '%' },
    { kind: 'text', text: '及时' },
    { kind: 'text', text: '有效提升' },
  ];
  const measures: Measure[] = ['percent', 'count', 'money', 'number', 'bool', 'qualitative', 'checklist', 'text'];
  const units = [undefined, '%', '件', '人次', '万元', '元'];
  const pointLists = [undefined, ['甲'], ['甲', '乙'], ['甲', '乙', '丙'], ['甲', '乙', '丙', '丁', '戊']];

  it('gives an answer that itself parses, for every measure, unit, target and checklist size', () => {
    let checked = 0;
    for (const measure of measures)
      for (const unit of units)
        for (const target of targets)
          for (const points of pointLists) {
            // Checklist items always come with their 评价要点.
            if (measure === 'checklist' && !points) continue;
            const spec: AnswerSpec = { measure, unit, target, points, weight: 5 };
            const example = exampleAnswer(spec);
            const parsed = parseAnswer(example, spec);
            expect(parsed, `${JSON.stringify(spec)} → ${example}`).toMatchObject({ ok: true });
            checked++;
          }
    // 8 measures × 6 units × 9 targets × 5 point lists, less checklist without points (6 × 9)
    expect(checked).toBe(8 * 6 * 9 * 5 - 6 * 9);
  });

  it('round-trips: an echoed value reads back to the same value', () => {
    const cases: [string, AnswerSpec][] = [
      ['97.5%', { measure: 'percent', unit: '%' }],
      ['1.2万元', { measure: 'money', unit: '万元' }],
      ['150件', { measure: 'count', unit: '件' }],
      ['部分达成 3.5', { measure: 'qualitative', weight: 5 }],
      ['未达成 1', { measure: 'qualitative', weight: 5 }],
      ['1、2、4', { measure: 'checklist', points: ['甲', '乙', '丙', '丁', '戊'] }],
      ['否', { measure: 'bool' }],
    ];
    for (const [input, spec] of cases) {
      const first = parseAnswer(input, spec);
      if (!first.ok) throw new Error(first.reason);
      expect(parseAnswer(formatValue(first.value, spec), spec)).toEqual(first);
    }
  });
});
