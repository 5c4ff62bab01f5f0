// A hand-built ScoreReport shaped like the scorer's output for a 信访局 部门整体支出 self-evaluation.
// Every score below is worked out by hand from its rule; the comments show the arithmetic.
import type { ItemScore, ScoreReport, TraceStep } from '../src/core/types.js';

type Extra = Partial<ItemScore> & Pick<ItemScore, 'id' | 'name' | 'level1' | 'max' | 'target'>;

function item(x: Extra): ItemScore {
  const trace: TraceStep[] = x.trace ?? [];
  return {
    level2: x.level1,
    score: null,
    status: 'scored',
    scoredBy: 'rule',
    ruleKind: 'step',
    short: false,
    derived: false,
    trace,
    explanation: trace.map((s) => s.text).join('；'),
    ...x,
  };
}

export const items: ItemScore[] = [
  item({
    id: 'goal_fit',
    name: '绩效目标合理性',
    level1: '投入',
    max: 6,
    score: 6,
    target: '符合评价要点',
    ruleKind: 'checklist',
    display: '①②③',
    rule: '每项指标评价要点加2分。',
    // 3 points met × 2 = 6
    trace: [{ op: 'checklist', text: '满足评价要点①②③，共3项，每项2分，得6分', values: { met: 3, score: 6 } }],
  }),
  item({
    id: 'goal_clear',
    name: '绩效指标明确性',
    level1: '投入',
    max: 8,
    score: 6,
    target: '符合评价要点',
    ruleKind: 'checklist',
    display: '①②④',
    short: true,
    rule: '每项指标评价要点加2分。',
    // 3 of 4 points met × 2 = 6
    trace: [{ op: 'checklist', text: '满足评价要点①②④，共3项，每项2分，得6分', values: { met: 3, score: 6 } }],
    reason: '部分指标未与年度任务数对应，明年细化分解。',
  }),
  item({
    id: 'exec_rate',
    name: '预算执行率',
    level1: '过程',
    max: 10,
    score: 8.5,
    target: '100%',
    display: '85%',
    short: true,
    rule: '100%计满分，每低于1%扣0.1分，扣完为止。',
    // 100 − 85 = 15 points short; 15 steps × 0.1 = 1.5 lost; 10 − 1.5 = 8.5
    trace: [
      { op: 'gap', text: '完成值85%，比指标值100%低15个百分点', values: { gap: 15 } },
      { op: 'steps', text: '每1%为一档，共15档', values: { steps: 15 } },
      { op: 'deduct', text: "按'每低于1%扣0.1分'扣1.5分", values: { deduct: 1.5 } },
    ],
    reason: '部分项目资金年底才到位，未能在年内支出完毕；下一步提前做好项目准备，加快支出进度。',
  }),
  item({
    id: 'pay_rate',
    name: '支付进度率',
    level1: '过程',
    max: 3,
    score: 2.67,
    target: '100%',
    display: '99%',
    short: true,
    rule: '100%计满分，每低于3%扣1分，扣完为止。',
    // 1 point short = 1/3 step; 3 − 0.333333 = 2.666667, rounded half up to 2.67
    trace: [
      { op: 'gap', text: '完成值99%，比指标值100%低1个百分点', values: { gap: 1 } },
      { op: 'steps', text: '每3%为一档，1个百分点按比例折合0.333333档', values: { steps: 0.333333 } },
      { op: 'deduct', text: "按'每低于3%扣1分'扣0.333333分", values: { deduct: 0.333333 } },
      { op: 'round', text: '2.666667分按四舍五入保留2位小数为2.67分', values: { raw: 2.666667, score: 2.67 } },
    ],
    reason: '个别支付审批流程较长。',
  }),
  item({
    id: 'key_work',
    name: '重点工作办结率',
    level1: '过程',
    max: 14,
    score: 14,
    target: '100%',
    display: '100%',
    rule: '100%计满分，每低于1%扣1分，扣完为止。',
    trace: [{ op: 'full', text: '完成值100%，达到指标值100%，得满分14分', values: { score: 14 } }],
  }),
  item({
    id: 'accept_rate',
    name: '信访事项及时受理率',
    level1: '产出',
    max: 5,
    score: 3.4,
    target: '100%',
    display: '92%',
    short: true,
    rule: '及时受理率100%得5分，每减少5%扣1分。',
    // 8 points short = 1.6 steps (proportional); 1.6 × 1 = 1.6 lost; 5 − 1.6 = 3.4
    trace: [
      { op: 'gap', text: '完成值92%，比指标值100%低8个百分点', values: { gap: 8 } },
      { op: 'steps', text: '每5%为一档，8个百分点按比例折合1.6档', values: { steps: 1.6 } },
      { op: 'deduct', text: "按'每减少5%扣1分'扣1.6分", values: { deduct: 1.6 } },
    ],
  }),
  item({
    id: 'online_accept',
    name: '网上信访案件及时受理率',
    level1: '产出',
    max: 2,
    score: 2,
    target: '≥95%',
    display: '97%',
    rule: '网上信访案件及时受理率达95%得2分，每减少5%扣0.5分，扣完为止。',
    trace: [{ op: 'full', text: '完成值97%，达到指标值≥95%，得满分2分', values: { score: 2 } }],
  }),
  item({
    id: 'online_close',
    name: '网上信访案件按期办结率',
    level1: '产出',
    max: 1,
    score: 0.8,
    target: '≥90%',
    display: '88%',
    short: true,
    rule: '网上信访案件按时办结率达90%得1分，每减少5%扣0.2分，扣完为止。',
    // 2 points short; a part step counts as a whole one (ceil) → 1 step × 0.2 = 0.2 lost; 1 − 0.2 = 0.8
    trace: [
      { op: 'gap', text: '完成值88%，比指标值90%低2个百分点', values: { gap: 2 } },
      { op: 'steps', text: '每5%为一档，不足一档按一档计（向上取整），共1档', values: { steps: 1 } },
      { op: 'deduct', text: "按'每减少5%扣0.2分'扣0.2分", values: { deduct: 0.2 } },
    ],
    reason: '个别案件涉及多部门协调，办理时间较长。',
  }),
  item({
    id: 'mailbox_close',
    name: '州长信箱交办案件按期办结率',
    level1: '产出',
    max: 2,
    target: '≥95%',
    status: 'unanswered',
    scoredBy: undefined,
    rule: '州长信箱交办案件按期办结率达95%得2分，每减少5%扣0.5分，扣完为止。',
    explanation: '尚未填写',
  }),
  item({
    id: 'central_close',
    name: '中央、省交办信访案件办结率',
    level1: '产出',
    max: 4,
    score: 0,
    target: '100%',
    display: '10件',
    ruleKind: 'count',
    short: true,
    rule: '中央、省交办件办结率达100%得4分，每减少1件扣0.5分，扣完为止',
    // 10 unfinished × 0.5 = 5 to lose, more than the 4 there are: capped at 4 → 0
    trace: [
      { op: 'count', text: '未办结10件', values: { count: 10 } },
      { op: 'deduct', text: "按'每减少1件扣0.5分'应扣5分", values: { deduct: 5 } },
      { op: 'cap', text: '扣分超过分值4分，扣完为止，实扣4分', values: { cap: 4 } },
    ],
    reason: '部分案件为历史遗留问题，正在逐案化解。',
  }),
  item({
    id: 'model_county',
    name: '信访工作示范县创建',
    level1: '效益',
    max: 10,
    target: '创建成功',
    display: '基本完成',
    status: 'manual',
    ruleKind: 'manual',
    scoredBy: undefined,
    rule: '视创建完成情况酌情扣分。',
    explanation: '待人工评分：评分标准没有写明扣多少分',
    trace: [{ op: 'manual', text: '评分标准没有写明扣多少分，需要人工评分' }],
  }),
  item({
    id: 'volume_drop',
    name: '信访总量下降率',
    level1: '效益',
    max: 15,
    score: 15,
    target: '≥2%',
    display: '3%',
    rule: '达到目标值计满分，未达到不得分。',
    ruleKind: 'all_or_nothing',
    trace: [{ op: 'full', text: '完成值3%，达到指标值≥2%，得满分15分', values: { score: 15 } }],
  }),
  item({
    id: 'satisfaction',
    name: '社会公众满意度',
    level1: '满意度',
    max: 20,
    score: 15,
    target: '≥95%',
    display: '75%',
    ruleKind: 'proportional',
    short: true,
    rule: '按满意百分比计分。',
    // 20 × 75% = 15
    trace: [{ op: 'ratio', text: '按满意百分比计分：20分×75%=15分', values: { ratio: 75, score: 15 } }],
    reason: '部分诉求受政策限制无法满足，下一步加强政策解释和回访。',
  }),
];

export const grades = [
  { min: 90, label: '优' },
  { min: 80, label: '良' },
  { min: 60, label: '中' },
  { min: 0, label: '差' },
];

// 6 + 6 + 8.5 + 2.67 + 14 + 3.4 + 2 + 0.8 + 0 + 15 + 15 = 73.37 (items 9 and 11 have no score yet) → 中
export function buildReport(overrides: Partial<ScoreReport> = {}): ScoreReport {
  return {
    flowId: 'xinfang_2022',
    title: '2022年度部门整体支出绩效自评表',
    total: 73.37,
    max: 100,
    grade: '中',
    provisional: true,
    items: items.map((i) => ({ ...i, trace: [...i.trace] })),
    fields: [],
    warnings: [],
    ...overrides,
  };
}
