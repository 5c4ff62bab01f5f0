import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, SEED_FLOWS, tempDir } from './support/chat.js';

// The demo form (test/fixtures/flows/demo.yaml): 1 单位名称, 2 全年预算数, 3 全年执行数, 4 信访事项办结率,
// 5 重大群体性事件, 6 社会稳定水平, 7 信访群众满意度 — and 8 预算执行率, computed from 2 and 3.
const keep = closeAfterEach();
const open = (...args: ConstructorParameters<typeof ChatScript>) =>
  keep(new ChatScript(...args), async (c) => {
    await c.close();
    cleanup(c.dataDir);
  });

/** Header filled (100 of 100 spent), 办结率 answered 93%: the 偏差原因 of 第 4 项 is asked. */
async function atReasonPrompt(): Promise<ChatScript> {
  const chat = open(tempDir());
  for (const m of ['开始', '好', '100', '100']) await chat.say(m);
  expect(await chat.say('93%')).toContain('第 4 项 信访事项办结率未达到指标值（≥95%）');
  return chat;
}

const reasonsOf = async (chat: ChatScript) =>
  (await chat.store.historyOf('张三')).filter((h) => h.kind === 'reason').map((h) => h.text);

forEachBackend('chat-clerk-stories', () => {
  describe('偏差原因 is a reason, not whatever comes next', () => {
    it('a question at the reason prompt is answered and the prompt stays open', async () => {
      const chat = await atReasonPrompt();
      const r = await chat.say('办结率为啥只有36分');
      expect(r).toContain('信访事项办结率');
      expect(r).toContain('仍在第 4 项');
      expect(await chat.say('这个原因要写多少字呢？')).toContain('这里需要填写本项的偏差原因');
      expect(await reasonsOf(chat)).toEqual([]);
      expect(await chat.say('个别案件涉及多部门，办理超期')).toContain('第 5/7 项');
      expect(await reasonsOf(chat)).toEqual(['个别案件涉及多部门，办理超期']);
    });

    it('a question about something the form does not have is not taken for the reason either', async () => {
      const chat = await atReasonPrompt();
      const r = await chat.say('合格率为啥只有96%？');
      expect(r).not.toContain('已记录偏差原因');
      expect(r).toContain('这里需要填写本项的偏差原因');
      expect(await chat.say('化解率怎么才这么点')).not.toContain('已记录偏差原因');
      expect(await reasonsOf(chat)).toEqual([]);
      // A reason that happens to say 怎么会 is still a reason.
      expect(await chat.say('个别案件不知怎么会超期，已建立督办台账')).toContain('已记录偏差原因');
      expect(await reasonsOf(chat)).toEqual(['个别案件不知怎么会超期，已建立督办台账']);
    });

    it('a bare number is taken as a corrected answer only after the person says yes', async () => {
      const chat = await atReasonPrompt();
      expect(await chat.say('96%')).toBe(
        '“96%”像是一个数值。要把本项的答案改为“96%”吗？回复「是」修改，回复「不是」继续填写偏差原因。',
      );
      const fixed = await chat.say('是');
      expect(fixed).toContain('已记录 96%，本项得分 40/40');
      expect(fixed).toContain('第 5/7 项');
      expect(await reasonsOf(chat)).toEqual([]);
    });

    it('an emoji, a command or a one-word reply is not recorded as the reason', async () => {
      const chat = await atReasonPrompt();
      expect(await chat.say('👍👍')).toContain('请用文字写出偏差原因和改进措施。');
      expect(await chat.say('预览')).toContain('4. 信访事项办结率：93%　36/40分');
      expect(await chat.say('无')).toBe('偏差原因只写了“无”，确定这样记录吗？回复「是」记录，或发送完整的原因。');
      expect(await chat.say('个别案件超期')).toContain('已记录偏差原因。');
      expect(await reasonsOf(chat)).toEqual(['个别案件超期']);
    });

    it('修改 4 原因 and 改原因 4 go straight to the reason, which can be kept or changed', async () => {
      const chat = await atReasonPrompt();
      await chat.say('个别案件超期');
      const again = await chat.say('修改 4 原因');
      expect(again).toContain('第 4 项 信访事项办结率未达到指标值');
      expect(again).toContain('（当前原因：个别案件超期；回复「不变」保留）');
      expect(await chat.say('不变')).toContain('偏差原因保持不变');
      await chat.say('改原因 4');
      await chat.say('个别案件涉及多部门，已建立联办机制');
      expect(await reasonsOf(chat)).toEqual(['个别案件超期', '个别案件涉及多部门，已建立联办机制']);
    });

    it('跳过 at the reason prompt says so first, then asks the next question', async () => {
      const chat = await atReasonPrompt();
      const r = await chat.say('跳过');
      expect(r.indexOf('已跳过，稍后可回复「修改 4」补填。')).toBe(0);
      expect(r).toContain('第 5/7 项');
    });

    it('帮我写 when the model fails still offers the draft from the figures, and is never recorded as the reason', async () => {
      const chat = await atReasonPrompt();
      const { Engine } = await import('../src/engine/engine.js');
      const failing = new Engine({
        store: chat.app.store,
        flows: chat.app.catalog,
        drafter: async () => {
          throw new Error('model timed out');
        },
        log: () => {},
      });
      const [out] = await failing.handle({ id: 'failing-drafter-1', user: '张三', text: '帮我写' });
      expect(out).toMatchObject({ kind: 'text', choices: ['采用'] });
      expect((out as { text: string }).text).toContain('信访事项办结率年度指标值≥95%，实际完成93%');
      expect((out as { text: string }).text).not.toContain('请补充');
      expect(await reasonsOf(chat)).toEqual([]);
      expect(await chat.say('个别案件涉及多部门，办理超期')).toContain('已记录偏差原因。');
    });

    it('a reason longer than the limit is refused, counted on the cleaned text; the cleaned text is stored', async () => {
      const chat = await atReasonPrompt();
      expect(await chat.say(`原因${'很'.repeat(600)}`)).toContain('内容太长了（602字），最多500字');
      // A million spaces and an x: the cleaned text is "个别案件 x", which is what is stored.
      await chat.say(`个别案件${' '.repeat(1500)}x`);
      expect(await reasonsOf(chat)).toEqual(['个别案件 x']);
    });
  });

  describe('one numbering everywhere', () => {
    it('修改第三项, 修改 三 and 改3 all go to 第 3 项; 修改 预算执行率 goes to the inputs it is computed from', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '90', '资金下达晚']) await chat.say(m);
      for (const cmd of ['修改第三项', '修改 三', '改3'])
        expect(await chat.say(cmd)).toContain('第 3/7 项｜全年执行数');
      const derived = await chat.say('修改 预算执行率');
      expect(derived).toContain('第 8 项 预算执行率由下面的数据计算，修改它们即可：');
      expect(derived).toContain('第 2/7 项｜全年预算数（万元）');
      expect(derived).toContain('（当前答案：100）');
    });

    it('the derived item has its number in the preview and in explanations', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '90', '资金下达晚']) await chat.say(m);
      expect(await chat.say('预览')).toContain('8. 预算执行率（自动计算）：90%　0/10分');
      expect(await chat.say('第8项怎么算的')).toContain('预算执行率');
    });
  });

  describe('navigation', () => {
    it('after 上一题 and an answer, the form continues at the next open item; 下一题 on an answered item is not “skipped”', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '100', '95%', '0起']) await chat.say(m);
      const back = await chat.say('上一题');
      expect(back).toContain('第 5/7 项｜产出指标 › 质量指标 › 重大群体性事件');
      expect(back).toContain('（当前答案：0起）');
      const up = await chat.say('上一题');
      expect(up).toContain('第 4/7 项');
      expect(await chat.say('96%')).toContain('第 6/7 项');
      await chat.say('上一题');
      const next = await chat.say('下一题');
      expect(next).not.toContain('已跳过');
      expect(next).toContain('第 6/7 项');
    });
  });

  describe('phone-sized messages', () => {
    function sixtyFlows(): string {
      const dir = keep(tempDir(), cleanup);
      mkdirSync(dir, { recursive: true });
      const lines = [
        'id: big',
        'version: 1',
        'title: 部门整体支出绩效自评表',
        'year: 2024',
        'org: 示例局',
        'total: 120',
        'indicators:',
      ];
      for (let i = 1; i <= 60; i++)
        lines.push(
          `  - {id: item_${i}, level1: 产出指标, level2: 数量指标, name: 第${i}号工作完成率, weight: 2, target: "≥95%", rule: "100%计满分，每低于1%扣0.1分，扣完为止"}`,
        );
      writeFileSync(join(dir, 'big.yaml'), `${lines.join('\n')}\n`);
      return dir;
    }

    it('a 60-item form: every message fits one screen; the review shows totals, deductions and what is missing; 预览 is paged', async () => {
      const chat = open(tempDir(), sixtyFlows());
      await chat.say('开始');
      for (let i = 1; i <= 60; i++) {
        if (i === 30) await chat.say('跳过');
        else if (i % 7 === 0) {
          await chat.say('90%');
          await chat.say('跳过');
        } else await chat.say('100%');
      }
      const review = chat.transcript.at(-1)!;
      expect(review).toContain('请核对《部门整体支出绩效自评表》');
      expect(review).toContain('还缺：30. 第30号工作完成率');
      expect(review).toContain('……另有 2 项，回复「预览」查看全部。');
      expect(await chat.say('嗯嗯我看看')).toBe(
        '没看懂这条。回复「确认」提交，「修改 序号」修改，「预览」查看每一项。',
      );
      const page1 = await chat.say('预览');
      expect(page1).toContain('第 1/6 页，回复「下一页」继续。');
      expect(await chat.say('下一页')).toContain('第 2/6 页');
      for (const m of chat.transcript) expect([...m].length).toBeLessThanOrEqual(500);
    });

    it('a long answer is echoed shortened, and an unknown 修改 target is never echoed in full', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%']) await chat.say(m);
      const r = await chat.say(`修改 ${'某'.repeat(1500)}`);
      expect(r).toBe(`没有找到“${'某'.repeat(20)}…”。请回复「修改 序号」，序号见「预览」，例如：修改 3`);
      expect(await chat.say('某'.repeat(3000))).toBe(
        '这条消息太长了（最多 2000 字），没有记录。请分开发送或精简后再发。',
      );
    });
  });

  describe("long answers and the form's assumptions", () => {
    it('a long text answer is stored whole and echoed shortened', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      await chat.say('13');
      for (const m of ['好', '好', '好', '5', '5']) await chat.say(m);
      const goal = `信访渠道畅通，${'信访事项均及时受理、按期办结，'.repeat(10)}社会和谐稳定`;
      const r = await chat.say(goal);
      expect(r).toContain(`已记录 年度总体目标实际完成情况：${[...goal].slice(0, 40).join('')}…`);
      const rows = await chat.store.answers(1);
      expect(rows.find((x) => x.itemId === 'goal_actual')?.value).toBe(goal);
    });

    it('a form that states assumptions shows them when it starts', async () => {
      const chat = open(tempDir());
      const flow = chat.app.catalog.byId('demo')! as { assumptions?: string[] };
      flow.assumptions = ['分值按原表，预算执行率10分'];
      const start = await chat.say('开始');
      expect(start).toContain('说明：分值按原表，预算执行率10分');
    });
  });

  describe('after submission', () => {
    it('进度 and 换表 say it is submitted with its version and score; 确认 with no change makes no new version; 帮助 fits', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%']) await chat.say(m);
      expect(await chat.say('确认')).toContain('第 1 版');
      expect(await chat.say('进度')).toContain('《项目支出绩效自评表》已提交第 1 版，总分 99.5 分。');
      expect(await chat.say('帮助')).toContain('您的表已提交第 1 版。');
      expect(await chat.say('确认')).toBe('内容没有变化，仍是第 1 版，不再生成新版本。如需修改，回复「修改 序号」。');
      // 修改 with the same answer changes nothing either.
      await chat.say('修改 7');
      expect(await chat.say('95%')).toContain('请核对');
      expect(await chat.say('确认')).toContain('内容没有变化，仍是第 1 版');
      // One version: its .docx and its chart, sent once.
      expect(chat.files.map((f) => (f as { name: string }).name.split('.').pop())).toEqual(['docx', 'png']);
      expect(await chat.say('换表')).toContain(
        '《示例信访局 · 项目支出绩效自评表 · 2025年度》已提交第 1 版，总分 99.5 分。',
      );
    });
  });

  describe('every text is free of internals, and names tell forms apart', () => {
    it('a whole conversation shows no ids, no ASCII formulas and no >=', async () => {
      const chat = open(tempDir());
      for (const m of [
        '开始',
        '好',
        '100',
        '90',
        '帮我写',
        '资金下达晚',
        '93%',
        '个别案件超期',
        '帮助',
        '进度',
        '预览',
      ])
        await chat.say(m);
      for (const m of ['0起', '部分达成 13', '矛盾未完全化解', '95%', '确认']) await chat.say(m);
      const all = chat.transcript.filter((l) => !l.startsWith('> ')).join('\n');
      expect(all).not.toMatch(/[a-z]+_[a-z_]+|>=|<=|budget|settle/);
      const file = chat.files[0] as { name: string };
      expect(file.name).toBe('示例信访局-项目支出-2025年度-自评表-第1版.docx');
    });

    it("正定县's five project forms are told apart by their 项目名称", async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      // The menu is paged (one phone screen); a word of the unit's name lists that unit's forms.
      const list = await chat.say('正定');
      const zhengding = list.split('\n').filter((l) => l.includes('正定县信访局'));
      expect(zhengding).toHaveLength(5);
      expect(new Set(zhengding.map((l) => l.replace(/^\d+\. /, ''))).size).toBe(5);
      expect(zhengding.some((l) => l.includes(' · 驻京信访值班差旅费 · '))).toBe(true);
    });

    it('an example fits its own question: 填表人 is not shown 「已按计划完成全年任务」', async () => {
      const dir = keep(tempDir(), cleanup);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'f.yaml'),
        'id: f\nversion: 1\ntitle: 部门整体支出绩效自评表\ntotal: 10\nfields:\n  - {id: filler, label: 填表人, type: text}\n  - {id: phone, label: 联系电话, type: text}\nindicators:\n  - {id: a, level1: 产出指标, level2: 数量指标, name: 完成率, weight: 10, target: "100%"}\n',
      );
      const chat = open(tempDir(), dir);
      const first = await chat.say('开始');
      expect(first).toContain('例如：王明');
      expect(await chat.say('王明')).toContain('例如：0311-8888 1234');
    });
  });
});
