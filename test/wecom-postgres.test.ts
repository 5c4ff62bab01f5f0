import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';
import { WecomHarness } from './wecom-harness.js';

// Issue 24: with TIANBAO_DATABASE_URL the WeCom bot keeps everything in PostgreSQL — sessions, answers, the
// outbox, refusals — and leaves no SQLite file; two bot processes on one database answer each message once.
const keep = closeAfterEach();

describePg('企业微信 on PostgreSQL', () => {
  const dbs = throwawayDatabases('tbwecom');

  it('a person fills the form to the end; no SQLite file is made; a second process on the same database answers once', async () => {
    const databaseUrl = await dbs.fresh();
    const dataDir = keep(tempDir('tianbao-wecom-pg-'), cleanup);
    const h = keep(await WecomHarness.start({ dataDir, databaseUrl }), (x) => x.close());
    const zhang = h.person('zhangsan');
    expect(await zhang.say('你好')).toContain('项目支出绩效自评表');
    expect(await zhang.say('开始')).toContain('第 1/7 项｜单位名称');
    expect(await zhang.say('好')).toContain('第 2/7 项｜全年预算数（万元）');
    expect(await zhang.say('120')).toContain('第 3/7 项');
    expect(await zhang.say('114万元')).toContain('预算执行率由公式计算：95%，本项得分 5/10');
    expect(await zhang.say('部分资金年底才下达，下年度提前申请拨付')).toContain('第 4/7 项');
    expect(await zhang.say('96%')).toContain('第 5/7 项');
    expect(await zhang.say('0起')).toContain('第 6/7 项');
    expect(await zhang.say('稳定')).toContain('第 7/7 项');
    expect(await zhang.say('95%')).toContain('全部填好');
    expect(await zhang.say('确认')).toContain('已提交《项目支出绩效自评表》第 1 版');
    await h.fake.until(() => zhang.files().length === 2, 'two files');
    expect(zhang.files().map((f) => f.kind)).toEqual(['file', 'image']);
    expect(existsSync(join(dataDir, 'tianbao.db'))).toBe(false);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.db'))).toEqual([]);

    // A second bot process on the same fake server and the same database: the next message is answered once.
    const h2 = keep(
      await WecomHarness.start({ dataDir: keep(tempDir('tianbao-wecom-pg2-'), cleanup), databaseUrl, fake: h.fake }),
      (x) => x.close(),
    );
    const li = h2.person('lisi');
    expect(await li.say('你好')).toContain('项目支出绩效自评表');
    await h.idle();
    await h2.idle();
    expect(await h.channel.outbox.counts()).toMatchObject({ queued: 0, sending: 0, parked: 0 });
  }, 120_000);
});
