import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, tempDir } from './support/chat.js';

// The demo form (test/fixtures/flows/demo.yaml): 1 单位名称, 2 全年预算数, 3 全年执行数, 4 信访事项办结率, …
// and 8 预算执行率 = 全年执行数 ÷ 全年预算数, computed, never asked.
const keep = closeAfterEach();
const open = () =>
  keep(new ChatScript(tempDir()), async (c) => {
    await c.close();
    cleanup(c.dataDir);
  });

const rowOf = async (chat: ChatScript, itemId: string) =>
  (await chat.store.answers(1)).find((r) => r.itemId === itemId);

/** Header up to 全年执行数: 单位名称 by default, a budget of 100万元. */
async function atSpendQuestion(): Promise<ChatScript> {
  const chat = open();
  for (const m of ['开始', '好']) await chat.say(m);
  expect(await chat.say('100')).toContain('第 3/7 项｜全年执行数（万元）');
  return chat;
}

forEachBackend('chat-unusual-answers', () => {
  describe('a spend above the budget is asked about once, in plain Chinese', () => {
    it('是 records it as confirmed; the derived 预算执行率 is scored and nothing asks again', async () => {
      const chat = await atSpendQuestion();
      const asked = await chat.say('120');
      expect(asked).toBe(
        '填的是120万元，超过了全年预算数100万元，确认没有填错吗？\n回复「是」记录，或直接发送正确的答案。',
      );
      expect(await rowOf(chat, 'budget_spent')).toBeUndefined();

      const yes = await chat.say('是');
      expect(yes).toContain('已记录 全年执行数：120万元');
      expect(yes).toContain('预算执行率由公式计算：120%');
      expect(yes).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
      expect(await rowOf(chat, 'budget_spent')).toMatchObject({ value: '120', status: 'confirmed' });
      // Going back to it and typing the same figure again records it without asking a second time.
      expect(await chat.say('上一题')).toContain('第 3/7 项｜全年执行数（万元）');
      const again = await chat.say('120');
      expect(again).toContain('已记录 全年执行数：120万元');
      expect(again).not.toContain('确认没有填错');
      expect(await rowOf(chat, 'budget_spent')).toMatchObject({ value: '120', status: 'confirmed' });

      // Later turns read the confirmed row: the review never lists it as needing a check.
      for (const m of ['96%', '0起', '稳定', '95%']) await chat.say(m);
      expect(
        (await chat.store.historyOf('张三')).filter((h) => h.itemId === 'budget_spent').map((h) => h.text),
      ).toEqual(['120', '120']);
      const review = await chat.say('预览');
      expect(review).not.toContain('确认没有填错');
      const submitted = await chat.say('提交');
      expect(submitted).toContain('已提交');
    });

    it('a corrected figure instead of 是 is read as the answer (and checked again)', async () => {
      const chat = await atSpendQuestion();
      await chat.say('1200');
      const corrected = await chat.say('98');
      expect(corrected).toContain('已记录 全年执行数：98万元');
      expect(corrected).toContain('预算执行率由公式计算：98%');
      expect(await rowOf(chat, 'budget_spent')).toMatchObject({ value: '98', status: 'answered' });
    });

    it('不是 asks the question again without recording anything', async () => {
      const chat = await atSpendQuestion();
      await chat.say('120');
      const again = await chat.say('不是');
      expect(again).toContain('第 3/7 项｜全年执行数（万元）');
      expect(await rowOf(chat, 'budget_spent')).toBeUndefined();
    });
  });

  describe('rates that cannot be, or are ambiguous', () => {
    async function atSettleRate(): Promise<ChatScript> {
      const chat = await atSpendQuestion();
      expect(await chat.say('100')).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
      return chat;
    }

    it('办结率 120% is refused with the reason and an example, and nothing is recorded', async () => {
      const chat = await atSettleRate();
      const refused = await chat.say('120%');
      const [first, second] = refused.split('\n');
      expect(first).toBe('信访事项办结率不会超过100%，填的是120%，请核对后再填');
      expect(second).toMatch(/^例如：/);
      expect(await rowOf(chat, 'settle_rate')).toBeUndefined();
      expect(await chat.say('97%')).toContain('已记录 97%，本项得分 40/40');
    });

    it('"0.95" where a percent is asked is asked back once with both readings; 是 takes 95%, the other reading as offered is accepted', async () => {
      const chat = await atSettleRate();
      const asked = await chat.say('0.95');
      expect(asked.split('\n')[0]).toBe('“0.95”是95%吗？是就回复「是」；如果是0.95%，请直接回复：0.95%');
      expect(await rowOf(chat, 'settle_rate')).toBeUndefined();
      expect(await chat.say('是')).toContain('已记录 95%，本项得分 40/40');
      const other = await atSettleRate();
      await other.say('0.95');
      expect(await other.say('0.95%')).toContain('已记录 0.95%');
    });
  });

  describe('a budget corrected after the spend was recorded', () => {
    it('an unconfirmed spend now above the budget blocks submission until it is confirmed; no score is taken from it', async () => {
      const chat = await atSpendQuestion();
      for (const m of ['100', '96%', '0起', '稳定', '95%']) await chat.say(m);
      await chat.say('修改 2');
      const review = await chat.say('80');
      expect(review.split('\n')).toContain('还缺：3. 全年执行数（与其他数不符，请修改后确认）');
      expect(review).toContain('提交前请先补齐以上内容');
      expect(await chat.say('提交')).toContain('提交前请先补齐以上内容');
      expect(await chat.store.reportsOf('张三')).toEqual([]);

      await chat.say('修改 3');
      expect(await chat.say('100')).toContain('填的是100万元，超过了全年预算数80万元，确认没有填错吗？');
      const settled = await chat.say('是');
      expect(settled).toContain('预算执行率由公式计算：125%');
      expect(settled).toContain('全部填好');
      expect(await chat.say('提交')).toContain('已提交《项目支出绩效自评表》第 1 版');
    });
  });
});
