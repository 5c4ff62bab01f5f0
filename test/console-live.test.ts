// The live table stays light: an unchanged refresh is a bare 204, a change sends only its rows, a new order the
// whole body; pages go compressed. Counted in bytes on a real socket, as a browser would receive them.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../src/console/server.js';
import { Person } from './campaign-fixture.js';
import { consoleHarness, FULL_FORM, form, visible } from './console-fixture.js';
import { closeAfterEach } from './support/chat.js';

const setup = consoleHarness();
const keep = closeAfterEach();

const CREATE = {
  flow: 'demo',
  title: '2026年度绩效自评',
  deadline: '2026-12-04 17:00',
  assign: '张三,李四,王五',
};

/** The poller's URL in a page or a refresh: it carries the token of what the page shows. */
const pollUrl = (html: string) => /id="live" hx-get="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

/** Sends a raw HTTP/1.1 request and returns the exact bytes of the response (status line, headers, body). */
function rawGet(url: string, headers: Record<string, string>): Promise<Buffer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname);
    const parts: Buffer[] = [];
    sock.on('data', (d) => parts.push(d));
    sock.on('end', () => resolve(Buffer.concat(parts)));
    sock.on('error', reject);
    const lines = [`GET ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, 'Connection: close'];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    sock.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe('the live refresh of the progress table', () => {
  it('answers 204 with no body while nothing changed; sends only the changed row when someone answers', async () => {
    const { signIn, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    const page = await (await s.get('/campaigns/1')).text();
    const poll = pollUrl(page)!;
    expect(poll).toMatch(/^\/campaigns\/1\/live\?v=[\w-]{16}$/);
    const same = await s.get(poll, { headers: { 'hx-request': 'true' } });
    expect(same.status).toBe(204);
    expect(await same.text()).toBe('');

    await person('李四').sayAll(['开始', '好', '100']);
    const changed = await s.get(poll, { headers: { 'hx-request': 'true' } });
    expect(changed.status).toBe(200);
    const body = await changed.text();
    // 李四's row and the count line, swapped in place by id; 张三 and 王五 are not sent again.
    expect([...body.matchAll(/<tr hx-swap-oob="true" id="(r-\w+)" data-user="([^"]+)"/g)].map((m) => m[2])).toEqual([
      '李四',
    ]);
    expect(body).not.toContain('data-user="张三"');
    expect(visible(/<p hx-swap-oob="true" id="counts"[^>]*>([\s\S]*?)<\/p>/.exec(body)?.[0] ?? '')).toBe(
      '共 3 人： 已提交 0 · 填写中 1 · 未开始 2 · 逾期 0',
    );
    // The next poll asks with the new token, and gets nothing until something changes again.
    const next = pollUrl(body)!;
    expect(next).not.toBe(poll);
    expect(body).toMatch(/<div hx-swap-oob="true" id="live" hx-get=/);
    expect((await s.get(next)).status).toBe(204);
  });

  it('sends the whole body when the order changes (sorted by status) or the token is unknown', async () => {
    const { signIn, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    const page = await (await s.get('/campaigns/1?sort=status')).text();
    const order = (h: string) => [...h.matchAll(/data-user="([^"]+)"/g)].map((m) => m[1]);
    expect(order(page)).toEqual(['张三', '李四', '王五']);
    await person('张三').sayAll(FULL_FORM);
    const r = await (await s.get(pollUrl(page)!)).text();
    expect(r).toMatch(/^<tbody id="rows" hx-swap-oob="true">/);
    // Least done first: 张三 submitted, so he goes last.
    expect(order(r)).toEqual(['李四', '王五', '张三']);
    expect((await s.get('/campaigns/1/live?v=unknown-token')).status).toBe(200);
  });

  it('只看未提交 lists only those not submitted; the count line still counts everyone', async () => {
    const { signIn, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll(FULL_FORM);
    const page = await (await s.get('/campaigns/1?only=pending')).text();
    expect([...page.matchAll(/<tr id="r-\w+" data-user="([^"]+)"/g)].map((m) => m[1])).toEqual(['李四', '王五']);
    expect(visible(page)).toContain('共 3 人： 已提交 1 · 填写中 0 · 未开始 2 · 逾期 0 （表格只列未提交的 2 人）');
    expect(pollUrl(page)).toMatch(/only=pending/);
    // Sorting by score: 张三 first (the only score), by a link in the column title.
    const byScore = await (await s.get('/campaigns/1?sort=score')).text();
    expect(byScore).toContain('<a href="/campaigns/1?sort=score#progress">得分 ▾</a>');
    expect([...byScore.matchAll(/<tr id="r-\w+" data-user="([^"]+)"/g)].map((m) => m[1])[0]).toBe('张三');
  });

  it('costs under 1 KB on the wire when nothing changed; the page itself goes compressed', async () => {
    const { app, clock, dir } = setup();
    const server = keep(
      await startConsole({ app, outbox: { enqueue: () => true }, reportsDir: dir, clock: clock.fn }, { port: 0 }),
      (x) => x.close(),
    );
    const signed = await fetch(`${server.url}/signin`, {
      method: 'POST',
      body: form({ token: (await server.signInLink()).split('/').pop()! }),
      redirect: 'manual',
    });
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await fetch(`${server.url}/campaigns/new`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    await fetch(`${server.url}/campaigns`, {
      method: 'POST',
      headers: { cookie },
      body: form({ ...CREATE, _csrf: csrf, assign: Array.from({ length: 60 }, (_, i) => `填报人${i}`).join(',') }),
      redirect: 'manual',
    });
    const browser = {
      cookie,
      'Accept-Encoding': 'gzip, deflate, br',
      'HX-Request': 'true',
      'HX-Trigger': 'live',
      'HX-Current-URL': `${server.url}/campaigns/1`,
    };
    const full = await rawGet(`${server.url}/campaigns/1`, browser);
    const plain = await rawGet(`${server.url}/campaigns/1`, { cookie });
    expect(full.toString('latin1')).toMatch(/\r\ncontent-encoding: gzip\r\n/i);
    expect(full.length).toBeLessThan(plain.length / 3);
    const html = await (await fetch(`${server.url}/campaigns/1`, { headers: { cookie } })).text();
    const unchanged = await rawGet(`${server.url}${pollUrl(html)}`, browser);
    expect(unchanged.toString('latin1')).toMatch(/^HTTP\/1\.1 204 /);
    expect(unchanged.length).toBeLessThan(1024);
    // A person answering changes one row: that refresh is small too.
    await new Person(app, '填报人7', clock).sayAll(['开始', '好']);
    const one = await rawGet(`${server.url}${pollUrl(html)}`, browser);
    expect(one.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    expect(one.length).toBeLessThan(2048);
  });
});
