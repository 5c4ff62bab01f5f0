// The decision of one ordinary answer on its own, without the database: what issue 19's turn spends beyond the
// writes it shares with the floor. `npm run bench decide`. It reaches into the engine's private steps (load,
// decide, snapshotOf) on purpose: they are what a change to the chart or the scorer should make cheaper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/build-engine.js';
import { scoreItem } from '../src/core/scoring/score-flow.js';
import { classify } from '../src/engine/engine.js';
import { writeBenchFlow } from './sixty-flow.js';

/** The fastest of 15 rounds of `n` calls, in µs per call: the least noisy figure on a shared machine. */
function best(f: () => void, n: number): number {
  const rounds: number[] = [];
  for (let r = 0; r < 15; r++) {
    const s = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    rounds.push(Number(process.hrtime.bigint() - s) / 1000 / n);
  }
  return Math.round(Math.min(...rounds) * 100) / 100;
}

export async function benchDecide(log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-decide-'));
  writeBenchFlow(join(dir, 'flows'), 60);
  const app = buildApp({ dataDir: join(dir, 'data'), flowsDir: join(dir, 'flows') });
  try {
    // A person at the 20th question of the 60-indicator form, answering 98%.
    for (let k = 0; k < 20; k++) await app.engine.handle({ id: `d${k}`, user: 'u', text: k === 0 ? '开始' : '98%' });
    const engine = app.engine as unknown as Record<string, (...a: unknown[]) => unknown>;
    const message = classify('98%');
    const loaded = (await engine.load.call(app.engine, app.store, 'u', message, new Date(), false)) as any;
    const flow = loaded.world.view.flow;
    const ind = flow.indicators[20];
    const figures = {
      decide_us: best(() => engine.decide.call(app.engine, { ...loaded, world: { ...loaded.world } }, message), 10000),
      score_item_us: best(() => scoreItem(flow, ind.id, { [ind.id]: { value: '98%' } }), 20000),
      snapshot_us: best(() => engine.snapshotOf.call(app.engine, loaded), 20000),
    };
    log(`decide: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
