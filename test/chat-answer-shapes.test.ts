import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, tempDir } from './support/chat.js';

// Answer shapes of issue 25 as a clerk meets them in the chat (demo form: 4 信访事项办结率, 5 重大群体性事件,
// 6 社会稳定水平, 7 信访群众满意度): a figure from parts is said back with how it was computed and recorded on
// 是; an uncertain figure is asked back once with both readings; 不适用 goes to a person with that reason.
const keep = closeAfterEach();
const open = () =>
  keep(new ChatScript(tempDir()), async (c) => {
    await c.close();
    cleanup(c.dataDir);
  });
const rowOf = async (chat: ChatScript, itemId: string) =>
  (await chat.store.answers(1)).find((r) => r.itemId === itemId);

async function atRateQuestion(): Promise<ChatScript> {
  const chat = open();
  for (const m of ['开始', '好', '100']) await chat.say(m);
  expect(await chat.say('100')).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
  return chat;
}

forEachBackend('chat-answer-shapes', () => {
  describe('answer shapes in the chat', () => {
    it('受理120件，办结117件 is said back as 97.5% with how, and recorded on 是', async () => {
      const chat = await atRateQuestion();
      const asked = await chat.say('受理120件，办结117件');
      expect(asked).toBe(
        '按办结117件 ÷ 受理120件 × 100% = 97.5%，信访事项办结率记为97.5%，对吗？\n回复「是」记录，或直接发送正确的答案。',
      );
      expect(await rowOf(chat, 'settle_rate')).toBeUndefined();
      const yes = await chat.say('是');
      expect(yes).toContain('已记录 97.5%');
      expect(yes).toContain('第 5/7 项');
    });

    it('0.95 is asked back with both readings; the other reading typed is recorded as typed', async () => {
      const chat = await atRateQuestion();
      expect(await chat.say('0.95')).toContain('“0.95”是95%吗？');
      const other = await chat.say('0.95%');
      expect(other).toContain('已记录 0.95%');
    });

    it('a re-ask for the rate names the figure, never 达成', async () => {
      const chat = await atRateQuestion();
      const again = await chat.say('挺好的');
      expect(again).toContain('请填信访事项办结率的百分比（%）');
      expect(again).not.toContain('达成');
    });

    it('不适用 goes to a person with that reason', async () => {
      const chat = await atRateQuestion();
      const reply = await chat.say('不适用');
      expect(reply).toContain('本项需人工评分');
      expect(reply).toContain('不适用于本单位');
    });
  });
});
