import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxText } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';
import { WechatHarness } from './wechat-harness.js';

const keep = closeAfterEach();
const seen = new Set<string>();

async function harness(
  env: NodeJS.ProcessEnv = {},
  dataDir = tempDir('tianbao-wx-'),
  databaseUrl?: string,
): Promise<WechatHarness> {
  // A restart reuses its data dir: remove it once, after the test.
  if (!seen.has(dataDir)) {
    seen.add(dataDir);
    keep(dataDir, cleanup);
  }
  const h = new WechatHarness({
    dataDir,
    env: { ALLOWED_CONTACTS: '王科长,李科员', ADMIN_CONTACTS: '管理员', ...env },
    databaseUrl,
  });
  keep(h, (x) => x.stop());
  return h.login();
}

// The same chat on SQLite and, where a server answers, with everything on PostgreSQL (issue 24): no SQLite file.
const fillsTheDemoForm = (backend: 'SQLite' | 'PostgreSQL', fresh?: () => Promise<string>) => {
  it('answers question by question in a private chat and receives the .docx', async () => {
    const dataDir = tempDir('tianbao-wx-');
    const h = await harness({}, dataDir, fresh ? await fresh() : undefined);
    const wang = h.person('Wang Wei', '王科长');
    const first = await wang.say('开始');
    expect(first).toContain('第 1/7 项｜单位名称');
    expect(await wang.say('好')).toContain('第 2/7 项');
    expect(await wang.say('100')).toContain('第 3/7 项');
    // 100 of 100 spent → 预算执行率 100% → full 10 points.
    expect(await wang.say('100')).toContain('本项得分 10/10');
    expect(await wang.say('95%')).toContain('本项得分 40/40');
    expect(await wang.say('0起')).toContain('本项得分 20/20');
    expect(await wang.say('稳定')).toContain('本项得分 20/20');
    // 按群众满意百分比: 95% of 10 → 9.5.
    const review = await wang.say('95%');
    expect(review).toContain('本项得分 9.5/10');
    // 10 + 40 + 20 + 20 + 9.5 = 99.5.
    expect(review).toContain('合计 99.5/100 分');
    await wang.say('确认');
    const files = await wang.files();
    // The .docx, then its score chart as a picture (sent after it, through the same outbox).
    expect(files.map((f) => f.name.split('.').pop())).toEqual(['docx', 'png']);
    // A .docx is a zip (PK\x03\x04) holding word/document.xml, which carries the total.
    expect(files[0].bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(await docxText(files[0].bytes)).toContain('99.5');
    if (backend === 'PostgreSQL') expect(readdirSync(dataDir).filter((f) => f.endsWith('.db'))).toEqual([]);
  });
};
describe('a colleague fills the demo form on WeChat', () => fillsTheDemoForm('SQLite'));
describePg('a colleague fills the demo form on WeChat, everything on PostgreSQL', () => {
  const dbs = throwawayDatabases('wxfill');
  fillsTheDemoForm('PostgreSQL', () => dbs.fresh());
});
