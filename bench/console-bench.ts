import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { consoleApp, startConsole } from '../src/console/server.js';
import { ASSIGNEES, benchRound, HALFWAY, SUBMITTED } from './round.js';

const RUNS = 20;

/** The exact bytes of an HTTP/1.1 response (status line, headers, body) to a GET with these headers. */
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

/**
 * Server time of a 500-assignee campaign's progress page (the full page with its table and both charts),
 * in process through Hono's request handler, on a file-backed database: 300 people submitted the
 * 60-indicator form through the real engine, 100 are halfway, 100 have not started. The first request
 * scores each submitted form once (cold); the figure is the median of the requests after it, which is
 * what a coordinator's reloads cost; the live refresh (every 3 s) is timed with nothing changed (204). Then the
 * bytes on a real socket: the page plain and gzip, an unchanged refresh, a refresh after one person answered.
 * (No .docx is rendered: no report sink.)
 */
export async function benchConsole(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-console-bench-'));
  const users = Array.from({ length: ASSIGNEES }, (_, i) => `填报人${String(i + 1).padStart(3, '0')}`);
  const round = await benchRound(dir, { title: '基准任务', users, log });
  const { store, campaign: c, say } = round;
  try {
    const deps = {
      app: round.app,
      outbox: { enqueue: () => true },
      reportsDir: join(dir, 'data', 'reports'),
    };
    const { app, auth } = consoleApp(deps);
    const signed = await app.request('/signin', {
      method: 'POST',
      body: new URLSearchParams({ token: await auth.issueLink() }),
    });
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const get = async (path: string, want = 200) => {
      const t = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== want || (want === 200 && !body.includes('填报人'))) throw new Error(`${path}: ${res.status}`);
      return { ms, body };
    };
    const cold = (await get(`/campaigns/${c.id}`)).ms;
    const page: number[] = [];
    const live: number[] = [];
    let poll = '';
    let chartsPoll = '';
    for (let r = 0; r < RUNS; r++) {
      const p = await get(`/campaigns/${c.id}`);
      page.push(p.ms);
      poll = /id="live" hx-get="([^"]+)"/.exec(p.body)![1].replaceAll('&amp;', '&');
      chartsPoll = /id="charts" [^>]*hx-get="([^"]+)"/.exec(p.body)![1].replaceAll('&amp;', '&');
      live.push((await get(poll, 204)).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    // Bytes on the wire, as a browser gets them: a real socket, the headers a browser's htmx request carries.
    const server = await startConsole({ ...deps, auth }, { port: 0 });
    try {
      const headers = {
        cookie,
        'Accept-Encoding': 'gzip, deflate, br',
        'HX-Request': 'true',
        'HX-Trigger': 'live',
        'HX-Current-URL': `${server.url}/campaigns/${c.id}`,
      };
      const pagePlain = (await rawGet(`${server.url}/campaigns/${c.id}`, { cookie })).length;
      const pageGzip = (await rawGet(`${server.url}/campaigns/${c.id}`, headers)).length;
      const unchanged = await rawGet(`${server.url}${poll}`, headers);
      if (!unchanged.toString('latin1').startsWith('HTTP/1.1 204')) throw new Error('unchanged refresh is not 204');
      // The charts poll on their own every 15 s: unchanged, also an empty 204.
      const chartsUnchanged = await rawGet(`${server.url}${chartsPoll}`, headers);
      if (!chartsUnchanged.toString('latin1').startsWith('HTTP/1.1 204'))
        throw new Error('unchanged charts are not 204');
      // What an open tab costs in an hour with nothing changing: a table refresh every 3 s, a charts refresh every 15 s.
      const hourly = (3600 / 3) * unchanged.length + (3600 / 15) * chartsUnchanged.length;
      // One person answers: the refresh carries that row (and the count line), not the table.
      await say(users[SUBMITTED + HALFWAY], '开始');
      const oneRow = await rawGet(`${server.url}${poll}`, headers);
      const figures = {
        console_progress_500_ms: Math.round(median(page) * 10) / 10,
        console_progress_500_cold_ms: Math.round(cold * 10) / 10,
        console_live_500_ms: Math.round(median(live) * 10) / 10,
        console_page_500_bytes: pagePlain,
        console_page_500_gzip_bytes: pageGzip,
        console_refresh_unchanged_bytes: unchanged.length,
        console_charts_unchanged_bytes: chartsUnchanged.length,
        console_idle_tab_hour_bytes: hourly,
        console_refresh_one_row_bytes: oneRow.length,
      };
      log(
        `console: progress page of ${ASSIGNEES} assignees (60-indicator form): first ${figures.console_progress_500_cold_ms} ms, then median ${figures.console_progress_500_ms} ms (goal ≤ 200); live refresh ${figures.console_live_500_ms} ms`,
      );
      log(
        `console: page ${pagePlain} bytes (${pageGzip} gzip); refresh with nothing changed ${unchanged.length} bytes (goal < 1024), with one row changed ${oneRow.length} bytes`,
      );
      log(
        `console: charts refresh with nothing changed ${chartsUnchanged.length} bytes; an idle open tab ${Math.round(hourly / 1024)} KB an hour (responses only)`,
      );
      return figures;
    } finally {
      await server.close();
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
