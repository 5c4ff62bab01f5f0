import { performance } from 'node:perf_hooks';
import { renderReport } from '../src/report/render-docx.js';
import { makeFlow, makeReport, manyItems, projectFieldValues } from '../test/fixtures/report-fixtures.js';

const WARMUP = 3;
const RUNS = 15;
const GOAL_MS = 150;

/** Median time to render a 60-indicator 自评表 (4 pages with the appendix), after a warm-up. Goal ≤ 150 ms. */
export async function benchDocx(log: (s: string) => void): Promise<{ docx_60_ms: number }> {
  const items = manyItems(60);
  const flow = makeFlow(items, { id: 'bench-60', title: '部门整体支出绩效自评表' });
  const report = makeReport(flow, items, {
    ...projectFieldValues,
    budget_initial: '120万元',
    budget_total: '120万元',
    budget_spent: '118万元',
  });
  const input = { flow, report, revision: 1, filledAt: new Date('2025-03-01T02:00:00Z'), filler: { name: '填表人' } };

  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = (await renderReport(input)).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await renderReport(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const ms = Math.round(median * 10) / 10;
  log(
    `docx: 60 项指标自评表 ${Math.round(bytes / 1024)} KB，中位数 ${ms} ms（${RUNS} 次，最快 ${times[0].toFixed(1)}，最慢 ${times[times.length - 1].toFixed(1)}；目标 ≤ ${GOAL_MS} ms）`,
  );
  return { docx_60_ms: ms };
}
