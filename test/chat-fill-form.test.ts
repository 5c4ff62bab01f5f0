import { existsSync, readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { SCORE_CHART_HEIGHT, SCORE_CHART_WIDTH } from '../src/charts/score-chart.js';
import { pngSize } from '../src/report/chart-image.js';
import { docxText } from './fixtures/read-docx.js';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, SEED_FLOWS, tempDir } from './support/chat.js';

const keep = closeAfterEach();
const open = (...args: ConstructorParameters<typeof ChatScript>) =>
  keep(new ChatScript(...args), async (c) => {
    await c.close();
    cleanup(c.dataDir);
  });

const docxAt = (path: string) => docxText(readFileSync(path));

forEachBackend('chat-fill-form', () => {
  describe('a person fills the demo form in chat', () => {
    it('walks question by question, scores each answer at once, asks for 偏差原因, and sends a .docx', async () => {
      const chat = open(tempDir());
      const hello = await chat.say('你好');
      expect(hello).toContain('项目支出绩效自评表');
      expect(hello).toContain('回复「开始」');

      const first = await chat.say('开始');
      expect(first).toContain('第 1/7 项｜单位名称');
      expect(first).toContain('默认：示例信访局');

      expect(await chat.say('好')).toContain('第 2/7 项｜全年预算数（万元）');
      // 12000元 typed into a 万元 field is converted: 1.2万元.
      expect(await chat.say('1,200,000元')).toContain('已记录 全年预算数：120万元');

      // 全年执行数 114 of 120 → 预算执行率 95%, derived and never asked; 5 points short × 1 = 5 lost.
      const derived = await chat.say('114万元');
      expect(derived).toContain('预算执行率由公式计算：95%，本项得分 5/10');
      expect(derived).toContain('请填写偏差原因分析及改进措施');
      const afterReason = await chat.say('部分资金年底才下达，下年度提前申请拨付');
      expect(afterReason).toContain('已记录偏差原因');
      expect(afterReason).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
      expect(afterReason).toContain('年度指标值：≥95%　分值：40分');
      expect(afterReason).toContain('达95%得40分，每减少1%扣2分');

      // 93%: 2 points below 95 → 2 × 2 = 4 lost → 36/40.
      const settle = await chat.say('９３％');
      expect(settle).toContain('已记录 93%，本项得分 36/40');
      expect(settle).toContain('偏差原因');
      expect(await chat.say('跳过')).toContain('第 5/7 项');

      // 1起 against 每发生1起扣5分 → 15/20.
      const incidents = await chat.say('1 起');
      expect(incidents).toContain('本项得分 15/20');
      expect(await chat.say('一起群体性上访，已化解')).toContain('第 6/7 项');

      expect(await chat.say('稳定')).toContain('本项得分 20/20');
      // 按群众满意百分比: 92% of 10 → 9.2.
      const sat = await chat.say('百分之九十二');
      expect(sat).toContain('本项得分 9.2/10');
      expect(sat).toContain('请核对');
      expect(sat).toContain('还需填写偏差原因：4. 信访事项办结率');

      // Submission asks for the missing reason first.
      const blocked = await chat.say('提交');
      expect(blocked).toContain('提交前请先补齐');
      expect(chat.files).toHaveLength(0);

      expect(await chat.say('修改 4')).toContain('（当前答案：９３％）');
      const again = await chat.say('93%');
      expect(again).toContain('36/40');
      const review = await chat.say('个别案件涉及多部门，办理超期');
      expect(review).toContain('全部填好');
      // 5 + 36 + 15 + 20 + 9.2 = 85.2 → 良.
      expect(review).toContain('合计 85.2/100 分，等级：良');

      const done = await chat.say('确认');
      expect(done).toContain('已提交《项目支出绩效自评表》第 1 版。总分 85.2/100，等级：良');
      expect(done).toContain('预算执行率（-5）');
      // The .docx, then its 一级指标 chart as a picture; the same picture is inside the .docx.
      expect(chat.files.map((f) => (f as { name: string }).name)).toEqual([
        '示例信访局-项目支出-2025年度-自评表-第1版.docx',
        '示例信访局-项目支出-2025年度-自评表-第1版-得分图.png',
      ]);
      const [file, chart] = chat.files as Array<{ path: string; name: string }>;
      expect(existsSync(file.path)).toBe(true);
      const png = readFileSync(chart.path);
      expect(pngSize(png)).toEqual({ width: SCORE_CHART_WIDTH, height: SCORE_CHART_HEIGHT });
      const zip = await JSZip.loadAsync(readFileSync(file.path));
      const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
      expect(media).toHaveLength(1);
      expect(Buffer.from(await zip.file(media[0])!.async('uint8array')).equals(png)).toBe(true);
      const text = await docxAt(file.path);
      expect(text).toContain('信访事项办结率');
      expect(text).toContain('85.2');
      expect(text).toContain('个别案件涉及多部门，办理超期');
    });

    it('after submission, 修改 and 确认 make revision 2 and keep revision 1', async () => {
      const chat = open(tempDir());
      for (const m of ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%']) await chat.say(m);
      expect(await chat.say('确认')).toContain('第 1 版');
      expect(await chat.say('你好')).toContain('如需修改，回复「修改 序号」');
      expect(await chat.say('修改 满意度')).toContain('信访群众满意度');
      const review = await chat.say('100%');
      expect(review).toContain('请核对');
      const second = await chat.say('提交');
      expect(second).toContain('第 2 版');
      // Each version: its .docx and its chart.
      expect(chat.files).toHaveLength(4);
      const paths = chat.files.map((f) => (f as { path: string }).path);
      expect(paths.map((p) => p.split('/').pop())).toEqual([
        'demo-s1-v1.docx',
        'demo-s1-v1.png',
        'demo-s1-v2.docx',
        'demo-s1-v2.png',
      ]);
      for (const p of paths) expect(existsSync(p)).toBe(true);
      expect((await chat.store.reportsOf('张三')).map((r) => [r.revision, r.status])).toEqual([
        [1, 'done'],
        [2, 'done'],
      ]);
    });
  });

  describe('a person fills a real seed form (正定县 信访专项业务费)', () => {
    it('gets the finished .docx with every indicator and the total', async () => {
      const chat = open(tempDir(), SEED_FLOWS);
      // The menu is paged: a word of the unit's name lists its forms, each with its own number.
      const list = await chat.say('正定');
      const line = list.split('\n').find((l) => l.includes('正定县') && l.includes('信访专项业务')) ?? '';
      expect(line).not.toBe('');
      let reply = await chat.say(/^(\d+)\. /.exec(line)![1]);
      const seen: string[] = [];
      // Answer whatever is asked with its own example until the review; reasons get a sentence.
      for (let i = 0; i < 40 && !reply.includes('请核对'); i++) {
        seen.push(reply);
        if (reply.includes('偏差原因分析及改进措施')) reply = await chat.say('按计划推进，下一年度加强管理');
        else if (reply.includes('请给出自评分')) reply = await chat.say('4');
        else {
          const example = [...reply.matchAll(/例如：(.+)/g)].pop()?.[1] ?? '100%';
          reply = await chat.say(example.trim());
        }
      }
      expect(reply).toContain('请核对');
      const done = await chat.say('确认');
      expect(done).toMatch(/已提交《.+》第 1 版/);
      expect(chat.files.map((f) => (f as { name: string }).name.slice(-4))).toEqual(['docx', '.png']);
      const text = await docxAt((chat.files[0] as { path: string }).path);
      const total = /总分 ([\d.]+)\//.exec(done)![1];
      expect(text).toContain(total);
      for (const name of ['群众工作中心任务完成率', '信访事项受理及时率', '信访群众满意度'])
        expect(text).toContain(name);
    });
  });
});
