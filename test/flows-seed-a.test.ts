import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Flow, RawAnswers } from '../src/core/flow/model.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { loadFlowFile } from '../src/flows/read-flows.js';

// The flows written from seeds 000 (湘西), 002 (鹤城 and the two 共性指标框架) and 004 (渌口).
const FILES = [
  'lukou-2021-dept',
  'xiangxi-2022-dept',
  'xiangxi-2022-xinfang-jingfei',
  'hecheng-2020-dept',
  'hecheng-2020-zhujing-quanfan',
  'gongxing-bumen-zhengti',
  'gongxing-yusuan-zhichu',
] as const;

function flow(name: (typeof FILES)[number]): Flow {
  const res = loadFlowFile(fileURLToPath(new URL(`../flows/${name}.yaml`, import.meta.url)));
  if (!res.ok) throw new Error(res.errors.join('\n'));
  return res.flow;
}

function item(f: Flow, answers: RawAnswers, id: string) {
  const found = scoreFlow(f, answers).items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

const weightSum = (f: Flow) => Math.round(f.indicators.reduce((s, i) => s + i.weight, 0) * 100) / 100;

describe('every seed flow of this set loads', () => {
  it.each(FILES)('%s loads without errors and its id is its file name', (name) => {
    const res = loadFlowFile(fileURLToPath(new URL(`../flows/${name}.yaml`, import.meta.url)));
    expect(res.ok ? [] : res.errors).toEqual([]);
    expect(res.ok && res.flow.id).toBe(name);
  });
});

describe('渌口区信访局 2021 部门整体支出绩效自评表', () => {
  const f = flow('lukou-2021-dept');

  it("follows the document's 分值 even though they add up to 95, and says so", () => {
    // 预算执行 10 + 产出 9 × 5 = 45 + 效益 5 + 5 + 10 + 10 = 30 + 满意度 10 = 95.
    expect(weightSum(f)).toBe(95);
    expect(f.warnings.join('\n')).toMatch(/产出指标.*50.*45/);
    expect(f.warnings.join('\n')).toMatch(/95.*100/);
  });

  it("the document's own 实际完成值 earn every item's full marks: 95 of 95", () => {
    const answers: RawAnswers = {
      budget_initial: '173.39',
      budget_total: '468.26',
      budget_spent: '468.26', // 468.26 ÷ 468.26 = 100% → 10
      letters_visits: '100%',
      leader_briefings: '达成',
      joint_meetings: '不定期',
      special_period_reception: '每天',
      head_reception_days: '每月8日、18日、28日',
      persuasion_timely: '及时',
      settle_rate: '100%',
      first_time_reception: '第一时间',
      persuasion_cost: '117.89万元', // a cost under the 120万元 budgeted
      funds_paid_timely: '100%',
      social_stability: '保持',
      eco_environment: '保持',
      situation_stable: '保持',
      satisfaction: '60%', // inside 50%-60%
    };
    const report = scoreFlow(f, answers);
    expect(report.items.filter((i) => i.status !== 'scored').map((i) => i.id)).toEqual([]);
    expect(report.items.filter((i) => i.score !== i.max).map((i) => i.id)).toEqual([]);
    expect(report.total).toBe(95);
  });
});

describe('湘西州信访局 2022 部门整体绩效', () => {
  const f = flow('xiangxi-2022-dept');

  it("takes 产出's marks from the rule texts and fills the rest up to 100", () => {
    // 产出 from the rules: 3+4+3+2+1+2+1+2+1+5+3+3 = 30.
    const output = f.indicators.filter((i) => i.level1 === '产出指标').reduce((s, i) => s + i.weight, 0);
    expect(output).toBe(30);
    expect(weightSum(f)).toBe(100);
  });

  it('赴省进京上访 is asked as the increase over last year: 3 − 0.1 per extra 件', () => {
    expect(item(f, { province_beijing_increase: '0' }, 'province_beijing_increase').score).toBe(3);
    // 12 件 more: 12 × 0.1 = 1.2 off → 3 − 1.2 = 1.8.
    expect(item(f, { province_beijing_increase: '12件' }, 'province_beijing_increase').score).toBe(1.8);
  });

  it('积案化解率 loses 0.5 per 5 points under 80%, pro rata', () => {
    // 80 − 72 = 8 points = 1.6 steps × 0.5 = 0.8 off → 5 − 0.8 = 4.2.
    expect(item(f, { backlog_resolve_rate: '72%' }, 'backlog_resolve_rate').score).toBe(4.2);
  });

  it('a rule that deducts per 件 on a rate, or lost its amount at a page break, waits for a person', () => {
    expect(item(f, { central_case_rate: '98%' }, 'central_case_rate').status).toBe('manual');
    expect(item(f, { mailbox_settle_rate: '90%' }, 'mailbox_settle_rate').status).toBe('manual');
    const byPerson = item(f, { mailbox_settle_rate: { value: '90%', score: 1.5 } }, 'mailbox_settle_rate');
    expect([byPerson.status, byPerson.scoredBy, byPerson.score]).toEqual(['scored', 'person', 1.5]);
  });

  it('预算执行率 is worked out from the budget fields', () => {
    // 386.78 ÷ 407.14 = 95.0% ≥ 90% → full 10.
    const exec = item(f, { budget_total: '407.14', budget_spent: '386.78' }, 'budget_exec_rate');
    expect([exec.derived, exec.score]).toEqual([true, 10]);
  });
});

describe('湘西州信访局 2022 信访工作经费 项目支出', () => {
  const f = flow('xiangxi-2022-xinfang-jingfei');

  it('“扣相应分值” states no amount, so those items are scored by a person', () => {
    expect(item(f, { unsettled_cases: '0' }, 'unsettled_cases').status).toBe('manual');
    expect(item(f, { major_incidents: { value: '1次', score: 6 } }, 'major_incidents').score).toBe(6);
  });

  it('群众满意率 is scored by the satisfaction percentage', () => {
    // 按群众满意百分比: 10 × 92% = 9.2.
    expect(item(f, { public_satisfaction: '92%' }, 'public_satisfaction').score).toBe(9.2);
  });
});

describe('鹤城区信访局 2020 预算支出绩效自评表', () => {
  const f = flow('hecheng-2020-dept');

  it('benchmark targets (前三年平均值 …) are scored by the completion ratio', () => {
    // 10 × 95% = 9.5.
    expect(item(f, { settle_on_time_rate: '95%' }, 'settle_on_time_rate').score).toBe(9.5);
    expect(item(f, { letters_visits_count: '100%' }, 'letters_visits_count').score).toBe(10);
  });

  it("the document's answers give its 100 points", () => {
    const all100 = Object.fromEntries(
      f.indicators.filter((i) => !i.derived && i.measure === 'percent').map((i) => [i.id, '100%']),
    );
    const report = scoreFlow(f, {
      ...all100,
      budget_total: '203.85',
      budget_spent: '203.85',
      spending_control: '达成',
    });
    // 10 (预算执行) + 9 items × 10.
    expect(report.total).toBe(100);
  });
});

describe('鹤城区信访局 2020 驻京维稳劝返专项经费', () => {
  const f = flow('hecheng-2020-zhujing-quanfan');

  it("keeps the document's 分值 (110 in all) and warns about it", () => {
    // 10 + 产出 3 × 10 + 效益 15 + 20 + 15 + 满意度 20 = 110.
    expect(weightSum(f)).toBe(110);
    expect(f.warnings.join('\n')).toMatch(/110.*100/);
  });

  it('满意度 80% against 90% earns 20 × 80 ÷ 90 by the default method (the document wrote 15 by hand)', () => {
    // 20 × 80 ÷ 90 = 17.777… → 17.78.
    expect(item(f, { satisfaction: '80%' }, 'satisfaction').score).toBe(17.78);
  });
});

describe('部门整体支出绩效评价共性指标框架', () => {
  const f = flow('gongxing-bumen-zhengti');

  it('adds up to 100 as 投入20/过程40/产出20/效果20', () => {
    expect(weightSum(f)).toBe(100);
    expect(f.warnings.join('\n')).not.toMatch(/一级指标/);
  });

  it('“三公经费”变动率: the rule says 计5分 but the item is worth 2', () => {
    expect(f.warnings.join('\n')).toMatch(/三公经费”变动率.*5.*2/);
    expect(item(f, { three_public_change_rate: '-32%' }, 'three_public_change_rate').score).toBe(2);
  });

  it('在职人员控制率 loses 0.5 per point over 100%', () => {
    // 103% is 3 points over: 3 × 0.5 = 1.5 off → 2 − 1.5 = 0.5.
    expect(item(f, { staff_control_rate: '103%' }, 'staff_control_rate').score).toBe(0.5);
  });

  it('绩效目标合理性 adds 2 per 评价要点 met', () => {
    // 要点 1 and 3 met: 2 × 2 = 4 of 6.
    expect(item(f, { goal_reasonable: '1、3' }, 'goal_reasonable').score).toBe(4);
  });
});

describe('预算支出绩效评价共性指标体系框架', () => {
  const f = flow('gongxing-yusuan-zhichu');

  it('keeps the parenthesised 分值 (97 in all) and warns that 过程 holds 17, not 20', () => {
    expect(weightSum(f)).toBe(97);
    expect(f.warnings.join('\n')).toMatch(/过程.*20.*17/);
  });

  it('资金到位率 and 预算执行率 are worked out as the 指标说明 define them', () => {
    const answers: RawAnswers = { budget_total: '20', funds_arrived: '20', budget_spent: '17.11' };
    // 到位率 20 ÷ 20 = 100% → 3.
    expect(item(f, answers, 'funds_arrival_rate').score).toBe(3);
    // 执行率 17.11 ÷ 20 = 85.55%: 14.45 points under = 2.89 steps of 5 × 1 分 → 3 − 2.89 = 0.11.
    expect(item(f, answers, 'budget_exec_rate').score).toBe(0.11);
  });

  it('管理制度健全性 loses 3 per missing 评价要点, as written', () => {
    // 1 of 2 要点 met: 5 − 3 = 2.
    expect(item(f, { rules_sound: '1' }, 'rules_sound').score).toBe(2);
  });
});
