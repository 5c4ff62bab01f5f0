import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadFlowText } from '../src/core/flow/load.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';

/** One item with this rule; the answer scored through the answer reader and the scorer. */
function scoreOf(rule: string, target: string, weight: number, answer: string): number | string {
  const yaml = YAML.stringify({
    id: 'w',
    title: 't',
    total: weight,
    indicators: [{ id: 'item', level1: '产出', level2: '质量', name: '事项', weight, target, rule }],
  });
  const l = loadFlowText(yaml);
  if (!l.ok) throw new Error(l.errors.join());
  const item = scoreFlow(l.flow, { item: answer }).items[0];
  return item.status === 'scored' ? (item.score ?? Number.NaN) : `${item.status}: ${item.explanation}`;
}

describe('a binary rule is answered with the deed it names, done or not', () => {
  it.each([
    // the awarding sentence names 纳入 / 出台 / 召开 / 核准 / 健全: the deed said is full marks, negated 0
    [
      '地方党委政府重视,纳入综合目标、年度综治工作或平安建设内容加以考核或专题研究部署。5分。否则,不计分。',
      '是',
      5,
      '已纳入',
      5,
    ],
    [
      '地方党委政府重视,纳入综合目标、年度综治工作或平安建设内容加以考核或专题研究部署。5分。否则,不计分。',
      '是',
      5,
      '未纳入',
      0,
    ],
    ['地方党委政府出台人民调解工作文件,建立人民调解工作或表彰会议机制。3分。否则,不计分。', '是', 3, '已出台', 3],
    ['地方党委政府当年召开常委会或常务会议专题研究、讨论、学习人民调解。2分。否则,不计分。', '是', 2, '召开了', 2],
    ['基本农田示范区建设方案已编制,并经国土资源部、省国土资源厅核准,记2分。', '是', 2, '已核准', 2],
    ['规章制度健全,有分管领导、责任科室得5分。', '是', 5, '健全', 5],
    // the penalty names the deed negated: its positive is full marks, as written 0
    ['将信访工作列入党委、政府全面工作一起研究部署的记2分,查工作记录,没有记录不计分。', '是', 2, '有记录', 2],
    ['将信访工作列入党委、政府全面工作一起研究部署的记2分,查工作记录,没有记录不计分。', '是', 2, '没有记录', 0],
    // a subject before the negation is skipped: 档案部门未参加 is the failure, 参加了 the deed
    ['查有关记录。档案部门未参加相关活动不得分。', '参加', 2, '参加了', 2],
    ['查有关记录。档案部门未参加相关活动不得分。', '参加', 2, '未参加', 0],
    ['(共1分,未制订不得分,已制订并公布得1分。)', '已制订并公布', 1, '未制订', 0],
  ])('%s ｜ %s: “%s”… “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });

  it('a word of the rule that is not a deed is not an answer', () => {
    expect(String(scoreOf('规章制度健全,有分管领导、责任科室得5分。', '是', 5, '分管领导'))).toMatch(/^invalid/);
  });
});

describe("a choice is answered with one of the rule's own options, in its words", () => {
  const rule = '无结余,3分;有结余,但不超过上年结转,2分;结余超过上年结转,不得分。';
  it.each([
    ['无结余', 3],
    ['无', 3], // the target is the absence: "无" says it
    ['达成', 3], // the one option worth the whole 分值
    ['有结余，但不超过上年结转', 2],
    ['结余超过上年结转', 0],
  ])('%s → %s', (answer, score) => {
    expect(scoreOf(rule, '无结余', 3, answer)).toBe(score);
  });
});

describe('months of the year against a month deadline', () => {
  // 5月 is the deadline; 7月 is 2 months late × 10 = 20 lost → 30; 11月 6 × 10 = 60, capped → 0; early is on time
  const rule = '5月份群众工作网络建设到位的记50分,每推遲1個月到位的扣10分。';
  it.each([
    ['5月', 50],
    ['4月', 50],
    ['7月', 30],
    ['11月', 0],
  ])('%s → %s', (answer, score) => {
    expect(scoreOf(rule, '5月', 50, answer)).toBe(score);
  });
});

describe('counted 情形 answered in their own words, the count anywhere in them', () => {
  it.each([
    // 缺少1类 × 2 = 2 lost → 3; 未申请变更 → 0
    ['未申请变更的，不得分；每缺少一类变更申请的，扣2分。', '无扣分情形', 5, '缺少1类变更申请', 3],
    ['未申请变更的，不得分；每缺少一类变更申请的，扣2分。', '无扣分情形', 5, '未申请变更', 0],
    // "一项未完成的，扣1分" without 每: each one not completed; 3 of them take all 3
    ['全部完成的,得3分,一项未完成的,扣1分。以台账和报表为依据。', '0项', 3, '1项', 2],
    ['全部完成的,得3分,一项未完成的,扣1分。以台账和报表为依据。', '0项', 3, '3项', 0],
    // a deed the 情形 names as not done, said done: the 情形 did not happen
    [
      '“应领尽领”的得3分;因主观原因未认领或因客观原因未认领但没有提交不予认领相关说明的扣3分。',
      '应领尽领',
      3,
      '已全部认领',
      3,
    ],
  ])('%s ｜ %s: “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });
});

describe('events counted without 每, with their description between count and deduction', () => {
  it.each([
    // 出现1次…的扣1分: each time; 4 take all 3
    ['無人員上訪得3分;出現1次因生活救助安排不到位,群眾反映強烈的扣1分。', '0次', 3, '1次', 2],
    ['無人員上訪得3分;出現1次因生活救助安排不到位,群眾反映強烈的扣1分。', '0次', 3, '4次', 0],
    // each 情形 with its own 扣满4分为止: 10起 × 0.5 = 5 → 4; 3起 × 0.5 = 1.5; 8 − 5.5 = 2.5
    [
      '发生1起违法违规等不符合要求的行为(行为主体指各区县建委),扣0.5分,扣满4分为止。发生1起未及时上报初步设计审批和施工图审查备案项目情况及数据,或上报内容不符合要求的,扣0.5分,扣满4分为止。',
      '0起',
      8,
      '违法违规10起、未及时上报3起',
      2.5,
    ],
    // the 计 of 设计 is no scoring verb
    [
      '发生1起未及时上报初步设计审批和施工图审查备案项目情况及数据,或上报内容不符合要求的,扣0.5分,扣满4分为止。',
      '0起',
      4,
      '2起',
      3,
    ],
    // the item's own unit is an answer's unit (每一小点 → 2点)
    ['要素不规范的每一小点扣1分,共6分,扣完为止。', '0点', 6, '2点', 4],
  ])('%s ｜ %s: “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });
});

describe('descriptions and proportions in words', () => {
  it.each([
    // 根据…评分,如… is how the rule is applied: the step after it scores. 94% → 6 points off = 2 steps → 13
    [
      '根据项目工作量完成情况评分,如大型修缮项目已完成的工程量占计划的百分比等。实际完成情况与计划每相差3%,扣1分,扣满15分为止。',
      '100%',
      15,
      '94%',
      13,
    ],
    // 按其未完成比例扣分: 12 × 90% = 10.8
    ['未完成市城镇化工作年度目标任务的,按其未完成比例扣分,扣满12分为止。', '100%', 12, '90%', 10.8],
  ])('%s ｜ %s: “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });

  it('a proportion beside a counted step is a second thing to score: a person scores it', () => {
    const rule =
      '未严格限制、淘汰落实技术、产品的,每发生一起扣1分,扣满3分为止。未完成农民工培训目标任务的,按其未完成比例扣分,扣满3分为止。';
    expect(String(scoreOf(rule, '完成', 6, '达成'))).toMatch(/^manual/);
  });
});

describe('several shortfalls counted each under its own 情形, and points per thing restating the step', () => {
  it.each([
    // 一河一策少5条 → 5, capped at 4; 年度计划少3条 → 3; 7 lost of 6 → 0. 少1条 → 5
    ['未制定“一河一策”的,少1條扣1分,最高扣4分;未制定年度計劃的,每少1條扣1分,最高扣4分。', '0条', 6, '一河一策少1条', 5],
    ['未制定“一河一策”的,少1條扣1分,最高扣4分;未制定年度計劃的,每少1條扣1分,最高扣4分。', '0条', 6, '年度计划少3条', 3],
    [
      '未制定“一河一策”的,少1條扣1分,最高扣4分;未制定年度計劃的,每少1條扣1分,最高扣4分。',
      '0条',
      6,
      '一河一策少5条、年度计划少3条',
      0,
    ],
    // (2分×4项)…每少一项扣2分: 1 missing → 6, all 4 → 0
    ['签订责任状(8分)(2分×4项,即甲、乙、丙、丁)且落实防控措施和责任的得8分。每少一项扣2分。', '0项', 8, '1项', 6],
    ['签订责任状(8分)(2分×4项,即甲、乙、丙、丁)且落实防控措施和责任的得8分。每少一项扣2分。', '0项', 8, '4项', 0],
  ])('%s ｜ %s: “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });
});

describe('lists: the parts after 其中, a listing after a colon, a count named by its verb', () => {
  const points = '乡镇建立群众工作站的3分,村(社区)建立群众工作组记2分,其中,明确有信访专(兼)干的记1分,报酬落实的记1分。';
  it.each([
    // 3 points (3, 1, 1): the 2 of 工作组 is its two parts, not a fourth point
    [points, '齐全', 5, '全部', 5],
    [points, '齐全', 5, '第1、2项', 4],
    [points, '齐全', 5, '第3项', 1],
    // "牛检测2个指标:…" says what is tested; ≥70% full, each 5% below costs 1: 65% → 4, 50% → 1
    ['牛检测2个指标:口蹄疫O型、A型免疫抗体。每项指标为5分,检测合格率≥70%得满分,每少5%扣1分。', '≥70%', 5, '65%', 4],
    ['牛检测2个指标:口蹄疫O型、A型免疫抗体。每项指标为5分,检测合格率≥70%得满分,每少5%扣1分。', '≥70%', 5, '50%', 1],
    // 缺1条 is the 情形 counted with 缺, 发现2条 the other
    ['未實現河長全覆蓋,缺一條扣0.5分;未及時更新,發現一條扣0.5分。', '0条', 2, '缺1条', 1.5],
    ['未實現河長全覆蓋,缺一條扣0.5分;未及時更新,發現一條扣0.5分。', '0条', 2, '缺1条、未及时更新2条', 0.5],
  ])('%s ｜ %s: “%s” → %s', (rule, target, weight, answer, score) => {
    expect(scoreOf(rule, target, weight, answer)).toBe(score);
  });
});
