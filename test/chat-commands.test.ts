import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/engine/commands.js';
import { ChatScript, cleanup, forEachBackend, tempDir } from './support/chat.js';

let chat: ChatScript;
afterEach(async () => {
  await chat?.close();
  if (chat) cleanup(chat.dataDir);
});

/** Starts the demo form and answers the header so the open question is 信访事项办结率 (第 4/7 项). */
async function atSettleRate(): Promise<ChatScript> {
  chat = new ChatScript(tempDir());
  for (const m of ['开始', '好', '100', '100']) await chat.say(m);
  return chat;
}

forEachBackend('chat-commands', () => {
  describe('commands are read the way people type them', () => {
    it.each([
      ['帮助', 'HELP'],
      [' 帮 助 ', 'HELP'],
      ['进度', 'PROGRESS'],
      ['上一题', 'BACK'],
      ['返回', 'BACK'],
      ['跳过', 'SKIP'],
      ['预览', 'PREVIEW'],
      ['确认', 'SUBMIT'],
      ['提交！', 'SUBMIT'],
      ['重新填写', 'RESTART'],
      ['暂停', 'PAUSE'],
      ['取消', 'PAUSE'],
      ['继续', 'CONTINUE'],
      ['ＨＥＬＰ', 'HELP'],
    ])('%s → %s', (text, type) => {
      expect(parseCommand(text)?.type).toBe(type);
    });

    it('修改 takes a number or a name, with or without 第…项 and full-width digits', () => {
      expect(parseCommand('修改 5')).toEqual({ type: 'EDIT', target: '5' });
      expect(parseCommand('修改第５项')).toEqual({ type: 'EDIT', target: '5' });
      expect(parseCommand('改 满意度')).toEqual({ type: 'EDIT', target: '满意度' });
    });

    it('answers are not commands', () => {
      for (const t of ['98%', '达成', '150件', '部分达成 3.5', '资金下达晚']) expect(parseCommand(t)).toBeNull();
    });
  });

  describe('commands in the middle of a form', () => {
    it('帮助 explains the open question without moving on', async () => {
      await atSettleRate();
      const help = await chat.say('帮助');
      expect(help).toContain('【信访事项办结率】');
      expect(help).toContain('评分标准：达95%得40分，每减少1%扣2分，扣完为止');
      expect(await chat.say('95%')).toContain('本项得分 40/40');
    });

    it('进度 says how many are done and what is next', async () => {
      await atSettleRate();
      expect(await chat.say('进度')).toContain('已填 3/7 项。下一项：第 4 项 信访事项办结率');
    });

    it('上一题 goes back one question; the new answer replaces the old one', async () => {
      await atSettleRate();
      const back = await chat.say('上一题');
      expect(back).toContain('第 3/7 项｜全年执行数');
      // 90 of 100 → 90%, 10 points below → 0/10 and a reason is asked.
      expect(await chat.say('90')).toContain('预算执行率由公式计算：90%，本项得分 0/10');
    });

    it('跳过 leaves an indicator for later, but a required header field cannot be skipped', async () => {
      chat = new ChatScript(tempDir());
      await chat.say('开始');
      await chat.say('好');
      expect(await chat.say('跳过')).toContain('本项必须填写');
      await chat.say('100');
      await chat.say('100');
      const skipped = await chat.say('跳过');
      expect(skipped).toContain('已跳过');
      expect(skipped).toContain('第 5/7 项');
      expect(await chat.say('进度')).toContain('下一项：第 5 项');
    });

    it('预览 lists the scores so far and a provisional total', async () => {
      await atSettleRate();
      await chat.say('95%');
      const p = await chat.say('预览');
      expect(p).toContain('4. 信访事项办结率：95%　40/40分');
      expect(p).toContain('6. 社会稳定水平：　未填');
      // 10 (预算执行率) + 40 = 50.
      expect(p).toContain('合计 50/100 分');
      expect(p).toContain('暂计');
    });

    it('修改 by name or number jumps to that question and then returns to the review', async () => {
      await atSettleRate();
      for (const m of ['95%', '0起', '稳定', '95%']) await chat.say(m);
      expect(await chat.say('修改 稳定')).toContain('第 6/7 项');
      const review = await chat.say('部分达成 13');
      expect(review).toContain('本项得分 13/20');
      expect(review).toContain('偏差原因');
      expect(await chat.say('社会面总体平稳，个别矛盾未完全化解')).toContain('请核对');
      expect(await chat.say('修改 99')).toContain('没有找到“99”');
      expect(await chat.say('修改 信访')).toContain('对应多项');
    });

    it('重新填写 asks first; anything but 是 cancels; 是 clears the answers', async () => {
      await atSettleRate();
      expect(await chat.say('重新填写')).toContain('确定要重新填写吗');
      const cancelled = await chat.say('算了');
      expect(cancelled).toContain('已取消');
      expect(cancelled).toContain('第 4/7 项');
      await chat.say('重新填写');
      const restarted = await chat.say('是');
      expect(restarted).toContain('已清空');
      expect(restarted).toContain('第 1/7 项');
      expect(await chat.say('进度')).toContain('已填 0/7 项');
      const history = await chat.store.historyOf('张三');
      expect(history.some((h) => h.kind === 'restart')).toBe(true);
      expect(history.filter((h) => h.kind === 'value').map((h) => h.text)).toEqual(['示例信访局', '100', '100']);
    });

    it('暂停 keeps everything; the next message resumes at the open question', async () => {
      await atSettleRate();
      expect(await chat.say('暂停')).toContain('已暂停');
      const back = await chat.say('在吗');
      expect(back).toContain('欢迎回来');
      expect(back).toContain('第 4/7 项');
    });

    it('确认 before the end shows what is missing', async () => {
      await atSettleRate();
      const r = await chat.say('提交');
      expect(r).toContain('还缺：4. 信访事项办结率，5. 重大群体性事件，6. 社会稳定水平，7. 信访群众满意度');
    });
  });

  describe('bad answers', () => {
    it('say what was wrong with an example, and after three failures offer 帮助 and 跳过', async () => {
      await atSettleRate();
      const a = await chat.say('abc');
      expect(a).toMatch(/例如：/);
      expect(a).not.toContain('第 4/7 项');
      await chat.say('很多');
      const third = await chat.say('？？');
      expect(third).toContain('帮助');
      expect(third).toContain('跳过');
      expect(await chat.say('96%')).toContain('本项得分 40/40');
    });

    it.each([
      ['-5起', '5/7'],
      ['2.5起', '5/7'],
      ['1200%', '4/7'],
      ['', '4/7'],
    ])('refuses %j and keeps what is saved', async (bad) => {
      await atSettleRate();
      await chat.say('95%');
      if (bad) {
        const r = await chat.say(bad);
        expect(r).toMatch(/例如：/);
      }
      expect(await chat.say('预览')).toContain('4. 信访事项办结率：95%　40/40分');
    });

    it('a qualitative score outside its band is refused with the band', async () => {
      await atSettleRate();
      for (const m of ['95%', '0起']) await chat.say(m);
      // 部分达成 must be in [60%, 80%) of 20 = [12, 16).
      const r = await chat.say('部分达成 18');
      expect(r).toMatch(/12/);
      expect(r).toMatch(/16/);
      expect(r).toMatch(/例如：/);
    });
  });

  describe('coming back', () => {
    it('a greeting in the middle of a form shows the open question instead of being read as an answer', async () => {
      await atSettleRate();
      const r = await chat.say('你好');
      expect(r).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
      expect(r).not.toMatch(/例如：.*\n.*例如/);
      expect(await chat.say('进度')).toContain('已填 3/7 项');
    });
  });

  describe('questions state the rule that applies', () => {
    it('a qualitative item without a rule text shows the 达成/部分达成/未达成 bands, not a proportion', async () => {
      await atSettleRate();
      for (const m of ['95%', '0起']) await chat.say(m);
      const q = await chat.say('进度');
      expect(q).toContain('第 6 项');
      const shown = await chat.say('继续');
      expect(shown).toContain('第 6/7 项｜效益指标 › 社会效益指标 › 社会稳定水平');
      expect(shown).toContain('评分标准：达成得满分；部分达成按分值的60%~80%、未达成按0~60%自评打分');
    });
  });
});
