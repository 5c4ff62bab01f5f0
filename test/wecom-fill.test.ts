import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxText } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, SEED_FLOWS, tempDir } from './support/chat.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();
const start = async (opts: Partial<Parameters<typeof WecomHarness.start>[0]> = {}) =>
  keep(await WecomHarness.start({ dataDir: keep(tempDir('tianbao-wecom-'), cleanup), ...opts }), (h) => h.close());

describe('a person fills the demo form in 企业微信', () => {
  it('answers each message on its req_id, scores as it goes, and sends the .docx and the score picture as files', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');

    const hello = await zhang.say('你好');
    expect(hello).toContain('项目支出绩效自评表');
    // Every answer is on the message's own req_id: a stream finished at once.
    const first = h.fake.repliesTo(h.fake.lastCallback!.headers.req_id);
    expect(first.map((b) => [b.kind, b.finished])).toEqual([
      ['stream', true],
      ['card', undefined],
    ]);

    expect(await zhang.say('开始')).toContain('第 1/7 项｜单位名称');
    expect(await zhang.say('好')).toContain('第 2/7 项｜全年预算数（万元）');
    expect(await zhang.say('120')).toContain('第 3/7 项');
    const derived = await zhang.say('114万元');
    expect(derived).toContain('预算执行率由公式计算：95%，本项得分 5/10');
    expect(await zhang.say('部分资金年底才下达，下年度提前申请拨付')).toContain('第 4/7 项');
    expect(await zhang.say('96%')).toContain('第 5/7 项');
    expect(await zhang.say('0起')).toContain('第 6/7 项');
    expect(await zhang.say('稳定')).toContain('第 7/7 项');
    const review = await zhang.say('95%');
    expect(review).toContain('全部填好');
    const done = await zhang.say('确认');
    expect(done).toContain('已提交《项目支出绩效自评表》第 1 版');

    // The .docx and the picture arrive as files: uploaded in chunks, then pushed as a file and an image message.
    await h.fake.until(() => zhang.files().length === 2, 'two files');
    const [docx, png] = zhang.files();
    expect(docx.kind).toBe('file');
    expect(docx.name).toBe('示例信访局-项目支出-2025年度-自评表-第1版.docx');
    expect(png.kind).toBe('image');
    expect(png.name).toBe('示例信访局-项目支出-2025年度-自评表-第1版-得分图.png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const text = await docxText(docx.bytes);
    expect(text).toContain('信访事项办结率');
    expect(text).toContain('部分资金年底才下达，下年度提前申请拨付');
    const cmds = h.fake.received.map((f) => f.cmd);
    expect(cmds).toContain('aibot_upload_media_init');
    expect(cmds).toContain('aibot_upload_media_chunk');
    expect(cmds).toContain('aibot_upload_media_finish');
    expect(await h.channel.outbox.counts()).toMatchObject({ queued: 0, sending: 0, parked: 0 });
  });

  it('fills the same form with the buttons wherever a question has closed answers, typing the figures', async () => {
    const h = await start();
    const li = h.person('lisi');
    await li.say('你好');
    // The greeting offers the form as a button; each button sends exactly its label.
    expect(buttons(li)).toEqual(['开始']);
    expect(await li.click('开始')).toContain('第 1/7 项｜单位名称');
    expect(buttons(li)).toEqual(['好']);
    expect(await li.click('好')).toContain('第 2/7 项');
    await li.say('120');
    expect(await li.say('114')).toContain('请填写偏差原因');
    expect(buttons(li)).toEqual(['帮我写', '跳过']);
    expect(await li.click('跳过')).toContain('第 4/7 项');
    await li.say('96%');
    expect(await li.say('0起')).toContain('第 6/7 项｜效益指标 › 社会效益指标 › 社会稳定水平');
    expect(buttons(li)).toEqual(['达成']);
    expect(await li.click('达成')).toContain('已记录 达成，本项得分 20/20');
    const review = await li.say('95%');
    expect(review).toContain('请核对《项目支出绩效自评表》');
    // The skipped 偏差原因 is still owed: no 确认提交 yet.
    expect(buttons(li)).toEqual(['预览全部']);
    await li.say('修改 3');
    await li.say('114');
    const back = await li.say('部分资金年底才下达，下年度提前申请拨付');
    expect(back).toContain('请核对');
    expect(buttons(li)).toEqual(['确认提交', '预览全部']);
    expect(await li.click('确认提交')).toContain('已提交《项目支出绩效自评表》第 1 版');
    await h.fake.until(() => li.files().length === 2, 'the .docx and the picture');
    expect(await docxText(li.files()[0].bytes)).toContain('部分资金年底才下达，下年度提前申请拨付');
    // Five clicks, each a template_card_event answered on its own req_id.
    const clicks = [...h.fake.sentAt.keys()].filter((r) => r.startsWith('evt_'));
    expect(clicks).toHaveLength(5);
    expect(clicks.every((r) => h.fake.repliesTo(r).some((b) => b.kind === 'stream'))).toBe(true);
  });
});

describe('the form menu in 企业微信', () => {
  it('offers an office’s forms as buttons a phone tells apart; a click starts that form', async () => {
    const flows = keep(tempDir('tianbao-wecom-flows-'), cleanup);
    for (const id of ['rugao-2024-lianxi-huiban', 'rugao-2024-xinfang-jiuzhu', 'rugao-2024-zhujing-bangong'])
      copyFileSync(join(SEED_FLOWS, `${id}.yaml`), join(flows, `${id}.yaml`));
    const h = await start({ flowsDir: flows });
    const wang = h.person('wangke');
    const menu = await wang.say('你好');
    expect(menu).toContain('如皋市信访局 · 信访救助资金 · 2024年度');
    expect(buttons(wang)).toEqual(['联席会办信访资金', '信访救助资金', '信访驻京统一办公费用']);
    // Each button sends the whole label, which picks the form as typing it would.
    expect(wang.latestCard()!.card!.button_list!.map((b) => b.key)).toContain('如皋市信访局 · 信访救助资金 · 2024年度');
    const first = await wang.click('信访救助资金');
    expect(first).toContain('信访救助资金');
    expect(first).toContain('第 1/');
  });
});

/** The labels of the buttons under the latest answer (none when that answer has no card). */
function buttons(p: ReturnType<WecomHarness['person']>): string[] {
  const card = p.latestCard();
  const last = p.lastAnswer();
  if (!card || !last || card.reqId !== last.reqId) return [];
  return (card.card?.button_list ?? []).map((b) => b.text);
}
