// `npm start` with 企业微信 configured serves the console too: its address and a sign-in link are printed, an admin's
// 「后台」 gets a fresh link in 企业微信, and a campaign for someone who never wrote to the bot says so — while typing,
// after creating, and in the table (找不到此人), instead of looking like a message that arrived.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { form, visible } from './console-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { FakeWecom, texts } from './support/wecom-fake-server.js';

const keep = closeAfterEach();
const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** Resolves once stderr has printed a match of `re` (at most 30 s). */
function printed(child: ChildProcessWithoutNullStreams, re: RegExp): Promise<string> {
  return new Promise((res, rej) => {
    let seen = '';
    const timer = setTimeout(() => rej(new Error(`not printed: ${re}\n${seen}`)), 30_000);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (re.test(seen)) {
        clearTimeout(timer);
        child.stderr.off('data', on);
        res(seen);
      }
    };
    child.stderr.on('data', on);
  });
}

/** The cells of a person's row as the coordinator reads them. */
function rowOf(html: string, user: string): string[] {
  const tr = new RegExp(`<tr [^>]*data-user="${user}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1]));
}

async function until<T>(read: () => Promise<T>, ok: (t: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 30_000;
  let got = await read();
  while (!ok(got)) {
    if (Date.now() > end) throw new Error(`${what}: ${JSON.stringify(got)}`);
    await new Promise((r) => setTimeout(r, 200));
    got = await read();
  }
  return got;
}

describe('npm start in 企业微信 mode', () => {
  it('prints the console’s link, gives an admin a link by 「后台」, and shows who cannot be reached', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const data = keep(tempDir('tianbao-wecom-console-'), cleanup);
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: data,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TIANBAO_DATA_DIR: data,
        TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
        WECOM_BOT_ID: fake.botId,
        WECOM_BOT_SECRET: fake.secret,
        WECOM_WS_URL: fake.url,
        ADMIN_CONTACTS: 'chief',
        CONSOLE_PORT: '0',
        LOG_LEVEL: 'error',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    keep(child, (c) => c.exitCode === null && c.kill('SIGKILL'));
    const banner = await printed(child, /要新的登录链接.*\n/);
    const url = /网页后台：(http:\/\/127\.0\.0\.1:\d+)\n/.exec(banner)?.[1];
    const link = /登录链接（10分钟内有效，只能用一次）：(\S+)\n/.exec(banner)?.[1];
    expect(link).toMatch(new RegExp(`^${url}/signin/[\\w-]{32}$`));
    expect(banner).toContain(
      '要新的登录链接：在这台电脑上运行 npx tianbao console link，或由管理员在企业微信里给机器人发「后台」。',
    );
    await fake.authenticated(30_000);

    // The admin asks in 企业微信: a link of its own, which signs in once.
    const answer = texts(await fake.answered(await fake.sendText('chief', '后台'), 30_000));
    const chatLink = new RegExp(`${url}/signin/[\\w-]{32}`).exec(answer)?.[0];
    expect(chatLink).toBeDefined();
    const signIn = (token: string) =>
      fetch(`${url}/signin`, { method: 'POST', body: form({ token }), redirect: 'manual' });
    expect((await signIn(chatLink!.split('/').pop()!)).status).toBe(303);
    const signed = await signIn(link!.split('/').pop()!);
    expect(signed.status).toBe(303);
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const get = (p: string) => fetch(`${url}${p}`, { headers: { cookie }, redirect: 'manual' });

    // zhangsan has written to the bot; lisi never has: WeCom will not let the bot write to him first.
    await fake.answered(await fake.sendText('zhangsan', '你好'), 30_000);
    const newPage = await (await get('/campaigns/new')).text();
    expect(visible(newPage)).toContain('企业微信账号（userid）');
    expect(visible(await (await get('/people/check?assign=zhangsan,lisi')).text())).toBe(
      '注意：机器人不认识 lisi（不是已知的企业微信账号（userid）），发给他们的通知会失败。请核对名字。',
    );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(newPage)?.[1] ?? '';
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const created = await fetch(`${url}/campaigns`, {
      method: 'POST',
      headers: { cookie },
      body: form({
        _csrf: csrf,
        flow: 'demo',
        title: '企业微信任务',
        deadline: `${deadline} 17:00`,
        assign: 'zhangsan,lisi',
        quiet: 'off',
      }),
      redirect: 'manual',
    });
    expect(created.headers.get('location')).toBe('/campaigns/1');
    expect(visible(await (await get('/campaigns/1')).text())).toContain('注意：机器人不认识 lisi');

    // zhangsan gets the notice; lisi's is refused by 企业微信, and the table says why instead of 未开始 alone.
    await fake.until(() => fake.chatOf('zhangsan').some((b) => texts([b]).includes('【企业微信任务】')), 'the notice');
    const rows = await until(
      async () => await (await get('/campaigns/1/rows')).text(),
      (h) => rowOf(h, 'zhangsan')[2] === '已送达' && rowOf(h, 'lisi')[2] === '找不到此人',
      'zhangsan delivered, lisi not found',
    );
    expect(rowOf(rows, 'lisi').slice(0, 3)).toEqual(['lisi', '未开始', '找不到此人']);
    expect(rows).toMatch(/title="机器人联系不到此人：[^"]*"/);
    child.kill('SIGTERM');
  }, 90_000);
});
