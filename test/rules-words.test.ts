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
