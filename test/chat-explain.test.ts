import { afterEach, describe, expect, it } from 'vitest';
import { ChatScript, cleanup, forEachBackend, tempDir } from './support/chat.js';

let chat: ChatScript;
afterEach(async () => {
  await chat?.close();
  if (chat) cleanup(chat.dataDir);
});

/** Demo form: 全年预算数 100, 执行数 90 (→ 预算执行率 90%, 0/10), then 办结率 93% (36/40). */
async function partlyFilled(): Promise<ChatScript> {
  chat = new ChatScript(tempDir());
  for (const m of ['开始', '好', '100', '90', '资金下达晚', '93%', '个别案件超期']) await chat.say(m);
  return chat;
}

forEachBackend('chat-explain', () => {
  describe('"how was this score deducted?" in chat', () => {
    it('explains an item from the trace, with the chat numbering, and keeps the person where they were', async () => {
      await partlyFilled();
      const r = await chat.say('办结率为什么扣分');
      expect(r).toContain('信访事项办结率');
      expect(r).toContain('达95%得40分，每减少1%扣2分');
      // 93% is 2 points below 95; 2 × 2 = 4 lost; 36/40.
      expect(r).toContain('36');
      expect(r).toContain('个别案件超期');
      expect(r).toContain('仍在第 5 项');
      // The open question is still 重大群体性事件 (第 5/7 项).
      expect(await chat.say('0起')).toContain('本项得分 20/20');
    });

    it('understands typos, pinyin initials, 第N项 as the chat counts, and overview questions', async () => {
      await partlyFilled();
      expect(await chat.say('预算执行率咋扣的')).toContain('预算执行率');
      expect(await chat.say('yszxl怎么算的')).toContain('预算执行率');
      // 第4项 in the chat is 信访事项办结率 (header fields come first).
      expect(await chat.say('第4项怎么算的')).toContain('信访事项办结率');
      expect(await chat.say('第2项怎么算的')).toContain('第 2 项是表头信息（全年预算数）');
      const lost = await chat.say('哪些项扣分了');
      expect(lost).toContain('预算执行率');
      expect(lost).toContain('信访事项办结率');
      // So far: 预算执行率 0 + 办结率 36 = 36.
      expect(await chat.say('总分怎么算的')).toContain('总分 36/100');
    });

    it('an item not yet answered is said to be so, with the way to go there', async () => {
      await partlyFilled();
      const r = await chat.say('满意度怎么只得了0分');
      expect(r).toContain('信访群众满意度');
      expect(r).toContain('修改 7');
    });
  });

  describe('a 偏差原因 draft in chat', () => {
    it("帮我写 without a model offers a whole draft from the item's figures, taken with 采用", async () => {
      chat = new ChatScript(tempDir());
      for (const m of ['开始', '好', '100', '100', '93%']) await chat.say(m);
      const offer = await chat.say('帮我写');
      expect(offer).toContain('参考草稿');
      const draft = offer.split('\n')[1];
      // Never a blank to fill (issue 19): 采用 takes it as it stands.
      expect(draft).not.toMatch(/请补充|……/);
      // The draft only words facts: every number in it comes from the item (93%, ≥95%, 36 of 40).
      for (const n of draft.match(/\d+(\.\d+)?/g) ?? []) expect(['93', '95', '36', '40']).toContain(n);
      expect(await chat.say('采用')).toContain(`已记录偏差原因：${draft.slice(0, 20)}`);
      const reasons = (await chat.store.historyOf('张三')).filter((h) => h.kind === 'reason');
      expect(reasons.map((r) => r.text)).toEqual([draft]);
    });

    it('a draft without blanks (from the model) is taken with 采用', async () => {
      const { FakeListChatModel } = await import('@langchain/core/utils/testing');
      const model = new FakeListChatModel({
        responses: ['{"reason":"个别案件涉及多部门，办理超期；下一年度建立联办机制。"}'],
        sleep: 0,
      });
      chat = new ChatScript(tempDir(), undefined, '张三', { model });
      for (const m of ['开始', '好', '100', '100', '93%']) await chat.say(m);
      expect(await chat.say('帮我写')).toContain('个别案件涉及多部门，办理超期；下一年度建立联办机制。');
      expect(await chat.say('采用')).toContain('已记录偏差原因');
      const reasons = (await chat.store.historyOf('张三')).filter((h) => h.kind === 'reason');
      expect(reasons.map((r) => r.text)).toEqual(['个别案件涉及多部门，办理超期；下一年度建立联办机制。']);
    });

    it('帮我写 outside a 偏差原因 question is just an answer attempt', async () => {
      chat = new ChatScript(tempDir());
      for (const m of ['开始', '好', '100', '100']) await chat.say(m);
      const r = await chat.say('帮我写');
      expect(r).not.toContain('参考草稿');
      expect(r).toMatch(/例如：/);
    });
  });

  describe('with an LLM configured (a fake model here)', () => {
    it('a question the matcher cannot place is placed by the model, and answered from the trace', async () => {
      const { FakeListChatModel } = await import('@langchain/core/utils/testing');
      const model = new FakeListChatModel({ responses: ['{"intent":"item","indicatorId":"settle_rate"}'], sleep: 0 });
      chat = new ChatScript(tempDir(), undefined, '张三', { model });
      for (const m of ['开始', '好', '100', '100', '93%', '个别案件超期']) await chat.say(m);
      const r = await chat.say('结案那块咋回事');
      expect(r).toContain('信访事项办结率');
      expect(r).toContain('36');
      // Still on 第 5 项: asking did not move the person.
      expect(await chat.say('0起')).toContain('本项得分 20/20');
    });

    it('a malformed model reply falls back to what the deterministic explainer says', async () => {
      const { FakeListChatModel } = await import('@langchain/core/utils/testing');
      const model = new FakeListChatModel({ responses: ['我觉得是第三项吧'], sleep: 0 });
      chat = new ChatScript(tempDir(), undefined, '张三', { model });
      for (const m of ['开始', '好', '100', '100', '93%', '个别案件超期']) await chat.say(m);
      const r = await chat.say('结案那块咋回事');
      expect(r).toContain('可以这样问');
    });
  });
});
