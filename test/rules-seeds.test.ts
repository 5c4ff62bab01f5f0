import { describe, expect, it } from 'vitest';
import { applyRule } from '../src/core/rules/apply-rule.js';
import { parseRule } from '../src/core/rules/parse-rule.js';
import type { Rule, Value } from '../src/core/types.js';
import { ctx, scoreOf } from './rules-helpers.js';

/**
 * Every 评（扣）分标准 of the seed documents: what it reads as, and a worked example through applyRule.
 * `score` is a number for a scored example, or a fragment of the manual reason.
 */
interface Example {
  weight: number;
  target?: string;
  value: number | Value;
  unit?: string;
  score: number | { manual: string };
}
interface Seed {
  text: string;
  rule: Rule | { kind: 'manual'; reason: RegExp };
  examples?: Example[];
}

const seeds: Seed[] = [
  {
    text: '下降得3分，每增加1件减0.1分，扣完为止',
    rule: { kind: 'step', direction: 'above', per: 1, deduct: 0.1, perUnit: '件', full: 3, otherSide: 'full' },
    // 4 more cases than last year: 4 × 0.1 = 0.4 lost, 3 − 0.4 = 2.6
    examples: [{ weight: 3, target: '0件', value: 4, unit: '件', score: 2.6 }],
  },
  {
    text: '中央、省交办件办结率达100%得4分，每减少1件扣0.5分，扣完为止',
    rule: {
      kind: 'step',
      direction: 'below',
      base: 100,
      per: 1,
      perUnit: '件',
      deduct: 0.5,
      full: 4,
      otherSide: 'full',
    },
    // the rule counts cases but the answer is a rate: cannot convert
    examples: [{ weight: 4, target: '=100%', value: 98, score: { manual: '按件扣分，但填报的是百分比' } }],
  },
  {
    text: '州交办件办结率达95%得3分，每减少1件扣0.5分，扣完为止',
    rule: {
      kind: 'step',
      direction: 'below',
      base: 95,
      per: 1,
      perUnit: '件',
      deduct: 0.5,
      full: 3,
      otherSide: 'full',
    },
    examples: [{ weight: 3, target: '≥95%', value: 2, unit: '件', score: { manual: '指标值是百分比' } }],
  },
  {
    text: '初信交办率达100%得2分，每减少5%扣0.5分，扣完为止。',
    rule: {
      kind: 'step',
      direction: 'below',
      base: 100,
      per: 5,
      perUnit: '%',
      deduct: 0.5,
      full: 2,
      otherSide: 'full',
    },
    // 100 − 90 = 10 points = 2 steps × 0.5 = 1 lost; 2 − 1 = 1
    examples: [{ weight: 2, target: '=100%', value: 90, score: 1 }],
  },
  {
    text: '来信办结率达95%得1分，每减少5%扣0.2分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 95, per: 5, perUnit: '%', deduct: 0.2, full: 1, otherSide: 'full' },
    // 95 − 85 = 10 points = 2 steps × 0.2 = 0.4 lost; 1 − 0.4 = 0.6
    examples: [{ weight: 1, target: '≥95%', value: 85, score: 0.6 }],
  },
  {
    text: '网上信访案件及时受理率达95%得2分，每减少5%扣0.5分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 95, per: 5, perUnit: '%', deduct: 0.5, full: 2, otherSide: 'full' },
    // 97 % is above the 95 % base: full marks
    examples: [{ weight: 2, target: '≥95%', value: 97, score: 2 }],
  },
  {
    text: '网上信访案件按时办结率达90%得1分，每减少5%扣0.2分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 90, per: 5, perUnit: '%', deduct: 0.2, full: 1, otherSide: 'full' },
    // 90 − 88 = 2 points = 0.4 step (proportional) × 0.2 = 0.08 lost; 1 − 0.08 = 0.92
    examples: [{ weight: 1, target: '≥90%', value: 88, score: 0.92 }],
  },
  {
    text: '州长信箱交办案件按期办结率达95%得2分，每减少5%扣',
    rule: { kind: 'manual', reason: /「每减少5%扣」后缺少扣分数（原文可能被截断）/ },
    examples: [{ weight: 2, target: '≥95%', value: 90, score: { manual: '缺少扣分数' } }],
  },
  {
    text: '州长信箱案件回访率达80%得1分，每减少5%扣0.5分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 80, per: 5, perUnit: '%', deduct: 0.5, full: 1, otherSide: 'full' },
    // 80 − 60 = 20 points = 4 steps × 0.5 = 2, capped at the weight 1: score 0
    examples: [{ weight: 1, target: '≥80%', value: 60, score: 0 }],
  },
  {
    text: '积案化解达80%得5分，每减少5%扣0.5分，扣完为止',
    rule: { kind: 'step', direction: 'below', base: 80, per: 5, perUnit: '%', deduct: 0.5, full: 5, otherSide: 'full' },
    // 80 − 70 = 10 points = 2 steps × 0.5 = 1 lost; 5 − 1 = 4
    examples: [{ weight: 5, target: '≥80%', value: 70, score: 4 }],
  },
  {
    text: '及时受理率100%得3分，每减少5%扣1分。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 1, full: 3, otherSide: 'full' },
    // 100 − 95 = 5 points = 1 step × 1 = 1 lost; 3 − 1 = 2
    examples: [{ weight: 3, target: '100%', value: 95, score: 2 }],
  },
  {
    text: '信访事项及时办结90%得3分，每减少5%扣1分。',
    rule: { kind: 'step', direction: 'below', base: 90, per: 5, perUnit: '%', deduct: 1, full: 3, otherSide: 'full' },
    examples: [{ weight: 3, target: '≥90%', value: 90, score: 3 }],
  },
  {
    text: '未办结1件，扣相应分值',
    rule: { kind: 'manual', reason: /「未办结1件，扣相应分值」没有给出扣分数/ },
    examples: [{ weight: 10, target: '0件', value: 1, unit: '件', score: { manual: '没有给出扣分数' } }],
  },
  { text: '出现1人次，扣相应分值', rule: { kind: 'manual', reason: /没有给出扣分数/ } },
  { text: '发生1次重大舆情，扣相应分值', rule: { kind: 'manual', reason: /没有给出扣分数/ } },
  { text: '信访渠道畅通、信访秩序好转', rule: { kind: 'manual', reason: /写的是指标说明，没有计分方法/ } },
  {
    text: '按群众满意百分比',
    rule: { kind: 'proportional', of: 'absolute' },
    // 10 × 96 % = 9.6
    examples: [{ weight: 10, target: '≥90%', value: 96, score: 9.6 }],
  },
  {
    text: '每项指标评价要点加2分。',
    rule: { kind: 'checklist', mode: 'add', perPoint: 2 },
    // points ① and ③ met: 2 × 2 = 4
    examples: [{ weight: 6, target: '符合', value: { kind: 'checklist', met: [1, 3], total: 3 }, score: 4 }],
  },
  {
    text: '以100%为标准，在职人员控制率≤100%，计2分；每超过一个百分点扣0.5分，扣完为止。',
    rule: {
      kind: 'step',
      direction: 'above',
      base: 100,
      per: 1,
      perUnit: '%',
      deduct: 0.5,
      full: 2,
      otherSide: 'full',
    },
    examples: [
      // 103 − 100 = 3 points × 0.5 = 1.5 lost; 2 − 1.5 = 0.5
      { weight: 2, target: '≤100%', value: 103, score: 0.5 },
      // ≤100 % is stated as full marks
      { weight: 2, target: '≤100%', value: 95, score: 2 },
    ],
  },
  {
    text: '“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'above', base: 0, per: 1, perUnit: '%', deduct: 1, full: 5, otherSide: 'full' },
    examples: [
      // the deduction is only for ＞0: a fall (−8 %) is full marks
      { weight: 2, target: '≤0%', value: -8, score: 2 },
      // 1.5 points over 0 × 1 = 1.5 lost; weight 2 (not the text's 5) − 1.5 = 0.5
      { weight: 2, target: '≤0%', value: 1.5, score: 0.5 },
    ],
  },
  {
    text: '“重点支出安排率” ＞50%，计2分，每下降一个百分点扣0.5分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 50, per: 1, perUnit: '%', deduct: 0.5, full: 2, otherSide: 'full' },
    // 50 − 48.5 = 1.5 points × 0.5 = 0.75 lost; 2 − 0.75 = 1.25
    examples: [{ weight: 2, target: '>50%', value: 48.5, score: 1.25 }],
  },
  {
    text: '100%计满分，每低于1%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 1, perUnit: '%', deduct: 1, otherSide: 'full' },
    // 100 − 98 = 2 points × 1 = 2 lost; 5 − 2 = 3
    examples: [{ weight: 5, target: '100%', value: 98, score: 3 }],
  },
  {
    text: '100%计满分，每下降5%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 1, otherSide: 'full' },
    // 100 − 88 = 12 points = 2.4 steps × 1 = 2.4 lost; 3 − 2.4 = 0.6
    examples: [{ weight: 3, target: '100%', value: 88, score: 0.6 }],
  },
  {
    text: '100%计满分，每低于5%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 1, otherSide: 'full' },
    examples: [{ weight: 3, target: '100%', value: 100, score: 3 }],
  },
  {
    text: '0%计满分，每超过5%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'above', base: 0, per: 5, perUnit: '%', deduct: 1, otherSide: 'uncovered' },
    examples: [
      // 7 points over 0 = 1.4 steps × 1 = 1.4 lost; 3 − 1.4 = 1.6
      { weight: 3, target: '0%', value: 7, score: 1.6 },
      // the text says nothing about values under 0 %
      { weight: 3, target: '0%', value: -2, score: { manual: '低于0%的情况没有规定' } },
    ],
  },
  {
    text: '100%以下（含）计满分，每超出1%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'above', base: 100, per: 1, perUnit: '%', deduct: 1, otherSide: 'full' },
    examples: [
      { weight: 3, target: '≤100%', value: 96, score: 3 },
      // 1.5 points over × 1 = 1.5 lost; 3 − 1.5 = 1.5
      { weight: 3, target: '≤100%', value: 101.5, score: 1.5 },
    ],
  },
  {
    text: '100%计满分，每超过（降低）5%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'both', base: 100, per: 5, perUnit: '%', deduct: 1 },
    examples: [
      // 10 points over = 2 steps × 1 = 2 lost; 3 − 2 = 1
      { weight: 3, target: '100%', value: 110, score: 1 },
      // 7 points under = 1.4 steps × 1 = 1.4 lost; 3 − 1.4 = 1.6
      { weight: 3, target: '100%', value: 93, score: 1.6 },
    ],
  },
  {
    text: '1.有内部财务管理制度，会计核算制度等管理制度，0.5分；2.有本部门厉行节约制度，0.5分；3.相关管理制度合法、合规、完整，0.5分；4.相关管理制度得到有效执行，0.5分。',
    rule: {
      kind: 'checklist',
      mode: 'add',
      perPoint: 0.5,
      items: 4,
      texts: [
        '有内部财务管理制度,会计核算制度等管理制度',
        '有本部门厉行节约制度',
        '相关管理制度合法、合规、完整',
        '相关管理制度得到有效执行',
      ],
    },
    examples: [
      // 3 of 4 points × 0.5 = 1.5
      { weight: 2, target: '健全', value: { kind: 'checklist', met: [1, 2, 4], total: 4 }, score: 1.5 },
      // the rule lists 4 conditions, the item only 3 points: a person decides, never a guess
      {
        weight: 2,
        target: '健全',
        value: { kind: 'checklist', met: [1, 2, 3], total: 3 },
        score: { manual: '评分标准列了4条计分条件，本项列的评价要点有3条' },
      },
    ],
  },
  {
    text: '1.支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；2.资金拨付有完整的审批程序和手续；3.项目支出按规定经过评估论证；4.支出符合部门预算批复的用途；5.资金使用无截留、挤占、挪用、虚列支出等情况。以上情况每出现一例不符合要求的扣0.5分，扣完为止',
    rule: { kind: 'count', per: 1, deduct: 0.5, unit: '例', what: '不符合要求' },
    // 3 cases × 0.5 = 1.5 lost; 2 − 1.5 = 0.5
    examples: [{ weight: 2, target: '合规', value: 3, unit: '例', score: 0.5 }],
  },
  {
    text: '部门预算、执行、决算、监督、绩效等管理相关的信息未公开，每一项扣0.5分，扣完为止。',
    rule: { kind: 'count', per: 1, deduct: 0.5, unit: '项' },
    // 1 item not published × 0.5 = 0.5 lost; 1 − 0.5 = 0.5
    examples: [{ weight: 1, target: '公开', value: 1, unit: '项', score: 0.5 }],
  },
  {
    text: '部门基础信息是否完善，缺一项扣0.5分，扣完为止',
    rule: { kind: 'count', per: 1, deduct: 0.5, unit: '项' },
    // 3 missing × 0.5 = 1.5, capped at the weight 1: score 0
    examples: [{ weight: 1, target: '完善', value: 3, unit: '项', score: 0 }],
  },
  {
    text: '部门有加强资产管理、规范资产管理行为而制定的管理制度的计1分；有效执行相关文件的计1分。反之不计分。',
    rule: {
      kind: 'checklist',
      mode: 'add',
      perPoint: 1,
      items: 2,
      texts: ['部门有加强资产管理、规范资产管理行为而制定的管理制度', '有效执行相关文件'],
    },
    // has the rules but does not apply them: 1 × 1 = 1
    examples: [{ weight: 2, target: '健全', value: { kind: 'checklist', met: [1], total: 2 }, score: 1 }],
  },
  {
    text: '部门的资产是否保存完整、使用合规、配置合理、处置规范、收入及时足额上缴计满分，每一项不达标扣0.5分，扣完为止。',
    rule: { kind: 'count', per: 1, deduct: 0.5, unit: '项', what: '不达标' },
    // 2 items short × 0.5 = 1 lost; 2 − 1 = 1
    examples: [{ weight: 2, target: '规范', value: 2, unit: '项', score: 1 }],
  },
  {
    text: '100%计满分，每降低5%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 1, otherSide: 'full' },
    // 100 − 85 = 15 points = 3 steps × 1 = 3 lost; 3 − 3 = 0
    examples: [{ weight: 3, target: '100%', value: 85, score: 0 }],
  },
  {
    text: '100%计满分，每超过1%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'above', base: 100, per: 1, perUnit: '%', deduct: 1, otherSide: 'uncovered' },
    examples: [
      // 2 points over × 1 = 2 lost; 3 − 2 = 1
      { weight: 3, target: '100%', value: 102, score: 1 },
      // under 100 % is not covered by the text
      { weight: 3, target: '100%', value: 98, score: { manual: '只规定了高于100%时如何扣分' } },
    ],
  },
  {
    text: '根据绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。该项得分=（绩效办对应部分考核得分）',
    rule: { kind: 'manual', reason: /^评分标准引用外部考核得分（绩效办考核），需人工填写$/ },
  },
  {
    text: '部门履行职责对经济发展所带来的直接或间接影响。',
    rule: { kind: 'manual', reason: /写的是指标说明，没有计分方法/ },
  },
  {
    text: '社会公众或部门的服务对象对部门履职效果的满意程度。',
    rule: { kind: 'manual', reason: /写的是指标说明，没有计分方法/ },
  },
  {
    text: '按指标说明评价要点，每缺一项扣1分，扣完为止。',
    rule: { kind: 'checklist', mode: 'deduct', perPoint: 1 },
    examples: [
      // 1 of 4 points missing × 1 = 1 lost; 4 − 1 = 3
      { weight: 4, target: '合规', value: { kind: 'checklist', met: [1, 2, 4], total: 4 }, score: 3 },
      // answered as the number missing: 1 × 1 lost from 1 = 0
      { weight: 1, target: '合规', value: { kind: 'number', value: 1 }, score: 0 },
    ],
  },
  {
    text: '资金到位率100%计满分，每下降5个百分点扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 1, otherSide: 'full' },
    // 100 − 93 = 7 points = 1.4 steps × 1 = 1.4 lost; 5 − 1.4 = 3.6
    examples: [{ weight: 5, target: '100%', value: 93, score: 3.6 }],
  },
  {
    text: '按指标说明评价要点，每缺一项扣3分，扣完为止。',
    rule: { kind: 'checklist', mode: 'deduct', perPoint: 3 },
    // 2 missing × 3 = 6, capped at the weight 5: score 0
    examples: [{ weight: 5, target: '健全', value: { kind: 'checklist', met: [], total: 2 }, score: 0 }],
  },
  {
    text: '100%计满分，每下降1%扣1分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 1, perUnit: '%', deduct: 1, otherSide: 'full' },
    // 100 − 97.5 = 2.5 points × 1 = 2.5 lost; 10 − 2.5 = 7.5
    examples: [{ weight: 10, target: '100%', value: 97.5, score: 7.5 }],
  },
  {
    text: '达到绩效目标完成时间计5分，超过30%的不计分。',
    rule: {
      kind: 'manual',
      reason: /「达到绩效目标完成时间计5分」没有数值条件.*「超过30%的不计分。」也没说明百分比是和什么比较/,
    },
    examples: [{ weight: 10, target: '及时', value: 20, score: { manual: '分段不完整' } }],
  },
  {
    text: '100%计满分，每下降5个百分点扣2分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 2, otherSide: 'full' },
    // 100 − 90 = 10 points = 2 steps × 2 = 4 lost; 10 − 4 = 6
    examples: [{ weight: 10, target: '100%', value: 90, score: 6 }],
  },
  {
    text: '达到绩效目标完成时间计5分，少于60%的不计分。',
    rule: { kind: 'manual', reason: /「少于60%的不计分。」也没说明百分比是和什么比较/ },
  },
  {
    text: '100%计满分，每下降五个百分点扣2分，扣完为止。',
    rule: { kind: 'step', direction: 'below', base: 100, per: 5, perUnit: '%', deduct: 2, otherSide: 'full' },
    // 100 − 85 = 15 points = 3 steps × 2 = 6 lost; 10 − 6 = 4
    examples: [{ weight: 10, target: '≥90%', value: 85, score: 4 }],
  },
];

describe('seed 评（扣）分标准 texts', () => {
  it.each(seeds.map((s) => [s.text, s] as const))('%s', (_text, seed) => {
    const { rule } = parseRule(seed.text);
    if (seed.rule.kind === 'manual' && seed.rule.reason instanceof RegExp) {
      expect(rule.kind).toBe('manual');
      expect((rule as { reason: string }).reason).toMatch(seed.rule.reason);
    } else {
      expect(rule).toEqual(seed.rule);
    }
    for (const ex of seed.examples ?? []) {
      const out = applyRule(rule, ctx(ex));
      if (typeof ex.score === 'number') {
        expect(out.status, JSON.stringify(out)).toBe('scored');
        expect(scoreOf(out)).toBeCloseTo(ex.score, 9);
      } else {
        expect(out.status).toBe('manual');
        expect(scoreOf(out)).toContain(ex.score.manual);
      }
    }
  });

  it('notes the full marks a text states', () => {
    expect(parseRule('初信交办率达100%得2分，每减少5%扣0.5分，扣完为止。').notes).toContain("原文写'得2分'");
    expect(parseRule('“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止。').notes).toContain(
      "原文写'计5分'",
    );
  });
});
