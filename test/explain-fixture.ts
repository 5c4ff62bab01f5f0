// A 信访局 部门整体支出 self-evaluation scored by the real scorer: a flow as deployers write it, the answers
// a person gave, and `scoreFlow`. The explanation tests read what the scorer produces, never a hand-made trace.
// The comments work each score out by hand, so a scorer that drifts fails here.
import { loadFlowText } from '../src/core/flow/load.js';
import type { Flow, RawAnswers } from '../src/core/flow/model.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import type { ItemScore, ScoreReport } from '../src/core/types.js';

const FLOW = `
id: xinfang_2022
title: 2022年度部门整体支出绩效自评表
total: 100
indicators:
  - id: goal_fit
    level1: 投入
    level2: 投入
    name: 绩效目标合理性
    weight: 6
    target: 符合评价要点
    rule: 每项指标评价要点加2分。
    points: [与职能相符, 有测算依据, 与预算匹配]
  - id: goal_clear
    level1: 投入
    level2: 投入
    name: 绩效指标明确性
    weight: 8
    target: 符合评价要点
    rule: 每项指标评价要点加2分。
    points: [指标细化, 指标量化, 可衡量, 与任务数对应]
  - {id: exec_rate, level1: 过程, level2: 过程, name: 预算执行率, weight: 10, target: "100%",
     rule: "100%计满分，每低于1%扣0.1分，扣完为止。"}
  - {id: pay_rate, level1: 过程, level2: 过程, name: 支付进度率, weight: 3, target: "100%",
     rule: "100%计满分，每低于3%扣1分，扣完为止。"}
  - {id: key_work, level1: 过程, level2: 过程, name: 重点工作办结率, weight: 14, target: "100%",
     rule: "100%计满分，每低于1%扣1分，扣完为止。"}
  - {id: accept_rate, level1: 产出, level2: 产出, name: 信访事项及时受理率, weight: 5, target: "100%",
     rule: "及时受理率100%得5分，每减少5%扣1分。"}
  - {id: online_accept, level1: 产出, level2: 产出, name: 网上信访案件及时受理率, weight: 2, target: "≥95%",
     rule: "网上信访案件及时受理率达95%得2分，每减少5%扣0.5分，扣完为止。"}
  - {id: online_close, level1: 产出, level2: 产出, name: 网上信访案件按期办结率, weight: 1, target: "≥90%",
     rule: "网上信访案件按时办结率达90%得1分，每减少5%扣0.2分，不足5%的按5%计，扣完为止。"}
  - {id: mailbox_close, level1: 产出, level2: 产出, name: 州长信箱交办案件按期办结率, weight: 2, target: "≥95%",
     rule: "州长信箱交办案件按期办结率达95%得2分，每减少5%扣0.5分，扣完为止。"}
  - {id: central_close, level1: 产出, level2: 产出, name: 中央、省交办信访案件办结率（未办结件数）, weight: 4, target: "0件",
     rule: "每未办结1件扣0.5分，扣完为止"}
  - {id: model_county, level1: 效益, level2: 效益, name: 信访工作示范县创建, weight: 10, target: 创建成功,
     rule: "视创建完成情况酌情扣分。"}
  - {id: volume_drop, level1: 效益, level2: 效益, name: 信访总量下降率, weight: 15, target: "≥2%",
     rule: "达到目标值计满分，未达到不得分。"}
  - {id: satisfaction, level1: 满意度, level2: 满意度, name: 社会公众满意度, weight: 20, target: "≥95%",
     rule: "按满意百分比计分。"}
`;

export const answers: RawAnswers = {
  goal_fit: '1、2、3', // 3 points × 2 = 6
  goal_clear: { value: '1、2、4', reason: '部分指标未与年度任务数对应，明年细化分解。' }, // 3 × 2 = 6
  // 100 − 85 = 15 points short × 0.1 = 1.5 lost → 8.5
  exec_rate: {
    value: '85%',
    reason: '部分项目资金年底才到位，未能在年内支出完毕；下一步提前做好项目准备，加快支出进度。',
  },
  // 1 point short = 1/3 step → 3 − 0.333333 = 2.666667, half up to 2.67
  pay_rate: { value: '99%', reason: '个别支付审批流程较长。' },
  key_work: '100%', // full 14
  accept_rate: '92%', // 8 short = 1.6 steps (proportional) × 1 → 3.4; no 偏差原因 written
  online_accept: '97%', // above 95% → full 2
  // 2 short, a part step counts as a whole one → 1 step × 0.2 → 0.8
  online_close: { value: '88%', reason: '个别案件涉及多部门协调，办理时间较长。' },
  // mailbox_close: not answered yet
  // 10 unfinished × 0.5 = 5 to lose, more than the 4 there are → 0
  central_close: { value: '10件', reason: '部分案件为历史遗留问题，正在逐案化解。' },
  model_county: '基本完成', // 酌情: a person's score
  volume_drop: '3%', // reaches ≥2% → full 15
  // 20 × 75% = 15
  satisfaction: { value: '75%', reason: '部分诉求受政策限制无法满足，下一步加强政策解释和回访。' },
};

function load(): Flow {
  const res = loadFlowText(FLOW, 'explain-fixture.yaml');
  if (!res.ok) throw new Error(res.errors.join('\n'));
  return res.flow;
}

export const flow: Flow = load();

// 6 + 6 + 8.5 + 2.67 + 14 + 3.4 + 2 + 0.8 + 0 + 15 + 15 = 73.37 (items 9 and 11 have no score yet) → 中
const scored: ScoreReport = scoreFlow(flow, answers);

export const items: ItemScore[] = scored.items;

export const grades = flow.grades;

export function buildReport(overrides: Partial<ScoreReport> = {}): ScoreReport {
  return { ...scored, items: items.map((i) => ({ ...i, trace: [...i.trace] })), ...overrides };
}
