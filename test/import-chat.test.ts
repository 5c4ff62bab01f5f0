import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatImport, MAX_REPLY, typedPath } from '../src/import/chat-import.js';
import { hecheng, rugao, zhengding } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { docxText } from './fixtures/read-docx.js';
import { ChatScript, cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();

/** The bot's side of the port: admins by verified contact id, a flows dir, a reload counter. */
function setup() {
  const dir = keep(tempDir('tianbao-chat-import-'), cleanup);
  const flowsDir = join(dir, 'flows');
  const reloads: number[] = [];
  const importer = new ChatImport({
    isAdmin: (user) => user === 'wxid_admin',
    flowsDir,
    reload: () => void reloads.push(Date.now()),
  });
  return { dir, flowsDir, reloads, importer };
}

describe('an admin imports a form by chat', () => {
  it('sends the Word file → one-screen summary → 发布 → another person fills it and gets the 自评表', async () => {
    const { dir, flowsDir, reloads, importer } = setup();
    const file = join(dir, '鹤城自评表.docx');
    await writeDocx(hecheng, file);

    const [summary] = await importer.receiveFile('wxid_admin', file);
    expect(summary?.split('\n')).toEqual([
      '已读取《2020年预算支出绩效自评表·驻京维稳劝返专项经费》（区信访局）',
      '共 8 项指标，总分 100 分，需人工评分 0 项。',
      '原表有 4 处前后不一致，已照录。',
      '前几个问题：',
      // Each rule with two answers and their scores by the one scorer (here the 财政部 default: in proportion).
      '1. 数量指标›100%：指标值 100%，10分（填 98% → 9.8 分；填 90% → 9 分）',
      '2. 质量指标›居民群众幸福生活：指标值 90%，10分（填 88% → 9.78 分；填 80% → 8.89 分）',
      '3. 时效指标›一年：指标值 90%，10分（填 88% → 9.78 分；填 80% → 8.89 分）',
      '回复「发布」让大家填报，回复「取消」放弃。机器人重启前没发布的，要重新发文件。',
    ]);
    expect(existsSync(flowsDir)).toBe(false); // nothing written before 发布

    const [published] = (await importer.handleText('wxid_admin', '发布')) ?? [];
    expect(published).toBe(
      '已发布 1 张表：\n《2020年预算支出绩效自评表·驻京维稳劝返专项经费》\n现在可以填报，也可以创建填报任务。已经开始填写的人继续用原来的版本。',
    );
    expect(reloads).toHaveLength(1);
    expect(readdirSync(flowsDir)).toEqual([expect.stringMatching(/^qxfj-2020-zjwwqfzxjf-[0-9a-f]{4}\.yaml$/)]);

    // The running bot reloaded the flows dir; a staff member fills the new form.
    const chat = keep(new ChatScript(keep(tempDir(), cleanup), flowsDir, '王五'), (c) => c.close());
    expect(await chat.say('你好')).toContain('区信访局 · 驻京维稳劝返专项经费 · 2020年度');
    const answers = ['开始', '好', '好', '好', '20', '20', '19', '部分资金年底才下达', '基本完成'];
    for (const a of answers) await chat.say(a);
    for (const a of ['100%', '90%', '90%', '100%', '90%', '90%', '90%']) await chat.say(a);
    expect(chat.transcript.at(-1)).toContain('全部填好');
    expect(chat.transcript.join('\n')).toContain('第 3/14 项｜主管部门');
    expect(chat.transcript.join('\n')).toContain('预算执行率由公式计算：95%，本项得分 9.5/10');
    // The document's own totals (items add up to 110) are kept, as in the hand-written flow.
    expect(chat.transcript.join('\n')).toContain('合计 109.5/110 分，等级：优');
    await chat.say('确认');
    const doc = chat.files[0] as { path: string } | undefined;
    if (!doc) throw new Error(chat.transcript.join('\n'));
    const text = await docxText(readFileSync(doc.path));
    expect(text).toContain('维护社会稳定，完成各项任务90%');
    expect(text).toContain('信访群众比较满意');
  });

  it('「取消」 drops the import and writes nothing', async () => {
    const { dir, flowsDir, reloads, importer } = setup();
    const file = join(dir, 'rugao.docx');
    await writeDocx(rugao, file);
    await importer.receiveFile('wxid_admin', file);
    expect(importer.isWaiting('wxid_admin')).toBe(true);
    expect(await importer.handleText('wxid_admin', '取消')).toEqual(['已取消导入，什么都没有改动。']);
    expect(await importer.handleText('wxid_admin', '发布')).toBeNull();
    expect(existsSync(flowsDir)).toBe(false);
    expect(reloads).toHaveLength(0);
  });

  it('a file of five tables is summarised on one screen, the assumed weights said', async () => {
    const { dir, importer } = setup();
    const file = join(dir, 'zhengding.docx');
    await writeDocx(zhengding, file);
    const [summary] = await importer.receiveFile('wxid_admin', file);
    expect(summary?.length).toBeLessThanOrEqual(MAX_REPLY);
    const lines = summary?.split('\n') ?? [];
    expect(lines[0]).toBe('已读取 5 张表：');
    expect(lines[3]).toBe('3. 2022年项目支出绩效自评表·信访专项业务费：共 7 项指标，总分 100 分，需人工评分 0 项。');
    expect(lines.at(-2)).toBe('其中 5 张表原表没有分值等，已按常用办法假设，请核对。');
  });

  it('`导入 <路径>` in the terminal chat works the same, and re-importing publishes version 2', async () => {
    const { dir, flowsDir, importer } = setup();
    const file = join(dir, 'rugao.docx');
    await writeDocx(rugao, file);
    const [first] = (await importer.handleText('wxid_admin', `导入 ${file}`)) ?? [];
    expect(first).toContain('共 15 项指标，总分 100 分，需人工评分 0 项。');
    expect(first).toContain('假设：原表没有分值，按项目评价共性指标常用权重');
    await importer.handleText('wxid_admin', '发布');
    await importer.handleText('wxid_admin', `导入 ${file}`);
    const [again] = (await importer.handleText('wxid_admin', '发布')) ?? [];
    expect(again).toContain('《2024年项目支出绩效自评表·联席会办信访资金》第 2 版（替换第 1 版）');
    expect(readFileSync(join(flowsDir, readdirSync(flowsDir)[0] as string), 'utf8')).toMatch(/^version: 2$/m);
  });
});

describe('who may import', () => {
  it('a file from someone who is not an admin is refused without being read', async () => {
    const { flowsDir, importer } = setup();
    expect(await importer.receiveFile('wxid_staff', '/nonexistent/表.docx')).toEqual([
      '只有管理员可以导入表单。如需导入新的绩效表，请把文件发给管理员。',
    ]);
    expect(await importer.handleText('wxid_staff', '发布')).toBeNull();
    expect(existsSync(flowsDir)).toBe(false);
  });

  it('a bad file gets the reason and what to send instead', async () => {
    const { importer } = setup();
    const [reply] = await importer.receiveFile('wxid_admin', '/nonexistent/表.docx', '表.docx');
    expect(reply).toBe(
      '《表.docx》没能导入：找不到文件 表.docx。\n请发送绩效目标表或自评表的 Word/Excel 文件（.docx、.xlsx、.doc、.xls），表里要有一级、二级、三级指标和指标值。',
    );
    expect(importer.isWaiting('wxid_admin')).toBe(false);
  });

  it('a path typed with quotes or from the home folder (~) is read like any other', async () => {
    const { importer } = setup();
    const [quoted] = (await importer.handleText('wxid_admin', `导入 '/nonexistent/我的 表.docx'`)) ?? [];
    expect(quoted?.split('\n')[0]).toBe('《我的 表.docx》没能导入：找不到文件 我的 表.docx。');
    expect(typedPath('~/下载/绩效目标表.docx')).toBe(join(homedir(), '下载/绩效目标表.docx'));
    expect(typedPath('"/tmp/a b.xlsx"')).toBe('/tmp/a b.xlsx');
  });

  it('other messages are left to the conversation', async () => {
    const { importer } = setup();
    expect(await importer.handleText('wxid_admin', '你好')).toBeNull();
  });
});
