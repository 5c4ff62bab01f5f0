import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { level1BarsSvg, totalsBands } from '../src/charts/campaign-charts.js';
import { level1Scores } from '../src/charts/level1.js';
import { SCORE_CHART_HEIGHT, SCORE_CHART_WIDTH, scoreChartPng, scoreChartSvg } from '../src/charts/score-chart.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { DirFlowCatalog } from '../src/engine/flow-catalog.js';
import { FIXTURE_FLOWS } from './support/chat.js';

const flow = new DirFlowCatalog(FIXTURE_FLOWS).byId('demo')!;
const report = scoreFlow(flow, {
  org_name: '示例信访局',
  budget_total: '100',
  budget_spent: '100',
  settle_rate: '90%',
  incidents: '0起',
  stability: '稳定',
  satisfaction: '92%',
});

/** Reads a PNG's size from its IHDR chunk, and checks the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the 一级指标 chart a person gets after 确认', () => {
  it('sums the scorer’s item scores per 一级指标, adding up to the total', () => {
    expect(level1Scores(report)).toEqual([
      { name: '预算执行', score: 10, max: 10, pending: false },
      { name: '产出指标', score: 50, max: 60, pending: false },
      { name: '效益指标', score: 20, max: 20, pending: false },
      { name: '满意度指标', score: 9.2, max: 10, pending: false },
    ]);
    expect(report.total).toBe(89.2);
  });

  it('is a PNG of 800×450 that decodes, with the total and the 一级指标 names drawn as text', () => {
    const png = scoreChartPng(report);
    expect(pngSize(png)).toEqual({ width: SCORE_CHART_WIDTH, height: SCORE_CHART_HEIGHT });
    // The PNG decodes: resvg reads it back as an image of the same size.
    const back = new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="800" height="450"><image width="800" height="450" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`,
    ).render();
    expect([back.width, back.height]).toEqual([800, 450]);
    // Not a blank image: the bars and the CJK text are drawn (a blank 800×450 PNG is a few hundred bytes).
    expect(png.length).toBeGreaterThan(10_000);
    const svg = scoreChartSvg(report);
    expect(svg).toContain('>总分 89.2 / 100　良</text>');
    for (const name of ['预算执行', '产出指标', '效益指标', '满意度指标']) expect(svg).toContain(`>${name}</text>`);
  });

  it('marks a 一级指标 with an item still to be scored by a person', () => {
    const partial = scoreFlow(flow, { budget_total: '100', budget_spent: '100', settle_rate: '90%' });
    expect(level1Scores(partial).find((g) => g.name === '效益指标')?.pending).toBe(true);
    expect(scoreChartSvg(partial)).toContain('>效益指标（待评）</text>');
  });
});

describe('campaign charts', () => {
  it('counts totals in bands of the 百分制', () => {
    const people = [99.5, 89.2, 90, 59.99, 60, 0].map((total) => ({ total, max: 100 }));
    expect(totalsBands(people)).toEqual([
      { label: '60分以下', count: 2 },
      { label: '60–69', count: 1 },
      { label: '70–79', count: 0 },
      { label: '80–89', count: 1 },
      { label: '90–100', count: 2 },
    ]);
  });

  it('draws names as text, never as markup', () => {
    const svg = level1BarsSvg([{ user: '<script>x</script>', total: 10, max: 100, groups: level1Scores(report) }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
