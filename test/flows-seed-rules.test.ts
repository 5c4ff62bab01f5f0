import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFlowsDir } from '../src/core/flow/load.js';
import type { Flow } from '../src/core/flow/model.js';
import { scoreItem } from '../src/core/scoring/score-flow.js';

// Every distinct 评（扣）分标准 of the seed flows, each with three answers: one that meets the target, one a
// little short, one far short. The score is worked by hand in the comment; `manual` rows quote why a person
// must score. Rows are [flow, item, answer, expected].
const set = loadFlowsDir(fileURLToPath(new URL('../flows/', import.meta.url)));
const flows = new Map<string, Flow>(set.flows.map((f) => [f.id, f]));

type Row = [flow: string, id: string, answer: string | Record<string, string>, expected: number | `manual: ${string}`];

const G = 'gongxing-bumen-zhengti';
const Y = 'gongxing-yusuan-zhichu';
const X = 'xiangxi-2022-dept';
const J = 'xiangxi-2022-xinfang-jingfei';

const rows: Row[] = [
  // 每项指标评价要点加2分 (3 points, 6): all 3 × 2 = 6; two × 2 = 4; none = 0
  [G, 'goal_reasonable', '全部', 6],
  [G, 'goal_reasonable', '缺1', 4],
  [G, 'goal_reasonable', '无', 0],
  // 以100%为标准…≤100%计2分；每超过一个百分点扣0.5分: 98 → 2; 101 → 0.5 lost → 1.5; 103 → 1.5 lost → 0.5
  [G, 'staff_control_rate', '98%', 2],
  [G, 'staff_control_rate', '101%', 1.5],
  [G, 'staff_control_rate', '140%', 0],
  // 变动率为0计5分（分值2）；>0每超过一个百分点扣1分: −5 → 2; 1 → 1; 3 → 3 lost, capped → 0
  [G, 'three_public_change_rate', '-5%', 2],
  [G, 'three_public_change_rate', '1%', 1],
  [G, 'three_public_change_rate', '3%', 0],
  // >50%计2分，每下降一个百分点扣0.5分: 60 → 2; 49 → 0.5 lost → 1.5; 10 → 0
  [G, 'key_spending_rate', '60%', 2],
  [G, 'key_spending_rate', '49%', 1.5],
  [G, 'key_spending_rate', '10%', 0],
  // 100%计满分，每下降5%扣1分 (3): 97 → 0.6 lost → 2.4; 60 → 8 lost, capped → 0
  [G, 'budget_adjust_rate', '100%', 3],
  [G, 'budget_adjust_rate', '97%', 2.4],
  [G, 'budget_adjust_rate', '60%', 0],
  // 100%计满分，每低于5%扣1分 (3)
  [G, 'payment_progress_rate', '100%', 3],
  [G, 'payment_progress_rate', '97%', 2.4],
  [G, 'payment_progress_rate', '60%', 0],
  // 0%计满分，每超过5%扣1分 (3): 3 over → 0.6 lost → 2.4
  [G, 'carryover_rate', '0%', 3],
  [G, 'carryover_rate', '3%', 2.4],
  [G, 'carryover_rate', '40%', 0],
  // 100%以下（含）计满分，每超出1%扣1分 (3): 95 → 3; 101 → 2; 140 → 0
  [G, 'public_fund_control_rate', '95%', 3],
  [G, 'public_fund_control_rate', '101%', 2],
  [G, 'public_fund_control_rate', '140%', 0],
  // 100%计满分，每超过（降低）5%扣1分 (3): either side; 103 → 2.4; 97 → 2.4; 60 → 0
  [G, 'procurement_exec_rate', '103%', 2.4],
  [G, 'procurement_exec_rate', '97%', 2.4],
  [G, 'procurement_exec_rate', '60%', 0],
  // four conditions × 0.5 (2)
  [G, 'finance_rules_sound', '1、2、3、4', 2],
  [G, 'finance_rules_sound', '1、2、4', 1.5],
  [G, 'finance_rules_sound', '无', 0],
  // 以上情况每出现一例不符合要求的扣0.5分 (5 points): 1 missing → 1.5; all 5 → 2.5, capped → 0
  [G, 'fund_compliance', '全部', 2],
  [G, 'fund_compliance', '缺1', 1.5],
  [G, 'fund_compliance', '无', 0],
  // 信息未公开每一项扣0.5分 (2 points): none public → 1 lost → 1
  [G, 'info_public', '全部', 2],
  [G, 'info_public', '1', 1.5],
  [G, 'info_public', '无', 1],
  // 缺一项扣0.5分 (3 points): none → 1.5 lost → 0.5
  [G, 'basic_info_complete', '全部', 2],
  [G, 'basic_info_complete', '1、2', 1.5],
  [G, 'basic_info_complete', '无', 0.5],
  // two conditions × 1 (2)
  [G, 'asset_rules_sound', '1、2', 2],
  [G, 'asset_rules_sound', '1', 1],
  [G, 'asset_rules_sound', '无', 0],
  // 每一项不达标扣0.5分 (5 points)
  [G, 'asset_safe', '全部', 2],
  [G, 'asset_safe', '缺1', 1.5],
  [G, 'asset_safe', '无', 0],
  // 100%计满分，每降低5%扣1分 (2): 97 → 1.4
  [G, 'fixed_asset_use_rate', '100%', 2],
  [G, 'fixed_asset_use_rate', '97%', 1.4],
  [G, 'fixed_asset_use_rate', '60%', 0],
  // 100%计满分，每超过1%扣1分 on a rate where higher is better: below 100% the text is silent
  [G, 'completion_rate', '100%', 5],
  [G, 'completion_rate', '97%', 'manual: 完成值97%低于100%的情况没有规定'],
  [G, 'completion_rate', '60%', 'manual: 完成值60%低于100%的情况没有规定'],
  // 绩效办考核分数折算: a person gives the score
  [G, 'key_work_rate', '100%', 'manual: 评分标准引用外部考核得分'],
  [G, 'key_work_rate', '97%', 'manual: 评分标准引用外部考核得分'],
  [G, 'key_work_rate', '60%', 'manual: 评分标准引用外部考核得分'],
  // descriptions, not rules
  [G, 'economic_benefit', '达成', 'manual: 写的是指标说明，没有计分方法'],
  [G, 'social_benefit', '部分达成', 'manual: 写的是指标说明，没有计分方法'],
  [G, 'eco_benefit', '未达成', 'manual: 写的是指标说明，没有计分方法'],
  [G, 'satisfaction', '97%', 'manual: 写的是指标说明，没有计分方法'],
  // 按指标说明评价要点，每缺一项扣1分 (5 points, 2): 1 missing → 1; all → 0
  [Y, 'decision_basis', '全部', 2],
  [Y, 'decision_basis', '缺1', 1],
  [Y, 'decision_basis', '无', 0],
  // 每缺一项扣3分 (2 points, 5): 1 missing → 2
  [Y, 'rules_sound', '全部', 5],
  [Y, 'rules_sound', '1', 2],
  [Y, 'rules_sound', '无', 0],
  // 资金到位率100%计满分，每下降5个百分点扣1分 (3)
  [Y, 'funds_arrival_rate', { budget_total: '20', funds_arrived: '20' }, 3],
  [Y, 'funds_arrival_rate', { budget_total: '100', funds_arrived: '97' }, 2.4],
  [Y, 'funds_arrival_rate', { budget_total: '100', funds_arrived: '60' }, 0],
  // 预算执行率 = 实际支出 ÷ 实际到位 × 100%, 每下降5个百分点扣1分 (3): 97 → 2.4
  [Y, 'budget_exec_rate', { funds_arrived: '20', budget_spent: '20' }, 3],
  [Y, 'budget_exec_rate', { funds_arrived: '100', budget_spent: '97' }, 2.4],
  [Y, 'budget_exec_rate', { funds_arrived: '100', budget_spent: '60' }, 0],
  // 预算执行率 = 全年执行数 ÷ 全年预算数 × 100%, 每低于1%扣1分 (5): 97 → 2; 60 → 0
  [G, 'budget_exec_rate', { budget_total: '200', budget_spent: '200' }, 5],
  [G, 'budget_exec_rate', { budget_total: '100', budget_spent: '97' }, 2],
  [G, 'budget_exec_rate', { budget_total: '100', budget_spent: '60' }, 0],
  // 100%计满分，每下降1%扣1分 (10): 97 → 7
  [Y, 'completion_rate', '100%', 10],
  [Y, 'completion_rate', '97%', 7],
  [Y, 'completion_rate', '60%', 0],
  // 达到绩效目标完成时间计5分，超过30%的不计分: no condition for the 5 points
  [Y, 'timeliness', '0%', 'manual: 没有数值条件'],
  [Y, 'timeliness', '10%', 'manual: 没有数值条件'],
  [Y, 'timeliness', '40%', 'manual: 没有数值条件'],
  // 100%计满分，每下降5个百分点扣2分 (10): 97 → 1.2 lost → 8.8
  [Y, 'cost_saving_rate', '100%', 10],
  [Y, 'cost_saving_rate', '97%', 8.8],
  [Y, 'cost_saving_rate', '60%', 0],
  [Y, 'benefit', '100%', 'manual: 没有数值条件'],
  [Y, 'benefit', '90%', 'manual: 没有数值条件'],
  [Y, 'benefit', '50%', 'manual: 没有数值条件'],
  // 每下降五个百分点扣2分 (10)
  [Y, 'satisfaction', '100%', 10],
  [Y, 'satisfaction', '97%', 8.8],
  [Y, 'satisfaction', '60%', 0],
  // 赴省进京下降得3分，每增加1件减0.1分 (target 0件): 2 → 2.8; 40 → 4 lost, capped → 0
  [X, 'province_beijing_increase', '0', 3],
  [X, 'province_beijing_increase', '2件', 2.8],
  [X, 'province_beijing_increase', '40件', 0],
  // 办结率达100%得4分，每减少1件扣0.5分: a rate against a per-件 deduction cannot be converted
  [X, 'central_case_rate', '100%', 'manual: 评分标准按件扣分，但填报的是百分比'],
  [X, 'central_case_rate', '97%', 'manual: 评分标准按件扣分，但填报的是百分比'],
  [X, 'prefecture_case_rate', '92%', 'manual: 评分标准按件扣分，但填报的是百分比'],
  // 初信交办率达100%得2分，每减少5%扣0.5分: 97 → 0.3 lost → 1.7
  [X, 'first_letter_assign_rate', '100%', 2],
  [X, 'first_letter_assign_rate', '97%', 1.7],
  [X, 'first_letter_assign_rate', '60%', 0],
  // 来信办结率达95%得1分，每减少5%扣0.2分: 92 → 0.12 lost → 0.88; 55 → 1.6 lost, capped → 0
  [X, 'letter_settle_rate', '97%', 1],
  [X, 'letter_settle_rate', '92%', 0.88],
  [X, 'letter_settle_rate', '55%', 0],
  // 达95%得2分，每减少5%扣0.5分: 92 → 1.7
  [X, 'online_accept_rate', '98%', 2],
  [X, 'online_accept_rate', '92%', 1.7],
  [X, 'online_accept_rate', '55%', 0],
  // 达90%得1分，每减少5%扣0.2分: 87 → 0.88
  [X, 'online_settle_rate', '92%', 1],
  [X, 'online_settle_rate', '87%', 0.88],
  [X, 'online_settle_rate', '50%', 0],
  // the deduction was cut off at a page break
  [X, 'mailbox_settle_rate', '96%', 'manual: 后缺少扣分数'],
  [X, 'mailbox_settle_rate', '92%', 'manual: 后缺少扣分数'],
  [X, 'mailbox_settle_rate', '55%', 'manual: 后缺少扣分数'],
  // 回访率达80%得1分，每减少5%扣0.5分: 77 → 0.3 lost → 0.7; 40 → 4 lost, capped → 0
  [X, 'mailbox_callback_rate', '85%', 1],
  [X, 'mailbox_callback_rate', '77%', 0.7],
  [X, 'mailbox_callback_rate', '40%', 0],
  // 积案化解达80%得5分，每减少5%扣0.5分: 77 → 4.7; 40 → 8 steps × 0.5 = 4 lost → 1
  [X, 'backlog_resolve_rate', '82%', 5],
  [X, 'backlog_resolve_rate', '77%', 4.7],
  [X, 'backlog_resolve_rate', '40%', 1],
  // 及时受理率100%得3分，每减少5%扣1分: 97 → 2.4
  [X, 'accept_timely_rate', '100%', 3],
  [X, 'accept_timely_rate', '97%', 2.4],
  [X, 'accept_timely_rate', '60%', 0],
  // 及时办结90%得3分，每减少5%扣1分: 87 → 2.4
  [X, 'settle_timely_rate', '95%', 3],
  [X, 'settle_timely_rate', '87%', 2.4],
  [X, 'settle_timely_rate', '50%', 0],
  // 扣相应分值: how much is not written
  [J, 'unsettled_cases', '0件', 'manual: 没有给出扣分数'],
  [J, 'province_beijing_visits', '2人次', 'manual: 没有给出扣分数'],
  [J, 'major_incidents', '1次', 'manual: 没有给出扣分数'],
  [J, 'untimely_cases', '3件', 'manual: 没有给出扣分数'],
  [J, 'channel_order', '达成', 'manual: 写的是指标说明'],
  // 按群众满意百分比 (10): the rule scores 10 × the percentage, also above the target
  [J, 'public_satisfaction', '92%', 9.2],
  [J, 'public_satisfaction', '87%', 8.7],
  [J, 'public_satisfaction', '50%', 5],
  // no rule in the document: the Ministry of Finance default
  // a ceiling of 120万元 (5): under it → 5; 125 → 5 × 120 ÷ 125 = 4.8; 240 → 2.5
  ['lukou-2021-dept', 'persuasion_cost', '117.89万元', 5],
  ['lukou-2021-dept', 'persuasion_cost', '125万元', 4.8],
  ['lukou-2021-dept', 'persuasion_cost', '240万元', 2.5],
  // a range 50%-60% (10): 55 → 10; 45 → 10 × 45 ÷ 50 = 9; 10 → 2
  ['lukou-2021-dept', 'satisfaction', '55%', 10],
  ['lukou-2021-dept', 'satisfaction', '45%', 9],
  ['lukou-2021-dept', 'satisfaction', '10%', 2],
  // ≥70% (10): 67 → 10 × 67 ÷ 70 = 9.5714 → 9.57; 30 → 4.2857 → 4.29
  ['zhengding-2022-xinfang-yewu', 'petitioner_satisfaction', '85%', 10],
  ['zhengding-2022-xinfang-yewu', 'petitioner_satisfaction', '67%', 9.57],
  ['zhengding-2022-xinfang-yewu', 'petitioner_satisfaction', '30%', 4.29],
  // ≥3个 (12.5): 2 → 12.5 × 2 ÷ 3 = 8.3333 → 8.33
  ['zhengding-2022-yinan-pi1', 'solved_cases', '4个', 12.5],
  ['zhengding-2022-yinan-pi1', 'solved_cases', '2个', 8.33],
  ['zhengding-2022-yinan-pi1', 'solved_cases', '0个', 0],
  // qualitative (1.7): 达成 full; 部分达成 and 未达成 self-scored within their bands
  ['rugao-2024-bumen-zhengti', 'long_term_plan', '健全', 1.7],
  ['rugao-2024-bumen-zhengti', 'long_term_plan', '部分达成 1.2', 1.2],
  ['rugao-2024-bumen-zhengti', 'long_term_plan', '未达成 0.5', 0.5],
  // 是/否 (20)
  ['rugao-2024-xinfang-jiuzhu', 'relief_resolves_cases', '是', 20],
  ['rugao-2024-xinfang-jiuzhu', 'relief_resolves_cases', '否', 0],
  // structured 按满意百分比 of 鹤城 (10): 95 → 9.5
  ['hecheng-2020-dept', 'letters_visits_count', '100%', 10],
  ['hecheng-2020-dept', 'letters_visits_count', '95%', 9.5],
  ['hecheng-2020-dept', 'letters_visits_count', '50%', 5],
];

describe('every distinct rule of the seed flows, scored right or honestly manual', () => {
  it('covers every distinct rule text of the seed flows', () => {
    const texts = new Set(
      set.flows.flatMap((f) => f.indicators.filter((i) => i.rule && !i.derived).map((i) => i.rule)),
    );
    const covered = new Set(rows.map(([f, id]) => flows.get(f)?.indicators.find((i) => i.id === id)?.rule));
    expect([...texts].filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(rows)('%s / %s: %s → %s', (flowId, id, answer, expected) => {
    const item = scoreItem(flows.get(flowId)!, id, typeof answer === 'string' ? { [id]: answer } : answer)!;
    if (typeof expected === 'number') {
      expect([item.status, item.score]).toEqual(['scored', expected]);
    } else {
      expect(item.status).toBe('manual');
      expect(item.explanation).toContain(expected.replace(/^manual: /, ''));
    }
  });
});

describe('the seed flows say what they assume', () => {
  it.each(set.flows.map((f) => [f.id, f] as const))('%s lists its assumptions in plain Chinese', (_id, f) => {
    expect(f.assumptions?.length).toBeGreaterThan(0);
    for (const a of f.assumptions ?? []) {
      expect(a).toMatch(/^[^A-Za-z_{}<>=]+$/);
      expect([...a].length).toBeLessThanOrEqual(80);
    }
  });
});
