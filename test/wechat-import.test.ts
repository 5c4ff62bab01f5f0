import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatImportHooks } from '../src/channels/wechat/chat-import-hooks.js';
import { hecheng, hechengSourceRows, rugao } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { readDocx } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

const keep = closeAfterEach();

// The shipped wording (templates/import.yaml), word for word.
const NOT_ADMIN = '只有管理员可以导入表单。如需导入新的绩效表，请把文件发给管理员。';
const SEND_THE_FILE = '在微信里请直接把绩效表的 Word 或 Excel 文件发给我（.docx、.xlsx、.doc、.xls），不用输入路径。';

/** A bot with no forms yet, import by chat wired as `npm start` wires it; 管理员 is an admin by 备注. */
async function bot(env: NodeJS.ProcessEnv = {}, dir = keep(tempDir('tianbao-wx-import-'), cleanup)) {
  const flowsDir = join(dir, 'flows');
  mkdirSync(flowsDir, { recursive: true });
  const dataDir = join(dir, 'data');
  const h = keep(
    new WechatHarness({
      dataDir,
      flowsDir,
      chatImport: true,
      env: { ALLOWED_CONTACTS: '王科长', ADMIN_CONTACTS: '管理员', ...env },
    }),
    (x) => x.stop(),
  );
  await h.login();
  return { h, dir, flowsDir, dataDir };
}

async function form(dir: string, spec = hecheng, name = 'hecheng.docx'): Promise<Buffer> {
  const path = join(dir, name);
  await writeDocx(spec, path);
  return readFileSync(path);
}

describe('an admin imports the department’s own form by sending it on WeChat', () => {
  it('Word file → one-screen summary → 发布 → a colleague fills it → the 自评表 lists the source rows and 分值', async () => {
    const { h, dir, flowsDir, dataDir } = await bot();
    const admin = h.person('Zhang', '管理员');
    const wang = h.person('Wang Wei', '王科长');

    const summary = await admin.sendFile(await form(dir), '鹤城自评表.docx');
    expect(summary.length).toBeLessThanOrEqual(500);
    expect(summary.split('\n')).toEqual([
      '已读取《2020年预算支出绩效自评表·驻京维稳劝返专项经费》（区信访局）',
      '共 8 项指标，总分 100 分，需人工评分 0 项。',
      '原表有 4 处前后不一致，已照录。',
      '前几个问题：',
      '1. 数量指标›100%：指标值 100%，10分（填 98% → 9.8 分；填 90% → 9 分）',
      '2. 质量指标›居民群众幸福生活：指标值 90%，10分（填 88% → 9.78 分；填 80% → 8.89 分）',
      '3. 时效指标›一年：指标值 90%，10分（填 88% → 9.78 分；填 80% → 8.89 分）',
      '回复「发布」让大家填报，回复「取消」放弃。',
    ]);
    // Nothing is published before 发布, and the received file is not kept.
    expect(readdirSync(flowsDir)).toEqual([]);
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);

    expect(await admin.say('发布')).toBe(
      '已发布 1 张表：\n《2020年预算支出绩效自评表·驻京维稳劝返专项经费》\n现在可以填报，也可以创建填报任务。已经开始填写的人继续用原来的版本。',
    );
    expect(readdirSync(flowsDir)).toEqual([expect.stringMatching(/^qxfj-2020-zjwwqfzxjf-[0-9a-f]{4}\.yaml$/)]);

    // The running bot offers the new form at once: no restart.
    expect(await wang.say('你好')).toContain('区信访局 · 驻京维稳劝返专项经费 · 2020年度');
    for (const a of ['开始', '好', '好', '好', '20', '20', '19', '部分资金年底才下达', '基本完成']) await wang.say(a);
    let last = '';
    for (const a of ['100%', '90%', '90%', '100%', '90%', '90%', '90%']) last = await wang.say(a);
    expect(last).toContain('全部填好');
    expect(last).toContain('合计 109.5/110 分，等级：优');
    await wang.say('确认');
    const files = await wang.files();
    // The .docx, then its score chart as a picture.
    expect(files.map((f) => f.name.split('.').pop())).toEqual(['docx', 'png']);
    const doc = await readDocx(files[0]!.bytes);
    const rows = doc.tables.flatMap((t) => t.rows.map((r) => r.cells.map((c) => c.text)));
    const source = hechengSourceRows;
    for (const [level2, name, target, weight] of source) {
      const row = rows.find((cells) => cells.includes(level2!) && cells.includes(name!));
      expect(row, `${level2}/${name}`).toBeDefined();
      const at = row!.indexOf(name!);
      expect(row!.slice(at, at + 2)).toEqual([name, target]);
      expect(row).toContain(weight);
    }
  });

  it('「取消」 drops the import: nothing is published and 发布 means nothing afterwards', async () => {
    const { h, dir, flowsDir } = await bot();
    const admin = h.person('Zhang', '管理员');
    expect(await admin.sendFile(await form(dir, rugao, 'rugao.docx'), '如皋目标表.docx')).toContain(
      '共 15 项指标，总分 100 分，需人工评分 0 项。',
    );
    expect(await admin.say('取消')).toBe('已取消导入，什么都没有改动。');
    expect(await admin.say('发布')).not.toContain('已发布');
    expect(readdirSync(flowsDir)).toEqual([]);
  });

  it('a restart between the summary and 「发布」 loses nothing', async () => {
    const first = await bot();
    const admin = first.h.person('Zhang', '管理员');
    expect(await admin.sendFile(await form(first.dir), '鹤城自评表.docx')).toContain('共 8 项指标');
    await first.h.stop();

    const { h, flowsDir } = await bot({}, first.dir);
    const again = h.person('Zhang', '管理员');
    expect(await again.say('发布')).toBe(
      '已发布 1 张表：\n《2020年预算支出绩效自评表·驻京维稳劝返专项经费》\n现在可以填报，也可以创建填报任务。已经开始填写的人继续用原来的版本。',
    );
    expect(readdirSync(flowsDir)).toEqual([expect.stringMatching(/^qxfj-2020-zjwwqfzxjf-[0-9a-f]{4}\.yaml$/)]);
    expect(await h.person('Wang Wei', '王科长').say('你好')).toContain('区信访局 · 驻京维稳劝返专项经费 · 2020年度');
  });
});

describe('a newer version of the same form', () => {
  it('is published as version 2; someone half-way through keeps version 1, a newcomer gets version 2', async () => {
    const { h, dir } = await bot({ ALLOWED_CONTACTS: '王科长,李科员' });
    const admin = h.person('Zhang', '管理员');
    const wang = h.person('Wang Wei', '王科长');
    await admin.sendFile(await form(dir, rugao, 'v1.docx'), '如皋目标表.docx');
    await admin.say('发布');
    // 王科长 starts on version 1 and stops before 立项依据充分性 (target 充分).
    for (const a of ['开始', '好', '好', '好', '好', '10', '10', '基本完成']) await wang.say(a);

    // The 财政局 sends a corrected table: that row's target is now 完全充分.
    const v2 = structuredClone(rugao);
    const row = v2.tables[0]!.rows.find((r) => r[0] === '指标 2: 立项依据\n充分性')!;
    row.splice(2, 2, '完全充分', '完全充分');
    await admin.sendFile(await form(dir, v2, 'v2.docx'), '如皋目标表（修订）.docx');
    expect(await admin.say('发布')).toContain('《2024年项目支出绩效自评表·联席会办信访资金》第 2 版（替换第 1 版）');

    const next = (await wang.say('规范')).split('\n');
    expect(next).toContain('第 9/22 项｜决策指标 › 项目立项 › 立项依据充分性');
    expect(next).toContain('年度指标值：充分　分值：1.66分');
    const li = h.person('Li', '李科员');
    for (const a of ['开始', '好', '好', '好', '好', '10', '10', '基本完成']) await li.say(a);
    expect((await li.say('规范')).split('\n')).toContain('年度指标值：完全充分　分值：1.66分');
  });
});

describe('only a verified admin may import', () => {
  it('a colleague’s form file is refused, not saved, not read', async () => {
    const { h, dir, flowsDir, dataDir } = await bot();
    const wang = h.person('Wang Wei', '王科长');
    expect(await wang.sendFile(await form(dir), '鹤城自评表.docx')).toBe(NOT_ADMIN);
    expect(await wang.say('发布')).not.toContain('已发布');
    expect(readdirSync(flowsDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'imports'))).toBe(false);
  });

  it('a guest who calls himself 管理员 on WeChat is not an admin', async () => {
    const { h, dir, flowsDir } = await bot({ ALLOW_ALL: '1' });
    const impostor = h.person('管理员');
    expect(await impostor.sendFile(await form(dir), '鹤城自评表.docx')).toBe(NOT_ADMIN);
    expect(readdirSync(flowsDir)).toEqual([]);
  });

  it('an admin typing a path is asked for the file itself: WeChat never reads the bot machine’s files', async () => {
    const { h, flowsDir } = await bot();
    const admin = h.person('Zhang', '管理员');
    expect(await admin.say('导入 /etc/passwd.docx')).toBe(SEND_THE_FILE);
    expect(readdirSync(flowsDir)).toEqual([]);
  });
});

describe('what the file hook does with files that are not a form to import', () => {
  function hooks() {
    const dir = keep(tempDir('tianbao-wx-import-hook-'), cleanup);
    const logs: string[] = [];
    const h = chatImportHooks({
      flowsDir: join(dir, 'flows'),
      dataDir: dir,
      reload: () => ({ flows: 0, errors: [] }),
      log: (_level, event) => void logs.push(event),
    });
    return { dir, logs, file: h.file };
  }
  const msg = (name: string, bytes: () => Promise<Buffer>) => ({
    id: 'wx:1',
    user: '管理员',
    isAdmin: true,
    file: { name, bytes },
  });

  it('a photo is not for the importer: the person hears the usual 「只能处理文字」', async () => {
    const { file } = hooks();
    expect(await file(msg('IMG_0001.jpg', async () => Buffer.from('x')))).toBeNull();
  });

  it('a download cut short is answered with a request to send it again, nothing saved', async () => {
    const { dir, logs, file } = hooks();
    const out = await file(msg('目标表.xlsx', () => Promise.reject(new Error('连接中断'))));
    expect(out).toEqual([{ kind: 'text', text: '《目标表.xlsx》没有收到完整的文件，请重新发送一次。' }]);
    expect(logs).toEqual(['import_save_failed']);
    expect(existsSync(join(dir, 'imports'))).toBe(false);
  });
});
