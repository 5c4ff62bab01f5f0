import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../src/campaigns/model.js';
import { level1BarsSvg, MAX_PEOPLE_IN_CHART, totalsBands } from '../src/charts/campaign-charts.js';
import { level1Scores } from '../src/charts/level1.js';
import { SCORE_CHART_HEIGHT, SCORE_CHART_WIDTH, scoreChartPng, scoreChartSvg } from '../src/charts/score-chart.js';
import { campaignCharts } from '../src/console/charts-fragment.js';
import type { PersonRow } from '../src/console/people.js';
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

const visibleText = (h: string) =>
  h
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

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

  it('with 300 submitted, the charts near the top count all 300; only the per-person bars are left to the table', async () => {
    // 300 people: 100 lose 8 points of 满意度 (92%), 200 lose nothing.
    const rows = Array.from({ length: 300 }, (_, i) => {
      const r =
        i % 3 === 0
          ? report
          : scoreFlow(flow, {
              org_name: '示例信访局',
              budget_total: '100',
              budget_spent: '100',
              settle_rate: '100%',
              incidents: '0起',
              stability: '稳定',
              satisfaction: '100%',
            });
      return { user: `填报人${i}`, report: r, groups: level1Scores(r) } as unknown as PersonRow;
    });
    const fragment = String(await campaignCharts({ id: 1 } as Campaign, rows));
    expect(fragment).toContain('各一级指标平均得分率（全部 300 人）');
    // The 百分制 bands hold everyone: 100 at 89.2 (80–89) and 200 at 100 (90–100), drawn as the bars' labels.
    expect(totalsBands(rows.map((r) => ({ total: r.report!.total, max: r.report!.max })))).toEqual([
      { label: '60分以下', count: 0 },
      { label: '60–69', count: 0 },
      { label: '70–79', count: 0 },
      { label: '80–89', count: 100 },
      { label: '90–100', count: 200 },
    ]);
    expect(fragment).toMatch(/>100<\/text>/);
    expect(fragment).toMatch(/>200<\/text>/);
    // The table under the charts: every 一级指标 over all 300 (average, lowest, who lost points).
    const table = visibleText(/<table class="compact">[\s\S]*?<\/table>/.exec(fragment)?.[0] ?? '');
    expect(table).toBe(
      '一级指标 平均得分率 最低 失分人数 预算执行 100% 100% 0/300 产出指标 94.4% 83.3% 100/300 效益指标 100% 100% 0/300 满意度指标 97.3% 92% 100/300',
    );
    // Per-person bars would show only the first 40: they are not drawn; the page says where to look instead.
    expect(300).toBeGreaterThan(MAX_PEOPLE_IN_CHART);
    expect(fragment).not.toContain('各人一级指标得分');
    expect(fragment).toContain('人数较多，各人得分请在下表按「得分」排序查看。');
  });
});
