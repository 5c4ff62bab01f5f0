import { describe, expect, it } from 'vitest';
import { applyRule } from '../src/core/rules/apply-rule.js';
import { parseRule } from '../src/core/rules/parse-rule.js';
import type { Rule } from '../src/core/types.js';
import { ctx, scoreOf, sentence } from './rules-helpers.js';

const rule = (text: string): Rule => parseRule(text).rule;

describe('step deductions', () => {
  const per5 = rule('积案化解达80%得0.5分，每减少5%扣0.5分，扣完为止');

  // A 12-point shortfall against 每减少5%扣0.5分: 12 ÷ 5 = 2.4 steps.
  it.each([
    ['proportional', 68, 5 - 1.2], // 2.4 × 0.5 = 1.2 lost
    ['floor', 68, 5 - 1], // 2 whole steps × 0.5 = 1.0 lost
    ['ceil', 68, 5 - 1.5], // 3 steps × 0.5 = 1.5 lost
  ] as const)('rounds steps %s', (rounding, value, expected) => {
    const out = applyRule(per5, ctx({ weight: 5, target: '≥80%', value, stepRounding: rounding }));
    expect(scoreOf(out)).toBeCloseTo(expected, 9);
  });

  it('says which rounding applied', () => {
    const floor = applyRule(per5, ctx({ weight: 5, target: '≥80%', value: 68, stepRounding: 'floor' }));
    expect(sentence(floor)).toContain('12个百分点折合2.4档（不足一档的部分不扣，按2档），扣1分');
    const ceil = applyRule(per5, ctx({ weight: 5, target: '≥80%', value: 68, stepRounding: 'ceil' }));
    expect(sentence(ceil)).toContain('按3档');
    const prop = applyRule(per5, ctx({ weight: 5, target: '≥80%', value: 68 }));
    expect(sentence(prop)).toContain('折合2.4档（不足一档按比例折算），扣1.2分');
  });

  it("the rule's own rounding wins over the flow's", () => {
    // "不足5个百分点的按5个百分点计": 8 points → 2 steps × 1 = 2 lost; 10 − 2 = 8
    const r = rule('100%计满分，每下降5个百分点扣1分，不足5个百分点的按5个百分点计，扣完为止。');
    expect(r).toMatchObject({ kind: 'step', rounding: 'ceil' });
    expect(scoreOf(applyRule(r, ctx({ weight: 10, value: 92, stepRounding: 'floor' })))).toBe(8);
  });

  it('reads as one sentence with the numbers', () => {
    // 100 − 98 = 2 points × 1 = 2 lost; 5 − 2 = 3
    const out = applyRule(rule('100%计满分，每低于1%扣1分，扣完为止。'), ctx({ weight: 5, value: 98 }));
    expect(sentence(out)).toBe(
      '完成值98%，比基准100%低2个百分点；按「每低于1%扣1分」，2个百分点折合2档，扣2分；得分5−2=3分',
    );
    expect(out.steps.find((s) => s.op === 'gap')?.values).toMatchObject({ gap: 2, base: 100 });
  });

  it('stops at the cap, and says so', () => {
    // 100 − 70 = 30 points × 1 = 30 lost, capped at the weight 15
    const out = applyRule(rule('100%计满分，每低于1%扣1分，扣完为止。'), ctx({ weight: 15, value: 70 }));
    expect(scoreOf(out)).toBe(0);
    expect(sentence(out)).toContain('扣分上限15分（扣完为止）');
  });

  it('respects 最多扣N分', () => {
    // 10 points × 1 = 10, but at most 3 are lost: 10 − 3 = 7
    const r = rule('100%计满分，每低于1%扣1分，最多扣3分。');
    expect(r).toMatchObject({ kind: 'step', cap: 3 });
    const out = applyRule(r, ctx({ weight: 10, value: 90 }));
    expect(scoreOf(out)).toBe(7);
    expect(sentence(out)).toContain('最多扣3分');
  });

  it("scores against the weight when the text's full marks differ, and says so", () => {
    // text says 计5分, weight is 2: 1 point over × 1 = 1 lost from 2 → 1
    const out = applyRule(
      rule('“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止。'),
      ctx({ weight: 2, target: '≤0%', value: 1 }),
    );
    expect(scoreOf(out)).toBe(1);
    expect(out.steps[0]).toMatchObject({ op: 'full', values: { full: 5, weight: 2 } });
    expect(out.steps[0].text).toContain('按分值2分计');
  });

  it('deducts on both sides of the base', () => {
    const both = rule('100%计满分，每偏离5%扣1分，扣完为止。');
    expect(both).toMatchObject({ kind: 'step', direction: 'both' });
    // 105: 5 over = 1 step; 95: 5 under = 1 step → 3 − 1 = 2 each
    expect(scoreOf(applyRule(both, ctx({ weight: 3, value: 105 })))).toBe(2);
    expect(scoreOf(applyRule(both, ctx({ weight: 3, value: 95 })))).toBe(2);
  });

  it('leaves the side the text does not cover to a person', () => {
    const r = rule('100%计满分，每超过1%扣1分，扣完为止。');
    const out = applyRule(r, ctx({ weight: 3, value: 99 }));
    expect(out.status).toBe('manual');
    if (out.status === 'manual') expect(out.reason).toContain('完成值99%低于100%的情况没有规定');
  });

  it('uses the target as base when the text gives none', () => {
    // base from target ≥90 %: 90 − 84 = 6 points × 0.5 = 3 lost; 10 − 3 = 7
    const r = rule('每低于1个百分点扣0.5分');
    expect(r).toEqual({ kind: 'step', direction: 'below', per: 1, perUnit: '%', deduct: 0.5, otherSide: 'full' });
    expect(scoreOf(applyRule(r, ctx({ weight: 10, target: '≥90%', value: 84 })))).toBe(7);
  });

  it('refuses answers that do not fit the rule', () => {
    const r = rule('100%计满分，每低于1%扣1分，扣完为止。');
    const q = applyRule(r, ctx({ weight: 5, value: { kind: 'qualitative', grade: 'achieved' } }));
    expect(scoreOf(q)).toContain('评分标准按完成值扣分，但填报的是定性评价');
    const pieces = applyRule(r, ctx({ weight: 5, value: 3, unit: '件' }));
    expect(scoreOf(pieces)).toContain('评分标准按百分点扣分，但填报的单位是件');
  });

  it('scores a per-件 step when answer and target are both in 件', () => {
    // structured rule: base 10件, 2 short × 0.5 = 1 lost; 4 − 1 = 3
    const r: Rule = { kind: 'step', direction: 'below', base: 10, per: 1, perUnit: '件', deduct: 0.5 };
    expect(scoreOf(applyRule(r, ctx({ weight: 4, target: '≥10件', value: 8, unit: '件' })))).toBe(3);
  });
});

describe('counted deductions', () => {
  it('deducts per event', () => {
    // 2 incidents × 1 = 2 lost; 3 − 2 = 1
    const out = applyRule(rule('每发生1起扣1分'), ctx({ weight: 3, target: '0起', value: 2, unit: '起' }));
    expect(scoreOf(out)).toBe(1);
    expect(sentence(out)).toBe('共2起，按「每1起扣1分」，扣2分；得分3−2=1分');
  });

  it('gives full marks when nothing happened', () => {
    expect(scoreOf(applyRule(rule('每发生1起扣1分'), ctx({ weight: 3, target: '0起', value: 0, unit: '起' })))).toBe(3);
  });

  it('counts the missing points of a checklist answer', () => {
    // 5 points, 2 missing × 0.5 = 1 lost; 2 − 1 = 1
    const r = rule('部门基础信息是否完善，缺一项扣0.5分，扣完为止');
    expect(scoreOf(applyRule(r, ctx({ weight: 2, value: { kind: 'checklist', met: [1, 3, 5], total: 5 } })))).toBe(1);
  });

  it('refuses a percent or a negative count', () => {
    const r = rule('每发生1起扣1分');
    expect(applyRule(r, ctx({ weight: 3, value: 50 })).status).toBe('manual');
    expect(applyRule(r, ctx({ weight: 3, value: -1, unit: '起' })).status).toBe('manual');
  });
});

describe('tiers', () => {
  const tiers = rule('达到95%及以上得满分，90%（含）-95%得3分，85%（含）-90%得1分，低于85%不得分');

  it('reads the tiers with their bounds', () => {
    expect(tiers).toEqual({
      kind: 'tiers',
      tiers: [
        { min: 95, minInclusive: true, score: 0, fullMarks: true },
        { min: 90, minInclusive: true, max: 95, maxInclusive: false, score: 3 },
        { min: 85, minInclusive: true, max: 90, maxInclusive: false, score: 1 },
        { max: 85, maxInclusive: false, score: 0 },
      ],
    });
  });

  it.each([
    [96, 5], // 满分 = the weight
    [95, 5], // 95 belongs to "95%及以上"
    [92, 3],
    [90, 3],
    [85, 1],
    [80, 0],
  ])('%s%% scores %s', (value, expected) => {
    expect(scoreOf(applyRule(tiers, ctx({ weight: 5, target: '≥95%', value })))).toBe(expected);
  });

  it('names the tier in the trace', () => {
    const out = applyRule(tiers, ctx({ weight: 5, target: '≥95%', value: 92 }));
    expect(sentence(out)).toBe('完成值92%，在「90%（含）-95%」段，得3分');
  });

  it('leaves a value in a gap between tiers to a person', () => {
    const gappy = rule('95%及以上得5分，80%-90%得3分，低于80%不得分');
    // 80-90 is bare: nothing else claims 90, so 90 belongs to it
    expect(scoreOf(applyRule(gappy, ctx({ weight: 5, value: 90 })))).toBe(3);
    const out = applyRule(gappy, ctx({ weight: 5, value: 92 }));
    expect(scoreOf(out)).toContain('不在评分标准的任何分段内');
  });

  it('caps a tier score above the weight', () => {
    const r = rule('完成率95%及以上得5分，低于95%得2分');
    const out = applyRule(r, ctx({ weight: 4, value: 99 }));
    expect(scoreOf(out)).toBe(4);
    expect(sentence(out)).toContain('超过分值4分');
  });

  it('refuses overlapping tiers', () => {
    expect(parseRule('90%以上得5分，80%-95%得3分').rule.kind).toBe('manual');
  });
});

describe('proportional', () => {
  it('of the target: weight × actual ÷ target', () => {
    // 10 × 150 ÷ 200 = 7.5
    const out = applyRule(rule('按实际完成比例计分'), ctx({ weight: 10, target: '≥200件', value: 150, unit: '件' }));
    expect(scoreOf(out)).toBe(7.5);
    expect(sentence(out)).toContain('10×150÷200=7.5分');
  });

  it('of the target, lower is better: weight × target ÷ actual', () => {
    // 10 × 30 ÷ 40 = 7.5
    expect(
      scoreOf(applyRule(rule('得分=实际完成值/目标值×分值'), ctx({ weight: 10, target: '≤30%', value: 40 }))),
    ).toBe(7.5);
  });

  it('full when the target is met', () => {
    expect(
      scoreOf(applyRule(rule('按实际完成比例计分'), ctx({ weight: 10, target: '≥200件', value: 210, unit: '件' }))),
    ).toBe(10);
  });

  it('absolute: weight × value %', () => {
    // 5 × 88 % = 4.4
    expect(scoreOf(applyRule(rule('按满意度百分比计分'), ctx({ weight: 5, target: '≥90%', value: 88 })))).toBe(4.4);
  });
});

describe('all or nothing', () => {
  const r = rule('全部完成得满分，未完成不得分');
  it.each([
    [{ kind: 'bool', value: true }, 4],
    [{ kind: 'bool', value: false }, 0],
    [{ kind: 'qualitative', grade: 'achieved' }, 4],
    [{ kind: 'qualitative', grade: 'partial', score: 3 }, 0],
    [{ kind: 'number', value: 100, unit: '%' }, 4],
    [{ kind: 'number', value: 99, unit: '%' }, 0], // 99 % misses =100 %
  ] as const)('%j scores %s', (value, expected) => {
    expect(scoreOf(applyRule(r, ctx({ weight: 4, target: '=100%', value, unit: '%' })))).toBe(expected);
  });

  it('reads 完成计满分，未完成不计分 and 完成得5分，否则不得分', () => {
    expect(rule('完成计满分，未完成不计分')).toEqual({ kind: 'all_or_nothing' });
    expect(rule('按时完成得5分，否则不得分')).toEqual({ kind: 'all_or_nothing', full: 5 });
  });
});

describe('checklists', () => {
  it('add: met × per point, capped at the weight', () => {
    // 3 met × 2 = 6 > weight 5
    const out = applyRule(
      rule('每项指标评价要点加2分。'),
      ctx({ weight: 5, value: { kind: 'checklist', met: [1, 2, 3], total: 3 } }),
    );
    expect(scoreOf(out)).toBe(5);
  });

  it('names the missing points', () => {
    const out = applyRule(
      rule('每项指标评价要点加2分。'),
      ctx({
        weight: 6,
        value: { kind: 'checklist', met: [1, 3], total: 3 },
        points: ['符合法规', '符合职责', '符合规划'],
      }),
    );
    expect(sentence(out)).toBe('达到2/3项要点，缺第2项（符合职责）；每项2分，得2×2=4分');
  });

  it('deduct: accepts the number missing', () => {
    // 1 missing × 3 = 3 lost; 4 − 3 = 1
    expect(
      scoreOf(
        applyRule(
          rule('按指标说明评价要点，每缺一项扣3分，扣完为止。'),
          ctx({ weight: 4, value: { kind: 'number', value: 1 } }),
        ),
      ),
    ).toBe(1);
  });

  it('refuses a point number out of range', () => {
    const out = applyRule(
      rule('每项指标评价要点加2分。'),
      ctx({ weight: 6, value: { kind: 'checklist', met: [4], total: 3 } }),
    );
    expect(out.status).toBe('manual');
  });

  it('reads unequal point scores, each point its own: both met 1 + 0.5 = 1.5, only the second 0.5', () => {
    const r = rule('1.有制度，1分；2.制度执行有效，0.5分。');
    expect(r).toMatchObject({ kind: 'checklist', mode: 'add', scores: [1, 0.5] });
    const met = (m: number[]) =>
      scoreOf(applyRule(r, ctx({ weight: 1.5, value: { kind: 'checklist', met: m, total: 2 } })));
    expect(met([1, 2])).toBe(1.5);
    expect(met([2])).toBe(0.5);
  });
});

describe('default (财预〔2020〕10号)', () => {
  const d: Rule = { kind: 'default' };
  it.each([
    ['higher, reached', '≥95%', 97, 'higher', 10],
    ['higher, short: 10 × 76 ÷ 95 = 8', '≥95%', 76, 'higher', 8],
    ['lower, within', '≤30%', 25, 'higher', 10],
    ['lower, over: 10 × 30 ÷ 40 = 7.5', '≤30%', 40, 'higher', 7.5],
    ['direction lower with an implicit target: 10 × 30 ÷ 40', '30%', 40, 'lower', 7.5],
    ['range, below: 10 × 45 ÷ 50 = 9', '50%-60%', 45, 'higher', 9],
    ['range, within', '50%-60%', 55, 'higher', 10],
    ['range, above', '50%-60%', 65, 'higher', 10],
  ] as const)('%s', (_name, target, value, direction, expected) => {
    expect(scoreOf(applyRule(d, ctx({ weight: 10, target, value, direction })))).toBeCloseTo(expected, 9);
  });

  it('zero incidents expected, some happened: 0 points, and says why', () => {
    const out = applyRule(d, ctx({ weight: 5, target: '0起', value: 2, unit: '起' }));
    expect(scoreOf(out)).toBe(0);
    expect(sentence(out)).toContain('指标值为0');
  });

  it('a text target with a number answer is manual', () => {
    expect(scoreOf(applyRule(d, ctx({ weight: 5, target: '及时', value: 98 })))).toBe(
      'manual: 指标值为文字，无法按数值计分',
    );
  });

  it('units that differ are manual', () => {
    expect(applyRule(d, ctx({ weight: 5, target: '≥200件', value: 98 })).status).toBe('manual');
  });

  it('bool and checklist', () => {
    expect(scoreOf(applyRule(d, ctx({ weight: 5, target: '是', value: { kind: 'bool', value: true } })))).toBe(5);
    expect(scoreOf(applyRule(d, ctx({ weight: 5, target: '是', value: { kind: 'bool', value: false } })))).toBe(0);
    // 4 × 3 ÷ 4 = 3
    expect(
      scoreOf(applyRule(d, ctx({ weight: 4, target: '健全', value: { kind: 'checklist', met: [1, 2, 3], total: 4 } }))),
    ).toBe(3);
  });

  it('qualitative: achieved is full, partial uses the person’s score and names the band', () => {
    expect(
      scoreOf(applyRule(d, ctx({ weight: 5, target: '稳定', value: { kind: 'qualitative', grade: 'achieved' } }))),
    ).toBe(5);
    const partial = applyRule(
      d,
      ctx({ weight: 5, target: '稳定', value: { kind: 'qualitative', grade: 'partial', score: 3.5 } }),
    );
    expect(scoreOf(partial)).toBe(3.5);
    // 60 %-80 % of 5 is 3-4
    expect(sentence(partial)).toContain('部分达成，按规定在分值的60%-80%（3-4分）之间自评，自评3.5分');
    const none = applyRule(
      d,
      ctx({ weight: 5, target: '稳定', value: { kind: 'qualitative', grade: 'not_achieved', score: 1 } }),
    );
    expect(scoreOf(none)).toBe(1);
    const missing = applyRule(d, ctx({ weight: 5, target: '稳定', value: { kind: 'qualitative', grade: 'partial' } }));
    expect(missing.status).toBe('manual');
  });
});

describe('never throws', () => {
  it.each([
    ['manual rule', { kind: 'manual', reason: '原因' } as Rule, ctx({ weight: 5, value: 90 })],
    ['weight 0', { kind: 'default' } as Rule, ctx({ weight: 0, value: 90 })],
    ['NaN value', { kind: 'default' } as Rule, ctx({ weight: 5, value: Number.NaN })],
    ['text value', { kind: 'default' } as Rule, ctx({ weight: 5, value: { kind: 'text', value: '很好' } })],
    ['unknown kind', { kind: 'nonsense' } as unknown as Rule, ctx({ weight: 5, value: 90 })],
  ])('%s → manual', (_n, r, c) => {
    const out = applyRule(r, c);
    expect(out.status).toBe('manual');
    if (out.status === 'manual') expect(out.reason.length).toBeGreaterThan(0);
  });
});
