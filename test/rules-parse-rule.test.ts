import { describe, expect, it } from 'vitest';
import { describeRule } from '../src/core/rules/describe-rule.js';
import { parseRule } from '../src/core/rules/parse-rule.js';

describe('parseRule reads the many phrasings of a step deduction', () => {
  it.each([
    ['每低于五个百分点扣一分', { direction: 'below', per: 5, deduct: 1, perUnit: '%' }],
    ['每低于百分之五扣1分', { direction: 'below', per: 5, deduct: 1, perUnit: '%' }],
    ['每下降半个百分点扣0.1分', { direction: 'below', per: 0.5, deduct: 0.1, perUnit: '%' }],
    ['１００％计满分，每低于１％扣１分', { direction: 'below', base: 100, per: 1, deduct: 1, perUnit: '%' }],
    ['100%计满分，\n每低于 1% 扣1分', { direction: 'below', base: 100, per: 1, deduct: 1, perUnit: '%' }],
    ['低于95%时每5个百分点扣0.5分，扣完为止', { direction: 'below', base: 95, per: 5, deduct: 0.5, perUnit: '%' }],
    ['每差1个百分点扣0.2分', { direction: 'below', per: 1, deduct: 0.2, perUnit: '%' }],
    ['预算100%以内计满分，每超支1%扣0.5分', { direction: 'above', base: 100, per: 1, deduct: 0.5, otherSide: 'full' }],
    ['每偏离1%扣1分', { direction: 'both', per: 1, deduct: 1 }],
    ['100%计满分，每增加或减少2%扣1分', { direction: 'both', base: 100, per: 2, deduct: 1 }],
    ['办结率达100%得4分，每减少1件扣0.5分', { direction: 'below', base: 100, perUnit: '件', full: 4 }],
  ] as const)('%s', (text, expected) => {
    expect(parseRule(text).rule).toMatchObject({ kind: 'step', ...expected });
  });

  it('reads a cap and a stated rounding', () => {
    expect(parseRule('100%计满分，每低于1%扣1分，最多扣3分').rule).toMatchObject({ cap: 3 });
    expect(parseRule('100%计满分，每低于5%扣1分，不足5%的不扣分').rule).toMatchObject({ rounding: 'floor' });
    expect(parseRule('100%计满分，每低于5%扣1分，扣完为止').rule).not.toHaveProperty('rounding');
  });
});

describe('parseRule reads counted deductions', () => {
  it.each([
    ['每发生1起扣1分', { per: 1, deduct: 1, unit: '起' }],
    ['每出现一例扣0.5分', { per: 1, deduct: 0.5, unit: '例' }],
    ['每缺一项扣1分', { per: 1, deduct: 1, unit: '项' }],
    ['缺一项扣0.5分', { per: 1, deduct: 0.5, unit: '项' }],
    ['每一项不达标扣0.5分', { per: 1, deduct: 0.5, unit: '项', what: '不达标' }],
    ['未公开每一项扣0.5分', { per: 1, deduct: 0.5, unit: '项' }],
    ['每发生两起扣2分，最多扣4分', { per: 2, deduct: 2, unit: '起', cap: 4 }],
  ] as const)('%s', (text, expected) => {
    expect(parseRule(text).rule).toEqual({ kind: 'count', ...expected });
  });
});

describe('parseRule counts from the target, not from zero, when the rule names no events', () => {
  it('每增加1件减0.1分: a step above the target (the target 0件 makes it a count from zero)', () => {
    expect(parseRule('每增加1件减0.1分').rule).toEqual({
      kind: 'step',
      direction: 'above',
      per: 1,
      deduct: 0.1,
      perUnit: '件',
      otherSide: 'full',
    });
  });
});

describe('parseRule reads tiers', () => {
  it('with the comparator after the lower bound', () => {
    expect(parseRule('≥90%得5分；80%≤完成率<90%得3分；<80%不得分').rule).toEqual({
      kind: 'tiers',
      tiers: [
        { min: 90, minInclusive: true, score: 5 },
        { min: 80, minInclusive: true, max: 90, maxInclusive: false, score: 3 },
        { max: 80, maxInclusive: false, score: 0 },
      ],
    });
  });

  it('notes that a bare 以上 includes its number', () => {
    const { rule, notes } = parseRule('完成率90%以上得5分，低于90%得2分');
    expect(rule).toMatchObject({
      kind: 'tiers',
      tiers: [
        { min: 90, minInclusive: true, score: 5 },
        { max: 90, score: 2 },
      ],
    });
    expect(notes.join()).toContain('按包含本数理解');
  });
});

describe('parseRule never guesses', () => {
  it('an empty text falls back to the default method, with a note', () => {
    const { rule, notes } = parseRule('  \n ');
    expect(rule).toEqual({ kind: 'default' });
    expect(notes[0]).toContain('评分标准为空');
  });

  it.each([
    ['扣相应分值', '没有给出扣分数'],
    ['酌情扣分', '酌情'],
    ['每减少5%扣', '「每减少5%扣」后缺少扣分数（原文可能被截断）'],
    ['每低于1%扣分', '缺少扣分数'],
    ['每低于扣1分', '缺少步长'],
    ['按指标说明评价要点，每缺一项扣', '缺少扣分数'],
    ['asdf!!!', '无法识别'],
    ['@@@ 10分 ###', '没有读懂评分标准'],
    ['由考核组根据考核结果折算', '外部考核'],
    ['每低于0%扣0分', '为0'],
  ])('%s → manual', (text, reason) => {
    const { rule } = parseRule(text);
    expect(rule.kind).toBe('manual');
    expect((rule as { reason: string }).reason).toContain(reason);
  });

  it.each(['每', '每%扣分', '1.2.3.', '得分=', '扣', '）（', '每低于-1%扣1分', '0%-', '—', 'null'])(
    'does not throw on "%s"',
    (text) => {
      expect(() => parseRule(text)).not.toThrow();
      expect(parseRule(text).rule.kind).toBeTypeOf('string');
    },
  );
});

describe('describeRule', () => {
  it.each([
    ['网上信访案件及时受理率达95%得2分，每减少5%扣0.5分，扣完为止。', '低于95%时每5个百分点扣0.5分，扣完为止'],
    [
      '100%计满分，每超过1%扣1分，扣完为止。',
      '超过100%时每1个百分点扣1分，扣完为止（低于100%的情况未规定，需人工评分）',
    ],
    ['100%计满分，每超过（降低）5%扣1分，扣完为止。', '偏离100%时每5个百分点扣1分，扣完为止'],
    ['中央、省交办件办结率达100%得4分，每减少1件扣0.5分，扣完为止', '每少1件扣0.5分（基准100），扣完为止'],
    ['每发生1起扣1分，最多扣3分', '每1起扣1分，最多扣3分'],
    [
      '达到95%及以上得满分，90%（含）-95%得3分，85%（含）-90%得1分，低于85%不得分',
      '95%及以上得满分，90%（含）-95%得3分，85%（含）-90%得1分，低于85%不得分',
    ],
    ['按群众满意百分比', '按百分比计分（分值×百分比）'],
    ['每项指标评价要点加2分。', '每达到一项评价要点得2分'],
    ['按指标说明评价要点，每缺一项扣1分，扣完为止。', '每缺一项评价要点扣1分，扣完为止'],
    ['全部完成得满分，未完成不得分', '完成得满分，未完成不得分'],
    ['未办结1件，扣相应分值', '需人工评分：评分标准「未办结1件，扣相应分值」没有给出扣分数'],
  ])('%s', (text, expected) => {
    expect(describeRule(parseRule(text).rule)).toBe(expected);
  });
});
