import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, SEED_FLOWS, tempDir } from './support/chat.js';

// Clerk stories of issue 19: each defect a clerk met, told as they met it. The demo form
// (test/fixtures/flows/demo.yaml): 1 单位名称, 2 全年预算数, 3 全年执行数, 4 信访事项办结率 (≥95%, 40分),
// 5 重大群体性事件, 6 社会稳定水平, 7 信访群众满意度 — and 8 预算执行率, computed from 2 and 3.
const keep = closeAfterEach();
const open = (...args: ConstructorParameters<typeof ChatScript>) =>
  keep(new ChatScript(...args), async (c) => {
    await c.close();
    cleanup(c.dataDir);
  });

const reasonsOf = async (chat: ChatScript) =>
  (await chat.store.historyOf('张三')).filter((h) => h.kind === 'reason').map((h) => h.text);

/** A form's number in the menu: its place in the catalog, the same on every page. */
const numberInMenu = async (chat: ChatScript, id: string) =>
  (await chat.catalog.list('张三')).findIndex((f) => f.id === id) + 1;

/** Header filled (100 of 100 spent), 办结率 answered 93%: the 偏差原因 of 第 4 项 is asked. */
async function atReasonPrompt(): Promise<ChatScript> {
  const chat = open(tempDir());
  for (const m of ['开始', '好', '100', '100']) await chat.say(m);
  expect(await chat.say('93%')).toContain('第 4 项 信访事项办结率未达到指标值（≥95%）');
  return chat;
}

forEachBackend('chat-turn-stories', () => {
  describe('换表 and 继续', () => {
    it('after 换表, 继续 goes back to the exact question; other messages get one line, not the whole menu', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      const menu = await chat.say('你好');
      expect([...menu].length).toBeLessThanOrEqual(500);
      await chat.say(String(await numberInMenu(chat, 'zhengding-2022-xinfang-yewu')));
      for (const m of ['好', '好', '好']) await chat.say(m);
      const fourth = chat.transcript.at(-1)!;
      expect(fourth).toMatch(/第 4\/\d+ 项/);
      const switched = await chat.say('换表');
      expect([...switched].length).toBeLessThanOrEqual(500);
      // A stray answer at the menu is not the menu again (705 characters before): one line, naming 继续.
      const stray = await chat.say('95%');
      expect([...stray].length).toBeLessThan(120);
      expect(stray).toContain('继续');
      const back = await chat.say('继续');
      expect(back).toContain('欢迎回来');
      expect(back).toMatch(/第 4\/\d+ 项/);
    });

    it('with one form, anything typed at the menu after 换表 gets one clean line naming 继续', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '换表']) await chat.say(m);
      for (const m of ['进度', '95%', '👍'])
        expect(await chat.say(m)).toBe(
          '您有未完成的《示例信访局 · 项目支出绩效自评表 · 2025年度》（已填 1/7 项）。回复「继续」接着填。',
        );
      expect(await chat.say('继续')).toContain('第 2/7 项');
    });

    it('the menu offers to continue the form 继续 goes back to: the one left last, even with nothing answered', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      await chat.say(String(await numberInMenu(chat, 'zhengding-2022-xinfang-yewu')));
      await chat.say('好');
      await chat.say('换表');
      await chat.say(String(await numberInMenu(chat, 'gongxing-bumen-zhengti')));
      const menu = await chat.say('换表');
      expect(menu).toMatch(/您有未完成的《[^》]*共性指标框架》（已填 0\/\d+ 项）/);
      expect(await chat.say('继续')).toContain('欢迎回来，接着填写《部门整体支出绩效评价共性指标框架》');
    });

    it('暂停 at a pending check question, then 继续: the same check is asked again and 是 records the answer', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100']) await chat.say(m);
      const check = await chat.say('120');
      expect(check).toContain('回复「是」记录');
      const question = check.split('\n')[0];
      expect(await chat.say('暂停')).toContain('已暂停');
      const resumed = await chat.say('继续');
      expect(resumed).toContain(question);
      expect(resumed).not.toContain('“”');
      const yes = await chat.say('是');
      expect(yes).toContain('已记录 全年执行数：120万元');
      expect(yes).not.toContain('没能恢复');
      expect((await chat.store.answers(1)).find((r) => r.itemId === 'budget_spent')?.status).toBe('confirmed');
    });

    it('暂停 at a pending check question, then straight 是 without 继续: the 是 answers the check', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '120', '暂停']) await chat.say(m);
      expect(await chat.say('是')).toContain('已记录 全年执行数：120万元');
      expect(await reasonsOf(chat)).toEqual([]);
    });

    it('the bot’s own hint 「修改 4 原因」 at a pending check keeps the check; 换表 and 继续 come back to it', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100']) await chat.say(m);
      const question = (await chat.say('120')).split('\n')[0];
      const hint = await chat.say('修改 3 原因');
      expect(hint).toContain('修改 4 原因');
      expect(hint).toContain(question);
      await chat.say('修改 4 原因');
      await chat.say('换表');
      const back = await chat.say('继续');
      expect(back).toContain(question);
      expect(await chat.say('是')).toContain('已记录 全年执行数：120万元');
      for (const line of chat.transcript) expect(line).not.toContain('没能恢复');
    });
  });

  describe('偏差原因', () => {
    it('a reason that says 解释 is a reason, not a question', async () => {
      const chat = await atReasonPrompt();
      const r = await chat.say('个别群众对政策理解有偏差，今后做好政策解释');
      expect(r).toContain('已记录偏差原因');
      expect(r).not.toContain('没找到');
      expect(await reasonsOf(chat)).toEqual(['个别群众对政策理解有偏差，今后做好政策解释']);
    });

    it('a person’s own score below full is asked about as such, not as a target missed; an answer word is not a reason', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      await chat.say(String(numberInMenu(chat, 'gongxing-bumen-zhengti')));
      expect(await chat.say('修改 27')).toContain('经济效益');
      expect(await chat.say('达成')).toContain('请给出自评分');
      const ask = await chat.say('4');
      expect(ask).toContain('第 27 项 经济效益自评 4 分（满分 5 分），请说明扣分原因及改进措施');
      expect(ask).not.toContain('未达到指标值');
      expect(await chat.say('全部符合')).toContain('偏差原因只写了“全部符合”，确定这样记录吗？');
      expect(await chat.say('本年度经济形势变化，部分项目带动作用未充分显现')).toContain('已记录偏差原因');
      expect(await reasonsOf(chat)).toEqual(['本年度经济形势变化，部分项目带动作用未充分显现']);
    });

    it('修改 N 原因 on an item that met its target says so and records nothing', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '100', '96%']) await chat.say(m);
      const r = await chat.say('修改 4 原因');
      expect(r).toContain('第 4 项 信访事项办结率已达到指标值，不需要填写偏差原因');
      expect(r).toContain('第 5/7 项');
      expect(await chat.say('0起')).toContain('本项得分 20/20');
      expect(await reasonsOf(chat)).toEqual([]);
    });

    it('帮我写 without a model: a whole draft, and numbers pick causes and measures, with words added', async () => {
      const chat = await atReasonPrompt();
      const offer = await chat.say('帮我写');
      expect(offer).not.toMatch(/请补充|（\s*）/);
      const causes = /^原因：(.+)$/m.exec(offer)![1];
      const measures = /^措施：(.+)$/m.exec(offer)![1];
      const second = /2\.(\S+)/.exec(causes)![1];
      const sixth = /6\.(\S+)/.exec(measures)![1];
      const r = await chat.say('2 6 另外年底人员调整');
      expect(r).toContain('已记录偏差原因');
      const [reason] = await reasonsOf(chat);
      expect(reason).toContain('实际完成93%');
      expect(reason).toContain(second);
      expect(reason).toContain('另外年底人员调整');
      expect(reason).toContain(sixth);
      expect(reason).not.toMatch(/请补充/);
    });

    it('帮我写 without a model, then 采用: the draft from the figures is the reason, whole', async () => {
      const chat = await atReasonPrompt();
      const offer = await chat.say('帮我写');
      const draft = /直接使用）：\n(.+)\n/.exec(offer)![1];
      expect(draft).toContain('信访事项办结率年度指标值≥95%，实际完成93%');
      expect(await chat.say('采用')).toContain('已记录偏差原因');
      expect(await reasonsOf(chat)).toEqual([draft]);
      expect(draft).not.toMatch(/请补充|（\s*）|\{/);
    });

    it('"为啥只有93%？" at the reason prompt is answered about this item, as "为啥只有36分？" is', async () => {
      const chat = await atReasonPrompt();
      for (const q of ['为啥只有93%？', '为啥只有36分？']) {
        const r = await chat.say(q);
        expect(r).toContain('信访事项办结率');
        expect(r).toContain('36');
        expect(r).toContain('仍在第 4 项');
      }
      expect(await reasonsOf(chat)).toEqual([]);
      // The hint the explanation gives is taken: it goes to the reason, not back to the figure.
      expect(chat.transcript.at(-1)).toContain('回复「修改 4 原因」补上');
      expect(await chat.say('修改 4 原因')).toContain('请填写偏差原因');
    });

    it('是 typed twice after a yes-or-no question is never recorded as the 偏差原因', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100']) await chat.say(m);
      expect(await chat.say('90')).toContain('第 8 项 预算执行率未达到指标值');
      for (let i = 0; i < 3; i++) expect(await chat.say('是')).toContain('不用回答是或否');
      expect(await reasonsOf(chat)).toEqual([]);
    });
  });

  describe('what the chat shows', () => {
    it('an emoji is not a 单位名称: it is refused with an example, which is then accepted', async () => {
      const chat = open(tempDir());
      await chat.say('开始');
      const r = await chat.say('👍');
      expect(r).toContain('“👍”不是文字，请用文字填写');
      const example = /例如：(.+)/.exec(r)![1].trim();
      expect(await chat.say(example)).toContain(`已记录 单位名称：${example}`);
    });

    it('a checklist question lists its 评价要点, numbered as they are answered', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      await chat.say(String(await numberInMenu(chat, 'gongxing-bumen-zhengti')));
      const q = await chat.say('修改 绩效目标合理性');
      expect(q).toContain('符合下面哪几条评价要点');
      expect(q).toMatch(/①是否符合国家法律法规/);
      expect(q).toMatch(/③是否符合部门制定的中长期实施规划/);
      expect(await chat.say('1、3')).toContain('满足2/3项（①③）');
    });

    it('「哪些项扣分了」 numbers items as the chat does', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '90', '资金下达晚', '93%', '个别案件超期']) await chat.say(m);
      const lost = await chat.say('哪些项扣分了');
      expect(lost).toContain('第4项 信访事项办结率');
      expect(lost).toContain('第8项 预算执行率');
      expect(lost).not.toContain('第1项 预算执行率');
      expect(lost).not.toContain('第2项 信访事项办结率');
    });

    it('预览全部 shows every page; 下一页 on the last page says it is the last', async () => {
      const dir = keep(tempDir(), cleanup);
      mkdirSync(dir, { recursive: true });
      const lines = ['id: big', 'version: 1', 'title: 部门整体支出绩效自评表', 'total: 80', 'indicators:'];
      for (let i = 1; i <= 40; i++)
        lines.push(
          `  - {id: item_${i}, level1: 产出指标, level2: 数量指标, name: 第${i}号工作完成率, weight: 2, target: "≥95%"}`,
        );
      writeFileSync(join(dir, 'big.yaml'), `${lines.join('\n')}\n`);
      const chat = open(tempDir(), dir);
      await chat.say('开始');
      const all = await chat.say('预览全部');
      for (const page of ['第 1/4 页', '第 2/4 页', '第 3/4 页', '第 4/4 页（完）']) expect(all).toContain(page);
      expect(all).toContain('40. 第40号工作完成率');
      const more = await chat.say('下一页');
      expect(more).toContain('已经是最后一页');
      expect(more).not.toContain('第 4/4 页');
      for (const m of chat.transcript) expect([...m].length).toBeLessThanOrEqual(2500);
    });

    it('a figure the form states is offered for a yes: 是 keeps it, a figure replaces it', async () => {
      const dir = keep(tempDir(), cleanup);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'f.yaml'),
        [
          'id: f',
          'version: 1',
          'title: 项目支出绩效自评表',
          'total: 10',
          'fields:',
          '  - {id: budget_total, label: 全年预算数, type: money, unit: 万元, stated: "80"}',
          '  - {id: budget_spent, label: 全年执行数, type: money, unit: 万元, stated: "76"}',
          'indicators:',
          '  - {id: a, level1: 产出指标, level2: 数量指标, name: 完成率, weight: 10, target: "100%"}',
          '',
        ].join('\n'),
      );
      const chat = open(tempDir(), dir);
      const [first] = await chat.engine.handle({ id: 's1', user: '张三', text: '开始' });
      expect((first as { text: string }).text).toContain('原表填的全年预算数是 80万元，对吗？');
      // The example is the stated figure (a made-up one, copied, would replace it) and it is accepted.
      expect((first as { text: string }).text).toContain('例如：80万元');
      expect((first as { choices?: string[] }).choices).toEqual(['是']);
      expect(await chat.say('是')).toContain('已记录 全年预算数：80万元');
      expect(chat.transcript.at(-1)).toContain('例如：76万元');
      expect(await chat.say('abc')).toContain('例如：76万元');
      expect(await chat.say('76万元')).toContain('已记录 全年执行数：76万元');
      await chat.say('修改 2');
      expect(await chat.say('75')).toContain('已记录 全年执行数：75万元');
    });
  });

  describe('退回', () => {
    const FULL = ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%', '确认'];

    it('退回 while the person looks at an item of the submitted form: their place stays, the review names the items', async () => {
      const chat = open(tempDir());
      for (const m of FULL) await chat.say(m);
      expect((await chat.store.latestSession('张三', 'demo'))?.status).toBe('submitted');
      // Looking at 第 4 项 after submitting, nothing changed yet: the form is still the submitted 第 1 版.
      expect(await chat.say('修改 4')).toContain('信访事项办结率');
      const returned = await chat.engine.reopenForReturn('张三', 'demo', {
        revision: 1,
        items: ['settle_rate'],
        comment: '办结率与台账不符',
      });
      expect(returned).toBe(true);
      expect((await chat.store.latestSession('张三', 'demo'))?.status).toBe('open');
      // Still at 第 4 项: the answer is taken there, and the review says what was returned.
      expect(await chat.say('98%')).toContain('已记录');
      const review = await chat.say('进度');
      expect(review).toContain('办结率与台账不符');
      expect(review).toContain('第4项');
      expect(await chat.say('确认')).toContain('第 2 版');
    });

    it('退回 while paused after submitting: 继续 comes back to the review naming the items, not to 已提交', async () => {
      const chat = open(tempDir());
      for (const m of FULL) await chat.say(m);
      expect(await chat.say('暂停')).toContain('已暂停');
      expect(
        await chat.engine.reopenForReturn('张三', 'demo', {
          revision: 1,
          items: [],
          comment: '请补充满意度调查方式',
        }),
      ).toBe(true);
      const back = await chat.say('继续');
      expect(back).toContain('请补充满意度调查方式');
      expect(back).not.toContain('已提交');
    });
  });
});
