import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runExplain } from '../src/cli/explain-command.js';

const FLOW = `
id: xinfang_demo
title: 部门整体支出绩效自评表
indicators:
  - { id: exec_rate, level1: 过程, level2: 预算执行, name: 预算执行率, weight: 10, target: "100%", rule: "100%计满分，每低于1%扣0.1分，扣完为止。" }
  - { id: accept_rate, level1: 产出, level2: 质量指标, name: 信访事项及时受理率, weight: 5, target: "100%", rule: "及时受理率100%得5分，每减少5%扣1分。" }
  - { id: online_accept, level1: 产出, level2: 时效指标, name: 网上信访案件及时受理率, weight: 2, target: "≥95%", rule: "网上信访案件及时受理率达95%得2分，每减少5%扣0.5分，扣完为止。" }
  - { id: mailbox_close, level1: 产出, level2: 时效指标, name: 州长信箱交办案件按期办结率, weight: 2, target: "≥95%", rule: "州长信箱交办案件按期办结率达95%得2分，每减少5%扣0.5分，扣完为止。" }
  - { id: satisfaction, level1: 满意度, level2: 服务对象满意度, name: 社会公众满意度, weight: 20, target: "≥95%", rule: "按满意百分比计分" }
`;
const ANSWERS = {
  exec_rate: { value: '85%', reason: '部分资金年底才到位。' },
  accept_rate: '92%',
  online_accept: '97%',
  satisfaction: '75%',
};

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tianbao-explain-'));
  writeFileSync(join(dir, 'flow.yaml'), FLOW);
  writeFileSync(join(dir, 'answers.json'), JSON.stringify(ANSWERS));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.stubEnv('LLM_PROVIDER', '');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const run = (question: string, flow = join(dir, 'flow.yaml'), answers = join(dir, 'answers.json')) =>
  runExplain(['--flow', flow, '--answers', answers, '--question', question]);

describe('tianbao explain', () => {
  it('explains an item from the real scorer and exits 0', async () => {
    expect(await run('预算执行率为什么扣分')).toBe(0);
    const text = out.join('\n');
    // 100 − 85 = 15 points short × 0.1 = 1.5 lost; 10 − 1.5 = 8.5
    expect(text).toContain('【第1项 预算执行率】得分 8.5/10');
    expect(text).toContain('评扣分标准：100%计满分，每低于1%扣0.1分，扣完为止。');
    expect(text.split('\n')).toContain('结果：得8.5分（满分10分，扣1.5分）');
    expect(text).toContain('偏差原因：部分资金年底才到位。');
  });

  it('answers 满意度 by pinyin: 20 × 75% = 15', async () => {
    expect(await run('myd怎么只得了15分')).toBe(0);
    expect(out.join('\n')).toContain('【第5项 社会公众满意度】得分 15/20');
  });

  it('lists the items that lost points', async () => {
    expect(await run('哪些项扣分了')).toBe(0);
    // 1.5 (预算执行率) + 1.6 (8 points short = 1.6 steps of 5%) + 5 (满意度) = 8.1
    expect(out.join('\n').split('\n')).toContain('扣分的项（共扣8.1分）：');
    expect(out.join('\n')).toContain('第4项 州长信箱交办案件按期办结率（未填写）');
  });

  it('sums the total: 8.5 + (3.4 + 2) + 15 = 28.9', async () => {
    expect(await run('总分怎么算的')).toBe(0);
    expect(out.join('\n')).toContain('8.5 + 5.4 + 15 = 28.9分');
  });

  it('says an unanswered item is not filled in, exit 0', async () => {
    expect(await run('州长信箱怎么算的')).toBe(0);
    expect(out.join('\n')).toContain('回复「修改 4」去填写');
  });

  it('exits 1 when the name fits several items or none', async () => {
    expect(await run('及时率咋扣的')).toBe(1);
    expect(out.join('\n')).toContain('哪一项');
    expect(await run('天气为什么扣分')).toBe(1);
    expect(out.join('\n')).toContain('可以这样问');
  });

  it('exits 2 on a missing file, a broken flow or no question', async () => {
    expect(await run('预算执行率为什么扣分', join(dir, 'nope.yaml'))).toBe(2);
    writeFileSync(join(dir, 'bad.yaml'), 'id: x\ntitle: t\nindicators: []\n');
    expect(await run('预算执行率为什么扣分', join(dir, 'bad.yaml'))).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{not json');
    expect(await run('预算执行率为什么扣分', join(dir, 'flow.yaml'), join(dir, 'bad.json'))).toBe(2);
    expect(await runExplain(['--flow', join(dir, 'flow.yaml'), '--answers', join(dir, 'answers.json')])).toBe(2);
    expect(err.join('\n')).toContain('用法');
  });
});
