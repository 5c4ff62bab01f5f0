import { describe, expect, it } from 'vitest';
import { applyRule } from '../src/core/rules/apply-rule.js';
import { describeRule } from '../src/core/rules/describe-rule.js';
import { parseRule } from '../src/core/rules/parse-rule.js';
import type { Value } from '../src/core/types.js';
import { ctx, scoreOf, sentence } from './rules-helpers.js';

/**
 * Rule texts worded the way other departments write them, one table per class of rule, with the
 * score worked by hand in the comment. `score` is the points, or `manual: <part of the reason>`.
 */
type Row = [
  text: string,
  o: { weight: number; target: string; unit?: string; direction?: 'higher' | 'lower' },
  value: number | Value,
  score: number | string,
];

function check(rows: Row[]) {
  it.each(rows)('%s — %o, %o → %s', (text, o, value, expected) => {
    const out = applyRule(parseRule(text).rule, ctx({ ...o, value }));
    if (typeof expected === 'number') expect(scoreOf(out)).toBeCloseTo(expected, 9);
    else {
      expect(out.status).toBe('manual');
      expect(out.status === 'manual' ? out.reason : '').toContain(expected.replace(/^manual: /, ''));
    }
  });
}

describe('1. counts measured from a threshold or the target', () => {
  check([
    // at most 5 allowed: 5 → none over; 7 → 2 over × 0.5 = 1 lost, 3 − 1 = 2; 20 → 15 × 0.5 = 7.5, capped at 3
    ['不超过5人次得满分，每增加1人次扣0.5分', { weight: 3, target: '≤5人次', unit: '人次' }, 5, 3],
    ['不超过5人次得满分，每增加1人次扣0.5分', { weight: 3, target: '≤5人次', unit: '人次' }, 7, 2],
    ['不超过5人次得满分，每增加1人次扣0.5分', { weight: 3, target: '≤5人次', unit: '人次' }, 20, 0],
    // 3 allowed: 2 → 5; 4 → 1 over × 1 = 1 lost → 4; 10 → 7 lost, capped at 5 → 0
    ['3次以内不扣分，每多1次扣1分', { weight: 5, target: '≤3次', unit: '次' }, 2, 5],
    ['3次以内不扣分，每多1次扣1分', { weight: 5, target: '≤3次', unit: '次' }, 4, 4],
    ['3次以内不扣分，每多1次扣1分', { weight: 5, target: '≤3次', unit: '次' }, 10, 0],
    // 12 → 2 over × 0.2 = 0.4 lost → 1.6; 10 → 2
    ['超过10件的部分每件扣0.2分', { weight: 2, target: '≤10件', unit: '件' }, 12, 1.6],
    ['超过10件的部分每件扣0.2分', { weight: 2, target: '≤10件', unit: '件' }, 10, 2],
    ['超过10件的部分每件扣0.2分', { weight: 2, target: '≤10件', unit: '件' }, 30, 0],
    // 11 → 1 over × 0.5 → 2.5
    ['控制在10件以内，每超过1件扣0.5分', { weight: 3, target: '≤10件', unit: '件' }, 8, 3],
    ['控制在10件以内，每超过1件扣0.5分', { weight: 3, target: '≤10件', unit: '件' }, 11, 2.5],
    // 20 needed: 25 → 5; 18 → 2 short = 1 step × 1 → 4; 8 → 12 short = 6 steps, capped → 0
    ['完成20件得满分，每少2件扣1分', { weight: 5, target: '≥20件', unit: '件' }, 25, 5],
    ['完成20件得满分，每少2件扣1分', { weight: 5, target: '≥20件', unit: '件' }, 18, 4],
    ['完成20件得满分，每少2件扣1分', { weight: 5, target: '≥20件', unit: '件' }, 8, 0],
    // 12 needed: 12 → 4; 10 → 2 short × 0.5 = 1 → 3; 0 → 6 lost, capped → 0
    ['不少于12件，每少1件扣0.5分', { weight: 4, target: '≥12件', unit: '件' }, 12, 4],
    ['不少于12件，每少1件扣0.5分', { weight: 4, target: '≥12件', unit: '件' }, 10, 3],
    ['不少于12件，每少1件扣0.5分', { weight: 4, target: '≥12件', unit: '件' }, 0, 0],
    // no threshold in the text: the target 50户 is it. 49 → 1 short × 0.5 → 2.5; 40 → 5 lost, capped → 0
    ['每少1户扣0.5分', { weight: 3, target: '≥50户', unit: '户' }, 50, 3],
    ['每少1户扣0.5分', { weight: 3, target: '≥50户', unit: '户' }, 49, 2.5],
    ['每少1户扣0.5分', { weight: 3, target: '≥50户', unit: '户' }, 40, 0],
    // the base stated in one clause, the step in another: 125 → 25 over = 2.5 steps of 10 → 2.5 lost → 2.5
    ['信访总量控制在100件以内得满分，超出部分每10件扣1分', { weight: 5, target: '≤100件', unit: '件' }, 90, 5],
    ['信访总量控制在100件以内得满分，超出部分每10件扣1分', { weight: 5, target: '≤100件', unit: '件' }, 125, 2.5],
    ['信访总量控制在100件以内得满分，超出部分每10件扣1分', { weight: 5, target: '≤100件', unit: '件' }, 200, 0],
    // bad events from zero: the rule says 每发生 / 发生 / 出现 / 迟报一次
    ['每发生1起扣1分', { weight: 5, target: '≥50户', unit: '起' }, 2, 3],
    ['发生一起扣2分', { weight: 5, target: '0起', unit: '起' }, 0, 5],
    ['发生一起扣2分', { weight: 5, target: '0起', unit: '起' }, 1, 3],
    ['出现一次扣1分', { weight: 5, target: '0次', unit: '次' }, 2, 3],
    ['迟报、漏报一次扣0.5分', { weight: 2, target: '0次', unit: '次' }, 3, 0.5],
    // a step on a count with a text target has no threshold to count from
    ['每增加1人次扣0.5分', { weight: 3, target: '不突破上年', unit: '人次' }, 2, 'manual: 没有写从多少开始扣分'],
  ]);
});

describe('2. percentage points and bands', () => {
  check([
    // 个 in 个百分点 is not a count: 95 − 93 = 2 points × 0.5 = 1 lost → 4; 80 → 7.5 lost, capped → 0
    ['每低1个百分点扣0.5分', { weight: 5, target: '≥95%' }, 95, 5],
    ['每低1个百分点扣0.5分', { weight: 5, target: '≥95%' }, 93, 4],
    ['每低1个百分点扣0.5分', { weight: 5, target: '≥95%' }, 80, 0],
    // 以90%为基准: 92 → 5; 88 → 2 × 1 → 3; 70 → 0
    ['以90%为基准，每低1个百分点扣1分', { weight: 5, target: '≥90%' }, 92, 5],
    ['以90%为基准，每低1个百分点扣1分', { weight: 5, target: '≥90%' }, 88, 3],
    ['以90%为基准，每低1个百分点扣1分', { weight: 5, target: '≥90%' }, 70, 0],
    // band 95-100: 98 → 2 × 1 → 8; 95 → 5 lost → 5; 94.9 → below the band → 0
    ['95%-100%之间每降低1个百分点扣1分，低于95%不得分', { weight: 10, target: '100%' }, 100, 10],
    ['95%-100%之间每降低1个百分点扣1分，低于95%不得分', { weight: 10, target: '100%' }, 98, 8],
    ['95%-100%之间每降低1个百分点扣1分，低于95%不得分', { weight: 10, target: '100%' }, 95, 5],
    ['95%-100%之间每降低1个百分点扣1分，低于95%不得分', { weight: 10, target: '100%' }, 94.9, 0],
    // a floor after a step: 95 → 5 lost → 15; 89 → below 90 → 0, not 20 − 11 = 9
    ['100%计满分，每低于1%扣1分，低于90%不得分', { weight: 20, target: '100%' }, 100, 20],
    ['100%计满分，每低于1%扣1分，低于90%不得分', { weight: 20, target: '100%' }, 95, 15],
    ['100%计满分，每低于1%扣1分，低于90%不得分', { weight: 20, target: '100%' }, 89, 0],
    // 85%以下 includes 85: 86 → 14 × 0.1 = 1.4 lost → 3.6; 85 → 0
    ['100%计满分；每降低1%扣0.1分；85%以下不得分。', { weight: 5, target: '100%' }, 86, 3.6],
    ['100%计满分；每降低1%扣0.1分；85%以下不得分。', { weight: 5, target: '100%' }, 85, 0],
    // "的该项不得分": 90 → 5 × 1 lost → 5; 84 → below 85 → 0
    ['满意度达到95%得满分，每降低1个百分点扣1分，满意度低于85%的该项不得分', { weight: 10, target: '≥95%' }, 90, 5],
    ['满意度达到95%得满分，每降低1个百分点扣1分，满意度低于85%的该项不得分', { weight: 10, target: '≥95%' }, 84, 0],
    // a definition clause is not a rule: 95 → 5 × 0.2 = 1 lost → 4
    ['预算执行率=实际支出/预算×100%，执行率100%得满分，每降低1%扣0.2分', { weight: 5, target: '100%' }, 95, 4],
    // a cut-off: 0 → 5; 4 → 4 × 0.5 = 2 → 3; 11 → above 10 → 0
    ['0%计满分，每超过1%扣0.5分，超过10%的不计分', { weight: 5, target: '≤0%', direction: 'lower' }, 0, 5],
    ['0%计满分，每超过1%扣0.5分，超过10%的不计分', { weight: 5, target: '≤0%', direction: 'lower' }, 4, 3],
    ['0%计满分，每超过1%扣0.5分，超过10%的不计分', { weight: 5, target: '≤0%', direction: 'lower' }, 11, 0],
    // an exception: 零增长或下降的得满分 — −3% is a fall → 5; 2% → 2 × 1 → 3
    ['较上年每增长1个百分点扣1分，零增长或下降的得满分', { weight: 5, target: '≤0%', direction: 'lower' }, -3, 5],
    ['较上年每增长1个百分点扣1分，零增长或下降的得满分', { weight: 5, target: '≤0%', direction: 'lower' }, 2, 3],
    // a clause nobody reads sends the item to a person, quoting it
    ['100%计满分，每低于1%扣1分，被通报一次扣2分', { weight: 5, target: '100%' }, 99, 'manual: 「被通报一次扣2分」'],
    [
      '100%计满分，每低于1%扣1分，连续两年下降的加倍扣分',
      { weight: 5, target: '100%' },
      99,
      'manual: 「连续两年下降的加倍扣分」',
    ],
  ]);
});

const yes: Value = { kind: 'bool', value: true };
const no: Value = { kind: 'bool', value: false };
const achieved: Value = { kind: 'qualitative', grade: 'achieved' };
const partial: Value = { kind: 'qualitative', grade: 'partial' };
const notAchieved: Value = { kind: 'qualitative', grade: 'not_achieved' };

describe('3. binary rules: the plain words are answers, the rule scores them', () => {
  check([
    ['完成得5分，未完成不得分', { weight: 5, target: '完成' }, yes, 5],
    ['完成得5分，未完成不得分', { weight: 5, target: '完成' }, no, 0],
    ['按时报送得满分，否则不得分', { weight: 2, target: '按时' }, yes, 2],
    ['按时报送得满分，否则不得分', { weight: 2, target: '按时' }, notAchieved, 0],
    ['达标得满分，不达标不得分', { weight: 3, target: '达标' }, achieved, 3],
    ['达标得满分，不达标不得分', { weight: 3, target: '达标' }, no, 0],
    // the rule's own fraction for partial completion: 4 × 50% = 2; 部分完成得1分 → 1
    ['完成得满分，部分完成得50%，未完成不得分', { weight: 4, target: '完成' }, partial, 2],
    ['完成得满分，部分完成得1分，未完成不得分', { weight: 4, target: '完成' }, partial, 1],
    // with no partial clause, partial completion is not completion
    ['完成得满分，未完成不得分', { weight: 4, target: '完成' }, partial, 0],
    // a threshold and its complement
    ['完成率达到100%得满分，否则不得分', { weight: 4, target: '100%' }, 100, 4],
    ['完成率达到100%得满分，否则不得分', { weight: 4, target: '100%' }, 99.5, 0],
  ]);
});

describe('4. tiers read exactly at their boundaries', () => {
  const t = '95%（含）以上得5分，90%（含）-95%得3分，不足90%不得分';
  check([
    [t, { weight: 5, target: '≥95%' }, 95, 5],
    [t, { weight: 5, target: '≥95%' }, 94.99, 3],
    [t, { weight: 5, target: '≥95%' }, 90, 3],
    [t, { weight: 5, target: '≥95%' }, 89.9, 0],
    // 以下 with (含): 80 is in the lower tier
    ['80%（含）以下得1分，80%以上得3分', { weight: 3, target: '≥80%' }, 80, 1],
    ['80%（含）以下得1分，80%以上得3分', { weight: 3, target: '≥80%' }, 80.5, 3],
  ]);
  // cascading: each "达到" holds until the next higher one
  const c = '达到95%得满分，达到90%得3分，达到80%得1分';
  check([
    [c, { weight: 5, target: '≥95%' }, 96, 5],
    [c, { weight: 5, target: '≥95%' }, 95, 5],
    [c, { weight: 5, target: '≥95%' }, 92, 3],
    [c, { weight: 5, target: '≥95%' }, 85, 1],
    // the text is silent below 80%
    [c, { weight: 5, target: '≥95%' }, 70, 'manual: 不在评分标准的任何分段内'],
  ]);
  it('cascading tiers are ordinary tiers, not "overlapping"', () => {
    expect(parseRule(c).rule.kind).toBe('tiers');
  });
  // Both tiers claim 95% with a bare 以上/以下: exactly 95% goes to a person, the rest is clear.
  const both = '95%以上得满分，95%以下得3分';
  check([
    [both, { weight: 5, target: '≥95%' }, 96, 5],
    [both, { weight: 5, target: '≥95%' }, 94, 3],
    [both, { weight: 5, target: '≥95%' }, 95, 'manual: 完成值95%正好在两段的分界上，评分标准没有说明算哪一段'],
    // the same with bare ranges "90-95 / 95-100"
    ['90%-95%得3分，95%-100%得5分', { weight: 5, target: '≥95%' }, 95, 'manual: 正好在两段的分界上'],
    ['90%-95%得3分，95%-100%得5分', { weight: 5, target: '≥95%' }, 97, 5],
  ]);
});

describe('5. lower-is-better money and rates', () => {
  check([
    // a ceiling of 120万元 under the default rule: 110 is under it → full
    ['', { weight: 5, target: '120万元', unit: '万元', direction: 'lower' }, 110, 5],
    // 130 overruns it: 5 × 120 ÷ 130 = 4.615384615
    ['', { weight: 5, target: '120万元', unit: '万元', direction: 'lower' }, 130, (5 * 120) / 130],
    // 每超支1万元扣0.5分 on a 100万元 ceiling: 103 → 3 × 0.5 = 1.5 → 3.5; 98 → 5
    ['每超支1万元扣0.5分', { weight: 5, target: '≤100万元', unit: '万元' }, 103, 3.5],
    ['每超支1万元扣0.5分', { weight: 5, target: '≤100万元', unit: '万元' }, 98, 5],
    ['每超支1万元扣0.5分', { weight: 5, target: '≤100万元', unit: '万元' }, 120, 0],
  ]);
  check([
    // the text only deducts above the target; below it the answer meets the target: full, never a person's guess
    ['控制在预算内得满分，每超支1%扣1分', { weight: 5, target: '≤100%', direction: 'lower' }, 95, 5],
    ['控制在预算内得满分，每超支1%扣1分', { weight: 5, target: '≤100%', direction: 'lower' }, 103, 2],
    ['每超过计划1个百分点扣0.5分', { weight: 5, target: '≤30%', direction: 'lower' }, 25, 5],
    ['每超过计划1个百分点扣0.5分', { weight: 5, target: '≤30%', direction: 'lower' }, 35, 2.5],
  ]);
  it('an overrun is described as 超出, a spend under the ceiling as 未超出', () => {
    const over = applyRule(
      parseRule('').rule,
      ctx({ weight: 5, target: '120万元', unit: '万元', direction: 'lower', value: 130 }),
    );
    expect(sentence(over)).toBe('完成值130万元，超出指标值120万元；按完成比例计分：5×120÷130=4.6154分');
    const under = applyRule(
      parseRule('').rule,
      ctx({ weight: 5, target: '120万元', unit: '万元', direction: 'lower', value: 110 }),
    );
    expect(sentence(under)).toBe('完成值110万元，未超出指标值120万元，得满分5分');
  });
});

describe('proportional rules, with their own base or a clause that must not be dropped', () => {
  const t = '执行率达到90%得满分，未达到90%的，按实际执行率占90%的比例计分';
  check([
    // 95 reaches 90 → 10; 81 → 10 × 81 ÷ 90 = 9; 45 → 5
    [t, { weight: 10, target: '≥90%' }, 95, 10],
    [t, { weight: 10, target: '≥90%' }, 81, 9],
    [t, { weight: 10, target: '≥90%' }, 45, 5],
    // 10 × 80 ÷ 100 = 8
    ['按实际完成比例计分', { weight: 10, target: '100%' }, 80, 8],
    // a floor after a proportional rule is read, not dropped: 10 × 80 ÷ 100 = 8; 55 is below 60 → 0
    ['按实际完成比例计分，低于60%不得分', { weight: 10, target: '100%' }, 80, 8],
    ['按实际完成比例计分，低于60%不得分', { weight: 10, target: '100%' }, 55, 0],
    // 按满意百分比: the weight × the satisfaction itself, 10 × 85% = 8.5; 79 is below 80 → 0
    ['按群众满意百分比计分，满意度低于80%的不得分', { weight: 10, target: '≥90%' }, 85, 8.5],
    ['按群众满意百分比计分，满意度低于80%的不得分', { weight: 10, target: '≥90%' }, 79, 0],
  ]);
});

describe('6. 最低得0分 and 不倒扣 are caps, never full marks of 0', () => {
  check([
    // 100 − 80 = 20 lost, the weight 5 is the most → 0
    ['100%计满分，每低于1%扣1分，最低得0分', { weight: 5, target: '100%' }, 80, 0],
    ['100%计满分，每低于1%扣1分，最低得0分', { weight: 5, target: '100%' }, 98, 3],
    ['100%计满分，每低于1%扣1分，不倒扣', { weight: 5, target: '100%' }, 97, 2],
  ]);
  it('states no full marks of 0 and describes a cap', () => {
    const r = parseRule('100%计满分，每低于1%扣1分，最低得0分').rule;
    expect(r).toMatchObject({ kind: 'step', base: 100 });
    expect('full' in r ? r.full : undefined).toBeUndefined();
    expect(describeRule(r)).toBe('低于100%时每1个百分点扣1分，扣完为止');
  });
});

describe('an answer that meets the target is never marked down', () => {
  const texts = [
    '不超过5人次得满分，每增加1人次扣0.5分',
    '每低1个百分点扣0.5分',
    '以90%为基准，每低1个百分点扣1分',
    '达到95%得满分，达到90%得3分，达到80%得1分',
    '完成率达到100%得满分，否则不得分',
  ];
  const targets = ['≤5人次', '≥95%', '≥90%', '≥95%', '100%'];
  const meets = [4, 99, 90, 95, 100];
  it.each(texts.map((t, i) => [t, targets[i], meets[i]] as const))('%s at %s with %s', (text, target, value) => {
    const unit = target.endsWith('人次') ? '人次' : '%';
    expect(scoreOf(applyRule(parseRule(text).rule, ctx({ weight: 5, target, unit, value })))).toBe(5);
  });
});

describe('the rule as the chat says it back', () => {
  it.each([
    ['100%计满分，每低于1%扣1分，低于90%不得分', '低于100%时每1个百分点扣1分，扣完为止，低于90%不得分'],
    ['完成得满分，部分完成得1分，未完成不得分', '完成得满分，部分完成得1分，未完成不得分'],
    ['完成得满分，部分完成得50%，未完成不得分', '完成得满分，部分完成得分值的50%，未完成不得分'],
    ['100%计满分，每低于1%扣1分，不倒扣', '低于100%时每1个百分点扣1分，扣完为止'],
  ])('%s', (text, said) => {
    expect(describeRule(parseRule(text).rule)).toBe(said);
  });

  it('flows check never reports 最低得0分 as full marks of 0', () => {
    expect(parseRule('100%计满分，每低于1%扣1分，最低得0分').notes).toEqual([]);
  });
});

describe('checklist rules keep every clause too', () => {
  it('a condition after 每项要点加2分 sends the item to a person, quoting it', () => {
    expect(parseRule('每项指标评价要点加2分，未提供佐证材料的不得分').rule).toEqual({
      kind: 'manual',
      reason: '评分标准中「未提供佐证材料的不得分」没有读懂，不能自动计分，需人工评分',
    });
  });
});
