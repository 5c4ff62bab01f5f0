import { describe, expect, it } from 'vitest';
import { explain, explainItem, explainLostItems, explainTotal } from '../src/core/explain/explain.js';
import { buildReport, grades, items } from './explain-fixture.js';

const report = buildReport();
const byId = (id: string) => items.find((i) => i.id === id)!;

describe('"预算执行率为什么扣分": one item, told from the trace', () => {
  const reply = explain('预算执行率为什么扣分', report);

  it('names the item by its place in the form and its score', () => {
    expect(reply.kind).toBe('item');
    expect(reply.indicatorId).toBe('exec_rate');
    expect(reply.text.split('\n')[0]).toBe('【第3项 预算执行率】得分 8.5/10');
  });

  it('gives the rule as written, the target, the answer and the gap', () => {
    expect(reply.text).toContain('评扣分标准：100%计满分，每低于1%扣0.1分，扣完为止。');
    expect(reply.text).toContain('年度指标值：100%');
    expect(reply.text).toContain('实际完成：85%');
    expect(reply.text.split('\n')).toContain('差距：完成值85%，比基准100%低15个百分点');
  });

  it('walks through the scorer steps and the loss: 10 − 1.5 = 8.5', () => {
    const lines = reply.text.split('\n');
    expect(lines).toContain('1. 按「每低于1%扣0.1分」，15个百分点折合15档，扣1.5分');
    expect(lines).not.toContain('2. 得分10−1.5=8.5分');
    expect(lines).toContain('结果：得8.5分（满分10分，扣1.5分）');
  });

  it('repeats the 偏差原因 the person wrote', () => {
    expect(reply.text).toContain('偏差原因：部分项目资金年底才到位');
  });

  it('gives the same reply however the item is named', () => {
    for (const q of [
      'yszxl为什么扣分',
      '第3项怎么算的',
      '第三项为啥扣分',
      '预算执形率怎么扣的',
      '为什么预算执行率扣了1.5分？',
    ])
      expect(explain(q, report).text).toBe(reply.text);
  });
});

describe('how the rule applied', () => {
  it('shows the rounding: 3 − 1/3 = 2.666667, half up to 2.67, so 0.33 lost', () => {
    const text = explain('支付进度率为什么只有2.67分', report).text;
    const lines = text.split('\n');
    expect(lines).toContain('2. 2.666667分按四舍五入保留2位小数为2.67分');
    expect(lines).toContain('结果：得2.67分（满分3分，扣0.33分）');
  });

  it('shows the cap: 10件 × 0.5 = 5 to lose, capped at the 4 the item is worth', () => {
    const text = explain('中央省交办怎么扣的', report).text;
    const lines = text.split('\n');
    // the step quotes the rule's own clause (每未办结1件), not the scorer's paraphrase (每1件)
    expect(lines).toContain('1. 共10件，按「每未办结1件扣0.5分」，扣5分');
    expect(lines).toContain('2. 扣分上限4分（扣完为止），按4分扣');
    expect(lines).toContain('结果：得0分（满分4分，扣4分）');
  });

  it('shows the proportion: 20 × 75% = 15', () => {
    const reply = explain('满意度怎么只得了15分', report);
    expect(reply.indicatorId).toBe('satisfaction');
    const lines = reply.text.split('\n');
    expect(lines).toContain('1. 按百分比计分：分值20分×75%=15分');
    expect(lines).toContain('结果：得15分（满分20分，扣5分）');
  });

  it('shows a part step counted as a whole one (1 − 0.2 = 0.8)', () => {
    const text = explain('网上按期办结率咋扣的', report).text;
    const lines = text.split('\n');
    // the rule says 每减少5%: that is what the quotation says
    expect(lines).toContain('1. 按「每减少5%扣0.2分」，2个百分点折合0.4档（不足一档按一档计，按1档），扣0.2分');
    expect(lines).toContain('结果：得0.8分（满分1分，扣0.2分）');
  });

  it('says there is no loss for a full score', () => {
    const text = explain('重点工作办结率怎么算的', report).text;
    expect(text).toContain('满分，没有扣分');
    expect(text).not.toContain('偏差原因');
  });

  it('asks for the 偏差原因 when points were lost and none was written', () => {
    expect(explain('信访事项及时受理率为什么扣分', report).text).toContain('偏差原因：还没写');
    expect(explain('信访事项及时受理率为什么扣分', report).text).toContain('回复「修改 6 原因」');
  });

  it('a binary item states the rule it applied, in the form’s words', () => {
    const lines = explain('信访总量下降率怎么算的', report).text.split('\n');
    expect(lines).toContain('1. 按评分标准「达到目标值计满分，未达到不得分。」，完成值3%，达到指标值≥2%，得满分15分');
  });

  it("says an item waiting for a person's score has none yet", () => {
    const reply = explain('示范县为什么没分', report);
    expect(reply.kind).toBe('item');
    // the reason is said once, on the closing line
    expect(reply.text.split('\n').at(-1)).toBe(
      '还没有分数：评分标准「视创建完成情况酌情扣分。」要求酌情评分，没有给出计分方法。回复「修改 11」给出分数。',
    );
    expect(reply.text.split('酌情评分').length).toBe(2);
  });
});

describe('an item not yet answered', () => {
  it('says so and offers to go to it', () => {
    const reply = explain('州长信箱那项怎么算的', report);
    expect(reply).toEqual({
      kind: 'unanswered',
      indicatorId: 'mailbox_close',
      text: expect.stringContaining('还没有填写'),
    });
    expect(reply.text).toContain('回复「修改 9」去填写');
  });
});

describe('a vague name', () => {
  it('lists the items it fits, numbered as in the form, and asks which', () => {
    const reply = explain('及时率怎么扣的', report);
    expect(reply.kind).toBe('ambiguous');
    expect(reply.candidates).toEqual(['accept_rate', 'online_accept']);
    expect(reply.text).toContain('第6项 信访事项及时受理率');
    expect(reply.text).toContain('第7项 网上信访案件及时受理率');
    expect(reply.text).toContain('哪一项');
  });
});

describe('nothing matches', () => {
  it("says what can be asked, with this form's own items as examples", () => {
    const reply = explain('天气怎么样为什么扣分', report);
    expect(reply.kind).toBe('no_match');
    expect(reply.text).toContain('没找到「天气」');
    // the first item that lost points is 第2项 绩效指标明确性
    expect(reply.text).toContain('绩效指标明确性为什么扣分');
    expect(reply.text).toContain('第2项怎么算的');
    expect(reply.text).toContain('哪些项扣分了');
  });

  it('asks which item when none is named and the person is not on one', () => {
    expect(explain('这项怎么扣的', report).kind).toBe('no_match');
  });

  it('explains the item the person is on for "这项怎么扣的"', () => {
    const reply = explain('这项怎么扣的', report, { currentId: 'pay_rate' });
    expect(reply.indicatorId).toBe('pay_rate');
  });
});

describe('"哪些项扣分了"', () => {
  const text = explain('哪些项扣分了', report).text;

  it('lists each item that lost points with its loss, in form order', () => {
    const lines = text.split('\n');
    expect(lines).toContain('第2项 绩效指标明确性：6/8，扣2分');
    expect(lines).toContain('第3项 预算执行率：8.5/10，扣1.5分');
    expect(lines).toContain('第13项 社会公众满意度：15/20，扣5分');
    expect(lines.indexOf('第3项 预算执行率：8.5/10，扣1.5分')).toBeLessThan(
      lines.indexOf('第13项 社会公众满意度：15/20，扣5分'),
    );
    expect(text).not.toContain('重点工作办结率');
  });

  it('adds up the losses: 2 + 1.5 + 0.33 + 1.6 + 0.2 + 4 + 5 = 14.63', () => {
    expect(text).toContain('共扣14.63分');
  });

  it('lists the items without a score apart', () => {
    expect(text).toContain('第9项 州长信箱交办案件按期办结率（未填写）');
    expect(text).toContain('第11项 信访工作示范县创建（待人工评分）');
  });

  it('says when nothing was lost', () => {
    const full = buildReport({ items: items.filter((i) => i.score === i.max) });
    expect(explainLostItems(full)).toContain('没有扣分');
  });
});

describe('"总分怎么算的"', () => {
  const text = explain('总分怎么算的', report, { grades }).text;

  it('sums the item scores per 一级指标 to the total', () => {
    // 投入 6+6=12, 过程 8.5+2.67+14=25.17, 产出 3.4+2+0.8+0=6.2, 效益 15, 满意度 15
    expect(text).toContain('投入：12/14');
    expect(text).toContain('过程：25.17/27');
    expect(text).toContain('产出：6.2/14');
    expect(text).toContain('12 + 25.17 + 6.2 + 15 + 15 = 73.37分');
  });

  it('gives the grade and the band it falls in', () => {
    expect(text).toContain('总分 73.37/100，等级：中');
    expect(text).toContain('60分及以上为中');
    expect(text).toContain('60分以下为差');
  });

  it('says the total is provisional while items lack a score', () => {
    expect(text).toContain('另有2项还没计分');
  });

  it("leaves out the bands when the flow's are not given", () => {
    expect(explainTotal(report)).not.toContain('等级划分');
  });
});

describe('asking is pure', () => {
  it('never changes the report', () => {
    const r = buildReport();
    const before = JSON.stringify(r);
    for (const q of ['预算执行率为什么扣分', '哪些项扣分了', '总分怎么算的', '及时率怎么扣的', '州长信箱怎么算的'])
      explain(q, r);
    expect(JSON.stringify(r)).toBe(before);
  });

  it('explainItem works without a position', () => {
    expect(explainItem(byId('exec_rate')).split('\n')[0]).toBe('【预算执行率】得分 8.5/10');
  });
});
