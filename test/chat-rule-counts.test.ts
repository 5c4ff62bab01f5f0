import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, tempDir } from './support/chat.js';

// Issue 18, "ask for what the rule counts": a rule deducting per 件 under a 100% rate is asked as the count it
// deducts for ("未办结的有几件？"), and the answers the rule's own words call for are accepted.
const FLOW = `id: count-ask
version: 1
title: 部门整体支出绩效自评表
total: 10
fields:
  - {id: org_name, label: 单位名称, type: text, default: 某信访局}
indicators:
  - id: central_case_rate
    level1: 产出指标
    level2: 重点工作任务完成
    name: 中央、省交办信访案件办结率
    weight: 4
    target: "100%"
    rule: 中央、省交办件办结率达100%得4分，每减少1件扣0.5分，扣完为止
  - id: channel
    level1: 效益指标
    level2: 社会效益
    name: 信访渠道畅通
    weight: 6
    target: 畅通
    rule: 畅通的得6分，基本畅通的得3分，不畅通的不得分
`;

const keep = closeAfterEach();
function open(): ChatScript {
  const flows = keep(tempDir(), cleanup);
  writeFileSync(join(flows, 'count.yaml'), FLOW);
  return keep(new ChatScript(keep(tempDir(), cleanup), flows), (c) => c.close());
}

async function atCount(chat: ChatScript): Promise<string> {
  await chat.say('开始');
  return chat.say('好');
}

describe('a rule counting 件 under a rate asks for that count', () => {
  it('asks "未办结的有几件？" with an example it accepts, and scores 2件 as 2 × 0.5 lost', async () => {
    const chat = open();
    const q = await atCount(chat);
    expect(q).toContain('未办结的有几件？没有就填0。');
    expect(q).toContain('例如：1件');
    expect(q).not.toContain('请填写实际完成值');
    // 2 not settled × 0.5 = 1 lost → 3 of 4; short of the target: the 偏差原因 is asked
    const two = await chat.say('2件');
    expect(two).toContain('已记录 2件，本项得分 3/4');
    expect(two).toContain('偏差原因');
  });

  it.each([['全部办结'], ['100%'], ['0'], ['没有']])(
    '“%s” says none is left: full marks and no 偏差原因',
    async (answer) => {
      const chat = open();
      await atCount(chat);
      const r = await chat.say(answer);
      expect(r).toContain('已记录 0件，本项得分 4/4');
      expect(r).not.toContain('偏差原因');
      expect(r).toContain('第 3/3 项');
    },
  );

  it('a rate below 100% cannot be turned into 件: the re-ask names the count, not 达成', async () => {
    const chat = open();
    await atCount(chat);
    const r = await chat.say('98%');
    expect(r).toContain('评分标准按未办结的件数扣分');
    expect(r).toContain('请填未办结的件数（件）');
    expect(r).not.toContain('达成');
  });

  it('the next item, a choice, takes the rule’s own words; every message fits a phone', async () => {
    const chat = open();
    await atCount(chat);
    await chat.say('1件');
    await chat.say('跳过');
    const r = await chat.say('基本畅通');
    expect(r).toContain('本项得分 3/6');
    for (const line of chat.transcript) expect([...line].length).toBeLessThanOrEqual(500);
  });
});
