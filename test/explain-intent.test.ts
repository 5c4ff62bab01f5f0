import { describe, expect, it } from 'vitest';
import { detectExplainIntent } from '../src/core/explain/intent.js';

describe('telling a question about a score from an answer', () => {
  it.each([
    ['预算执行率为什么扣分', '预算执行率'],
    ['预算执行率为什么扣分？', '预算执行率'],
    ['为什么预算执行率扣了1.5分？', '预算执行率'],
    ['请问一下预算执行率为什么扣分呀', '预算执行率'],
    ['预算执行率的得分为什么只有8.5分', '预算执行率'],
    ['帮我看看预算执行率怎么扣的分', '预算执行率'],
    ['预算执行率是怎么计算的', '预算执行率'],
    ['预算执行率扣分明细', '预算执行率'],
    ['满意度怎么只得了15分', '满意度'],
    ['满意度只有15分？', '满意度'],
    ['满意读为啥扣分', '满意读'],
    ['第5项怎么算的', '第5项'],
    ['第五项为什么扣分', '第五项'],
    ['第5项得了几分', '第5项'],
    ['按期办结率咋扣的', '按期办结率'],
    ['及时率怎么算', '及时率'],
    ['yszxl为什么扣分', 'yszxl'],
    ['示范县为什么没分', '示范县'],
    ['凭什么满意度扣5分', '满意度'],
    ['满意度为甚么扣分', '满意度'],
  ])('"%s" asks about one item: %s', (text, query) => {
    expect(detectExplainIntent(text)).toEqual({ intent: 'item', query });
  });

  it('asks about the current item when no item is named', () => {
    expect(detectExplainIntent('这项怎么扣的')).toEqual({ intent: 'item' });
    expect(detectExplainIntent('为什么扣分了？')).toEqual({ intent: 'item' });
  });

  it.each(['哪些项扣分了', '哪几项没拿满分', '哪些指标扣分了？', '扣分明细', '一共扣了多少分', '都有哪些扣分的'])(
    '"%s" asks for the items that lost points',
    (text) => {
      expect(detectExplainIntent(text)).toEqual({ intent: 'lost_items' });
    },
  );

  it.each(['总分怎么算的', '总分多少', '总分为什么只有73.37', '为什么是中', '等级怎么定的', '总得分是怎么来的'])(
    '"%s" asks about the total',
    (text) => {
      expect(detectExplainIntent(text)).toEqual({ intent: 'total' });
    },
  );

  it.each([
    '98%',
    '98',
    '达成',
    '部分达成 3.5',
    '未达成',
    '是',
    '跳过',
    '修改 5',
    '150件',
    '468.26万元',
    '怎么填',
    '返回',
  ])('"%s" is an answer or a command, not a question', (text) => {
    expect(detectExplainIntent(text)).toBeNull();
  });

  it('reads a 偏差原因 as an answer even when it mentions 原因 or 扣分', () => {
    expect(detectExplainIntent('主要原因是疫情影响，资金拨付延迟')).toBeNull();
    expect(
      detectExplainIntent(
        '因为部分项目资金年底才到位，执行率偏低，所以扣了1.5分，下一步将提前谋划项目，加快支出进度，确保资金及时发挥效益',
      ),
    ).toBeNull();
  });
});
