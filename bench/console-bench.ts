import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CampaignStore } from '../src/campaigns/campaign-store.js';
import { createCampaign, prepareCampaign } from '../src/campaigns/create.js';
import { consoleApp } from '../src/console/server.js';
import { Engine } from '../src/engine/engine.js';
import { DirFlowCatalog } from '../src/engine/flow-catalog.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { writeSixtyFlow } from './sixty-flow.js';

const ASSIGNEES = 500;
const SUBMITTED = 300;
const HALFWAY = 100;
const RUNS = 20;

/**
 * Server time of a 500-assignee campaign's progress page (the full page with its table and both charts),
 * in process through Hono's request handler, on a file-backed database: 300 people submitted the
 * 60-indicator form through the real engine, 100 are halfway, 100 have not started. The first request
 * scores each submitted form once (cold); the figure is the median of the requests after it, which is
 * what a coordinator's reloads and the 3-second table refresh cost. (No .docx is rendered: no report sink.)
 */
export async function benchConsole(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-console-bench-'));
  const store = new SqliteStore(join(dir, 'data', 'tianbao.db'));
  try {
    const flowsDir = join(dir, 'flows');
    writeSixtyFlow(flowsDir);
    const campaigns = new CampaignStore(store.db);
    const catalog = new DirFlowCatalog(flowsDir, store, (u) => campaigns.assignedFlows(u));
    const engine = new Engine({ store, flows: catalog });
    const now = new Date();
    const users = Array.from({ length: ASSIGNEES }, (_, i) => `填报人${String(i + 1).padStart(3, '0')}`);
    const p = prepareCampaign(
      {
        flow: 'bench-sixty',
        title: '基准任务',
        deadline: new Date(now.getTime() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        assign: users.join(','),
      },
      { now, flows: catalog.flows, env: {} },
    );
    if (!p.ok) throw new Error(p.reason);
    const c = createCampaign(campaigns, p.value);
    let id = 0;
    const say = (user: string, text: string) => engine.handle({ id: `cb${id++}`, user, text });
    for (const [i, user] of users.entries()) {
      if (i >= SUBMITTED + HALFWAY) break;
      await say(user, '开始');
      const answers = i < SUBMITTED ? 60 : 30;
      for (let k = 0; k < answers; k++) await say(user, k % 7 === 0 ? '99%' : '100%');
      if (i < SUBMITTED) await say(user, '确认');
      if (i % 100 === 99) log(`console: ${i + 1}/${SUBMITTED + HALFWAY} people have answered`);
    }
    const { app, auth } = consoleApp({
      app: { engine, store, catalog, campaigns },
      outbox: { enqueue: () => true },
      reportsDir: join(dir, 'data', 'reports'),
    });
    const signed = await app.request('/signin', {
      method: 'POST',
      body: new URLSearchParams({ token: auth.issueLink() }),
    });
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const get = async (path: string) => {
      const t = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200 || !body.includes('填报人500')) throw new Error(`${path}: ${res.status}`);
      return ms;
    };
    const cold = await get(`/campaigns/${c.id}`);
    const page: number[] = [];
    const rows: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      page.push(await get(`/campaigns/${c.id}`));
      rows.push(await get(`/campaigns/${c.id}/rows`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const figures = {
      console_progress_500_ms: Math.round(median(page) * 10) / 10,
      console_progress_500_cold_ms: Math.round(cold * 10) / 10,
      console_rows_500_ms: Math.round(median(rows) * 10) / 10,
    };
    log(
      `console: progress page of ${ASSIGNEES} assignees (60-indicator form): first ${figures.console_progress_500_cold_ms} ms, then median ${figures.console_progress_500_ms} ms (goal ≤ 200); table refresh ${figures.console_rows_500_ms} ms`,
    );
    return figures;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
