import { describe, expect, it } from 'vitest';
import { flowScore } from './rules-helpers.js';

/**
 * The classes issue 18 names, each as a table of hand-worked numbers, typed as a clerk answers and scored
 * through the answer reader, rule reader and scorer. `score` is the points worked by hand in the comment.
 */
type Row = [rule: string, target: string, weight: number, answer: string, score: number];

function table(rows: Row[]) {
  it.each(rows)('%s ｜ %s ｜ %s分: “%s” → %s', (rule, target, weight, answer, score) => {
    const got = flowScore(rule, target, weight, answer);
    expect(typeof got === 'number' ? got : Number.NaN, String(got)).toBeCloseTo(score, 9);
  });
}

describe('thresholds and allowances with a subject or a bracket', () => {
  table([
    // 2 allowed: 2 → 5; 4 → 2 over × 1 → 3
    ['被投诉2次以内不扣分，每多1次扣1分', '≤2次', 5, '2次', 5],
    ['被投诉2次以内不扣分，每多1次扣1分', '≤2次', 5, '4次', 3],
    // (含2次): 3 → 1 over → 4
    ['2次以内（含2次）不扣分，每超过1次扣1分', '≤2次', 5, '3次', 4],
    // 90%（含）以上 full; 88% → 2 points × 0.5 → 4
    ['群众满意率达到90%（含）以上得满分，每低1个百分点扣0.5分', '≥90%', 5, '88%', 4],
  ]);
});

describe('ranges', () => {
  table([
    // inside the band → 5; 107% → 2 above 105 → 3; 93% → 2 below 95 → 3 (was 0: the band's top taken as the base)
    ['在95%—105%之间得满分，每偏离1个百分点扣1分', '95%-105%', 5, '100%', 5],
    ['在95%—105%之间得满分，每偏离1个百分点扣1分', '95%-105%', 5, '107%', 3],
    ['在95%—105%之间得满分，每偏离1个百分点扣1分', '95%-105%', 5, '93%', 3],
    // 控制在5%—10%之间, 超出部分: from 10%: 12% → 2 × 1 → 3 (was 0: counted from 5%)
    ['结转结余率控制在5%—10%之间得满分，超出部分每1个百分点扣1分', '≤10%', 5, '12%', 3],
    ['结转结余率控制在5%—10%之间得满分，超出部分每1个百分点扣1分', '≤10%', 5, '8%', 5],
  ]);
});

describe('a threshold written inside the step', () => {
  table([
    // 96% → 2 points below 98 × 0.5 = 1 → 4; 99% → 5
    ['每低于98%一个百分点扣0.5分', '≥98%', 5, '96%', 4],
    ['每低于98%一个百分点扣0.5分', '≥98%', 5, '99%', 5],
  ]);
});

describe('超过部分每… and 第N次起每次…', () => {
  table([
    // 13 → 3 over × 0.2 = 0.6 → 1.4
    ['超过10件的部分每件扣0.2分', '≤10件', 2, '13件', 1.4],
    // 第3次起: the first two are free. 2 → 5; 4 → 2 counted → 3; 5 → 3 → 2
    ['第3次起每次扣1分', '≤2次', 5, '2次', 5],
    ['第3次起每次扣1分', '≤2次', 5, '4次', 3],
    ['全年2次以内不扣分，第3次起每次扣1分', '≤2次', 5, '5次', 2],
  ]);
});

describe('per-event deductions without a 发生 verb', () => {
  table([
    // 2起 × 2 = 4 → 2; 1人 → 2; 少组织1次 of 4 → 3
    ['每起扣2分', '0起', 6, '2起', 2],
    ['每人扣1分，扣完为止', '0人', 3, '1人', 2],
    ['每少组织1次扣1分', '≥4次', 4, '3次', 3],
    // 一项未完成的 (no 每): 1 → 2, 3 → 0
    ['全部完成的,得3分,一项未完成的,扣1分。', '0项', 3, '1项', 2],
  ]);
});

describe('formulas and proportions with caps and floors', () => {
  table([
    // 80/100 × 10 = 8; 120/100 × 10 = 12, capped at the 分值 → 10
    ['得分=实际完成数/目标数×分值，最高不超过分值', '≥100件', 10, '80件', 8],
    ['得分=实际完成数/目标数×分值，最高不超过分值', '≥100件', 10, '120件', 10],
    // 70% → 7; 50% is below the 60% floor → 0
    ['按完成比例计分，低于60%不得分', '100%', 10, '70%', 7],
    ['按完成比例计分，低于60%不得分', '100%', 10, '50%', 0],
    // 满意度×分值: 85% × 10 = 8.5
    ['满意度×分值', '≥90%', 10, '85%', 8.5],
    // a straight line between full and nothing: 20日 → (30 − 20)/(30 − 15) × 0.5 = 0.33
    ['≤15日得满分0.5分,>30日为0分,15-30日按比例减分', '≤15日', 0.5, '20日', 0.33],
  ]);
});

describe('severity exceptions', () => {
  table([
    // 一般 1起 → 2 lost → 4; 重大 1起 → nothing (was 4: the bare 起 went to the 一般 one); 无 → 6
    ['发生一般安全事故每起扣2分，发生重大安全事故本项不得分', '0起', 6, '一般事故1起', 4],
    ['发生一般安全事故每起扣2分，发生重大安全事故本项不得分', '0起', 6, '重大事故1起', 0],
    ['发生一般安全事故每起扣2分，发生重大安全事故本项不得分', '0起', 6, '无', 6],
  ]);

  it('a bare count does not say which kind it was: a person scores it, never the lighter one', () => {
    expect(String(flowScore('发生一般安全事故每起扣2分，发生重大安全事故本项不得分', '0起', 6, '1起'))).toMatch(
      /^manual/,
    );
  });
});

describe('(不含) boundaries are bounds, not overlapping tiers', () => {
  table([
    // 90% is not above 90 (不含) → the 80–90 tier → 3; 95% → 5; 79% is below 80 → 0
    ['90%（不含）以上得5分，80%-90%得3分，80%（不含）以下不得分', '≥90%', 5, '90%', 3],
    ['90%（不含）以上得5分，80%-90%得3分，80%（不含）以下不得分', '≥90%', 5, '95%', 5],
    ['90%（不含）以上得5分，80%-90%得3分，80%（不含）以下不得分', '≥90%', 5, '79%', 0],
    // 95% (含) → 5; 92% → 3
    ['95%以上（含95%）得5分，90%-95%（不含）得3分，90%以下得0分', '≥95%', 5, '95%', 5],
    ['95%以上（含95%）得5分，90%-95%（不含）得3分，90%以下得0分', '≥95%', 5, '92%', 3],
  ]);
});

describe('single-clause binary rules', () => {
  table([
    ['完成得3分', '完成', 3, '已完成', 3],
    ['完成得3分', '完成', 3, '未完成', 0],
    ['按时报送得2分', '按时报送', 2, '按时报送', 2],
    ['查有关记录。档案部门未参加相关活动不得分。', '参加', 2, '参加了', 2],
  ]);
});

describe('a % overrun of a budget stated in 万元', () => {
  table([
    // 103 on 100: 3% over × 1 → 2; 98 → 5; 204 on 200: 2% → 3; 110: 10% → capped → 0
    ['成本控制在预算内得满分，每超支1%扣1分', '≤100万元', 5, '103万元', 2],
    ['成本控制在预算内得满分，每超支1%扣1分', '≤100万元', 5, '98万元', 5],
    ['成本控制在预算内得满分，每超支1%扣1分', '≤200万元', 5, '204万元', 3],
    ['成本控制在预算内得满分，每超支1%扣1分', '≤100万元', 5, '110万元', 0],
  ]);
});

describe('days late against a deadline', () => {
  table([
    // 逾期3天 → 3 lost → 2; 11月2日 against 10月31日 → 2 days → 3; on time → 5; 10 days → capped → 0
    ['每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '逾期3天', 2],
    ['每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '11月2日', 3],
    ['每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '按时报送', 5],
    ['每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '10月20日', 5],
    ['每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '逾期10天', 0],
    // a month deadline counted in months: 7月 is 2 months after 5月 × 10 → 30
    ['5月份群众工作网络建设到位的记50分,每推遲1個月到位的扣10分。', '5月', 50, '7月', 30],
  ]);

  it('late without saying how late goes to a person', () => {
    expect(String(flowScore('每逾期1天扣1分，扣完为止', '10月31日前报送', 5, '未按时报送'))).toMatch(/^manual/);
  });
});
