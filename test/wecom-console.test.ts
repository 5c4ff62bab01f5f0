import { describe, expect, it } from 'vitest';
import { campaignsExtensionWith, runHooks, type WechatExtras } from '../src/cli/wechat-command.js';
import { wecomDirectory } from '../src/console/people-directory.js';
import { type ConsoleFromEnv, startConsoleFromEnv } from '../src/console/start.js';
import { form, visible } from './console-fixture.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();

/** "2026-12-10 17:00" for a day `days` from now, in China's time (the console reads deadlines there). */
function deadlineIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 10)} 17:00`;
}

describe('the web console with 企业微信: a round run by userid', () => {
  it('「后台」 from the admin’s userid signs in; a campaign assigned by userid is pushed to that userid; a userid that never wrote is flagged', async () => {
    const data = keep(tempDir('tianbao-wecom-console-'), cleanup);
    let extras: WechatExtras = {};
    // Wired as `npm start` wires it in 企业微信 mode (cli/wecom-command.ts), the campaigns not polling (the console sends an assignment itself).
    const h = keep(
      await WecomHarness.start({
        dataDir: data,
        env: { ADMIN_CONTACTS: 'caiwu' },
        hooks: [(m) => runHooks(extras.hooks ?? [], m)],
        isAllowed: (key) => Boolean(extras.isAllowed?.(key)),
      }),
      (x) => x.close(),
    );
    const campaigns = campaignsExtensionWith({ intervalMs: 0 })({
      app: h.app,
      outbox: h.channel.port,
      config: h.config,
    });
    extras = keep(campaigns, (c) => c.stop?.());
    const web: ConsoleFromEnv = keep(
      await startConsoleFromEnv(
        {
          app: h.app,
          outbox: h.channel.port,
          dataDir: data,
          admins: ['caiwu'],
          people: wecomDirectory(h.app),
          mode: 'wecom',
        },
        { CONSOLE_PORT: '0' },
        () => {},
      ),
      (w) => w.close(),
    );
    extras.hooks = [...(extras.hooks ?? []), web.adminHook];

    const zhang = h.person('ZhangSan');
    await zhang.say('你好');
    // The coordinator's own userid gets the link; the colleague's does not.
    expect(await zhang.say('后台')).not.toContain('/signin/');
    const reply = await h.person('caiwu').say('后台');
    const token = /\/signin\/([\w-]{32})/.exec(reply)?.[1];
    expect(token).toBeDefined();
    const url = web.server!.url;
    const signed = await fetch(`${url}/signin`, { method: 'POST', body: form({ token: token! }), redirect: 'manual' });
    expect(signed.status).toBe(303);
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const get = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { redirect: 'manual', ...init, headers: { cookie } });

    // The assignee field asks for 企业微信 userids, and one that never wrote to the bot is flagged while typing.
    const page = await (await get('/campaigns/new')).text();
    expect(visible(page)).toContain('企业微信账号（userid）');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const check = visible(await (await get(`/people/check?assign=${encodeURIComponent('ZhangSan,LiSi')}`)).text());
    expect(check).toContain('LiSi');
    expect(check).not.toContain('ZhangSan');

    const created = await get('/campaigns', {
      method: 'POST',
      body: form({
        _csrf: csrf,
        flow: 'demo',
        title: '2025年度绩效自评',
        deadline: deadlineIn(7),
        assign: 'ZhangSan',
        remind: '-1d',
        // No quiet hours: the test may run at any hour.
        quiet: 'off',
        tz: 'Asia/Shanghai',
      }),
    });
    expect(created.status).toBe(303);
    // The console notifies at once (no wait for the campaigns' next tick).
    await h.idle();
    // Pushed with aibot_send_msg to the userid, not an answer to anything.
    expect(zhang.replies()).toContain('【2025年度绩效自评】请在');
    expect(h.fake.chatOf('ZhangSan').at(-1)?.reqId).toBeUndefined();
    expect(h.fake.received.filter((f) => f.cmd === 'aibot_send_msg').map((f) => f.body?.chatid)).toEqual(['ZhangSan']);
    // The progress table names the person by userid.
    const list = visible(await (await get('/campaigns/1')).text());
    expect(list).toContain('ZhangSan');
  });
});
