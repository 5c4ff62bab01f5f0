import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READER_LIMITS } from '../src/import/read-in-worker.js';
import { xlsxFiles } from './fixtures/import/xlsx-bombs.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

// Issue 21, item 1: a hostile spreadsheet sent on WeChat is refused without stalling anyone, and the copy the bot
// saved to read it is removed — also when the reader dies, and also when the whole process was killed.
const keep = closeAfterEach();

function harness(dataDir: string) {
  const flowsDir = join(dataDir, '..', 'flows');
  mkdirSync(flowsDir, { recursive: true });
  return keep(
    new WechatHarness({
      dataDir,
      flowsDir,
      chatImport: true,
      env: { ALLOWED_CONTACTS: '王科长', ADMIN_CONTACTS: '管理员' },
    }),
    (x) => x.stop(),
  );
}

describe('a hostile spreadsheet sent by an admin on WeChat', () => {
  it('is refused with the reason, the copy is removed, and the bot answers on', async () => {
    const dataDir = join(keep(tempDir('tianbao-wx-bomb-'), cleanup), 'data');
    const h = await harness(dataDir).login();
    const admin = h.person('Zhang', '管理员');
    const wang = h.person('Wang Wei', '王科长');
    const reply = await admin.sendFile(await xlsxFiles.mergeBomb(), '目标表.xlsx');
    expect(reply).toContain('有一处合并单元格跨 1,048,576 行 × 16,377 列，远超一张绩效表');
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
    expect(await wang.say('你好')).toContain('我是填报助手');
  });

  it('when the reader runs out of memory: refused, the copy is removed, the bot answers on', async () => {
    const dataDir = join(keep(tempDir('tianbao-wx-oom-'), cleanup), 'data');
    const h = await harness(dataDir).login();
    const admin = h.person('Zhang', '管理员');
    const saved = { ...READER_LIMITS };
    let reply: string;
    try {
      READER_LIMITS.heapMb = 8;
      reply = await admin.sendFile(await xlsxFiles.smallFormXlsx(), '目标表.xlsx');
    } finally {
      Object.assign(READER_LIMITS, saved);
    }
    expect(reply).toContain('读取时超过 8 MB 内存上限');
    expect(readdirSync(join(dataDir, 'imports'))).toEqual([]);
    expect(await admin.sendFile(await xlsxFiles.smallFormXlsx(), '目标表.xlsx')).toContain('共 3 项指标');
  });

  it('a copy left by a process killed while reading is removed when the bot starts', async () => {
    const dataDir = join(keep(tempDir('tianbao-wx-stale-'), cleanup), 'data');
    const imports = join(dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    const stale = join(imports, 'f3b1c2d4.xlsx');
    writeFileSync(stale, await xlsxFiles.mergeBomb());
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    harness(dataDir);
    expect(readdirSync(imports)).toEqual([]);
  });
});
