import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hecheng } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();

/** A bot with no forms yet, import by chat wired as `npm start` wires it; userid `admin` is an admin. */
async function bot() {
  const dir = keep(tempDir('tianbao-wecom-import-'), cleanup);
  const flowsDir = join(dir, 'flows');
  mkdirSync(flowsDir, { recursive: true });
  const h = keep(
    await WecomHarness.start({
      dataDir: join(dir, 'data'),
      flowsDir,
      chatImport: true,
      env: { ADMIN_CONTACTS: 'admin' },
    }),
    (x) => x.close(),
  );
  const path = join(dir, 'hecheng.docx');
  await writeDocx(hecheng, path);
  return { h, flowsDir, dataDir: join(dir, 'data'), docx: readFileSync(path) };
}

describe('an admin imports a form by sending it in 企业微信', () => {
  it('the file is downloaded, decrypted and read: summary → 发布 → a colleague can fill it', async () => {
    const { h, flowsDir, dataDir, docx } = await bot();
    const admin = h.person('admin');
    const summary = await admin.sendFile(docx, '鹤城自评表.docx');
    expect(summary).toContain('已读取《2020年预算支出绩效自评表·驻京维稳劝返专项经费》（区信访局）');
    expect(summary).toContain('共 8 项指标，总分 100 分，需人工评分 0 项。');
    expect(summary).toContain('回复「发布」让大家填报');
    expect(readdirSync(flowsDir)).toEqual([]);
    expect(h.fake.downloads).toBe(1);
    // The received copy is not kept.
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
    expect(await admin.say('发布')).toContain('已发布 1 张表');
    expect(readdirSync(flowsDir)).toEqual([expect.stringMatching(/^qxfj-2020-zjwwqfzxjf-[0-9a-f]{4}\.yaml$/)]);
    expect(await h.person('wangke').say('你好')).toContain('区信访局 · 驻京维稳劝返专项经费 · 2020年度');
  });

  it('someone who is not an admin is told to send text, and their file is never downloaded', async () => {
    const { h, flowsDir, docx } = await bot();
    const reply = await h.person('wangke').sendFile(docx, '鹤城自评表.docx');
    expect(reply).toContain('表单文件请交给管理员导入');
    expect(readdirSync(flowsDir)).toEqual([]);
    expect(h.fake.downloads).toBe(0);
  });
});
