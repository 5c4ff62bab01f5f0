import { describe, expect, it } from 'vitest';
import { formulaText, parseFormula } from '../src/core/flow/formula.js';
import { loadFlowText } from '../src/core/flow/load.js';
import { dependenciesOf, dependentsOf, scoreFlow, scoreItem } from '../src/core/scoring/score-flow.js';

const names: Record<string, string> = {
  budget_spent: '全年执行数',
  budget_total: '全年预算数',
  a: '甲',
  b: '乙',
  c: '丙',
};

describe('a formula is said in Chinese, never as code', () => {
  it.each([
    ['budget_spent / budget_total * 100', true, '全年执行数 ÷ 全年预算数 × 100%'],
    ['(a + b) / c * 100', true, '（甲 + 乙） ÷ 丙 × 100%'],
    ['a - (b - c)', false, '甲 − （乙 − 丙）'],
    ['a * b + c', false, '甲 × 乙 + 丙'],
    ['-a / b', false, '−甲 ÷ 乙'],
  ])('%s', (src, percent, words) => {
    const p = parseFormula(src);
    expect(p.ok && formulaText(p.expr, (id) => names[id], percent)).toBe(words);
  });
});

describe('a formula too long or too deep is refused with a reason, not a stack overflow', () => {
  it('10,000 nested brackets', () => {
    const deep = `${'('.repeat(10000)}1${')'.repeat(10000)}`;
    expect(parseFormula(deep)).toEqual({ ok: false, reason: '公式太长（20001个字符，最多500个）' });
  });
  it('short but too deeply nested', () => {
    const deep = `${'('.repeat(40)}a${')'.repeat(40)}`;
    expect(parseFormula(deep)).toEqual({ ok: false, reason: '括号或负号嵌套太深（最多30层）' });
  });
  it('a chain of minus signs counts as nesting too', () => {
    expect(parseFormula(`${'-'.repeat(200)}1`)).toEqual({ ok: false, reason: '括号或负号嵌套太深（最多30层）' });
  });
});

// A derived indicator built on another derived one: the chain the chat and the document once disagreed on.
const FLOW = `
id: chain
title: 链式公式
fields:
  - {id: budget_total, label: 全年预算数, type: money, unit: 万元}
  - {id: budget_spent, label: 全年执行数, type: money, unit: 万元}
indicators:
  - {id: exec_rate, level1: 预算执行, level2: 预算执行, name: 预算执行率, weight: 10, target: "100%",
     formula: "budget_spent / budget_total * 100"}
  - {id: exec_gap, level1: 预算执行, level2: 预算执行, name: 执行差距, weight: 10, target: "≤10%", measure: percent,
     formula: "100 - exec_rate"}
  - {id: asked, level1: 产出, level2: 产出, name: 办结率, weight: 10, target: "100%"}
`;

describe('one item scored alone is scored exactly as in the whole form', () => {
  const res = loadFlowText(FLOW, 'chain.yaml');
  if (!res.ok) throw new Error(res.errors.join('\n'));
  const flow = res.flow;
  const answers = { budget_total: '200', budget_spent: '180', asked: '97%' };

  it('a derived item on a derived item: 180 ÷ 200 × 100% = 90%, 100 − 90 = 10%', () => {
    const whole = scoreFlow(flow, answers);
    for (const id of ['exec_rate', 'exec_gap', 'asked'])
      expect(scoreItem(flow, id, answers)).toEqual(whole.items.find((i) => i.id === id));
    const gap = scoreItem(flow, 'exec_gap', answers)!;
    expect([gap.display, gap.score]).toEqual(['10%', 10]);
    expect(scoreItem(flow, 'exec_rate', answers)!.trace[0].text).toBe(
      '按公式 全年执行数 ÷ 全年预算数 × 100% = 180 ÷ 200 × 100% = 90%',
    );
  });

  it('says which answers each item depends on, and which items an answer changes', () => {
    expect(dependenciesOf(flow, 'exec_rate').sort()).toEqual(['budget_spent', 'budget_total']);
    expect(dependenciesOf(flow, 'exec_gap').sort()).toEqual(['budget_spent', 'budget_total', 'exec_rate']);
    expect(dependenciesOf(flow, 'asked')).toEqual([]);
    expect(dependentsOf(flow, 'budget_spent')).toEqual(['exec_rate', 'exec_gap']);
    expect(dependentsOf(flow, 'asked')).toEqual([]);
  });

  it('an unknown id scores nothing', () => {
    expect(scoreItem(flow, 'nope', answers)).toBeUndefined();
  });
});

describe('a flow whose formulas need each other is refused at load', () => {
  it('names the loop', () => {
    const res = loadFlowText(
      `
id: loop
title: 循环
indicators:
  - {id: a, level1: 甲, level2: 甲, name: 甲, weight: 5, target: "100%", formula: "b + 1"}
  - {id: b, level1: 乙, level2: 乙, name: 乙, weight: 5, target: "100%", formula: "a * 2"}
`,
      'loop.yaml',
    );
    expect(res.ok ? [] : res.errors).toEqual(['loop.yaml: indicators[0].formula: 公式互相引用，无法计算：a → b → a']);
  });
});
