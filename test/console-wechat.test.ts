import { describe, expect, it } from 'vitest';
import { runHooks } from '../src/cli/wechat-command.js';
import { wechatDirectory } from '../src/console/people-directory.js';
import { type ConsoleFromEnv, startConsoleFromEnv } from '../src/console/start.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

const keep = closeAfterEach();

describe('「后台」 on WeChat', () => {
  it('gives the coordinator (ADMIN_CONTACTS, by 备注) a link that signs in once; someone named like them gets none', async () => {
    const data = keep(tempDir('tianbao-wx-console-'), cleanup);
    let web: ConsoleFromEnv | undefined;
    // Wired as runWechat wires it: the console's hook after the others, bound once the outbox exists.
    const h = new WechatHarness({
      dataDir: data,
      env: { ALLOWED_CONTACTS: '王科长', ADMIN_CONTACTS: '财务科' },
      hooks: [(m) => runHooks(web ? [web.adminHook] : [], m)],
    });
    keep(h, (x) => x.stop());
    web = keep(
      await startConsoleFromEnv(
        { app: h.app, outbox: h.channel.outbox, dataDir: data },
        { CONSOLE_PORT: '0' },
        () => {},
      ),
      (w) => w.close(),
    );
    await h.login();

    const admin = h.person('Caiwu Ke', '财务科');
    const reply = await admin.say('后台');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/signin\/[\w-]{32})/.exec(reply)?.[1];
    expect(reply.split('\n')[0]).toBe('网页后台登录链接（10分钟内有效，只能用一次，请勿转发）：');
    expect(link).toBeDefined();
    const token = link!.split('/').pop()!;
    const signIn = () =>
      fetch(`${web.server!.url}/signin`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
    expect((await signIn()).status).toBe(303);
    expect((await signIn()).status).toBe(403);

    // A stranger who calls himself 财务科 is not the contact with that 备注: not a friend, so not answered at all.
    const impostor = h.person('财务科', undefined, { friend: false });
    expect(await impostor.say('后台')).toBe('');
    // A friend who only named himself 财务科 (no 备注) is not the admin either: no link.
    const namesake = h.person('财务科');
    const toNamesake = await namesake.say('后台');
    expect(toNamesake).toContain('请向管理员要一个6位绑定码');
    expect(toNamesake).not.toContain('/signin/');
    // An allowed colleague who is not an admin: the engine answers, no link.
    const colleague = h.person('Wang', '王科长');
    const other = await colleague.say('后台');
    expect(other).toContain('我是填报助手');
    expect(other).not.toContain('/signin/');
  });

  it('knows which typed names are contacts it can write to (by 备注), and says nothing while logged out', async () => {
    const data = keep(tempDir('tianbao-wx-directory-'), cleanup);
    const h = new WechatHarness({ dataDir: data, env: { ALLOWED_CONTACTS: '王科长' } });
    keep(h, (x) => x.stop());
    const dir = wechatDirectory((k) => h.channel.canReach(k));
    // Before the login nobody can tell: no warning rather than a wrong one.
    expect(await dir.unknown(['王科长', '王五'])).toEqual([]);
    await h.login();
    h.person('Wang', '王科长');
    // Someone whose WeChat name is 王五 but who has no such 备注 is not 王五.
    h.person('王五');
    expect(await dir.unknown(['王科长', '王五', '赵六'])).toEqual(['王五', '赵六']);
    expect(dir.keyLabel).toBe('微信备注名');
  });
});
