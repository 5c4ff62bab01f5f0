// Sign-in that survives a restart, `tianbao console link` for a running bot, and what a stranger can do: every
// body is limited before it is read, signed in or not, and unsigned requests are counted per address.
import { request as httpRequest } from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { consoleApp, startConsole } from '../src/console/server.js';
import { FakeOutbox, openApp, runCli, TestClock } from './campaign-fixture.js';
import { consoleHarness, form, MONDAY, visible } from './console-fixture.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const setup = consoleHarness();
const keep = closeAfterEach();

describe('sign-in kept in the database', () => {
  it('a session and its CSRF token work after a restart; a link issued before the restart still signs in once', async () => {
    const dir = keep(tempDir('tianbao-console-restart-'), cleanup);
    const clock = new TestClock(new Date(MONDAY));
    const first = openApp(dir, clock);
    const before = consoleApp({ app: first, outbox: new FakeOutbox(), reportsDir: dir, clock: clock.fn });
    const signed = await before.app.request('/signin', {
      method: 'POST',
      body: form({ token: await before.auth.issueLink() }),
    });
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await before.app.request('/campaigns', { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const spare = await before.auth.issueLink();
    first.close();

    // A new process on the same data dir: nothing in memory is shared.
    const second = keep(openApp(dir, clock), (a) => a.close());
    const after = consoleApp({ app: second, outbox: new FakeOutbox(), reportsDir: dir, clock: clock.fn });
    expect((await after.app.request('/campaigns', { headers: { cookie } })).status).toBe(200);
    const created = await after.app.request('/campaigns', {
      method: 'POST',
      headers: { cookie },
      body: form({ _csrf: csrf, flow: 'demo', title: '重启后', deadline: '2026-12-04 17:00', assign: '张三' }),
    });
    expect(created.status).toBe(303);
    expect((await second.campaigns.list()).map((c) => c.title)).toEqual(['重启后']);
    const use = () => after.app.request('/signin', { method: 'POST', body: form({ token: spare }) });
    expect((await use()).status).toBe(303);
    expect((await use()).status).toBe(403);

    // Only hashes are in the database: no token, cookie or CSRF value can be read back from a copy of it.
    const db = new Database(`${dir}/tianbao.db`, { readonly: true });
    const dump = JSON.stringify([
      db.prepare('SELECT * FROM console_links').all(),
      db.prepare('SELECT * FROM console_sessions').all(),
    ]);
    db.close();
    for (const secret of [spare, cookie.split('=')[1], csrf]) expect(dump).not.toContain(secret);
    // A session ends after 12 hours, restart or not.
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000 + 1000);
    expect((await after.app.request('/campaigns', { headers: { cookie } })).status).toBe(303);
  });

  it('`tianbao console link` prints a link the running console accepts', async () => {
    const dir = keep(tempDir('tianbao-console-link-'), cleanup);
    const app = keep(openApp(dir, new TestClock(new Date())), (a) => a.close());
    const server = keep(await startConsole({ app, outbox: new FakeOutbox(), reportsDir: dir }, { port: 0 }), (s) =>
      s.close(),
    );
    const r = await runCli(['console', 'link'], { TIANBAO_DATA_DIR: dir, CONSOLE_URL: server.url });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${server.url}/signin/[\\w-]{32}$`));
    expect(r.err).toBe('用浏览器打开上面的链接登录网页后台（10 分钟内有效，只能用一次，请勿转发）。');
    const token = r.out.split('/').pop()!;
    const res = await fetch(`${server.url}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^tianbao_console=/);

    // Nothing listening there: the link is still printed, with what to do.
    const idle = await runCli(['console', 'link'], { TIANBAO_DATA_DIR: dir, CONSOLE_URL: 'http://127.0.0.1:9' });
    expect(idle.code).toBe(0);
    expect(idle.err).toBe(
      '网页后台现在没有在 http://127.0.0.1:9 运行：先 npm start，再在 10 分钟内打开上面的链接（或启动后重新运行本命令）。',
    );
    expect((await runCli(['console'], { TIANBAO_DATA_DIR: dir })).code).toBe(2);
  });
});

describe('what a stranger can send', () => {
  it('refuses a large body on /signin before reading it, with or without Content-Length', async () => {
    const { web, auth } = setup();
    const big = `token=${'a'.repeat(200_000)}`;
    const withLength = await web.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(big.length) },
      body: big,
    });
    expect(withLength.status).toBe(413);
    // A chunked body (no length): counted as it streams, cut at the limit.
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 50; i++) c.enqueue(new TextEncoder().encode('a'.repeat(4096)));
        c.close();
      },
    });
    const streamed = await web.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // Any other route, unsigned: the same small limit (then the sign-in answer).
    const other = await web.request('/forms/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(big.length) },
      body: big,
    });
    expect(other.status).toBe(413);
    // A normal sign-in still works.
    const ok = await web.request('/signin', { method: 'POST', body: form({ token: await auth.issueLink() }) });
    expect(ok.status).toBe(303);
  });

  it('counts unsigned requests per address: the 61st in a minute gets 429; a signed-in coordinator is not counted', async () => {
    const { web, signIn, clock } = setup();
    const s = await signIn();
    for (let i = 0; i < 59; i++) expect((await web.request('/signin-needed')).status).toBe(401);
    const limited = await web.request('/signin-needed');
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe('请求太频繁，请一分钟后再试');
    expect((await web.request('/signin', { method: 'POST', body: form({ token: 'x'.repeat(32) }) })).status).toBe(429);
    expect((await s.get('/campaigns')).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect((await web.request('/signin-needed')).status).toBe(401);
  });

  it('counts by the peer’s address on a real socket', async () => {
    const dir = keep(tempDir('tianbao-console-limit-'), cleanup);
    const app = keep(openApp(dir, new TestClock(new Date())), (a) => a.close());
    const server = keep(await startConsole({ app, outbox: new FakeOutbox(), reportsDir: dir }, { port: 0 }), (s) =>
      s.close(),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++)
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${server.url}/signin-needed`, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        }),
      );
    expect(statuses.slice(0, 60).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });

  it('the sign-in page says how to get a link without chat', async () => {
    const { web } = setup();
    expect(visible(await (await web.request('/signin-needed')).text())).toContain('npx tianbao console link');
  });
});
