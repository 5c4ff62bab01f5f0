import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/build-engine.js';
import { writeSixtyFlow } from './sixty-flow.js';

/** Resident memory after 10,000 people each have a saved session (run in its own process: bench/run.ts). */
export async function benchRss(log: (s: string) => void): Promise<{ rss_mb_10k_sessions: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-rss-'));
  try {
    const flowsDir = join(dir, 'flows');
    writeSixtyFlow(flowsDir);
    const app = buildApp({ dataDir: join(dir, 'data'), flowsDir });
    const mb = () => (process.memoryUsage().rss / 1024 / 1024).toFixed(1);
    log(`rss: ${mb()} MB before any session (runtime, TypeScript loader, modules)`);
    for (let i = 0; i < 10_000; i++) {
      await app.engine.handle({ id: `a${i}`, user: `u${i}`, text: '开始' });
      await app.engine.handle({ id: `b${i}`, user: `u${i}`, text: '100%' });
      if (i % 2000 === 0) log(`rss: ${i}/10000 sessions, ${mb()} MB`);
    }
    const sessions = (app.sqlite!.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    (globalThis as { gc?: () => void }).gc?.();
    const rss = process.memoryUsage().rss / 1024 / 1024;
    log(`rss: ${sessions} sessions saved, rss ${rss.toFixed(1)} MB`);
    app.close();
    return { rss_mb_10k_sessions: Math.round(rss * 10) / 10 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
